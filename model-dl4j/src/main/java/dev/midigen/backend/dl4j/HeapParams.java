package dev.midigen.backend.dl4j;

import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LstmParams} and {@link Seq2SeqParams} share: named tensors of a canonical layout (names and shapes in
 * the layout's order) held as one float array each on the Java heap, read from and written to {@link Weights} as
 * copies, cleared and summed element by element (gradients of the training blocks). Mutable; not thread-safe.
 */
abstract class HeapParams {
    final List<String> names;
    final List<int[]> shapes;
    final float[][] values;

    HeapParams(List<String> names, List<int[]> shapes, float[][] values) {
        this.names = names;
        this.shapes = shapes;
        this.values = values;
    }

    /** The names of a layout's {@code name → shape} map, in order. */
    static List<String> names(Map<String, int[]> layout) {
        return List.copyOf(layout.keySet());
    }

    /** The shapes of a layout's {@code name → shape} map, in order. */
    static List<int[]> shapes(Map<String, int[]> layout) {
        return List.copyOf(layout.values());
    }

    /** Zero arrays of {@code shapes}. */
    static float[][] zeros(List<int[]> shapes) {
        float[][] values = new float[shapes.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new float[size(shapes.get(i))];
        }
        return values;
    }

    /** Copies every tensor of {@code weights} (already checked against the layout) into these arrays. */
    final void copyFrom(Weights weights) {
        for (int i = 0; i < values.length; i++) {
            weights.get(names.get(i)).buffer().get(values[i]);
        }
    }

    final Weights toWeights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            tensors.put(names.get(i), Tensor.of(values[i], shapes.get(i)));
        }
        return Weights.of(tensors);
    }

    /** Copies of the arrays. */
    final float[][] copyOfValues() {
        float[][] copies = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            copies[i] = values[i].clone();
        }
        return copies;
    }

    final void clear() {
        for (float[] v : values) {
            Arrays.fill(v, 0f);
        }
    }

    /** Adds {@code other}'s values (same layout) to these. */
    final void add(HeapParams other) {
        for (int i = 0; i < values.length; i++) {
            float[] target = values[i];
            float[] source = other.values[i];
            for (int j = 0; j < target.length; j++) {
                target[j] += source[j];
            }
        }
    }

    /** Number of parameters. */
    final long count() {
        long count = 0;
        for (float[] v : values) {
            count += v.length;
        }
        return count;
    }

    static int size(int[] shape) {
        int size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        return size;
    }
}
