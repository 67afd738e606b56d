package dev.midigen.model.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.model.Architecture;
import dev.midigen.model.Head;
import dev.midigen.model.Decoder;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.reference.LatentDistribution;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gradient harness's drum VAE objective: at {@code z = μ} it is {@link GrooveLoss} of the reference's training
 * logits, and its central differences agree with gradients worked out by hand for the tensors whose gradients are
 * short to write: the head's bias (any noise) and the scale's bias at zero noise (where σ reaches the loss only
 * through the KL term).
 */
class GradientHarnessGrooveTest {
    private static final VaeConformanceCases.VaeCase VAE = VaeConformanceCases.cases().get(0);
    private static final ModelSpec SPEC = VAE.spec();
    private static final int ROWS = 4;
    private static final int TIME = 6;

    private static TrainingBatch batch() {
        return VaeConformanceCases.batch(SPEC, ROWS, TIME, 31);
    }

    private static float[] noise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] noise = new float[ROWS * SPEC.architecture().latent().size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        return noise;
    }

    @Test
    void atTheMeanItIsGrooveLossOfTheTrainingLogits() {
        TrainingBatch batch = batch();
        Weights weights = VAE.weights();
        Architecture.Latent latent = SPEC.architecture().latent();
        try (SequenceModel model = new JavaBackend().fromWeights(SPEC, weights)) {
            LatentDistribution q = DrumVaeLatents.of(model).encode(batch.inputs().source());
            GrooveLoss.Parts parts = GrooveLoss.of(Evaluator.trainingLogits(model, batch), (Targets.Groove) batch.targets(),
                    q.mu(), q.sigma(), latent.beta(), GrooveLoss.nats(latent.freeBits()),
                    ((Head.Groove) SPEC.head()).feel());
            assertThat(parts.penalty()).as("the suite's VAE has a KL above its free bits").isPositive();
            assertThat(GradientHarness.referenceLoss(SPEC, weights, batch)).isCloseTo(parts.total(), within(1e-9));
            assertThat(GradientHarness.referenceLoss(SPEC, weights, batch, new float[ROWS * latent.size()]))
                    .as("zero noise").isCloseTo(parts.total(), within(1e-9));
        }
        assertThat(GradientHarness.referenceLoss(SPEC, weights, batch, noise(1))).as("noise moves z")
                .isNotCloseTo(GradientHarness.referenceLoss(SPEC, weights, batch), within(1e-3));
        assertThatThrownBy(() -> GradientHarness.referenceLoss(SPEC, weights, batch, new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void centralDifferencesAgreeWithGradientsWorkedOutByHand() {
        TrainingBatch batch = batch();
        Weights weights = VAE.weights();
        GradientHarness harness = new GradientHarness(3e-3, 2e-4, 1e-2, 27); // standard()'s, every value of head.b
        for (float[] noise : new float[][] {null, noise(2)}) {
            String what = noise == null ? "z = μ" : "z = μ + σ ε";
            Weights head = subset(weights, VaeLayout.HEAD_BIAS);
            int checked = harness.check(what + ", head.b", head, headBiasGradient(weights, batch, noise),
                    w -> GradientHarness.referenceLoss(SPEC, merged(weights, w), batch, noise), 3);
            assertThat(checked).isEqualTo(SPEC.inputSize());
        }
        Weights sigma = subset(weights, VaeLayout.SIGMA_BIAS);
        assertThat(harness.check("z = μ, latent.sigma.b", sigma, sigmaBiasGradient(weights, batch),
                w -> GradientHarness.referenceLoss(SPEC, merged(weights, w), batch, null), 4)).isEqualTo(4);
    }

    /**
     * d loss / d head.b: the mean over sequences of the sum over steps of each output's derivative, {@code σ(o) − y}
     * for a hit, {@code 2 (σ(o) − y) σ(o) (1 − σ(o))} for a velocity, {@code 2 (tanh(o) − y) (1 − tanh²(o))} for an
     * offset.
     */
    private static Weights headBiasGradient(Weights weights, TrainingBatch batch, float[] noise) {
        float[] outputs = outputs(weights, batch, noise);
        float[] targets = batch.grooveTargets().toArray();
        int width = SPEC.inputSize();
        int classes = width / 3;
        float[] gradient = new float[width];
        for (int base = 0; base < outputs.length; base += width) {
            for (int k = 0; k < width; k++) {
                double o = outputs[base + k];
                double y = targets[base + k];
                double d;
                if (k < classes) {
                    d = sigmoid(o) - y;
                } else if (k < 2 * classes) {
                    double s = sigmoid(o);
                    d = 2 * (s - y) * s * (1 - s);
                } else {
                    double t = Math.tanh(o);
                    d = 2 * (t - y) * (1 - t * t);
                }
                gradient[k] += (float) (d / ROWS);
            }
        }
        return Weights.of(Map.of(VaeLayout.HEAD_BIAS, Tensor.of(gradient, width)));
    }

    /**
     * d loss / d latent.sigma.b at z = μ, where σ = softplus(a) reaches the loss only through the penalty:
     * {@code β / B · Σ_b [KL_b > free nats] (σ − 1/σ) · sigmoid(a)}, with {@code sigmoid(a) = 1 − e^(−σ)}.
     */
    private static Weights sigmaBiasGradient(Weights weights, TrainingBatch batch) {
        Architecture.Latent latent = SPEC.architecture().latent();
        LatentDistribution q = DrumVaeLatents.of(SPEC, weights).encode(batch.inputs().source());
        float[] sigma = q.sigma();
        double[] kl = GrooveLoss.kl(q.mu(), sigma, ROWS);
        int size = latent.size();
        float[] gradient = new float[size];
        for (int b = 0; b < ROWS; b++) {
            if (kl[b] <= GrooveLoss.nats(latent.freeBits())) {
                continue;
            }
            for (int j = 0; j < size; j++) {
                double s = sigma[b * size + j];
                gradient[j] += (float) (latent.beta() / ROWS * (s - 1 / s) * (1 - Math.exp(-s)));
            }
        }
        return Weights.of(Map.of(VaeLayout.SIGMA_BIAS, Tensor.of(gradient, size)));
    }

    /** The decoder's raw outputs from z = μ + σ ⊙ noise (μ for null), every step teacher-forced. */
    private static float[] outputs(Weights weights, TrainingBatch batch, float[] noise) {
        DrumVaeLatents latents = DrumVaeLatents.of(SPEC, weights);
        LatentDistribution q = latents.encode(batch.inputs().source());
        float[] z = q.mu();
        float[] sigma = q.sigma();
        for (int i = 0; noise != null && i < z.length; i++) {
            z[i] += sigma[i] * noise[i];
        }
        int width = SPEC.inputSize();
        float[] outputs = new float[ROWS * TIME * width];
        try (SequenceModel model = new JavaBackend().fromWeights(SPEC, weights); Decoder decoder = model.newDecoder(ROWS)) {
            decoder.setState(latents.stateFromLatent(z));
            float[] step = new float[ROWS * width];
            for (int t = 0; t < TIME; t++) {
                for (int b = 0; b < ROWS; b++) {
                    System.arraycopy(batch.inputs().inputs().vector(b, t), 0, step, b * width, width);
                }
                float[] out = decoder.step(step);
                for (int b = 0; b < ROWS; b++) {
                    System.arraycopy(out, b * width, outputs, (b * TIME + t) * width, width);
                }
            }
        }
        return outputs;
    }

    private static Weights subset(Weights weights, String name) {
        return Weights.of(Map.of(name, weights.get(name)));
    }

    private static Weights merged(Weights weights, Weights part) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        tensors.putAll(part.asMap());
        return Weights.of(tensors);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
