package dev.midigen.model;

import dev.midigen.model.weights.SafeTensors;
import dev.midigen.model.weights.SafeTensorsFormatException;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adam's state in canonical form, the same on every engine: the steps taken and the first and second moments of every
 * weight, named and shaped as the weights are in the canonical layout. A trainer gives it and takes it back
 * ({@link Trainer#optimizerState()}), so a run checkpointed on one engine continues on another.
 *
 * <p>Where an engine keeps a tensor the canonical layout splits (one LSTM bias where ONNX has an input and a recurrent
 * bias), it writes the moments to the first canonical tensor and zeros to the other, and reads their sum back: the same
 * rule as for the weights themselves.
 *
 * <p>Serialised as safetensors: tensors {@code m/NAME} and {@code v/NAME}, metadata {@code optimizer=adam} and
 * {@code step}.
 */
public record OptimizerState(long step, Weights firstMoments, Weights secondMoments) {
    /** Adam's decay of the first moments, as every backend uses it (PyTorch's default). */
    public static final double BETA1 = 0.9;
    /** Adam's decay of the second moments. */
    public static final double BETA2 = 0.999;
    /** Adam's ε, added to the square root of the second moment (PyTorch's form). */
    public static final double EPSILON = 1e-8;

    public OptimizerState {
        Objects.requireNonNull(firstMoments, "firstMoments");
        Objects.requireNonNull(secondMoments, "secondMoments");
        if (step < 0) {
            throw new IllegalArgumentException("an optimizer's step count is >= 0, got " + step);
        }
        if (!firstMoments.names().equals(secondMoments.names())) {
            throw new IllegalArgumentException("first and second moments name different tensors");
        }
    }

    /** A fresh optimizer over tensors named and shaped as {@code weights}: step 0, zero moments. */
    public static OptimizerState fresh(Weights weights) {
        Map<String, Tensor> zeros = new LinkedHashMap<>();
        for (String name : weights.names()) {
            Tensor t = weights.get(name);
            zeros.put(name, Tensor.wrap(new float[t.size()], t.shape()));
        }
        Weights z = Weights.of(zeros);
        return new OptimizerState(0, z, z);
    }

    /**
     * Checks that the moments are named and shaped as {@code weights} are.
     *
     * @throws IllegalArgumentException naming the first tensor that differs
     */
    public void checkFits(Weights weights) {
        if (!firstMoments.names().equals(weights.names())) {
            throw new IllegalArgumentException("the optimizer state holds moments of " + firstMoments.names()
                    + ", the model has " + weights.names());
        }
        for (String name : weights.names()) {
            if (!java.util.Arrays.equals(firstMoments.get(name).shape(), weights.get(name).shape())) {
                throw new IllegalArgumentException("the optimizer's moments of " + name + " are "
                        + java.util.Arrays.toString(firstMoments.get(name).shape()) + ", the weight is "
                        + java.util.Arrays.toString(weights.get(name).shape()));
            }
        }
    }

    public byte[] toBytes() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (String name : firstMoments.names()) {
            all.put("m/" + name, firstMoments.get(name));
            all.put("v/" + name, secondMoments.get(name));
        }
        return SafeTensors.toBytes(Weights.of(all), Map.of("optimizer", "adam", "step", Long.toString(step)));
    }

    /**
     * @param source what the bytes are, for messages
     * @throws IllegalArgumentException when the bytes are not an optimizer state written by {@link #toBytes}
     */
    public static OptimizerState fromBytes(byte[] bytes, String source) {
        SafeTensors.Contents contents;
        try {
            contents = SafeTensors.fromBytes(bytes, source);
        } catch (SafeTensorsFormatException e) {
            throw new IllegalArgumentException(source + " is not an optimizer state: " + e.getMessage(), e);
        }
        if (!"adam".equals(contents.metadata().get("optimizer"))) {
            throw new IllegalArgumentException(source + " is not a canonical Adam state (metadata "
                    + contents.metadata() + ")");
        }
        long step;
        try {
            step = Long.parseLong(contents.metadata().getOrDefault("step", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " has no step count", e);
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        Map<String, Tensor> v = new LinkedHashMap<>();
        for (String name : contents.weights().names()) {
            if (name.startsWith("m/")) {
                m.put(name.substring(2), contents.weights().get(name));
            } else if (name.startsWith("v/")) {
                v.put(name.substring(2), contents.weights().get(name));
            } else {
                throw new IllegalArgumentException(source + " holds a tensor " + name + " that is no moment");
            }
        }
        return new OptimizerState(step, Weights.of(m), Weights.of(v));
    }
}
