package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import org.junit.jupiter.api.Test;

class MultiLabelEvaluatorTest {
    private final Evaluator evaluator = Evaluator.multiLabel(0.5, new BernoulliLoss.Bce());

    @Test
    void countsAndRates() {
        // 2 frames × 4 keys; targets 1100 / 0011; logits predict 1010 / 0011
        SequenceBatch targets = SequenceBatch.wrap(1, 2, 4, new float[] {1, 1, 0, 0, 0, 0, 1, 1});
        SequenceBatch logits = SequenceBatch.wrap(1, 2, 4, new float[] {2, -1, 0, -3, -2, -0.5f, 1, 5});
        MultiLabelMetrics m = evaluator.evaluateLogits(logits, targets);
        assertThat(m.truePositives()).isEqualTo(3);
        assertThat(m.falsePositives()).isEqualTo(1); // logit 0 counts as sounding at threshold ½
        assertThat(m.falseNegatives()).isEqualTo(1);
        assertThat(m.precision()).isEqualTo(0.75);
        assertThat(m.recall()).isEqualTo(0.75);
        assertThat(m.f1()).isEqualTo(0.75);
        assertThat(m.predictedDensity()).isEqualTo(2.0);
        assertThat(m.targetDensity()).isEqualTo(2.0);
        assertThat(m.loss()).isCloseTo(new BernoulliLoss.Bce().mean(logits, targets), within(1e-12));
        assertThat(m.plus(m).f1()).isEqualTo(0.75);
        assertThat(m.plus(m).frames()).isEqualTo(4);
        assertThat(Evaluator.multiLabel(0.9, new BernoulliLoss.Bce()).evaluateLogits(logits, targets).truePositives()).isEqualTo(1); // only logit 5 ≥ ln 9
    }

    @Test
    void silenceHasNoPrecisionAndZeroDensity() {
        SequenceBatch targets = SequenceBatch.wrap(1, 1, 3, new float[] {1, 0, 0});
        MultiLabelMetrics m = Evaluator.evaluateFrames(SequenceBatch.wrap(1, 1, 3, new float[3]), targets);
        assertThat(m.precision()).isNaN();
        assertThat(m.recall()).isEqualTo(0);
        assertThat(m.f1()).isEqualTo(0);
        assertThat(m.predictedDensity()).isEqualTo(0);
        assertThat(m.densityRatio()).isEqualTo(0);
        assertThat(m.loss()).isNaN();
        assertThat(m.toJson()).startsWith("{\"f1\":0.0,\"precision\":null,\"recall\":0.0,");
    }

    @Test
    void baselines() {
        // source frames 100, 010; targets 010, 011, 001
        SequenceBatch source = SequenceBatch.wrap(1, 2, 3, new float[] {1, 0, 0, 0, 1, 0});
        SequenceBatch target = SequenceBatch.wrap(1, 3, 3, new float[] {0, 1, 0, 0, 1, 1, 0, 0, 1});
        TrainingBatch batch = TrainingBatch.seq2seq(source, target);
        // repeat last source frame 010 ×3: tp 2 (key 1 at t0, t1), fp 1 (t2), fn 2 (key 2 at t1, t2)
        MultiLabelMetrics last = Evaluator.repeatLastFrame(batch);
        assertThat(new long[] {last.truePositives(), last.falsePositives(), last.falseNegatives()}).containsExactly(2, 1, 2);
        // repeat previous true frame: predictions 010, 010, 011: tp 1+1+1, fp 0+0+1, fn 0+1+0
        MultiLabelMetrics previous = Evaluator.repeatPrevious(batch);
        assertThat(new long[] {previous.truePositives(), previous.falsePositives(), previous.falseNegatives()})
                .containsExactly(3, 1, 1);
    }
}
