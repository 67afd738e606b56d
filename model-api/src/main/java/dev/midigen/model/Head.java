package dev.midigen.model;

import java.util.Objects;

/**
 * A model's output head and its objective: what the logits of a step mean, how a trainer scores them against the
 * targets, how the evaluator measures them and how the sampler picks from them.
 *
 * <ul>
 *   <li>{@link Categorical}: a softmax over {@code labels} classes (a token encoding), cross-entropy against one
 *       label per step ({@link Targets.Categorical}); sampled with temperature, top-k/p or beam search;</li>
 *   <li>{@link MultiLabel}: {@code units} independent Bernoullis (a key sounds, a drum hits), {@link BernoulliLoss}
 *       against a {@code 0..1} target per unit ({@link Targets.MultiLabel}); sampled by threshold or Bernoulli
 *       draws. {@code hidden} is the width of a ReLU layer before the output (0 = none);</li>
 *   <li>{@link Groove}: per drum class a hit (a Bernoulli logit, BCE), a velocity ({@code sigmoid}, against
 *       {@code velocity / 127}) and a timing offset ({@code tanh}, against the offset in steps), the two scored by
 *       {@code feel} ({@link FeelLoss}: squared or absolute errors):
 *       {@code 3 × classes} outputs, all hits, then all velocities, then all offsets, as the groove encoding's frames
 *       ({@link Targets.Groove}).</li>
 * </ul>
 */
public sealed interface Head {

    /** Logits a step gives. */
    int outputSize();

    record Categorical(int labels) implements Head {
        public Categorical {
            if (labels < 1) {
                throw new IllegalArgumentException("a categorical head has >= 1 labels, got " + labels);
            }
        }

        @Override
        public int outputSize() {
            return labels;
        }
    }

    record MultiLabel(int units, int hidden, BernoulliLoss loss) implements Head {
        public MultiLabel {
            Objects.requireNonNull(loss, "loss");
            if (units < 1 || hidden < 0) {
                throw new IllegalArgumentException("a multi-label head has >= 1 units and a hidden layer >= 0, got "
                        + units + ", " + hidden);
            }
        }

        @Override
        public int outputSize() {
            return units;
        }
    }

    record Groove(int classes, FeelLoss feel) implements Head {
        public Groove {
            Objects.requireNonNull(feel, "feel");
            if (classes < 1) {
                throw new IllegalArgumentException("a groove head has >= 1 drum classes, got " + classes);
            }
        }

        /** A head with GrooVAE's squared errors. */
        public Groove(int classes) {
            this(classes, FeelLoss.MSE);
        }

        @Override
        public int outputSize() {
            return 3 * classes;
        }
    }
}
