package dev.midigen.backend.tf;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;

/**
 * A seq2seq GRU on the tf backend: its own graph and session holding the weights; {@link #encode} and {@link #score}
 * by unrolled forward passes, decoders by the one-step graph. Immutable weights; not thread-safe.
 */
final class TfFrameModel implements FrameModel {
    private final ModelSpec spec;
    private final Weights weights;
    private final TfFrameNet net;
    private boolean closed;

    /**
     * @throws IllegalArgumentException when the weights do not fit the spec, naming the tensors
     */
    TfFrameModel(ModelSpec spec, Weights weights, int threads) {
        Seq2SeqLayout.check(weights, spec);
        this.spec = spec;
        this.weights = TfFrameTrainer.canonicalOrder(weights, spec);
        this.net = new TfFrameNet(spec, this.weights, threads);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return TfBackend.NAME;
    }

    @Override
    public DecoderState encode(SequenceBatch source) {
        check();
        return net.encode(source);
    }

    @Override
    public Decoder newDecoder(int batchSize) {
        check();
        return new TfFrameDecoder(this, net, batchSize);
    }

    @Override
    public SequenceBatch score(FrameBatch batch) {
        check();
        return net.score(batch);
    }

    @Override
    public Weights exportWeights() {
        check();
        return weights;
    }

    TfFrameNet net() {
        return net;
    }

    void check() {
        SequenceModel.checkOpen(closed, "this tf frame model");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            net.close();
        }
    }
}
