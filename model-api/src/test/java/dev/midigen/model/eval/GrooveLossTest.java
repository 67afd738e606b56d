package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.model.FeelLoss;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import org.junit.jupiter.api.Test;

/**
 * The groove objective on cases worked out by hand: one step of two classes, raw outputs
 * {@code [0, 2 | 0, ln 3 | 0, atanh ½]} against the frame {@code [1, 0 | ½, ½ | ¼, 0]}:
 * <pre>
 *   hits:     −ln σ(0) = ln 2 = 0.693147180559945;  −ln(1 − σ(2)) = ln(1 + e²) = 2.126928011042973
 *             sum 2.820075191602918
 *   velocity: (σ(0) − ½)² = 0;  (σ(ln 3) − ½)² = (¾ − ½)² = 0.0625;  sum 0.0625
 *   offset:   (tanh 0 − ¼)² = 0.0625;  (tanh atanh ½ − 0)² = 0.25;  sum 0.3125
 *   KL, μ = [1, 0], σ = [1, ½]: ½(1 + 1 − 1) − ln 1 = 0.5;  ½(0 + ¼ − 1) − ln ½ = −0.375 + 0.693147 = 0.318147180559945
 *             sum 0.818147180559945
 * </pre>
 */
class GrooveLossTest {
    private static final double EPS = 1e-6;
    private static final float[] OUTPUTS = {0, 2, 0, (float) Math.log(3), 0, (float) atanh(0.5)};
    private static final float[] TARGETS = {1, 0, 0.5f, 0.5f, 0.25f, 0};
    private static final double HITS = 2.820075191602918;
    private static final double KL = 0.818147180559945;

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    @Test
    void oneStepOfTwoClassesByHand() {
        GrooveLoss.Parts parts = GrooveLoss.of(OUTPUTS, TARGETS, 1, 1, 2, new float[] {1, 0}, new float[] {1, 0.5f},
                0.2, 0.5, FeelLoss.MSE);
        assertThat(parts.hits()).isCloseTo(HITS, within(EPS));
        assertThat(parts.velocity()).isCloseTo(0.0625, within(EPS));
        assertThat(parts.offset()).isCloseTo(0.3125, within(EPS));
        assertThat(parts.kl()).isCloseTo(KL, within(EPS));
        // 0.2 · (0.818147 − 0.5)
        assertThat(parts.penalty()).isCloseTo(0.2 * 0.318147180559945, within(EPS));
        assertThat(parts.reconstruction()).isCloseTo(HITS + 0.375, within(EPS));
        assertThat(parts.total()).isCloseTo(HITS + 0.375 + 0.063629436111989, within(EPS));

        GrooveLoss.Parts same = GrooveLoss.of(SequenceBatch.wrap(1, 1, 6, OUTPUTS.clone()),
                new Targets.Groove(SequenceBatch.wrap(1, 1, 6, TARGETS.clone())), new float[] {1, 0},
                new float[] {1, 0.5f}, 0.2, 0.5, FeelLoss.MSE);
        assertThat(same).isEqualTo(parts);
        GrooveLoss.Parts alone = GrooveLoss.reconstruction(OUTPUTS, TARGETS, 1, 1, 2, FeelLoss.MSE);
        assertThat(alone.kl()).isZero();
        assertThat(alone.penalty()).isZero();
        assertThat(alone.total()).isEqualTo(parts.reconstruction());
    }

    @Test
    void anAbsoluteFeelLossSumsTheErrorsThemselves() {
        // velocity |σ(0) − ½| + |σ(ln 3) − ½| = 0 + ¼; offset |tanh 0 − ¼| + |½ − 0| = ¾; the hits and KL as before
        GrooveLoss.Parts parts = GrooveLoss.of(OUTPUTS, TARGETS, 1, 1, 2, new float[] {1, 0}, new float[] {1, 0.5f},
                0.2, 0.5, FeelLoss.L1);
        assertThat(parts.hits()).isCloseTo(HITS, within(EPS));
        assertThat(parts.velocity()).isCloseTo(0.25, within(EPS));
        assertThat(parts.offset()).isCloseTo(0.75, within(EPS));
        assertThat(parts.kl()).isCloseTo(KL, within(EPS));
        assertThat(FeelLoss.L1.loss(-0.25)).isEqualTo(0.25);
        assertThat(FeelLoss.L1.derivative(-0.25)).isEqualTo(-1);
        assertThat(FeelLoss.L1.derivative(0)).isZero();
        assertThat(FeelLoss.MSE.loss(-0.5)).isEqualTo(0.25);
        assertThat(FeelLoss.MSE.derivative(-0.5)).isEqualTo(-1);
        assertThat(FeelLoss.of("l1")).isEqualTo(FeelLoss.L1);
        assertThatThrownBy(() -> FeelLoss.of("huber")).hasMessageContaining("no feel loss 'huber' (mse, l1)");
    }

