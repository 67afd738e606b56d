package dev.midigen.backend.dl4j;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.List;
import java.util.Map;

/**
 * The seq2seq GRU family's parameters (or their gradients) on the Java heap, in the canonical layout and order
 * of {@link Seq2SeqLayout}: per stack (encoder, then decoder) and layer {@code W [3H, n]}, {@code R [3H, H]},
 * {@code B [6H]} (gate blocks z, r, h; input then recurrent biases), then the classifier's {@code W0 [C, H]},
 * {@code b0}, {@code W1 [K, C]}, {@code b1}. The engine computes in this layout, so import and export are copies.
 * Mutable; not thread-safe.
 */
final class Seq2SeqParams extends HeapParams {
    static final int ENCODER = 0;
    static final int DECODER = 1;

    final ModelSpec spec;
    final int keys;
    final int layers;
    final int hidden;
    final int classifier;

    private Seq2SeqParams(ModelSpec spec, List<String> names, List<int[]> shapes, float[][] values) {
        super(names, shapes, values);
        Seq2SeqGru family = (Seq2SeqGru) spec.family();
        this.spec = spec;
        this.keys = Seq2SeqLayout.keys(spec);
        this.layers = family.layers();
        this.hidden = family.hidden();
        this.classifier = family.classifierHidden();
    }

    static Seq2SeqParams zeros(ModelSpec spec) {
        Map<String, int[]> layout = Seq2SeqLayout.shapes(spec);
        List<int[]> shapes = shapes(layout);
        return new Seq2SeqParams(spec, names(layout), shapes, zeros(shapes));
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
        copyFrom(weights);
    }

    Seq2SeqParams copy() {
        return new Seq2SeqParams(spec, names, shapes, copyOfValues());
    }

    Seq2SeqParams zerosLike() {
        return zeros(spec);
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
