package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;

/**
 * How a model of any family is trained. Only Adam is offered. Build one with {@link #builder()} (or
 * {@link #defaultsFor}, then {@link #toBuilder()}); the settings a family does not use keep their neutral values.
 *
 * @param learningRate      Adam's step size
 * @param clipNorm          global gradient-norm clipping (0 = none); Magenta clips at 3
 * @param batchSize         sequences per step
 * @param windowSteps       decoder steps per training window (longer examples are cut into windows); for a seq2seq
 *                          model, the target frames {@code T}
 * @param sourceSteps       source steps the encoder reads per window (0 = the model has no encoder)
 * @param steps             optimizer steps to take (0 = run {@code epochs} instead)
 * @param epochs            passes over the training windows when {@code steps} is 0
 * @param dropout           probability of dropping a recurrent layer's output while training (0 = none; Magenta's keep
 *                          probability 0.5 is dropout 0.5)
 * @param headDropout       dropout after a head's hidden ReLU (DeepMusician's classifier: 0.5; 0 = none)
 * @param teacherForcing    probability that a decoder step reads the true previous frame rather than its own
 *                          prediction (multi-label heads; 1 = always)
 * @param evalInterval      validate every this many steps (0 = only at the end)
 * @param patience          stop when this many validations in a row do not improve the loss (0 = never)
 * @param checkpointMinutes write a checkpoint at least this often (0 = only at the end)
 * @param seed              seed of initial weights, shuffling, dropout and teacher-forcing draws
 * @param threads           compute threads the backend may use (0 = its default)
 * @param keepOptimizer     whether the trained bundle keeps Adam's state (so {@code train --from} continues it); off
 *                          for small shipped bundles
 */
@JsonPropertyOrder({"learningRate", "clipNorm", "batchSize", "windowSteps", "sourceSteps", "steps", "epochs", "dropout",
    "headDropout", "teacherForcing", "evalInterval", "patience", "checkpointMinutes", "seed", "threads", "keepOptimizer"})
