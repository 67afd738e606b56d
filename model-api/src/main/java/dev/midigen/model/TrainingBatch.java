package dev.midigen.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What one optimizer step learns from: what the model reads, what it should give, and — for models that feed their
 * own output back (a multi-label head) — which decoder steps read the given input.
 *
 * <p>{@code teacherForced[t]}: true = decoder step {@code t} reads {@code inputs} at {@code t}; false = it reads its own
 * step {@code t − 1} prediction, thresholded at probability ½ ({@code logit ≥ 0 → 1}) and treated as a constant (no
 * gradient flows back through it), which is what threshold decoding feeds back at generation. Step 0 always reads its
 * input. Null = every step teacher-forced. The draws are made here, once for the whole batch per step, so every
 * backend trains on the same inputs.
 */
public record TrainingBatch(ModelBatch inputs, Targets targets, boolean[] teacherForced) {
    public TrainingBatch {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        int steps = inputs.batch() * inputs.time();
        if (targets instanceof Targets.Categorical c && c.labels().length != steps) {
            throw new IllegalArgumentException("labels and mask need " + steps + " entries, got " + c.labels().length);
        }
        if (targets instanceof Targets.MultiLabel m && (m.values().batch() != inputs.batch()
                || m.values().time() != inputs.time())) {
            throw new IllegalArgumentException("targets " + m.values() + " do not match inputs " + inputs.inputs());
        }
        if (targets instanceof Targets.Groove g && (g.frames().batch() != inputs.batch()
                || g.frames().time() != inputs.time())) {
            throw new IllegalArgumentException("groove targets " + g.frames() + " do not match inputs " + inputs.inputs());
        }
        if (teacherForced != null) {
            if (teacherForced.length != inputs.time()) {
                throw new IllegalArgumentException("teacherForced needs " + inputs.time() + " entries, got "
                        + teacherForced.length);
            }
            if (!teacherForced[0]) {
                throw new IllegalArgumentException("decoder step 0 reads its input: teacherForced[0] must be true");
            }
            if (!(targets instanceof Targets.MultiLabel)) {
                throw new IllegalArgumentException("only a multi-label head feeds its own predictions back");
            }
            teacherForced = teacherForced.clone();
        }
    }

    /** A categorical batch: inputs (no source), one label per step and a mask. */
    public static TrainingBatch categorical(SequenceBatch inputs, int[] labels, float[] mask) {
        return new TrainingBatch(ModelBatch.of(inputs), new Targets.Categorical(labels, mask), null);
    }

    /** A seq2seq batch under teacher forcing everywhere ({@link ModelBatch#teacherForced}). */
    public static TrainingBatch seq2seq(SequenceBatch source, SequenceBatch target) {
        return new TrainingBatch(ModelBatch.teacherForced(source, target), new Targets.MultiLabel(target), null);
    }

    /**
     * A seq2seq batch with teacher forcing on each step {@code t ≥ 1} with probability {@code ratio}, drawn from
     * {@code random} (one {@code nextDouble()} per step, in step order: forced when it is below the ratio).
     */
    public static TrainingBatch seq2seq(SequenceBatch source, SequenceBatch target, double ratio, SplittableRandom random) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("the teacher-forcing ratio is in [0, 1], got " + ratio);
        }
        boolean[] forced = new boolean[target.time()];
        forced[0] = true;
        for (int t = 1; t < forced.length; t++) {
            forced[t] = random.nextDouble() < ratio;
        }
        return new TrainingBatch(ModelBatch.teacherForced(source, target), new Targets.MultiLabel(target), forced);
    }

    /**
     * A groove batch (a {@link DrumVae}, {@link Head.Groove}): the encoder reads {@code source}, the decoder reads
     * {@code inputs} (under teacher forcing the target frames one step later, zeros first) and is scored against the
     * groove frames {@code targets} ({@link Targets.Groove}); every step reads its given input. A model with hit
     * controls reads {@code [previous frame ; this step's hits]} (inputs wider than the frames by the control; the
     * backend checks the exact width against its spec).
     *
     * @throws IllegalArgumentException when the three differ in batch or frame size (inputs may be wider), or inputs and
     *                                  targets in time
     */
    public static TrainingBatch groove(SequenceBatch source, SequenceBatch inputs, SequenceBatch targets) {
        if (source.batch() != targets.batch() || inputs.batch() != targets.batch() || inputs.time() != targets.time()
                || source.width() != targets.width() || inputs.width() < targets.width()) {
            throw new IllegalArgumentException("groove source " + source + ", inputs " + inputs + " and targets "
                    + targets + " must have one batch and frame size (inputs at least as wide), and inputs the targets'"
                    + " time");
        }
        return new TrainingBatch(new ModelBatch(inputs, source), new Targets.Groove(targets), null);
    }

    @Override
    public boolean[] teacherForced() {
        return teacherForced == null ? null : teacherForced.clone();
    }

    /** Whether decoder step {@code t} reads its given input. */
    public boolean forced(int t) {
        return teacherForced == null || teacherForced[t];
    }

    /** Whether every step reads its given input. */
    public boolean allForced() {
        if (teacherForced == null) {
            return true;
        }
        for (boolean f : teacherForced) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    /** The categorical targets. @throws IllegalStateException for another kind */
    public Targets.Categorical categoricalTargets() {
        if (targets instanceof Targets.Categorical c) {
            return c;
        }
        throw new IllegalStateException("these targets are not categorical: " + targets.getClass().getSimpleName());
    }

    /** The multi-label targets. @throws IllegalStateException for another kind */
    public SequenceBatch multiLabelTargets() {
        if (targets instanceof Targets.MultiLabel m) {
            return m.values();
        }
        throw new IllegalStateException("these targets are not multi-label: " + targets.getClass().getSimpleName());
    }

    /** The groove targets' frames. @throws IllegalStateException for another kind */
    public SequenceBatch grooveTargets() {
        if (targets instanceof Targets.Groove g) {
            return g.frames();
        }
        throw new IllegalStateException("these targets are not groove frames: " + targets.getClass().getSimpleName());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingBatch other && inputs.equals(other.inputs) && targets.equals(other.targets)
                && Arrays.equals(teacherForced, other.teacherForced);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, targets, Arrays.hashCode(teacherForced));
    }
}
