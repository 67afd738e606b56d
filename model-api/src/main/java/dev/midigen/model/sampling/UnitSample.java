package dev.midigen.model.sampling;

import java.util.Objects;

/**
 * One sampled output of a multi-label head: a value of 0 or 1 per unit per generated step.
 *
 * @param outputIndex   which output it is (its random stream: {@link SeedStreams#forOutput})
 * @param steps         generated steps
 * @param width         units a step
 * @param values        {@code steps × width} values, row-major (the array is not copied)
 * @param logLikelihood the sum of the natural logs of the probabilities the chosen values had
 */
public record UnitSample(int outputIndex, int steps, int width, float[] values, double logLikelihood) {
    public UnitSample {
        Objects.requireNonNull(values, "values");
        if (values.length != steps * width) {
            throw new IllegalArgumentException(values.length + " values are not " + steps + " × " + width);
        }
    }
}
