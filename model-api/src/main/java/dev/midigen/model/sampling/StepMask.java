package dev.midigen.model.sampling;

import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The tokens one sampled step may take ({@link TokenConstraint}): any, exactly one, or those a test allows. The
 * {@link Sampler} gives every other label a logit of −∞ before temperature, top-k and top-p, so the model's own
 * distribution over the allowed tokens is what is drawn from.
 */
public sealed interface StepMask {
    /** No constraint. */
    StepMask ANY = new Any();

    /** Whether {@code token} may be sampled here. */
    boolean allows(int token);

    /** This mask and {@code other} together: only what both allow. */
    default StepMask and(StepMask other) {
        Objects.requireNonNull(other, "other");
        if (this instanceof Any) {
            return other;
        }
        if (other instanceof Any) {
            return this;
        }
        if (this instanceof Only only) {
            return other.allows(only.token()) ? this : new Where(t -> false);
        }
        if (other instanceof Only only) {
            return allows(only.token()) ? other : new Where(t -> false);
        }
        StepMask first = this;
        return new Where(t -> first.allows(t) && other.allows(t));
    }

    /** Any token. */
    record Any() implements StepMask {
        @Override
        public boolean allows(int token) {
            return true;
        }
    }

    /** Exactly {@code token} (the step is fixed; its likelihood adds nothing to the sample's score). */
    record Only(int token) implements StepMask {
        @Override
        public boolean allows(int candidate) {
            return candidate == token;
        }
    }

    /** The tokens {@code test} accepts. */
    record Where(IntPredicate test) implements StepMask {
        public Where {
            Objects.requireNonNull(test, "test");
        }

        @Override
        public boolean allows(int token) {
            return test.test(token);
        }
    }
}
