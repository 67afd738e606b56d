package dev.midigen.model;

import java.util.Objects;

/**
 * What a training step's logits should have been, one kind per {@link Head}.
 */
public sealed interface Targets {

    /**
     * One label per step ({@code batch × time}, row-major) and a mask (1 = a real step, 0 = padding that must not count):
     * for a {@link Head.Categorical} head.
     */
    record Categorical(int[] labels, float[] mask) implements Targets {
        public Categorical {
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(mask, "mask");
            if (labels.length != mask.length) {
                throw new IllegalArgumentException(labels.length + " labels for a mask of " + mask.length);
            }
        }
    }

    /** A value in {@code [0, 1]} per unit per step ({@code batch × time × units}): for a {@link Head.MultiLabel} head. */
    record MultiLabel(SequenceBatch values) implements Targets {
        public MultiLabel {
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * Groove frames per step ({@code batch × time × 3·classes}: hits 0/1, velocities {@code [0, 1]}, offsets
     * {@code [−1, 1]}, as the groove encoding writes them): for a {@link Head.Groove} head.
     */
    record Groove(SequenceBatch frames) implements Targets {
        public Groove {
            Objects.requireNonNull(frames, "frames");
        }
    }
}
