package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** The names of the decoder state's tensors, one per layer. */
    List<String> stateNames() {
        return Seq2SeqLayout.stateNames((Seq2SeqGru) spec.family());
    }

    /** The encoder's final state over {@code source} from zeros: one tensor per layer, {@code batch × hidden}. */
    DecoderState encode(SequenceBatch source) {
        int batch = source.batch();
        List<float[]> states = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            states.add(new float[batch * hidden]);
        }
        float[][] h = new float[layers][hidden];
        for (int b = 0; b < batch; b++) {
            for (float[] layer : h) {
                Arrays.fill(layer, 0f);
            }
            for (int t = 0; t < source.time(); t++) {
                step(encoder, source.vector(b, t), h);
            }
            for (int l = 0; l < layers; l++) {
                System.arraycopy(h[l], 0, states.get(l), b * hidden, hidden);
            }
        }
        return DecoderState.of(batch, stateNames(), states);
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
