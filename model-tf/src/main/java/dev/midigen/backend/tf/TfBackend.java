package dev.midigen.backend.tf;

import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The TensorFlow Java backend: trains, samples and scores the LSTM families ({@code next-token-lstm},
 * {@code drum-rnn}, with or without attention) and the seq2seq GRU family ({@code seq2seq-gru}: frame models,
 * {@link GruGraph}) in TensorFlow graphs built from its ops, and moves their weights in the canonical layout. Thread-safe; its models and trainers are not.
 */
public final class TfBackend implements Backend {
    public static final String NAME = "tf";

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.TRAIN, Capability.SAMPLE,
            Capability.SCORE, Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS, Capability.FRAME_MODEL,
            Capability.FRAME_TRAIN);

    /**
     * @throws IllegalStateException when TensorFlow cannot run here
     */
    public TfBackend() {
        TfRuntime.require();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "TensorFlow " + TfRuntime.version() + " (TensorFlow Java " + TfRuntime.javaVersion() + ", oneDNN "
                + (TfRuntime.oneDnn().on() ? "on" : "off") + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(CAPABILITIES);
    }

    @Override
    public String unsupported(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.family() instanceof LstmFamily || spec.family() instanceof Seq2SeqGru) {
            return null;
        }
        return "it runs the LSTM families (next-token-lstm, drum-rnn) and seq2seq-gru; " + spec.family().typeName()
                + " is not built on it yet";
    }

    @Override
    public Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        notFrames(spec, Capability.TRAIN, "newFrameTrainer");
        require(Capability.TRAIN, spec);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(initial, "initial");
        return new TfTrainer(spec, config, initial);
    }

    @Override
    public SequenceModel fromWeights(ModelSpec spec, Weights weights) {
        notFrames(spec, Capability.IMPORT_WEIGHTS, "frameModel");
        require(Capability.IMPORT_WEIGHTS, spec);
        Objects.requireNonNull(weights, "weights");
        return new TfModel(spec, weights, 0);
    }

    private static void notFrames(ModelSpec spec, Capability capability, String instead) {
        if (spec.family() instanceof Seq2SeqGru) {
            throw new UnsupportedCapabilityException(NAME, capability, "a seq2seq-gru is a frame model: use " + instead);
        }
    }

    /** A seq2seq GRU from canonical weights ({@link TfFrameModel}), on every core. */
    @Override
    public FrameModel frameModel(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        frames(spec, Capability.FRAME_MODEL);
        return new TfFrameModel(spec, weights, 0);
    }

    /** A seq2seq GRU's trainer ({@link TfFrameTrainer}). */
    @Override
    public FrameTrainer newFrameTrainer(ModelSpec spec, FrameTrainingConfig config, Weights initial) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(initial, "initial");
        frames(spec, Capability.FRAME_TRAIN);
        return new TfFrameTrainer(spec, config, initial);
    }

    private static void frames(ModelSpec spec, Capability capability) {
        if (!(spec.family() instanceof Seq2SeqGru)) {
            throw new UnsupportedCapabilityException(NAME, capability, spec.family().typeName() + " is not a frame model (seq2seq-gru)");
        }
    }

    @Override
    public String toString() {
        return "tf backend (" + version() + ")";
    }
}
