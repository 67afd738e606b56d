package dev.midigen.model.reference;

import dev.midigen.model.training.Windows;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A drum VAE's posterior {@code q(z | x) = N(μ, diag σ²)} for a batch: {@code μ} and {@code σ}, each {@code batch × size}
 * floats, row-major. The arrays are copied in and out.
 *
 * @param batch sequences
 * @param size  latent dimensions ({@code Z})
 * @param mu    the means
 * @param sigma the scales ({@code softplus} of the encoder's output: {@code > 0})
 */
public record LatentDistribution(int batch, int size, float[] mu, float[] sigma) {
    public LatentDistribution {
        if (batch < 1 || size < 1 || mu.length != batch * size || sigma.length != batch * size) {
            throw new IllegalArgumentException("a latent distribution of " + batch + " × " + size + " needs as many means "
                    + "and scales, got " + mu.length + " and " + sigma.length);
        }
        mu = mu.clone();
        sigma = sigma.clone();
    }

    @Override
    public float[] mu() {
        return mu.clone();
    }

    @Override
    public float[] sigma() {
        return sigma.clone();
    }

    /**
     * The {@code ε ~ N(0, I)} a trainer draws at training step {@code step} ({@code batch × size}, row-major, row by row
     * and dimension by dimension, as {@link #sample} draws): from a {@link SplittableRandom} seeded by a mix of the
     * run's {@code seed} and {@code step}, so a run repeats itself, a resumed run draws what it would have drawn, and
     * every backend draws the same.
     */
    public static float[] trainingNoise(long seed, long step, int batch, int size) {
        SplittableRandom random = new SplittableRandom(Windows.mix(Windows.mix(seed, step), 0x5EEDE951L));
        float[] epsilon = new float[batch * size];
        for (int i = 0; i < epsilon.length; i++) {
            epsilon[i] = (float) random.nextGaussian();
        }
        return epsilon;
    }

    /**
     * A draw {@code z = μ + σ ⊙ ε} with {@code ε ~ N(0, I)} from {@code random} (the reparameterisation a trainer
     * uses), row by row, dimension by dimension.
     */
    public float[] sample(RandomGenerator random) {
        float[] z = new float[mu.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (mu[i] + sigma[i] * random.nextGaussian());
        }
        return z;
    }
}
