package dev.midigen.backend.dl4j;

import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;

/**
 * Forward and backward passes of one family over a block of sequences, on the {@link NativeWeights} it was made
 * from: all that differs between the LSTM families ({@link LstmEngine}) and the seq2seq GRU ({@link Seq2SeqEngine})
 * when scoring and training. One engine belongs to one thread; the trainer runs one per block of the batch in
 * parallel and adds their gradients. Dropout masks are drawn per sequence from (seed, the sequence's index in the
 * whole batch), so the split into blocks does not change them.
 */
interface Engine extends AutoCloseable {

    /** Logits a step gives. */
    int outputSize();

    /** Teacher-forced logits of sequences {@code [from, to)}, without dropout, batch-major into {@code logits} at their own rows. */
    void score(ModelBatch batch, int from, int to, float[] logits);

    /** Teacher-forced logits of the whole batch. */
    default SequenceBatch score(ModelBatch batch) {
        float[] logits = new float[batch.batch() * batch.time() * outputSize()];
        score(batch, 0, batch.batch(), logits);
        return SequenceBatch.wrap(batch.batch(), batch.time(), outputSize(), logits);
    }

    /** The decoder's initial state from the encoder over {@code source}; only for a model with an encoder. */
    default DecoderState encode(SequenceBatch source) {
        throw new UnsupportedOperationException("this model has no encoder");
    }

    /**
     * What the batch's loss is averaged over (the unmasked steps' weight, the target values), checking the targets.
     *
     * @throws IllegalArgumentException when the targets cannot be learnt from
     */
    double lossTotal(TrainingBatch batch);

    /**
     * Forward and backward over sequences {@code [from, to)}: adds this block's gradients of the batch's mean loss
     * (the sum over {@code total}) to {@code grads} (the family's {@link HeapParams}), and returns its share of the
     * loss. {@code dropout} drops recurrent layers' outputs, {@code headDropout} the head's hidden layer; both draw
     * their masks from {@link #dropoutSeed} of the run's {@code seed} and the optimizer's {@code step} (counted from 1),
     * which a drum VAE's {@code ε} is drawn from too.
     */
    double train(TrainingBatch batch, int from, int to, double total, float dropout, float headDropout, long seed,
                 long step, HeapParams grads);

    /** The seed of a training step's dropout masks. */
    static long dropoutSeed(long seed, long step) {
        return seed * 31 + step;
    }

    @Override
    void close();
}
