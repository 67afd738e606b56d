package dev.midigen.model.eval;

import dev.midigen.model.Decoder;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.SequenceBatch;
import java.util.Objects;

/**
 * The one frame evaluator: {@link FrameMetrics} of a seq2seq model's predictions, and of baselines through the
 * same counting code. A key is predicted to sound when {@code σ(logit) ≥ threshold} (threshold ½: logit ≥ 0);
 * targets sound where they are ≥ ½.
 *
 * <ul>
 *   <li>{@link #teacherForced}: the model's {@link FrameModel#score} (each step reads the true previous frame),
 *       with the loss; its baseline {@link #repeatPrevious} predicts each frame to be the true previous one;</li>
 *   <li>{@link #freeRunning}: what generation does — the encoder reads the source, the decoder starts from its
 *       state, reads the last source frame and then its own thresholded predictions; its baseline
 *       {@link #repeatLastFrame} predicts every target frame to be the last source frame.</li>
 * </ul>
 */
public final class FrameEvaluator {
    private final double threshold;
    private final double logitThreshold;
    private final FrameLoss loss;

    /**
     * @param threshold probability from which a key counts as sounding, in (0, 1)
     * @param loss      the loss reported with teacher-forced logits
     */
    public FrameEvaluator(double threshold, FrameLoss loss) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the threshold is a probability in (0, 1), got " + threshold);
        }
        this.threshold = threshold;
        this.logitThreshold = Math.log(threshold / (1 - threshold));
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    public double threshold() {
        return threshold;
    }

    public FrameLoss loss() {
        return loss;
    }

    /** Whether a key with this logit is predicted to sound. */
    public boolean sounds(float logit) {
        if (Float.isNaN(logit)) {
            throw new IllegalArgumentException("a logit is NaN");
        }
        return logit >= logitThreshold;
    }

    /** Metrics of logits against targets (same shape), with the loss. */
    public FrameMetrics evaluateLogits(SequenceBatch logits, SequenceBatch targets) {
        check(logits, targets);
        float[] x = logits.toArray();
        float[] y = targets.toArray();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        double lossSum = 0;
        for (int i = 0; i < x.length; i++) {
            boolean predicted = sounds(x[i]);
            boolean actual = y[i] >= 0.5f;
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
            lossSum += loss.value(x[i], y[i]);
        }
        return new FrameMetrics((long) logits.batch() * logits.time(), x.length, tp, fp, fn, lossSum, x.length);
    }

    /** Metrics of predicted frames (values ≥ ½ sound) against targets, without a loss (baselines). */
    public static FrameMetrics evaluateFrames(SequenceBatch predictions, SequenceBatch targets) {
        check(predictions, targets);
        float[] p = predictions.toArray();
        float[] y = targets.toArray();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean predicted = p[i] >= 0.5f;
            boolean actual = y[i] >= 0.5f;
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
        }
        return new FrameMetrics((long) predictions.batch() * predictions.time(), p.length, tp, fp, fn, 0, 0);
    }

    /** The model's teacher-forced logits ({@link FrameModel#score}) evaluated, with the loss. */
    public FrameMetrics teacherForced(FrameModel model, FrameBatch batch) {
        return evaluateLogits(model.score(batch), batch.target());
    }

    /** The baseline of {@link #teacherForced}: each target frame predicted to be the true previous frame. */
    public static FrameMetrics repeatPrevious(FrameBatch batch) {
        return evaluateFrames(batch.decoderInputs(), batch.target());
    }

    /** The model decoding on its own from the source ({@link #decode}), evaluated; no loss. */
    public FrameMetrics freeRunning(FrameModel model, FrameBatch batch) {
        return evaluateFrames(decode(model, batch.source(), batch.targetSteps()), batch.target());
    }

    /** The baseline of {@link #freeRunning}: every target frame predicted to be the last source frame. */
    public static FrameMetrics repeatLastFrame(FrameBatch batch) {
        int k = batch.frameSize();
        int time = batch.targetSteps();
        float[] values = new float[batch.batch() * time * k];
        for (int b = 0; b < batch.batch(); b++) {
            float[] last = batch.decoderInput(b, 0);
            for (int t = 0; t < time; t++) {
                System.arraycopy(last, 0, values, (b * time + t) * k, k);
            }
        }
        return evaluateFrames(SequenceBatch.wrap(batch.batch(), time, k, values), batch.target());
    }

    /**
     * Threshold decoding: the encoder reads {@code source}, the decoder starts from its state and reads the
     * last source frame, then each step's thresholded prediction; returns {@code steps} predicted frames of 0/1
     * per row ({@code batch × steps × K}).
     */
    public SequenceBatch decode(FrameModel model, SequenceBatch source, int steps) {
        int batch = source.batch();
        int k = source.width();
        float[] input = new float[batch * k];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(source.vector(b, source.time() - 1), 0, input, b * k, k);
        }
        float[] out = new float[batch * steps * k];
        try (Decoder decoder = model.newDecoder(batch)) {
            decoder.setState(model.encode(source));
            for (int t = 0; t < steps; t++) {
                float[] logits = decoder.step(input);
                for (int i = 0; i < logits.length; i++) {
                    input[i] = sounds(logits[i]) ? 1f : 0f;
                }
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(input, b * k, out, (b * steps + t) * k, k);
                }
            }
        }
        return SequenceBatch.wrap(batch, steps, k, out);
    }

    /**
     * The logits a training step on {@code batch} computes, without dropout, through the model's decoder: step 0
     * reads the last source frame; a teacher-forced step {@code t} reads target frame {@code t − 1}, any other
     * its own step {@code t − 1} logits thresholded at 0 (probability ½). What
     * {@link dev.midigen.model.FrameTrainer#step} must compute (before dropout), checked by the conformance suite.
     */
    public static SequenceBatch trainingLogits(FrameModel model, FrameTrainingBatch batch) {
        FrameBatch frames = batch.frames();
        int rows = frames.batch();
        int time = frames.targetSteps();
        int k = frames.frameSize();
        float[] logits = new float[rows * time * k];
        float[] input = new float[rows * k];
        float[] previous = null;
        try (Decoder decoder = model.newDecoder(rows)) {
            decoder.setState(model.encode(frames.source()));
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < rows; b++) {
                    if (t == 0 || batch.forced(t)) {
                        System.arraycopy(frames.decoderInput(b, t), 0, input, b * k, k);
                    } else {
                        for (int i = 0; i < k; i++) {
                            input[b * k + i] = previous[b * k + i] >= 0f ? 1f : 0f;
                        }
                    }
                }
                previous = decoder.step(input);
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(previous, b * k, logits, (b * time + t) * k, k);
                }
            }
        }
        return SequenceBatch.wrap(rows, time, k, logits);
    }

    private static void check(SequenceBatch a, SequenceBatch b) {
        if (a.batch() != b.batch() || a.time() != b.time() || a.width() != b.width()) {
            throw new IllegalArgumentException(a + " and targets " + b + " differ in shape");
        }
    }
}
