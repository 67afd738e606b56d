package dev.midigen.model;

import dev.midigen.model.weights.Weights;

/**
 * Trains one seq2seq frame model on one backend, one batch at a time; the shared training loop (windows,
 * teacher-forcing draws, validation, checkpoints) drives it. Not thread-safe.
 *
 * <p>The step's loss is {@link FrameTrainingConfig#loss()} averaged over every target value
 * ({@code batch × T × K}) of the logits computed with the batch's teacher forcing and with dropout
 * ({@link TrainingConfig#dropout()} on the outputs of every GRU layer but the top one, encoder and decoder —
 * PyTorch's {@code nn.GRU(dropout=…)}; {@link FrameTrainingConfig#classifierDropout()} after the classifier's
 * ReLU). Dropout masks are the backend's own, drawn from the config's seed and the step count, so a
 * backend repeats itself exactly; optimizer: Adam (PyTorch's form) after global-norm clipping at
 * {@link TrainingConfig#clipNorm()}.
 */
public interface FrameTrainer extends AutoCloseable {

    ModelSpec spec();

    FrameTrainingConfig config();

    /** One optimizer step; returns the batch's mean loss before the step. */
    double step(FrameTrainingBatch batch);

    /** Teacher-forced logits with the current weights, as in inference (no dropout): {@link FrameModel#score}. */
    SequenceBatch score(FrameBatch batch);

    /** The current weights in the canonical layout. */
    Weights exportWeights();

    /** Replaces the weights (resuming from a checkpoint). */
    void importWeights(Weights weights);

    /** The optimizer's state (Adam's moments and step count) in the backend's own form, for checkpoints. */
    byte[] optimizerState();

    /** Restores {@link #optimizerState()} output of the same backend and spec. */
    void restoreOptimizerState(byte[] state);

    /** The trained model as it stands (a copy that outlives further steps). */
    FrameModel toModel();

    @Override
    void close();
}
