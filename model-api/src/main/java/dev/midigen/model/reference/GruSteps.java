package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link Seq2SeqNetwork}'s decoder GRU stack and classifier one step at a time, one frame per row. Not thread-safe. */
final class GruSteps implements StepState {
    private final Seq2SeqNetwork network;
    private final int batchSize;
    private final List<String> names;
    private final float[][][] state; // [row][layer][hidden]

    GruSteps(Seq2SeqNetwork network, int batchSize) {
        this.network = network;
        this.batchSize = batchSize;
        this.names = network.stateNames();
        this.state = new float[batchSize][network.layers][network.hidden];
    }

    @Override
    public float[] step(float[] inputs) {
        int k = network.keys;
        float[] logits = new float[batchSize * k];
        float[] x = new float[k];
        float[] out = new float[k];
        for (int b = 0; b < batchSize; b++) {
            System.arraycopy(inputs, b * k, x, 0, k);
            float[] top = Seq2SeqNetwork.step(network.decoder, x, state[b]);
            network.classify(top, out);
            System.arraycopy(out, 0, logits, b * k, k);
        }
        return logits;
    }

    @Override
    public DecoderState snapshot() {
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < network.layers; l++) {
            float[] tensor = new float[batchSize * network.hidden];
            for (int b = 0; b < batchSize; b++) {
                System.arraycopy(state[b][l], 0, tensor, b * network.hidden, network.hidden);
            }
            tensors.add(tensor);
        }
        return DecoderState.of(batchSize, names, tensors);
    }

    @Override
    public void restore(DecoderState newState) {
        if (!newState.names().equals(names)) {
            throw new IllegalArgumentException("state tensors " + newState.names() + ", this decoder has " + names);
        }
        for (int l = 0; l < network.layers; l++) {
            float[] tensor = newState.tensor(names.get(l));
            if (tensor.length != batchSize * network.hidden) {
                throw new IllegalArgumentException("state " + names.get(l) + " has " + tensor.length / batchSize
                        + " values per row, expected " + network.hidden);
            }
            for (int b = 0; b < batchSize; b++) {
                System.arraycopy(tensor, b * network.hidden, state[b][l], 0, network.hidden);
            }
        }
    }

    @Override
    public void reset() {
        for (float[][] row : state) {
            for (float[] layer : row) {
                Arrays.fill(layer, 0f);
            }
        }
    }
}
