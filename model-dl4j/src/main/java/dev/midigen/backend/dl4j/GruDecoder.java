package dev.midigen.backend.dl4j;

import dev.midigen.model.DecoderState;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.spi.DecoderBase;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.util.Arrays;
import java.util.List;

/**
 * Step-by-step decoding of the seq2seq family: per step, each decoder layer is a {@link GruLayer} of one step over
 * the whole batch (two GEMMs), then the classifier (two GEMMs). The state has the reference's names
 * ({@link Seq2SeqLayout#stateName}: {@code decoder.gru.l.h}, {@code batch × H}), so it moves between backends and
 * {@link dev.midigen.model.SequenceModel#encode} feeds it. Not thread-safe.
 */
final class GruDecoder extends DecoderBase {
    private final NativeSeq2Seq natives;
    private final int batch;
    private final int keys;
    private final int hidden;
    private final int classes;
    private final List<String> names;
    private final GruLayer[] layers;
    private final float[][] state;
    private final NativeMatrix input;
    private final NativeMatrix pre;
    private final float[] preJ;
    private final NativeMatrix logits;

    GruDecoder(ModelBase model, NativeSeq2Seq natives, int batch) {
        super(model, batch);
        Seq2SeqParams params = natives.params;
        this.natives = natives;
        this.batch = batch;
        this.keys = params.keys;
        this.hidden = params.hidden;
        this.classes = params.classifier;
        this.names = Seq2SeqLayout.stateNames((Seq2SeqGru) params.spec.family());
        this.layers = new GruLayer[params.layers];
        this.state = new float[params.layers][batch * hidden];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new GruLayer(params.layerInput(l), hidden);
            layers[l].allocate(batch, 1, false);
        }
        this.input = new NativeMatrix(batch, keys);
        this.pre = new NativeMatrix(batch, classes);
        this.preJ = new float[batch * classes];
        this.logits = new NativeMatrix(batch, keys);
    }

    @Override
    protected float[] stepChecked(float[] inputs) {
        input.write(inputs);
        NativeMatrix in = input;
        float[] inJ = inputs;
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(natives.inputWeights[1][l], natives.recurrentWeights[1][l], natives.biases[1][l], in, inJ,
                    state[l], 0, 1);
            System.arraycopy(layers[l].outJ, 0, state[l], 0, batch * hidden);
            in = layers[l].out;
            inJ = layers[l].outJ;
        }
        NativeMatrix.gemm(in.array, false, natives.hiddenWeights.array, true, pre.array, 0.0);
        pre.read(preJ);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < classes; c++) {
                float a = preJ[b * classes + c] + natives.hiddenBias[c];
                preJ[b * classes + c] = a > 0f ? a : 0f;
            }
        }
        pre.write(preJ);
        NativeMatrix.gemm(pre.array, false, natives.outputWeights.array, true, logits.array, 0.0);
        float[] out = new float[batch * keys];
        logits.read(out);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < keys; i++) {
                out[b * keys + i] += natives.outputBias[i];
            }
        }
        return out;
    }

    @Override
    protected DecoderState stateChecked() {
        return DecoderState.of(batch, names, List.of(state));
    }

    @Override
    protected void setStateChecked(DecoderState newState) {
        if (!newState.names().equals(names)) {
            throw new IllegalArgumentException("state tensors " + newState.names() + ", this decoder has " + names);
        }
        newState.copyInto(names, state);
    }

    @Override
    protected void resetChecked() {
        for (float[] layer : state) {
            Arrays.fill(layer, 0f);
        }
    }

    @Override
    protected void release() {
        for (GruLayer layer : layers) {
            layer.close();
        }
        input.close();
        pre.close();
        logits.close();
    }
}
