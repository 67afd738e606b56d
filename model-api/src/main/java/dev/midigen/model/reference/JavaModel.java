package dev.midigen.model.reference;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.weights.Weights;

/**
 * A model of the reference backend, any family it runs: the spec's parts over canonical weights, computed in plain
 * Java with double accumulation. {@link #score} is the encoder (when there is one) and then the decoder run step by
 * step, so both give the same numbers. Safe to share between threads (each call keeps its own state); decoders are not.
 */
final class JavaModel extends ModelBase {
    private final Weights weights;
    private final LstmStack lstm;
    private final Seq2SeqNetwork seq2seq;

    JavaModel(ModelSpec spec, Weights weights) {
        super(spec, JavaBackend.NAME);
        this.weights = weights;
        boolean encoder = spec.architecture().hasEncoder();
        this.lstm = encoder ? null : new LstmStack(spec.lstmNetwork(), weights);
        this.seq2seq = encoder ? new Seq2SeqNetwork(spec, weights) : null;
    }

    @Override
    protected Decoder decoderChecked(int batchSize) {
        StepState steps = lstm != null ? new LstmSteps(lstm, batchSize) : new GruSteps(seq2seq, batchSize);
        return new JavaDecoder(this, steps, batchSize);
    }

    @Override
    protected DecoderState encodeChecked(SequenceBatch source) {
        return seq2seq.encode(source);
    }

    @Override
    protected SequenceBatch scoreChecked(ModelBatch batch) {
        return scoreByStepping(batch);
    }

    @Override
    protected Weights weightsChecked() {
        return weights;
    }
}
