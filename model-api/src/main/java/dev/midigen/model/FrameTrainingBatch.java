package dev.midigen.model;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What one seq2seq optimizer step learns from: source/target windows and, per target step, whether the
 * decoder reads the true previous frame (teacher forcing) or its own prediction.
 *
 * <p>{@code teacherForced[t]} for {@code t ≥ 1}: true = decoder step {@code t} reads target frame
 * {@code t − 1}; false = it reads its own step {@code t − 1} prediction, thresholded at probability ½
 * ({@code logit ≥ 0 → 1}, else 0) and treated as a constant (no gradient flows back through it), which is
 * what threshold decoding feeds back at generation. Step 0 always reads the last source frame
 * ({@code teacherForced[0]} must be true). The decisions are made here, once for the whole batch per step, so
 * every backend trains on the same inputs.
 */
public record FrameTrainingBatch(FrameBatch frames, boolean[] teacherForced) {
    public FrameTrainingBatch {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(teacherForced, "teacherForced");
        if (teacherForced.length != frames.targetSteps()) {
            throw new IllegalArgumentException("teacherForced needs " + frames.targetSteps() + " entries, got "
                    + teacherForced.length);
        }
        if (!teacherForced[0]) {
            throw new IllegalArgumentException("decoder step 0 reads the last source frame: teacherForced[0] must be true");
        }
        teacherForced = teacherForced.clone();
    }

    /** Teacher forcing on every step (what {@link FrameModel#score} computes). */
    public static FrameTrainingBatch teacherForced(FrameBatch frames) {
        boolean[] all = new boolean[frames.targetSteps()];
        java.util.Arrays.fill(all, true);
        return new FrameTrainingBatch(frames, all);
    }

    /**
     * Teacher forcing on each step {@code t ≥ 1} with probability {@code ratio}, drawn from {@code random}
     * (one {@code nextDouble()} per step, in step order: forced when it is below the ratio).
     */
    public static FrameTrainingBatch withRatio(FrameBatch frames, double ratio, SplittableRandom random) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("the teacher-forcing ratio is in [0, 1], got " + ratio);
        }
        boolean[] forced = new boolean[frames.targetSteps()];
        forced[0] = true;
        for (int t = 1; t < forced.length; t++) {
            forced[t] = random.nextDouble() < ratio;
        }
        return new FrameTrainingBatch(frames, forced);
    }

    @Override
    public boolean[] teacherForced() {
        return teacherForced.clone();
    }

    /** Whether decoder step {@code t} reads the true previous frame. */
    public boolean forced(int t) {
        return teacherForced[t];
    }
}
