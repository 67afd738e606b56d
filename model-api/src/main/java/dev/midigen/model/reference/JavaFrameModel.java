package dev.midigen.model.reference;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's seq2seq frame model: {@link Seq2SeqLayout}'s equations in plain Java, each GRU and dense
 * product accumulated in double. {@link #score} is the encoder then the decoder run step by step, so both give
 * the same numbers. Safe to share between threads (each call keeps its own state); decoders are not.
 */
final class JavaFrameModel implements FrameModel {
    private final Seq2SeqNetwork network;
    private final Weights weights;
    private volatile boolean closed;

    JavaFrameModel(ModelSpec spec, Weights weights) {
        this.network = new Seq2SeqNetwork(spec, weights);
        this.weights = weights;
    }

    @Override
    public ModelSpec spec() {
        return network.spec;
    }

    @Override
    public String backend() {
        return JavaBackend.NAME;
    }

    @Override
    public DecoderState encode(SequenceBatch source) {
        checkOpen();
        checkWidth(source.width());
        int batch = source.batch();
        List<float[]> states = new ArrayList<>();
        for (int l = 0; l < network.layers; l++) {
            states.add(new float[batch * network.hidden]);
        }
        float[][] h = new float[network.layers][network.hidden];
        for (int b = 0; b < batch; b++) {
            for (float[] layer : h) {
                java.util.Arrays.fill(layer, 0f);
            }
            for (int t = 0; t < source.time(); t++) {
                Seq2SeqNetwork.step(network.encoder, source.vector(b, t), h);
            }
            for (int l = 0; l < network.layers; l++) {
                System.arraycopy(h[l], 0, states.get(l), b * network.hidden, network.hidden);
            }
        }
        return DecoderState.of(batch, Seq2SeqLayout.stateNames((dev.midigen.model.Seq2SeqGru) network.spec.family()), states);
    }

    @Override
    public Decoder newDecoder(int batchSize) {
        checkOpen();
        return new JavaFrameDecoder(this, network, batchSize);
    }

    @Override
    public SequenceBatch score(FrameBatch batch) {
        checkOpen();
        checkWidth(batch.frameSize());
        int rows = batch.batch();
        int time = batch.targetSteps();
        int k = network.keys;
        float[] logits = new float[rows * time * k];
        float[] input = new float[rows * k];
        try (Decoder decoder = newDecoder(rows)) {
            decoder.setState(encode(batch.source()));
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(batch.decoderInput(b, t), 0, input, b * k, k);
                }
                float[] out = decoder.step(input);
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(out, b * k, logits, (b * time + t) * k, k);
                }
            }
        }
        return SequenceBatch.wrap(rows, time, k, logits);
    }

    @Override
    public Weights exportWeights() {
        checkOpen();
        return weights;
    }

    @Override
    public void close() {
        closed = true;
    }

    void checkOpen() {
        SequenceModel.checkOpen(closed, "this " + JavaBackend.NAME + " frame model");
    }

    private void checkWidth(int width) {
        if (width != network.keys) {
            throw new IllegalArgumentException("frames are " + width + " wide; this model reads " + network.keys + " keys");
        }
    }
}
