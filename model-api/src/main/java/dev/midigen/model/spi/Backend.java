package dev.midigen.model.spi;

import dev.midigen.model.ForeignModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.Weights;
import java.util.Map;
import java.util.Set;

/**
 * An engine that runs model families: DeepLearning4J, TensorFlow Java, ONNX Runtime, or a third party's.
 * Knows nothing about MIDI: it builds networks from a {@link ModelSpec}'s parts ({@code ModelSpec.architecture()})
 * and moves weights in the canonical layout. One contract serves every family: {@link #newTrainer} and
 * {@link #fromWeights} take any spec the backend runs ({@link #unsupported} says which). Thread-safe; models and
 * trainers it makes are not. {@link BackendBase} holds what every implementation needs.
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
     * {@code Layouts.initial(spec, seed)}).
     *
     * @throws UnsupportedCapabilityException when the backend does not train (or not this family)
     */
    Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial);

    /**
     * A model from canonical weights.
     *
     * @throws UnsupportedCapabilityException when the backend runs no models of this family
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
