package dev.midigen.backend.dl4j;

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
 * The DeepLearning4J backend: trains, samples and scores the LSTM families ({@code next-token-lstm},
 * {@code drum-rnn}), the seq2seq GRU family ({@code seq2seq-gru}) and the drum VAE ({@code drum-vae}) on nd4j, and
 * moves their weights in the canonical layout. Thread-safe; its models and trainers are not.
 */
public final class Dl4jBackend extends BackendBase {
    public static final String NAME = "dl4j";

    /**
     * @throws IllegalStateException when nd4j cannot run here
     */
    public Dl4jBackend() {
        super(NAME, EnumSet.of(Capability.TRAIN, Capability.SAMPLE, Capability.SCORE));
        Nd4jRuntime.require();
    }

    @Override
    public String version() {
        return "nd4j " + Nd4jRuntime.version();
    }


    @Override
    protected List<Class<? extends ModelFamily>> builtFamilies() {
        return List.of(LstmFamily.class, Seq2SeqGru.class, DrumVae.class);
    }

    @Override
    protected Trainer trainerChecked(ModelSpec spec, TrainingConfig config, Weights initial) {
        return new Dl4jTrainer(spec, config, initial);
    }

    @Override
    protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
        return new Dl4jModel(spec, HeapParams.of(spec, weights));
    }
}
