package dev.midigen.model.sampling;

import java.util.Objects;

/**
 * Constrained sampling: for each output and step, the tokens the {@link Sampler} may draw ({@link StepMask}). Used for
 * a form (a loop played through with variations), keeping a primer's instruments while the rest is regenerated, a
 * key and scale, a pitch range. A constraint is pure: the same output, tokens and position give the same mask, so a
 * seeded sample stays the same alone or in a batch.
 */
@FunctionalInterface
public interface TokenConstraint {
    /** No constraint: every step samples freely. */
    TokenConstraint NONE = (output, tokens, position) -> StepMask.ANY;

    /**
     * The mask of the token at {@code position} of output {@code output}.
     *
     * @param tokens the output's tokens so far, primer first; only {@code tokens[0 … position)} are set
     * @param position the index in {@code tokens} (primer included) of the token being drawn
     */
    StepMask at(int output, int[] tokens, int position);

    /** Both constraints: a step takes only tokens both allow. */
    default TokenConstraint and(TokenConstraint other) {
        Objects.requireNonNull(other, "other");
        if (this == NONE) {
            return other;
        }
        if (other == NONE) {
            return this;
        }
        TokenConstraint first = this;
        return (output, tokens, position) -> first.at(output, tokens, position).and(other.at(output, tokens, position));
    }
}
