package dev.midigen.backend.dl4j;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.weights.Weights;

/**
 * A model of any family the dl4j backend runs: whole sequences are scored (and a seq2seq source encoded) by the
 * family's {@link Engine} on nd4j GEMMs, one call at a time; decoders are the family's ({@link LstmDecoder}: Java row
 * sums; {@link GruDecoder}: one GEMM per layer and step for the whole batch) and run side by side on threads of their
 * own. Immutable weights.
 */
final class Dl4jModel extends ModelBase {
    private final HeapParams params;
    private final NativeWeights natives;
    private Engine scorer;

    Dl4jModel(ModelSpec spec, HeapParams params) {
        super(spec, Dl4jBackend.NAME);
        this.params = params;
        this.natives = params.natives();
    }

    private Engine scorer() {
        if (scorer == null) {
            scorer = natives.engine();
        }
        return scorer;
    }

    @Override
    protected Decoder decoderChecked(int batchSize) {
        return natives.decoder(this, batchSize);
    }

    @Override
    protected synchronized DecoderState encodeChecked(SequenceBatch source) {
        return scorer().encode(source);
    }

    @Override
    protected synchronized SequenceBatch scoreChecked(ModelBatch batch) {
        return scorer().score(batch);
    }

    @Override
    protected Weights weightsChecked() {
        return params.toWeights();
    }

    @Override
    protected synchronized void release() {
        if (scorer != null) {
            scorer.close();
        }
        natives.close();
    }
}
