package dev.midigen.model;

import dev.midigen.model.weights.Weights;

/**
 * Trains one model of any family on one backend, one batch at a time. The shared
 * {@link dev.midigen.model.training.TrainingLoop} drives it (windows, evaluation, early stopping, checkpoints); a
 * backend only implements the numeric step. Not thread-safe.
 *
 * <p>The step's loss is the head's objective ({@link Head}): cross-entropy averaged over the unmasked steps for a
 * categorical head; the spec's {@link BernoulliLoss} averaged over every target value for a multi-label head, with the
 * batch's teacher forcing. Dropout ({@link TrainingConfig#dropout()} on the outputs of every recurrent layer — all of
 * them for an LSTM family as Magenta does, all but the top one of a seq2seq stack as PyTorch's
 * {@code nn.GRU(dropout=…)} does; {@link TrainingConfig#headDropout()} after a head's hidden ReLU) uses the backend's
 * own masks drawn from the config's seed and the step count, so a backend repeats itself exactly. Optimizer: Adam
 * (PyTorch's form) after global-norm clipping at {@link TrainingConfig#clipNorm()}.
 */
public interface Trainer extends AutoCloseable {

    ModelSpec spec();

    TrainingConfig config();

    /** One optimizer step; returns the batch's loss before the step. */
    double step(TrainingBatch batch);

    /** Logits of whole sequences with the current weights, as in inference (no dropout): {@link SequenceModel#score}. */
    SequenceBatch score(ModelBatch batch);

    /** The current weights in the canonical layout. */
    Weights exportWeights();

    /** Replaces the weights (resuming from a checkpoint, starting from a bundle). */
    void importWeights(Weights weights);

    /** Adam's state in canonical form ({@link OptimizerState}), for checkpoints and bundles. */
    OptimizerState optimizerState();

    /**
     * Restores an optimizer state — this backend's or another's, as long as it names the spec's canonical tensors.
     *
     * @throws IllegalArgumentException when it does not fit the spec's weights
     */
    void restoreOptimizerState(OptimizerState state);

    /** The trained model as it stands (a copy that outlives further steps). */
    SequenceModel toModel();

    @Override
    void close();
}
