package dev.midigen.model.sampling;

/**
 * How a multi-label head's values are chosen from a step's logits, unit by unit (a key, a drum; probability {@code p = σ(logit)}):
 * <ul>
 *   <li>{@link Threshold}: a key sounds when {@code p ≥ probability} (no randomness; ½ is what training feeds back);</li>
 *   <li>{@link Bernoulli}: a key sounds with probability {@code σ(logit / temperature)}: one {@code nextDouble()} u per
 *       key in key order from the output's own stream ({@link dev.midigen.model.sampling.SeedStreams}), on when
 *       {@code u < p}.</li>
 * </ul>
 */
public sealed interface UnitSampling {

    /** Whether the key with this logit sounds; {@code random} supplies the draw when needed. */
    boolean sounds(float logit, java.util.random.RandomGenerator random);

    /** The probability the choice gave the key, for the piece's log-likelihood. */
    double probability(float logit);

    record Threshold(double probability) implements UnitSampling {
        public Threshold {
            if (!(probability > 0 && probability < 1)) {
                throw new IllegalArgumentException("the threshold is a probability in (0, 1), got " + probability);
            }
        }

        @Override
        public boolean sounds(float logit, java.util.random.RandomGenerator random) {
            return probability(logit) >= probability;
        }

        @Override
        public double probability(float logit) {
            return 1 / (1 + Math.exp(-(double) logit));
        }
    }

    record Bernoulli(double temperature) implements UnitSampling {
        public Bernoulli {
            if (!(temperature > 0 && temperature <= 100)) {
                throw new IllegalArgumentException("the temperature is in (0, 100], got " + temperature);
            }
        }

        @Override
        public boolean sounds(float logit, java.util.random.RandomGenerator random) {
            return random.nextDouble() < probability(logit);
        }

        @Override
        public double probability(float logit) {
            return 1 / (1 + Math.exp(-logit / temperature));
        }
    }
}
