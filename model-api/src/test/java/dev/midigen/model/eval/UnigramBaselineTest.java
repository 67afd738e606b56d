package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.DrumKitCodec;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodyCodec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnigramBaselineTest {

    @Test
    void addOneSmoothedFrequencies_predictingTheMostFrequentLabel() {
        UnigramBaseline baseline = UnigramBaseline.ofCounts(new long[] {3, 1, 0});

        // (3 + 1) / (4 + 3), (1 + 1) / 7, (0 + 1) / 7
        assertThat(baseline.probability(0)).isEqualTo(4 / 7.0);
        assertThat(baseline.probability(1)).isEqualTo(2 / 7.0);
        assertThat(baseline.probability(2)).isEqualTo(1 / 7.0);
        assertThat(baseline.prediction()).isZero();

        Metrics metrics = baseline.evaluate(new int[] {0, 1, 2, 1}, new float[] {1, 1, 1, 0});
        assertThat(metrics.steps()).isEqualTo(3);
        assertThat(metrics.loss()).isCloseTo(-(Math.log(4 / 7.0) + Math.log(2 / 7.0) + Math.log(1 / 7.0)) / 3,
                within(1e-15));
        assertThat(metrics.accuracy()).isEqualTo(1 / 3.0);
        assertThat(metrics.eventAccuracy()).isZero();
        assertThat(metrics.noEventAccuracy()).isEqualTo(1.0);
        // the logits are the log-probabilities: the evaluator agrees (up to float rounding)
        float[] logits = baseline.logits();
        float[] batch = new float[3 * 3];
        for (int t = 0; t < 3; t++) {
            System.arraycopy(logits, 0, batch, t * 3, 3);
        }
        Metrics viaEvaluator = new Evaluator(3).evaluate(SequenceBatch.wrap(1, 3, 3, batch), new int[] {0, 1, 2},
                new float[] {1, 1, 1});
        assertThat(viaEvaluator.loss()).isCloseTo(metrics.loss(), within(1e-6));
        assertThat(viaEvaluator.correct()).isEqualTo(metrics.correct());
    }

    @Test
    void tiesPredictTheLowestLabel() {
        assertThat(UnigramBaseline.ofCounts(new long[] {1, 5, 5}).prediction()).isEqualTo(1);
        assertThat(UnigramBaseline.ofCounts(new long[] {0, 0}).probability(1)).isEqualTo(0.5);
        assertThatThrownBy(() -> UnigramBaseline.ofCounts(new long[] {1, -1})).hasMessageContaining("negative");
    }

    @Test
    void countsTheLabelsTrainingSees() {
        DrumKitCodec drums = new DrumKitCodec(new DrumKitSpec(DrumMap.GM, 4, 0));
        // labels are tokens 1 … n-1 of each sequence: the first token is read, never predicted
        UnigramBaseline baseline = UnigramBaseline.ofSequences(drums, List.of(IntSeq.of(9, 1, 1, 0), IntSeq.of(7), IntSeq.of(2, 1)));
        assertThat(baseline.count(1)).isEqualTo(3);
        assertThat(baseline.count(0)).isEqualTo(1);
        assertThat(baseline.count(9)).isZero();
        assertThat(baseline.count(7)).isZero();
        assertThat(baseline.probability(1)).isEqualTo(4 / (4.0 + 512));

        Metrics onSequences = baseline.evaluate(drums, List.of(IntSeq.of(5, 1, 0)));
        assertThat(onSequences.steps()).isEqualTo(2);
        assertThat(onSequences.lossSum()).isCloseTo(-Math.log(4 / 516.0) - Math.log(2 / 516.0), within(1e-12));

        // lookback labels: the second bar repeating the first is labelled "repeat 16 back" (38)
        MelodyCodec melody = new MelodyCodec(MelodySpec.LOOKBACK);
        int[] tokens = new int[32];
        for (int i = 0; i < 32; i++) {
            tokens[i] = 2 + i % 16;
        }
        UnigramBaseline lookback = UnigramBaseline.ofSequences(melody, List.of(IntSeq.wrap(tokens)));
        assertThat(lookback.labelCount()).isEqualTo(40);
        assertThat(lookback.count(38)).isEqualTo(16);
        assertThat(lookback.prediction()).isEqualTo(38);
    }

    @Test
    void batchesCountOnlyUnmaskedLabels() {
        TrainingBatch batch = TrainingBatch.categorical(SequenceBatch.wrap(1, 4, 1, new float[4]), new int[] {2, 2, 1, 0},
                new float[] {1, 1, 1, 0});
        UnigramBaseline baseline = UnigramBaseline.ofBatches(List.of(batch, batch), 3, 0);
        assertThat(baseline.count(2)).isEqualTo(4);
        assertThat(baseline.count(1)).isEqualTo(2);
        assertThat(baseline.count(0)).isZero();
        Metrics metrics = baseline.evaluate(List.of(batch));
        assertThat(metrics.steps()).isEqualTo(3);
        assertThat(metrics.accuracy()).isEqualTo(2 / 3.0);
    }
}
