package dev.midigen.backend.dl4j;

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
 * The DeepLearning4J backend: trains, samples and scores the LSTM families ({@code next-token-lstm},
 * {@code drum-rnn}) and the seq2seq GRU family ({@code seq2seq-gru}, through the frame-model SPI) on nd4j, and moves their weights in the canonical layout. Thread-safe; its models and
 * trainers are not.
 */
public final class Dl4jBackend implements Backend {
    public static final String NAME = "dl4j";

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.TRAIN, Capability.SAMPLE,
            Capability.SCORE, Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS, Capability.FRAME_MODEL,
            Capability.FRAME_TRAIN);

    /**
     * @throws IllegalStateException when nd4j cannot run here
     */
    public Dl4jBackend() {
        Nd4jRuntime.require();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "nd4j " + Nd4jRuntime.version();
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
        require(Capability.TRAIN, spec);
        refuseFrames(spec, Capability.TRAIN, "newFrameTrainer");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(initial, "initial");
        return new Dl4jTrainer(spec, config, initial);
    }

    @Override
    public SequenceModel fromWeights(ModelSpec spec, Weights weights) {
        require(Capability.IMPORT_WEIGHTS, spec);
        refuseFrames(spec, Capability.IMPORT_WEIGHTS, "frameModel");
        Objects.requireNonNull(weights, "weights");
        return new Dl4jModel(spec, LstmParams.of(weights, spec.lstmNetwork()));
    }

    private void refuseFrames(ModelSpec spec, Capability capability, String instead) {
        if (spec.family() instanceof Seq2SeqGru) {
            throw new UnsupportedCapabilityException(NAME, capability, "a seq2seq-gru is a frame model: build it with "
                    + instead);
        }
    }

    @Override
    public FrameModel frameModel(ModelSpec spec, Weights weights) {
        requireFrames(spec, Capability.FRAME_MODEL);
        Objects.requireNonNull(weights, "weights");
        return new Dl4jFrameModel(spec, Seq2SeqParams.of(weights, spec));
    }

    @Override
    public FrameTrainer newFrameTrainer(ModelSpec spec, FrameTrainingConfig config, Weights initial) {
        requireFrames(spec, Capability.FRAME_TRAIN);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(initial, "initial");
        return new Dl4jFrameTrainer(spec, config, initial);
    }

    private void requireFrames(ModelSpec spec, Capability capability) {
        Objects.requireNonNull(spec, "spec");
        if (!(spec.family() instanceof Seq2SeqGru)) {
            throw new UnsupportedCapabilityException(NAME, capability, spec.family().typeName() + " is not a frame model");
        }
    }

    @Override
    public String toString() {
        return "dl4j backend (" + version() + ")";
    }
}
