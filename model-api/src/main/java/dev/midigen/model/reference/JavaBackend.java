package dev.midigen.model.reference;

import dev.midigen.model.FrameModel;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.LibraryVersion;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The pure-Java reference backend, {@code java}: runs the LSTM families exactly as
 * {@link dev.midigen.model.weights.LstmLayout} writes them (and the seq2seq GRU family as
 * {@link dev.midigen.model.weights.Seq2SeqLayout} does, capability FRAME_MODEL), in plain Java with double accumulation.
 * It samples, scores and moves weights in and out, but does not train; it is the yardstick the
 * conformance suite holds every other backend to, and runs anywhere (slowly: it is not for big batches).
 */
public final class JavaBackend implements Backend {
    public static final String NAME = "java";

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SAMPLE, Capability.SCORE,
            Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS, Capability.FRAME_MODEL));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return LibraryVersion.current();
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String unsupported(ModelSpec spec) {
        if (spec.family() instanceof LstmFamily || spec.family() instanceof Seq2SeqGru) {
            return null;
        }
        return "the reference backend runs the LSTM families (next-token-lstm, drum-rnn) and seq2seq-gru, not "
                + spec.family().typeName();
    }

    /**
     * @throws UnsupportedCapabilityException always: the reference does not train
     */
    @Override
    public Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        throw new UnsupportedCapabilityException(NAME, Capability.TRAIN, "it is the reference for the other backends");
    }

    @Override
    public SequenceModel fromWeights(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        require(Capability.IMPORT_WEIGHTS, spec);
        if (spec.family() instanceof Seq2SeqGru) {
            throw new UnsupportedCapabilityException(NAME, Capability.IMPORT_WEIGHTS,
                    "a seq2seq-gru is a frame model: build it with frameModel");
        }
        return new JavaModel(spec, weights);
    }

    /** The seq2seq GRU family from canonical weights ({@link dev.midigen.model.weights.Seq2SeqLayout}). */
    @Override
    public FrameModel frameModel(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        if (!(spec.family() instanceof Seq2SeqGru)) {
            throw new UnsupportedCapabilityException(NAME, Capability.FRAME_MODEL, spec.family().typeName()
                    + " is not a frame model (seq2seq-gru)");
        }
        return new JavaFrameModel(spec, weights);
    }
}
