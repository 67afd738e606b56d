package dev.midigen.model.eval;

import dev.midigen.model.FeelLoss;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import java.util.Objects;

/**
 * The drum VAE's objective (GrooVAE, Gillick et al. 2019; Magenta's {@code GrooveLstmDecoder} and {@code MusicVAE}
 * losses), on plain arrays, in double precision. For {@code C} drum classes a step's raw outputs {@code o} and target
 * frame {@code y} are {@code 3C} values each, all hits, then all velocities, then all offsets ({@link Targets.Groove});
 * the outputs are a groove head's "logits": hit logits, velocities before {@code sigmoid}, offsets before {@code tanh}.
 *
 * <pre>
 *   hits(step)     = Σ_c  max(o_c, 0) − o_c · y_c + ln(1 + e^(−|o_c|))      (binary cross-entropy with logits)
 *   velocity(step) = Σ_c  feel(sigmoid(o_{C+c}) − y_{C+c})
 *   offset(step)   = Σ_c  feel(tanh(o_{2C+c}) − y_{2C+c})
 *   KL(sequence)   = Σ_j  ½ (μ_j² + σ_j² − 1) − ln σ_j                        (N(μ, diag σ²) against N(0, I), nats)
 *   penalty(seq.)  = β · max(KL − freeNats, 0)
 * </pre>
 *
 * <p>{@code feel} is the head's {@link FeelLoss}: {@code d²} (GrooVAE's) or {@code |d|}.
 *
 * <p>Reduction, as Magenta's: each part is summed over the classes of a step and over the steps of a sequence (a
 * per-sequence sum, in nats for the hits), the KL and its penalty are per sequence, and every figure reported is the
 * mean over the sequences; {@code total = hits + velocity + offset + penalty}. So the reconstruction grows with the
 * window's length, in the same units as the KL it is traded against (GrooVAE's β and free bits are set for these
 * sums); divide by the steps for a per-step figure. There is no mask: groove windows have no padding.
 *
 * <p>Free bits: Magenta's {@code free_bits} are bits ({@code free_nats = free_bits · ln 2}: GrooVAE's 48 are 33.3
 * nats); {@code freeNats} here is in nats, so convert a count of bits with {@link #nats}.
 */
public final class GrooveLoss {
    private GrooveLoss() {
    }

    /**
     * The parts of the loss, each a mean over the sequences of a per-sequence sum (see {@link GrooveLoss}).
     *
     * @param hits     binary cross-entropy of the hits (nats)
     * @param velocity the velocities' errors ({@link FeelLoss})
     * @param offset   the offsets' errors
     * @param kl       {@code KL(q(z|x) ‖ N(0, I))} (nats; 0 without a latent)
     * @param penalty  {@code β · max(KL − freeNats, 0)}, clamped per sequence, then averaged
     * @param total    {@code hits + velocity + offset + penalty}
     */
    public record Parts(double hits, double velocity, double offset, double kl, double penalty, double total) {

        /** {@code hits + velocity + offset}. */
        public double reconstruction() {
            return hits + velocity + offset;
        }
    }

    /**
     * The whole objective: reconstruction and the latent's penalty.
     *
     * @param outputs   raw outputs, {@code sequences × steps × 3C}, row-major
     * @param targets   target frames, the same shape
     * @param mu        the posterior means, {@code sequences × Z}
     * @param sigma     the posterior scales ({@code > 0}), {@code sequences × Z}
     * @param beta      the KL term's weight ({@code ≥ 0})
     * @param freeNats  nats of KL per sequence not penalised ({@code ≥ 0})
     * @param feel      how velocities and offsets are scored
     * @throws IllegalArgumentException when the shapes do not agree or a value is out of range
     */
    public static Parts of(float[] outputs, float[] targets, int sequences, int steps, int classes, float[] mu,
                           float[] sigma, double beta, double freeNats, FeelLoss feel) {
        if (!(beta >= 0) || Double.isInfinite(beta) || !(freeNats >= 0) || Double.isInfinite(freeNats)) {
            throw new IllegalArgumentException("beta and free nats are finite and >= 0, got " + beta + " and " + freeNats);
        }
        double[] sums = reconstructionSums(outputs, targets, sequences, steps, classes, feel);
        double[] perSequence = kl(mu, sigma, sequences);
        double kl = 0;
        double penalty = 0;
        for (double value : perSequence) {
            kl += value;
            penalty += penalty(value, beta, freeNats);
        }
        return parts(sums, kl / sequences, penalty / sequences, sequences);
    }

    /** {@link #of(float[], float[], int, int, int, float[], float[], double, double, FeelLoss)} on batches. */
    public static Parts of(SequenceBatch outputs, Targets.Groove targets, float[] mu, float[] sigma, double beta,
                           double freeNats, FeelLoss feel) {
        SequenceBatch frames = targets.frames();
        checkShapes(outputs, frames);
        return of(outputs.toArray(), frames.toArray(), outputs.batch(), outputs.time(), outputs.width() / 3, mu, sigma,
                beta, freeNats, feel);
    }

