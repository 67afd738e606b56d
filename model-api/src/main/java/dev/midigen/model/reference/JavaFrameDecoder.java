package dev.midigen.model.reference;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reference's seq2seq decoder: the decoder GRU stack and the classifier, one frame per row and step. */
final class JavaFrameDecoder implements Decoder {
    private final JavaFrameModel model;
    private final Seq2SeqNetwork network;
    private final int batchSize;
    private final List<String> names;
    private final float[][][] state; // [row][layer][hidden]
    private boolean closed;

    JavaFrameDecoder(JavaFrameModel model, Seq2SeqNetwork network, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.network = network;
        this.batchSize = batchSize;
        this.names = Seq2SeqLayout.stateNames((Seq2SeqGru) network.spec.family());
        this.state = new float[batchSize][network.layers][network.hidden];
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public float[] step(float[] inputs) {
        check();
        int k = network.keys;
        if (inputs.length != batchSize * k) {
            throw new IllegalArgumentException("a step reads " + batchSize + " × " + k + " values, got " + inputs.length);
        }
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
    public DecoderState state() {
        check();
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
    public void setState(DecoderState newState) {
        check();
        if (newState.batch() != batchSize) {
            throw new IllegalArgumentException("a state of " + newState.batch() + " rows for a decoder of " + batchSize);
        }
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
        check();
        for (float[][] row : state) {
            for (float[] layer : row) {
                Arrays.fill(layer, 0f);
            }
        }
    }

    private void check() {
        SequenceModel.checkOpen(closed, "this decoder");
        model.checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }
}
