package dev.midigen.backend.tf;

import dev.midigen.model.DrumVae;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.BackendBase;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.List;

/**
 * The TensorFlow Java backend: trains, samples and scores the LSTM families ({@code next-token-lstm},
 * {@code drum-rnn}, with or without attention; {@link LstmGraph}), the seq2seq GRU family ({@code seq2seq-gru};
 * {@link GruGraph}) and the drum VAE ({@code drum-vae}; {@link VaeGraph}) in TensorFlow graphs built from its ops, and
 * moves their weights in the canonical layout.
 * Thread-safe; its models and trainers are not.
 */
public final class TfBackend extends BackendBase {
    public static final String NAME = "tf";

    /**
     * @throws IllegalStateException when TensorFlow cannot run here
     */
    public TfBackend() {
        super(NAME, EnumSet.of(Capability.TRAIN, Capability.SAMPLE, Capability.SCORE));
        TfRuntime.require();
    }

    @Override
    public String version() {
        return "TensorFlow " + TfRuntime.version() + " (TensorFlow Java " + TfRuntime.javaVersion() + ", oneDNN "
                + (TfRuntime.oneDnn().on() ? "on" : "off") + ")";
    }

    /** The LSTM families, seq2seq-gru and the drum VAE. */
    @Override
    protected List<Class<? extends ModelFamily>> builtFamilies() {
        return List.of(LstmFamily.class, Seq2SeqGru.class, DrumVae.class);
    }

    @Override
    protected Trainer trainerChecked(ModelSpec spec, TrainingConfig config, Weights initial) {
        return new TfTrainer(spec, config, initial);
    }

    /** A model on every core. */
    @Override
    protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
        return new TfModel(spec, weights, 0);
    }
}
