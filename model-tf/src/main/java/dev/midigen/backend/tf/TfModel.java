package dev.midigen.backend.tf;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.weights.Weights;

/**
 * A model of any family the tf backend runs: its own graph and session holding the weights ({@link TfNet}), whole
 * sequences scored and sources encoded by unrolled forward passes, step-by-step decoding by the one-step graph
 * ({@link TfDecoder}; a drum VAE's starts from a latent: {@code DecoderBase} refuses a step before a state is set).
 * Immutable weights; not thread-safe.
 */
final class TfModel extends ModelBase {
    private final Weights weights;
    private final TfNet net;

    /** @param weights checked against the spec */
    TfModel(ModelSpec spec, Weights weights, int threads) {
        super(spec, TfBackend.NAME);
        this.weights = TfNet.canonicalOrder(weights, spec);
        this.net = TfNet.create(spec, this.weights, threads);
    }

    @Override
    protected Decoder decoderChecked(int batchSize) {
        return new TfDecoder(this, net, batchSize);
    }

    @Override
    protected DecoderState encodeChecked(SequenceBatch source) {
        return net.encode(source);
    }

    @Override
    protected SequenceBatch scoreChecked(ModelBatch batch) {
        return net.score(batch);
    }

    @Override
    protected Weights weightsChecked() {
        return weights;
    }

    /** The graph and session, for tests and the benches. */
    TfNet net() {
        return net;
    }

    @Override
    protected void release() {
        net.close();
    }
}
