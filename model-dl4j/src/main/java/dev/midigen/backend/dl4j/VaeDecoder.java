package dev.midigen.backend.dl4j;

import dev.midigen.model.DecoderState;
import dev.midigen.model.spi.DecoderBase;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.weights.VaeLayout;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Step-by-step decoding of the drum VAE in Java over weights transposed into rows ({@link Rows}), as
 * {@link LstmDecoder} decodes the LSTM families (faster than nd4j calls for a step's small products, and each row's
 * numbers do not depend on the batch it is in, so {@code DecoderState.select} continues exactly): layer 0 reads
 * {@code [step input ; z]}, each layer is {@link Kernels#lstmCell}, then the head. The state has the reference's
 * names and layout ({@link VaeLayout#stateNames}: each layer's {@code h} and {@code c}, then {@code latent.z}, read at
 * every step and never changed), so {@link dev.midigen.model.SequenceModel#encode} and {@code DrumVaeLatents} feed
 * it and it moves between backends. A new or reset decoder has none ({@link DecoderBase} refuses to step). Not
 * thread-safe.
 */
final class VaeDecoder extends DecoderBase {
    private final Rows w;
    private final int batch;
    private final int stepInput;
    private final int latent;
    private final int frame;
    private final int[] sizes;
    private final List<String> names;
    /** {@code h⁰, c⁰, h¹, c¹, …, z}, as {@link #names}. */
    private final float[][] state;
    private final float[] gates;

    /** The decoder's weights as it reads them: transposed into rows, the LSTM biases summed. */
    static final class Rows {
        final float[][][] inputRows;
        final float[][][] recurrentRows;
        final float[][] bias;
        final float[][] headRows;
        final float[] headBias;

        Rows(VaeParams params) {
            int layers = params.decoder.length;
            inputRows = new float[layers][][];
            recurrentRows = new float[layers][][];
            bias = new float[layers][];
            for (int l = 0; l < layers; l++) {
                int index = params.decoderLstm(l);
                int h = params.decoder[l];
                inputRows[l] = LstmParams.transposedRows(params.values[index], 4 * h, params.decoderInput(l));
                recurrentRows[l] = LstmParams.transposedRows(params.values[index + 1], 4 * h, h);
                bias[l] = params.combinedBias(index);
            }
            headRows = LstmParams.transposedRows(params.headWeights(), params.frame, params.decoder[layers - 1]);
            headBias = params.headBias().clone();
        }
    }

    VaeDecoder(ModelBase model, VaeParams params, Rows weights, int batch) {
        super(model, batch);
        this.w = weights;
        this.batch = batch;
        this.stepInput = params.stepInput;
        this.latent = params.latent;
        this.frame = params.frame;
        this.sizes = params.decoder;
        this.names = VaeLayout.stateNames(params.spec);
        this.state = new float[2 * sizes.length + 1][];
        int widest = 0;
        for (int l = 0; l < sizes.length; l++) {
            state[2 * l] = new float[batch * sizes[l]];
            state[2 * l + 1] = new float[batch * sizes[l]];
            widest = Math.max(widest, sizes[l]);
        }
        state[2 * sizes.length] = new float[batch * latent];
        this.gates = new float[4 * widest];
    }

    @Override
    protected float[] stepChecked(float[] inputs) {
        float[] z = state[2 * sizes.length];
        float[] out = new float[batch * frame];
        float[] row = new float[frame];
        int top = sizes.length - 1;
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < sizes.length; l++) {
                int size = sizes[l];
                int g = 4 * size;
                System.arraycopy(w.bias[l], 0, gates, 0, g);
                if (l == 0) {
                    Kernels.addRows(g, w.inputRows[0], 0, inputs, b * stepInput, stepInput, gates);
                    Kernels.addRows(g, w.inputRows[0], stepInput, z, b * latent, latent, gates);
                } else {
                    Kernels.addRows(g, w.inputRows[l], 0, state[2 * (l - 1)], b * sizes[l - 1], sizes[l - 1], gates);
                }
                float[] h = state[2 * l];
                Kernels.addRows(g, w.recurrentRows[l], 0, h, b * size, size, gates);
                Kernels.lstmCell(size, gates, state[2 * l + 1], b * size, h, b * size);
            }
            System.arraycopy(w.headBias, 0, row, 0, frame);
            Kernels.addRows(frame, w.headRows, 0, state[2 * top], b * sizes[top], sizes[top], row);
            System.arraycopy(row, 0, out, b * frame, frame);
        }
        return out;
    }

    @Override
    protected DecoderState stateChecked() {
        return DecoderState.of(batch, names, List.of(state));
    }

    /** Checks every tensor (names, in any order, and sizes) before it changes anything. */
    @Override
    protected void setStateChecked(DecoderState newState) {
        if (newState.names().size() != names.size() || !new HashSet<>(newState.names()).equals(new HashSet<>(names))) {
            throw new IllegalArgumentException("state tensors " + newState.names() + " are not this decoder's " + names);
        }
        float[][] copies = new float[state.length][];
        for (int i = 0; i < state.length; i++) {
            copies[i] = new float[state[i].length];
        }
        newState.copyInto(names, copies);
        for (int i = 0; i < state.length; i++) {
            System.arraycopy(copies[i], 0, state[i], 0, state[i].length);
        }
    }

    @Override
    protected void resetChecked() {
        for (float[] tensor : state) {
            Arrays.fill(tensor, 0f);
        }
    }
}
