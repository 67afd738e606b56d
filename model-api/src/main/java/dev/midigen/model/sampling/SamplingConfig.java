package dev.midigen.model.sampling;

/**
 * How the {@link Sampler} picks each label.
 *
 * @param temperature       divides the logits before the softmax, {@code > 0} (1 = the model's own
 *                          distribution; below 1 sharper, above 1 flatter)
 * @param topK              keep only the {@code topK} most likely labels; 0 = off
 * @param topP              keep only the most likely labels whose probabilities first reach {@code topP}
 *                          together (nucleus sampling), in {@code (0, 1]}; 1 = off
 * @param beamSize          beams kept after each iteration of Magenta's beam search; 1 with
 *                          {@code branchFactor} 1 = plain sampling
 * @param branchFactor      copies each kept beam is extended into, each by its own sampled steps
 * @param stepsPerIteration sampled steps each branch takes before the beams are pruned again
 * @param seed              the seed of every draw; output {@code i} draws from its own stream derived
 *                          from {@code (seed, i)} (see {@link SeedStreams})
 * @param includePrimer     whether a {@link Sample}'s tokens begin with the primer (Magenta's output
 *                          does) or hold only the generated tokens
 * @param units             how a multi-label head's values are chosen: a threshold, or Bernoulli draws (whose
 *                          temperature is {@code temperature})
 * @param start             where the decoder of a model with an encoder starts (null: guided by the primer's last 64
 *                          steps when there is a primer, zero otherwise)
 * @param constraint        the tokens each step of a categorical head may take ({@link TokenConstraint}; a form, kept
 *                          instruments, a scale); {@link TokenConstraint#NONE} = free sampling
 * @param guidance          classifier-free guidance of a style-conditioned model, {@code w >= 0}: logits
 *                          {@code cond + w · (cond − uncond)}, uncond being the model told no style (0 = off)
 *
 * <p>Build one with {@link #builder()}.
 */
public record SamplingConfig(double temperature, int topK, double topP, int beamSize, int branchFactor,
                             int stepsPerIteration, long seed, boolean includePrimer, UnitSampling units,
                             DecoderStart start, TokenConstraint constraint, double guidance) {

    /**
     * Classifier-free guidance by default, for a style-conditioned model asked for a style (it changes nothing else): on
     * Groove validation, at 0 beats asked for funk were nearer real rock than real funk; at 1.5, 2 and 3 every style's
     * beats were nearest their own real beats, by the widest margins at 3 (docs/generate.md).
     */
    public static final double DEFAULT_GUIDANCE = 3.0;

    public static final SamplingConfig DEFAULT = new Builder().build();

    public SamplingConfig {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1] (1 = off), got " + topP);
        }
        if (beamSize < 1 || beamSize > 1024) {
            throw new IllegalArgumentException("beam size must be 1..1024, got " + beamSize);
        }
        if (branchFactor < 1 || branchFactor > 1024) {
            throw new IllegalArgumentException("branch factor must be 1..1024, got " + branchFactor);
        }
        if (stepsPerIteration < 1) {
            throw new IllegalArgumentException("steps per iteration must be >= 1, got " + stepsPerIteration);
        }
        java.util.Objects.requireNonNull(units, "units");
        java.util.Objects.requireNonNull(constraint, "constraint");
        if (!(guidance >= 0 && guidance <= 10)) {
            throw new IllegalArgumentException("guidance must be 0..10, got " + guidance);
        }
    }

    public int branches() {
        return beamSize * branchFactor;
    }

    /** A builder with {@link #DEFAULT}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public SamplingConfig withTemperature(double newTemperature) {
        return toBuilder().temperature(newTemperature).build();
    }

    public SamplingConfig withTopK(int newTopK) {
        return toBuilder().topK(newTopK).build();
    }

    public SamplingConfig withTopP(double newTopP) {
        return toBuilder().topP(newTopP).build();
    }

    public SamplingConfig withBeamSearch(int newBeamSize, int newBranchFactor, int newStepsPerIteration) {
        return toBuilder().beamSearch(newBeamSize, newBranchFactor, newStepsPerIteration).build();
    }

    public SamplingConfig withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    public SamplingConfig withConstraint(TokenConstraint newConstraint) {
        return toBuilder().constraint(newConstraint).build();
    }

    public SamplingConfig withIncludePrimer(boolean newIncludePrimer) {
        return toBuilder().includePrimer(newIncludePrimer).build();
    }

    /** Builds a {@link SamplingConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private double temperature = 1.0;
        private int topK;
        private double topP = 1.0;
        private int beamSize = 1;
        private int branchFactor = 1;
        private int stepsPerIteration = 1;
        private long seed;
        private boolean includePrimer = true;
        private UnitSampling units = new UnitSampling.Threshold(0.5);
        private DecoderStart start;
        private TokenConstraint constraint = TokenConstraint.NONE;
        private double guidance = DEFAULT_GUIDANCE;

        private Builder() {
        }

        private Builder(SamplingConfig c) {
            temperature = c.temperature;
            topK = c.topK;
            topP = c.topP;
            beamSize = c.beamSize;
            branchFactor = c.branchFactor;
            stepsPerIteration = c.stepsPerIteration;
            seed = c.seed;
            includePrimer = c.includePrimer;
            units = c.units;
            start = c.start;
            constraint = c.constraint;
            guidance = c.guidance;
        }

        /** Softmax temperature of a categorical head; of a multi-label head's Bernoulli draws too. */
        public Builder temperature(double value) {
            temperature = value;
            return this;
        }

        public Builder topK(int value) {
            topK = value;
            return this;
        }

        public Builder topP(double value) {
            topP = value;
            return this;
        }

        public Builder beamSearch(int beams, int branches, int stepsPerIteration) {
            this.beamSize = beams;
            this.branchFactor = branches;
            this.stepsPerIteration = stepsPerIteration;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder includePrimer(boolean value) {
            includePrimer = value;
            return this;
        }

        /** A multi-label head's values: on from probability {@code probability}. */
        public Builder threshold(double probability) {
            units = new UnitSampling.Threshold(probability);
            return this;
        }

        /** A multi-label head's values: drawn, each with probability {@code σ(logit / temperature)}. */
        public Builder bernoulli() {
            units = new UnitSampling.Bernoulli(temperature);
            return this;
        }

        public Builder units(UnitSampling value) {
            units = value;
            return this;
        }

        public Builder start(DecoderStart value) {
            start = value;
            return this;
        }

        /** The tokens each step may take (a categorical head only). */
        public Builder constraint(TokenConstraint value) {
            constraint = value;
            return this;
        }

        /** Classifier-free guidance of a style-conditioned model (0 = off). */
        public Builder guidance(double value) {
            guidance = value;
            return this;
        }

        public SamplingConfig build() {
            UnitSampling chosen = units instanceof UnitSampling.Bernoulli ? new UnitSampling.Bernoulli(temperature) : units;
            return new SamplingConfig(temperature, topK, topP, beamSize, branchFactor, stepsPerIteration, seed,
                    includePrimer, chosen, start, constraint, guidance);
        }
    }
}
