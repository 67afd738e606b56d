package dev.midigen.backend.dl4j;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seq2seq GRU family's parameters (or their gradients) on the Java heap, in the canonical layout and order
 * of {@link Seq2SeqLayout}: per stack (encoder, then decoder) and layer {@code W [3H, n]}, {@code R [3H, H]},
 * {@code B [6H]} (gate blocks z, r, h; input then recurrent biases), then the classifier's {@code W0 [C, H]},
 * {@code b0}, {@code W1 [K, C]}, {@code b1}. The engine computes in this layout, so import and export are copies.
 * Mutable; not thread-safe.
 */
final class Seq2SeqParams {
    static final int ENCODER = 0;
    static final int DECODER = 1;

    final ModelSpec spec;
    final int keys;
    final int layers;
    final int hidden;
    final int classifier;
    final List<String> names;
    final List<int[]> shapes;
    final float[][] values;

    private Seq2SeqParams(ModelSpec spec, List<String> names, List<int[]> shapes, float[][] values) {
        Seq2SeqGru family = (Seq2SeqGru) spec.family();
        this.spec = spec;
        this.keys = Seq2SeqLayout.keys(spec);
        this.layers = family.layers();
        this.hidden = family.hidden();
        this.classifier = family.classifierHidden();
        this.names = names;
        this.shapes = shapes;
        this.values = values;
    }

    static Seq2SeqParams zeros(ModelSpec spec) {
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : Seq2SeqLayout.shapes(spec).entrySet()) {
            names.add(entry.getKey());
            shapes.add(entry.getValue());
        }
        float[][] values = new float[names.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new float[LstmParams.size(shapes.get(i))];
        }
        return new Seq2SeqParams(spec, List.copyOf(names), List.copyOf(shapes), values);
    }

    /**
     * @throws IllegalArgumentException when the weights do not fit the spec, naming the tensors
     */
    static Seq2SeqParams of(Weights weights, ModelSpec spec) {
        Seq2SeqParams params = zeros(spec);
        params.set(weights);
        return params;
    }

    void set(Weights weights) {
        Seq2SeqLayout.check(weights, spec);
        for (int i = 0; i < values.length; i++) {
            weights.get(names.get(i)).buffer().get(values[i]);
        }
    }

    Weights toWeights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            tensors.put(names.get(i), Tensor.of(values[i], shapes.get(i)));
        }
        return Weights.of(tensors);
    }

    Seq2SeqParams copy() {
        float[][] copies = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            copies[i] = values[i].clone();
        }
        return new Seq2SeqParams(spec, names, shapes, copies);
    }

    Seq2SeqParams zerosLike() {
        return zeros(spec);
    }

    void clear() {
        for (float[] v : values) {
            Arrays.fill(v, 0f);
        }
    }

    void add(Seq2SeqParams other) {
        for (int i = 0; i < values.length; i++) {
            float[] target = values[i];
            float[] source = other.values[i];
            for (int j = 0; j < target.length; j++) {
                target[j] += source[j];
            }
        }
    }

    /** Input width of a stack's layer: the frame for layer 0, the layer below's units otherwise. */
    int layerInput(int layer) {
        return layer == 0 ? keys : hidden;
    }

    private int gru(int stack, int layer) {
        return 3 * (stack * layers + layer);
    }

    float[] inputWeights(int stack, int layer) {
        return values[gru(stack, layer)];
    }

    float[] recurrentWeights(int stack, int layer) {
        return values[gru(stack, layer) + 1];
    }

    /** {@code B [6H]}: input biases then recurrent biases. */
    float[] biases(int stack, int layer) {
        return values[gru(stack, layer) + 2];
    }

    float[] hiddenWeights() {
        return values[6 * layers];
    }

    float[] hiddenBias() {
        return values[6 * layers + 1];
    }

    float[] outputWeights() {
        return values[6 * layers + 2];
    }

    float[] outputBias() {
        return values[6 * layers + 3];
    }
}
