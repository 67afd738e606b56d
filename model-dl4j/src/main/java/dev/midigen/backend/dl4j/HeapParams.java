package dev.midigen.backend.dl4j;

import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A family's parameters (or their gradients) on the Java heap: named tensors of its canonical layout (names and
 * shapes in the layout's order) held as one float array each, read from and written to {@link Weights} as copies,
 * cleared and summed element by element (gradients of the training blocks). The engines compute in the canonical
 * layout directly, so import and export are copies. {@link LstmParams}, {@link Seq2SeqParams} and {@link VaeParams} add the family's
 * accessors and make its {@link NativeWeights}. Mutable; not thread-safe.
 */
abstract class HeapParams {
    final ModelSpec spec;
    final List<String> names;
    final List<int[]> shapes;
    final float[][] values;

    /** The tensors of {@code spec}'s layout ({@code name → shape}) holding {@code values} (null = zeros). */
    HeapParams(ModelSpec spec, Map<String, int[]> layout, float[][] values) {
        this.spec = spec;
        this.names = List.copyOf(layout.keySet());
        this.shapes = List.copyOf(layout.values());
        this.values = values == null ? zeros(shapes) : values;
    }

    /** Canonical weights (already checked against the spec's layout) of a family the backend runs. */
    static HeapParams of(ModelSpec spec, Weights weights) {
        HeapParams params = of(spec, (float[][]) null);
        params.set(weights);
        return params;
    }

    /** The parameters of a family the backend runs holding {@code values} (null = zeros). */
    private static HeapParams of(ModelSpec spec, float[][] values) {
        if (spec.family() instanceof DrumVae) {
            return new VaeParams(spec, values);
        }
        return spec.family() instanceof Seq2SeqGru ? new Seq2SeqParams(spec, values) : new LstmParams(spec, values);
    }

    /** The same family's parameters holding {@code values} (null = zeros). */
    private HeapParams with(float[][] values) {
        return of(spec, values);
    }

    /** nd4j copies of these parameters, for the family's engines and decoders. */
    abstract NativeWeights natives();

    /** Zeros in the same layout (gradients). */
    final HeapParams zerosLike() {
        return with(null);
    }

    final HeapParams copy() {
        return with(copyOfValues());
    }

    /** Zero arrays of {@code shapes}. */
    static float[][] zeros(List<int[]> shapes) {
        float[][] values = new float[shapes.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new float[size(shapes.get(i))];
        }
        return values;
    }

    /** Replaces every value with {@code weights}' (already checked against the layout). */
    final void set(Weights weights) {
        read(weights, values);
    }

    /** Copies the tensors of {@code weights} named as these parameters into {@code target} (arrays of their sizes). */
    final void read(Weights weights, float[][] target) {
        for (int i = 0; i < target.length; i++) {
            weights.get(names.get(i)).buffer().get(target[i]);
        }
    }

    final Weights toWeights() {
        return toWeights(values);
    }

    /** Arrays of these parameters' sizes (the values, or Adam's moments) as weights named and shaped as these. */
    final Weights toWeights(float[][] arrays) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < arrays.length; i++) {
            tensors.put(names.get(i), Tensor.of(arrays[i], shapes.get(i)));
        }
        return Weights.of(tensors);
    }

    private float[][] copyOfValues() {
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

    static int size(int[] shape) {
        int size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        return size;
    }
}
