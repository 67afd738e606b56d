package dev.midigen.model.spi;

import dev.midigen.model.ForeignModel;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.Weights;
import java.util.Map;
import java.util.Set;

/**
 * An engine that runs model families: DeepLearning4J, TensorFlow Java, ONNX Runtime, or a third party's.
 * Knows nothing about MIDI: it builds networks from a {@link ModelSpec}'s numbers and moves weights in
 * the canonical layout. Thread-safe; models and trainers it makes are not.
 */
public interface Backend {

    String name();

    /** The engine's version, for provenance. */
    String version();

    Set<Capability> capabilities();

    /**
     * Whether it can run {@code spec}'s family (the reason when not), for messages before any work.
     * Returns null when it can.
     */
    String unsupported(ModelSpec spec);

    /**
     * A trainer starting from {@code initial} weights (canonical; for a fresh model,
     * {@code LstmLayout.initial(network, seed)}).
     *
     * @throws UnsupportedCapabilityException when the backend does not train (or not this family)
     */
    Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial);

    /**
     * A model from canonical weights.
     *
     * @throws UnsupportedCapabilityException when the backend does not import weights (or not this family)
     * @throws IllegalArgumentException       when the weights do not fit the spec
     */
    SequenceModel fromWeights(ModelSpec spec, Weights weights);

    /**
     * A model made elsewhere ({@link ForeignModel}) from the files a bundle holds for it, by name: for format
     * {@code onnx}, {@code model.onnx} and {@code contract.json}.
     *
     * @throws UnsupportedCapabilityException when the backend does not run the format (the default)
     * @throws IllegalArgumentException       when the files are not a model of the format, or do not fit the spec
     */
    default SequenceModel loadForeign(ModelSpec spec, Map<String, byte[]> files) {
        String detail = spec.family() instanceof ForeignModel foreign
                ? "this " + foreign.format() + " model was made elsewhere and runs only on the " + foreign.format() + " backend"
                : spec.family().typeName() + " is not a foreign model";
        throw new UnsupportedCapabilityException(name(), Capability.LOAD_FOREIGN, detail);
    }

    /**
     * A seq2seq frame model ({@code Seq2SeqGru}) from canonical weights
     * ({@link dev.midigen.model.weights.Seq2SeqLayout}).
     *
     * @throws UnsupportedCapabilityException when the backend does not run frame models (the default: capability
     *                                        {@link Capability#FRAME_MODEL})
     * @throws IllegalArgumentException       when the weights do not fit the spec, naming the tensors
     */
    default FrameModel frameModel(ModelSpec spec, Weights weights) {
        throw new UnsupportedCapabilityException(name(), Capability.FRAME_MODEL, null);
    }

    /**
     * A trainer of a seq2seq frame model starting from {@code initial} weights (for a fresh model,
     * {@code Seq2SeqLayout.initial(spec, seed)}).
     *
     * @throws UnsupportedCapabilityException when the backend does not train frame models (the default: capability
     *                                        {@link Capability#FRAME_TRAIN})
     * @throws IllegalArgumentException       when the weights do not fit the spec, naming the tensors
     */
    default FrameTrainer newFrameTrainer(ModelSpec spec, FrameTrainingConfig config, Weights initial) {
        throw new UnsupportedCapabilityException(name(), Capability.FRAME_TRAIN, null);
    }

    /** Throws when {@code capability} is missing; a helper for implementations. */
    default void require(Capability capability, ModelSpec spec) {
        if (!capabilities().contains(capability)) {
            throw new UnsupportedCapabilityException(name(), capability, null);
        }
        String reason = unsupported(spec);
        if (reason != null) {
            throw new UnsupportedCapabilityException(name(), capability, reason);
        }
    }
}