    /** The reconstruction alone ({@code kl} and {@code penalty} 0): for a decoder scored without a latent term. */
    public static Parts reconstruction(float[] outputs, float[] targets, int sequences, int steps, int classes,
                                       FeelLoss feel) {
        return parts(reconstructionSums(outputs, targets, sequences, steps, classes, feel), 0, 0, sequences);
    }

    /** {@link #reconstruction(float[], float[], int, int, int, FeelLoss)} on batches. */
    public static Parts reconstruction(SequenceBatch outputs, Targets.Groove targets, FeelLoss feel) {
        SequenceBatch frames = targets.frames();
        checkShapes(outputs, frames);
        return reconstruction(outputs.toArray(), frames.toArray(), outputs.batch(), outputs.time(), outputs.width() / 3,
                feel);
    }

    /**
     * {@code KL(N(μ, diag σ²) ‖ N(0, I))} of each sequence, summed over the latent's dimensions (nats).
     *
     * @throws IllegalArgumentException when {@code mu} and {@code sigma} are not the same whole rows, or a scale is not
     *                                  finite and {@code > 0}
     */
    public static double[] kl(float[] mu, float[] sigma, int sequences) {
        if (sequences < 1 || mu.length != sigma.length || mu.length == 0 || mu.length % sequences != 0) {
            throw new IllegalArgumentException(mu.length + " means and " + sigma.length + " scales are not "
                    + sequences + " rows of a latent");
        }
        int size = mu.length / sequences;
        double[] kl = new double[sequences];
        for (int b = 0; b < sequences; b++) {
            double sum = 0;
            for (int j = b * size; j < (b + 1) * size; j++) {
                double m = mu[j];
                double s = sigma[j];
                if (!(s > 0) || Double.isInfinite(s) || !Double.isFinite(m)) {
                    throw new IllegalArgumentException("latent " + j + ": mean " + m + ", scale " + s
                            + " (a scale is finite and > 0)");
                }
                sum += 0.5 * (m * m + s * s - 1) - Math.log(s);
            }
            kl[b] = sum;
        }
        return kl;
    }

    /** {@code β · max(kl − freeNats, 0)}. */
    public static double penalty(double kl, double beta, double freeNats) {
        return beta * Math.max(kl - freeNats, 0);
    }

    /** {@code bits · ln 2}: Magenta's {@code free_bits} in nats. */
    public static double nats(double bits) {
        return bits * Math.log(2);
    }

    /** Binary cross-entropy of a hit logit against a target in {@code [0, 1]}, without overflow for any logit. */
    public static double hitLoss(double logit, double target) {
        return Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
    }

    private static Parts parts(double[] sums, double kl, double penalty, int sequences) {
        double hits = sums[0] / sequences;
        double velocity = sums[1] / sequences;
        double offset = sums[2] / sequences;
        return new Parts(hits, velocity, offset, kl, penalty, hits + velocity + offset + penalty);
    }

    /** Sums over every sequence, step and class of the three parts. */
    private static double[] reconstructionSums(float[] outputs, float[] targets, int sequences, int steps, int classes,
                                               FeelLoss feel) {
        Objects.requireNonNull(feel, "feel");
        if (sequences < 1 || steps < 1 || classes < 1) {
            throw new IllegalArgumentException("sequences, steps and classes are >= 1, got " + sequences + ", " + steps
                    + ", " + classes);
        }
        long expected = (long) sequences * steps * 3 * classes;
        if (outputs.length != expected || targets.length != expected) {
            throw new IllegalArgumentException(outputs.length + " outputs and " + targets.length + " targets for "
                    + sequences + " × " + steps + " steps × 3 · " + classes + " = " + expected);
        }
        double hits = 0;
        double velocity = 0;
        double offset = 0;
        int frame = 3 * classes;
        for (int base = 0; base < outputs.length; base += frame) {
            for (int c = 0; c < classes; c++) {
                hits += hitLoss(outputs[base + c], targets[base + c]);
                velocity += feel.loss(sigmoid(outputs[base + classes + c]) - targets[base + classes + c]);
                offset += feel.loss(Math.tanh(outputs[base + 2 * classes + c]) - targets[base + 2 * classes + c]);
            }
        }
        return new double[] {hits, velocity, offset};
    }

    private static void checkShapes(SequenceBatch outputs, SequenceBatch frames) {
        if (outputs.batch() != frames.batch() || outputs.time() != frames.time() || outputs.width() != frames.width()
                || outputs.width() % 3 != 0) {
            throw new IllegalArgumentException("outputs " + outputs + " and target frames " + frames
                    + " must have the same shape, 3 · classes wide");
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