public record TrainingConfig(double learningRate, double clipNorm, int batchSize, int windowSteps, int sourceSteps,
                             int steps, int epochs, double dropout, double headDropout, double teacherForcing,
                             int evalInterval, int patience, double checkpointMinutes, long seed, int threads,
                             boolean keepOptimizer) {

    /** Magenta-like defaults for the next-token families: Adam 1e-3, clip 3, batch 64 × 64 steps, 1000 steps, dropout 0.5. */
    public static final TrainingConfig DEFAULT = new Builder().build();

    /**
     * DeepMusician's shape for seq2seq models: batch 32 × (64 source + 64 target frames), Adam 1e-3, clip 1, GRU dropout
     * 0.2, classifier dropout 0.5, teacher forcing 0.5.
     */
    public static final TrainingConfig SEQ2SEQ = new Builder().clipNorm(1.0).batchSize(32).windowSteps(64)
            .sourceSteps(64).dropout(0.2).headDropout(0.5).teacherForcing(0.5).build();

    public TrainingConfig {
        check(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)", learningRate);
        check(clipNorm >= 0, "clipNorm must be >= 0", clipNorm);
        check(batchSize >= 1 && batchSize <= 4096, "batchSize must be 1..4096", batchSize);
        check(windowSteps >= 2 && windowSteps <= 1 << 16, "windowSteps must be 2..65536", windowSteps);
        check(sourceSteps >= 0 && sourceSteps <= 1 << 16, "sourceSteps must be 0..65536", sourceSteps);
        check(steps >= 0 && epochs >= 0 && (steps > 0 || epochs > 0), "steps or epochs must be > 0", steps);
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)", dropout);
        check(headDropout >= 0 && headDropout < 1, "headDropout must be in [0, 1)", headDropout);
        check(teacherForcing >= 0 && teacherForcing <= 1, "teacherForcing must be in [0, 1]", teacherForcing);
        check(evalInterval >= 0 && patience >= 0, "evalInterval and patience must be >= 0", evalInterval);
        check(checkpointMinutes >= 0, "checkpointMinutes must be >= 0", checkpointMinutes);
        check(threads >= 0, "threads must be >= 0", threads);
    }

    /**
     * Reads the JSON of this and of earlier versions: settings added since default to their neutral values
     * (no encoder, no head dropout, teacher forcing always, optimizer kept).
     */
    @JsonCreator
    static TrainingConfig fromJson(@JsonProperty("learningRate") double learningRate,
                                   @JsonProperty("clipNorm") double clipNorm, @JsonProperty("batchSize") int batchSize,
                                   @JsonProperty("windowSteps") int windowSteps,
                                   @JsonProperty("sourceSteps") Integer sourceSteps, @JsonProperty("steps") int steps,
                                   @JsonProperty("epochs") int epochs, @JsonProperty("dropout") double dropout,
                                   @JsonProperty("headDropout") Double headDropout,
                                   @JsonProperty("teacherForcing") Double teacherForcing,
                                   @JsonProperty("evalInterval") int evalInterval, @JsonProperty("patience") int patience,
                                   @JsonProperty("checkpointMinutes") double checkpointMinutes,
                                   @JsonProperty("seed") long seed, @JsonProperty("threads") int threads,
                                   @JsonProperty("keepOptimizer") Boolean keepOptimizer) {
        return new TrainingConfig(learningRate, clipNorm, batchSize, windowSteps, sourceSteps == null ? 0 : sourceSteps,
                steps, epochs, dropout, headDropout == null ? 0 : headDropout, teacherForcing == null ? 1 : teacherForcing,
                evalInterval, patience, checkpointMinutes, seed, threads, keepOptimizer == null || keepOptimizer);
    }

    /**
     * The drum VAE's: Adam 1e-3, clipping at 1 (MusicVAE's), batch 64 (GrooVAE's is 512, too many for a few cores),
     * windows of {@code bars} bars of 16ths read whole by the encoder and decoder, every step teacher-forced, no dropout
     * (GrooVAE's keep probability 0.3 is for its decoder cells; none of our trainers applies it to a VAE yet).
     */
    public static TrainingConfig forDrumVae(int bars) {
        int steps = bars * 16;
        return new Builder().clipNorm(1.0).batchSize(64).windowSteps(steps).sourceSteps(steps).dropout(0).build();
    }

    /**
     * The defaults for a spec: {@link #forDrumVae} for a drum VAE, {@link #SEQ2SEQ} for another model with an encoder,
     * {@link #DEFAULT} otherwise.
     */
    public static TrainingConfig defaultsFor(ModelSpec spec) {
        if (spec.family() instanceof DrumVae vae) {
            return forDrumVae(vae.bars());
        }
        return spec.hasEncoder() ? SEQ2SEQ : DEFAULT;
    }

    private static void check(boolean ok, String message, double value) {
        if (!ok) {
            throw new IllegalArgumentException(message + ", got " + String.format(Locale.ROOT, "%s", value));
        }
    }

    /** A builder with {@link #DEFAULT}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public TrainingConfig withSteps(int newSteps) {
        return toBuilder().steps(newSteps).build();
    }

    public TrainingConfig withBatch(int newBatchSize, int newWindowSteps) {
        return toBuilder().batchSize(newBatchSize).windowSteps(newWindowSteps).build();
    }

    public TrainingConfig withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** Builds a {@link TrainingConfig}; every setter checks nothing, {@link #build()} checks everything. */
    public static final class Builder {
        private double learningRate = 1e-3;
        private double clipNorm = 3.0;
        private int batchSize = 64;
        private int windowSteps = 64;
        private int sourceSteps;
        private int steps = 1000;
        private int epochs;
        private double dropout = 0.5;
        private double headDropout;
        private double teacherForcing = 1;
        private int evalInterval = 100;
        private int patience;
        private double checkpointMinutes = 10;
        private long seed = 1;
        private int threads;
        private boolean keepOptimizer = true;

        private Builder() {
        }

        private Builder(TrainingConfig c) {
            learningRate = c.learningRate;
            clipNorm = c.clipNorm;
            batchSize = c.batchSize;
            windowSteps = c.windowSteps;
            sourceSteps = c.sourceSteps;
            steps = c.steps;
            epochs = c.epochs;
            dropout = c.dropout;
            headDropout = c.headDropout;
            teacherForcing = c.teacherForcing;
            evalInterval = c.evalInterval;
            patience = c.patience;
            checkpointMinutes = c.checkpointMinutes;
            seed = c.seed;
            threads = c.threads;
            keepOptimizer = c.keepOptimizer;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder clipNorm(double v) {
            clipNorm = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder windowSteps(int v) {
            windowSteps = v;
            return this;
        }

        public Builder sourceSteps(int v) {
            sourceSteps = v;
            return this;
        }

        /** Optimizer steps (0 = run {@link #epochs} instead). */
        public Builder steps(int v) {
            steps = v;
            return this;
        }

        /** Passes over the data; takes effect when steps is 0. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        public Builder headDropout(double v) {
            headDropout = v;
            return this;
        }

        public Builder teacherForcing(double v) {
            teacherForcing = v;
            return this;
        }

        public Builder evalInterval(int v) {
            evalInterval = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder checkpointMinutes(double v) {
            checkpointMinutes = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder keepOptimizer(boolean v) {
            keepOptimizer = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public TrainingConfig build() {
            return new TrainingConfig(learningRate, clipNorm, batchSize, windowSteps, sourceSteps, steps, epochs, dropout,
                    headDropout, teacherForcing, evalInterval, patience, checkpointMinutes, seed, threads, keepOptimizer);
        }
    }
}
