package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.SequenceBatch;
import org.junit.jupiter.api.Test;

class BernoulliLossTest {
    private static final BernoulliLoss BCE = new BernoulliLoss.Bce();
    private static final double[] LOGITS = {-40, -7.5, -2, -0.3, 0, 0.1, 1.7, 4, 9, 40};
    private static final double[] TARGETS = {0, 1, 0.25};

    @Test
    void focalWithGammaZeroAndAlphaHalfIsHalfTheCrossEntropy() {
        BernoulliLoss focal = new BernoulliLoss.Focal(0.5, 0);
        for (double x : LOGITS) {
            for (double y : TARGETS) {
                assertThat(focal.value(x, y)).as("x %s y %s", x, y).isCloseTo(BCE.value(x, y) / 2, within(1e-12));
                assertThat(focal.gradient(x, y)).isCloseTo(BCE.gradient(x, y) / 2, within(1e-12));
            }
        }
        SequenceBatch logits = SequenceBatch.wrap(1, 2, 3, new float[] {-2, 0, 3, 1, -1, 0.5f});
        SequenceBatch targets = SequenceBatch.wrap(1, 2, 3, new float[] {0, 1, 1, 1, 0, 0});
        assertThat(focal.mean(logits, targets)).isCloseTo(BCE.mean(logits, targets) / 2, within(1e-12));
    }

    @Test
    void valuesWorkedOutByHand() {
        // x = 0: p = ½, BCE = ln 2 whatever the target
        assertThat(BCE.value(0, 1)).isCloseTo(Math.log(2), within(1e-15));
        assertThat(BCE.value(0, 0)).isCloseTo(Math.log(2), within(1e-15));
        // x = ln 3: p = ¾. Focal α = 0.25, γ = 2, y = 1: −0.25 · (¼)² · ln ¾
        BernoulliLoss focal = new BernoulliLoss.Focal(0.25, 2);
        assertThat(focal.value(Math.log(3), 1)).isCloseTo(-0.25 / 16 * Math.log(0.75), within(1e-15));
        // y = 0: −0.75 · (¾)² · ln ¼
        assertThat(focal.value(Math.log(3), 0)).isCloseTo(-0.75 * 9 / 16 * Math.log(0.25), within(1e-15));
        // large logits stay finite and exact: BCE(40, 0) = 40 + ln(1 + e^-40)
        assertThat(BCE.value(40, 0)).isCloseTo(40, within(1e-12));
        assertThat(BCE.value(-40, 0)).isCloseTo(Math.exp(-40), within(1e-20));
    }

    @Test
    void gradientsAreTheDerivatives() {
        BernoulliLoss[] losses = {BCE, new BernoulliLoss.Focal(0.25, 2), new BernoulliLoss.Focal(0.8, 0.5), new BernoulliLoss.Focal(0.6, 3.5)};
        double h = 1e-5;
        for (BernoulliLoss loss : losses) {
            for (double x : LOGITS) {
                for (double y : TARGETS) {
                    double numeric = (loss.value(x + h, y) - loss.value(x - h, y)) / (2 * h);
                    assertThat(loss.gradient(x, y)).as("%s x %s y %s", loss, x, y).isCloseTo(numeric, within(1e-7));
                }
            }
        }
    }

    @Test
    void focalDownWeightsEasyValues() {
        BernoulliLoss focal = new BernoulliLoss.Focal(0.5, 2);
        // an easy positive (p ≈ 0.98) loses far more than a hard one (p ≈ 0.12) relative to BCE
        double easy = focal.value(4, 1) / BCE.value(4, 1);
        double hard = focal.value(-2, 1) / BCE.value(-2, 1);
        assertThat(easy).isLessThan(hard / 100);
    }

    @Test
    void jsonAndChecks() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(new BernoulliLoss.Focal(0.75, 2))).isEqualTo("{\"type\":\"focal\",\"alpha\":0.75,\"gamma\":2.0}");
        assertThat(json.readValue("{\"type\":\"bce\"}", BernoulliLoss.class)).isEqualTo(BCE);
        assertThat(json.readValue("{\"type\":\"focal\",\"alpha\":0.25,\"gamma\":1}", BernoulliLoss.class))
                .isEqualTo(new BernoulliLoss.Focal(0.25, 1));
        assertThatThrownBy(() -> new BernoulliLoss.Focal(1.5, 2)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new BernoulliLoss.Focal(0.5, -1)).hasMessageContaining("gamma");
    }
}
