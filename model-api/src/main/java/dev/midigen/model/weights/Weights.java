package dev.midigen.model.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's weights in the canonical layout: named tensors in a fixed order (see {@link LstmLayout}).
 * Every backend exports and imports this form, so a model trained on one runs on any other. Immutable.
 */
public final class Weights {
    private final Map<String, Tensor> tensors;

    private Weights(LinkedHashMap<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Weights from named tensors, in the map's iteration order. */
    public static Weights of(Map<String, Tensor> tensors) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> copy.put(Objects.requireNonNull(name), Objects.requireNonNull(tensor)));
        return new Weights(copy);
    }

    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * @throws IllegalArgumentException when there is no tensor of that name
     */
    public Tensor get(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no weight tensor '" + name + "' (have " + tensors.keySet() + ")");
        }
        return tensor;
    }

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /**
     * The first value that is NaN or infinite, as {@code "name[index] = NaN (n such values)"}, or empty when every
     * value is finite: a model with such weights gives NaN logits and no music.
     */
    public Optional<String> nonFinite() {
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor tensor = entry.getValue();
            int first = -1;
            int count = 0;
            for (int i = 0; i < tensor.size(); i++) {
                if (!Float.isFinite(tensor.get(i))) {
                    first = first < 0 ? i : first;
                    count++;
                }
            }
            if (count > 0) {
                return Optional.of(entry.getKey() + "[" + first + "] = " + tensor.get(first) + " (" + count
                        + (count == 1 ? " such value" : " such values") + " in that tensor)");
            }
        }
        return Optional.empty();
    }

    /** Number of parameters. */
    public long parameterCount() {
        long count = 0;
        for (Tensor tensor : tensors.values()) {
            count += tensor.size();
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights other && tensors.equals(other.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "Weights" + tensors.keySet();
    }
}
