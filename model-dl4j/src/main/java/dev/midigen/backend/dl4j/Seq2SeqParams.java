package dev.midigen.backend.dl4j;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.weights.Seq2SeqLayout;

/**
 * The seq2seq GRU family's parameters (or their gradients) on the Java heap, in the canonical layout and order
 * of {@link Seq2SeqLayout}: per stack (encoder, then decoder) and layer {@code W [3H, n]}, {@code R [3H, H]},
 * {@code B [6H]} (gate blocks z, r, h; input then recurrent biases), then the classifier's {@code W0 [C, H]},
 * {@code b0}, {@code W1 [K, C]}, {@code b1}. Mutable; not thread-safe.
 */
final class Seq2SeqParams extends HeapParams {
    final int keys;
    final int layers;
    final int hidden;
    final int classifier;

    Seq2SeqParams(ModelSpec spec, float[][] values) {
        super(spec, Seq2SeqLayout.shapes(spec), values);
        Seq2SeqGru family = (Seq2SeqGru) spec.family();
        this.keys = Seq2SeqLayout.keys(spec);
        this.layers = family.layers();
        this.hidden = family.hidden();
        this.classifier = family.classifierHidden();
    }

    @Override
    NativeSeq2Seq natives() {
        return new NativeSeq2Seq(this);
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