    /**
     * Two sequences of two steps: the first repeats the hand case, the second has zero outputs against zero targets
     * (per step: hits 2 ln 2, velocity 2 · ¼, offset 0). Steps add up within a sequence; sequences are averaged.
     */
    @Test
    void summedOverStepsAveragedOverSequences() {
        float[] outputs = new float[24];
        float[] targets = new float[24];
        for (int step = 0; step < 2; step++) {
            System.arraycopy(OUTPUTS, 0, outputs, 6 * step, 6);
            System.arraycopy(TARGETS, 0, targets, 6 * step, 6);
        }
        GrooveLoss.Parts parts = GrooveLoss.reconstruction(outputs, targets, 2, 2, 2, FeelLoss.MSE);
        double ln2 = Math.log(2);
        assertThat(parts.hits()).isCloseTo((2 * HITS + 4 * ln2) / 2, within(EPS));
        assertThat(parts.velocity()).isCloseTo((2 * 0.0625 + 2 * 0.5) / 2, within(EPS));
        assertThat(parts.offset()).isCloseTo(2 * 0.3125 / 2, within(EPS));
        GrooveLoss.Parts batches = GrooveLoss.reconstruction(SequenceBatch.wrap(2, 2, 6, outputs),
                new Targets.Groove(SequenceBatch.wrap(2, 2, 6, targets)), FeelLoss.MSE);
        assertThat(batches).isEqualTo(parts);
    }

    @Test
    void klIsZeroAtThePriorAndFreeBitsClampPerSequence() {
        assertThat(GrooveLoss.kl(new float[4], new float[] {1, 1, 1, 1}, 2)).containsExactly(0, 0);
        double[] kl = GrooveLoss.kl(new float[] {1, 0, 0, 0}, new float[] {1, 0.5f, 1, 1}, 2);
        assertThat(kl[0]).isCloseTo(KL, within(EPS));
        assertThat(kl[1]).isZero();
        // sequence 0 pays 0.2 · (0.818147 − 0.5), sequence 1 (KL 0) pays nothing — not −0.2 · 0.5
        GrooveLoss.Parts parts = GrooveLoss.of(new float[12], new float[12], 2, 1, 2, new float[] {1, 0, 0, 0},
                new float[] {1, 0.5f, 1, 1}, 0.2, 0.5, FeelLoss.MSE);
        assertThat(parts.kl()).isCloseTo(KL / 2, within(EPS));
        assertThat(parts.penalty()).isCloseTo(0.2 * (KL - 0.5) / 2, within(EPS));
        assertThat(GrooveLoss.of(new float[12], new float[12], 2, 1, 2, new float[] {1, 0, 0, 0},
                new float[] {1, 0.5f, 1, 1}, 0.2, 1.0, FeelLoss.MSE).penalty()).as("every sequence under its free nats").isZero();
        assertThat(GrooveLoss.penalty(3, 0.5, 1)).isEqualTo(1.0);
        assertThat(GrooveLoss.penalty(0.5, 0.5, 1)).isZero();
        assertThat(GrooveLoss.nats(48)).as("GrooVAE's 48 free bits").isCloseTo(33.271064666, within(1e-8));
    }

    @Test
    void hitLossIsStableForLargeLogits() {
        assertThat(GrooveLoss.hitLoss(1000, 1)).isCloseTo(0, within(1e-12));
        assertThat(GrooveLoss.hitLoss(-1000, 1)).isCloseTo(1000, within(1e-9));
        assertThat(GrooveLoss.hitLoss(1000, 0)).isCloseTo(1000, within(1e-9));
        assertThat(GrooveLoss.hitLoss(-1000, 0)).isCloseTo(0, within(1e-12));
        // a soft target: 0.3 · ln(1 + e^−1) + 0.7 · ln(1 + e)
        assertThat(GrooveLoss.hitLoss(1, 0.3)).isCloseTo(0.3 * Math.log1p(Math.exp(-1)) + 0.7 * Math.log1p(Math.E),
                within(1e-12));
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThatThrownBy(() -> GrooveLoss.reconstruction(new float[6], new float[5], 1, 1, 2, FeelLoss.MSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 outputs and 5 targets");
        assertThatThrownBy(() -> GrooveLoss.kl(new float[2], new float[] {1, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale 0.0");
        assertThatThrownBy(() -> GrooveLoss.kl(new float[3], new float[3], 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrooveLoss.of(new float[6], new float[6], 1, 1, 2, new float[1], new float[] {1}, -1, 0,
                FeelLoss.MSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta");
        assertThatThrownBy(() -> GrooveLoss.reconstruction(SequenceBatch.wrap(1, 1, 6, new float[6]),
                new Targets.Groove(SequenceBatch.wrap(1, 2, 6, new float[12])), FeelLoss.MSE)).isInstanceOf(IllegalArgumentException.class);
    }
}
