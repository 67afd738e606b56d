package dev.midigen.model.reference;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;

/**
 * The seq2seq GRU family's pieces over canonical weights ({@link Seq2SeqLayout}): encoder and decoder GRU
 * cells per layer and the classifier's two dense layers. Immutable.
 */
final class Seq2SeqNetwork {
    final ModelSpec spec;
    final int keys;
    final int layers;
    final int hidden;
    final GruCell[] encoder;
    final GruCell[] decoder;
    final Dense classifierHidden;
    final Dense classifierOutput;

    Seq2SeqNetwork(ModelSpec spec, Weights weights) {
        Seq2SeqLayout.check(weights, spec);
        Seq2SeqGru family = (Seq2SeqGru) spec.family();
        this.spec = spec;
        this.keys = Seq2SeqLayout.keys(spec);
        this.layers = family.layers();
        this.hidden = family.hidden();
        this.encoder = new GruCell[layers];
        this.decoder = new GruCell[layers];
        for (int l = 0; l < layers; l++) {
            encoder[l] = GruCell.of(weights, Seq2SeqLayout.ENCODER, l);
            decoder[l] = GruCell.of(weights, Seq2SeqLayout.DECODER, l);
        }
        this.classifierHidden = Dense.of(weights.get(Seq2SeqLayout.HIDDEN_WEIGHTS), weights.get(Seq2SeqLayout.HIDDEN_BIAS));
        this.classifierOutput = Dense.of(weights.get(Seq2SeqLayout.OUTPUT_WEIGHTS), weights.get(Seq2SeqLayout.OUTPUT_BIAS));
    }

    /** One step of a stack: {@code x} in, every layer's state {@code h[l]} updated; returns the top output. */
    static float[] step(GruCell[] stack, float[] x, float[][] h) {
        float[] input = x;
        for (int l = 0; l < stack.length; l++) {
            stack[l].step(input, h[l], h[l]);
            input = h[l];
        }
        return input;
    }

    /** The classifier: Linear → ReLU → Linear; logits into {@code out}. */
    void classify(float[] top, float[] out) {
        float[] middle = classifierHidden.apply(top);
        for (int i = 0; i < middle.length; i++) {
            middle[i] = Math.max(0f, middle[i]);
        }
        classifierOutput.apply(middle, out);
    }
}
