package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.DrumKitCodec;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.sampling.ToyModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final double LN3 = Math.log(3);

    /**
     * Two sequences of two steps over three labels (no-event = 0):
     * (0,0) logits [0,0,0] label 0 — a three-way tie, predicted 0 (lowest), right, loss ln 3;
     * (0,1) logits [2,0,0] label 1 — predicted 0, wrong, loss ln(e² + 2);
     * (1,0) logits [0,5,0] label 1 — right, loss ln(e⁵ + 2) − 5;
     * (1,1) masked (label 2, logits NaN: never looked at).
     */
    private static final SequenceBatch LOGITS = SequenceBatch.wrap(2, 2, 3,
            new float[] {0, 0, 0, 2, 0, 0, 0, 5, 0, Float.NaN, Float.NaN, Float.NaN});
    private static final int[] LABELS = {0, 1, 1, 2};
    private static final float[] MASK = {1, 1, 1, 0};

    private static final double LOSS_A = LN3;
    private static final double LOSS_B = Math.log(Math.exp(2) + 2);
    private static final double LOSS_C = Math.log(Math.exp(5) + 2) - 5;

    @Test
    void handWorkedMetrics() {
        Metrics metrics = new Evaluator(3).evaluate(LOGITS, LABELS, MASK);

        assertThat(metrics.steps()).isEqualTo(3);
        assertThat(metrics.loss()).isCloseTo((LOSS_A + LOSS_B + LOSS_C) / 3, within(1e-12));
        assertThat(metrics.perplexity()).isCloseTo(Math.exp((LOSS_A + LOSS_B + LOSS_C) / 3), within(1e-12));
        assertThat(metrics.accuracy()).isEqualTo(2 / 3.0);
        // event steps: (0,1) wrong and (1,0) right; no-event steps: (0,0) right
        assertThat(metrics.eventSteps()).isEqualTo(2);
        assertThat(metrics.eventAccuracy()).isEqualTo(0.5);
        assertThat(metrics.noEventSteps()).isEqualTo(1);
        assertThat(metrics.noEventAccuracy()).isEqualTo(1.0);
        // per class: 0 → 1/1, 1 → 1/2, 2 never occurs: NaN alone, 0 in TensorFlow's mean over all 3 labels
        assertThat(metrics.classAccuracy(0)).isEqualTo(1.0);
        assertThat(metrics.classAccuracy(1)).isEqualTo(0.5);
        assertThat(metrics.classAccuracy(2)).isNaN();
        assertThat(metrics.meanPerClassAccuracy()).isEqualTo(0.5);
        assertThat(metrics.classSteps()).containsExactly(1L, 2L, 0L);
        assertThat(metrics.classCorrect()).containsExactly(1L, 1L, 0L);
    }

    @Test
    void anotherNoEventLabelMovesTheEventSplit() {
        Metrics metrics = new Evaluator(3, 1).evaluate(LOGITS, LABELS, MASK);
        assertThat(metrics.noEventSteps()).isEqualTo(2);
        assertThat(metrics.noEventAccuracy()).isEqualTo(0.5);
        assertThat(metrics.eventAccuracy()).isEqualTo(1.0);
    }

    @Test
    void batchesAddUpAsSums_notAveragesOfAverages() {
        Evaluator evaluator = new Evaluator(3);
        Metrics first = evaluator.evaluate(SequenceBatch.wrap(1, 2, 3, new float[] {0, 0, 0, 2, 0, 0}),
                new int[] {0, 1}, new float[] {1, 1});
        Metrics second = evaluator.evaluate(SequenceBatch.wrap(1, 1, 3, new float[] {0, 5, 0}), new int[] {1},
                new float[] {1});
        Metrics whole = evaluator.evaluate(LOGITS, LABELS, MASK);

        Metrics sum = first.plus(second);
        assertThat(sum.steps()).isEqualTo(whole.steps());
        assertThat(sum.loss()).isCloseTo(whole.loss(), within(1e-15));
        assertThat(sum.accuracy()).isEqualTo(whole.accuracy());
        assertThat(sum.classSteps()).isEqualTo(whole.classSteps());
        // the mean of the two batches' accuracies (1/2 and 1) would be 3/4, not 2/3
        assertThat((first.accuracy() + second.accuracy()) / 2).isNotEqualTo(sum.accuracy());
        assertThat(Metrics.empty(3, 0).plus(whole)).isEqualTo(whole);
        assertThatThrownBy(() -> whole.plus(Metrics.empty(4, 0))).hasMessageContaining("4 labels");
    }

    @Test
    void hugeLogitsStayFinite() {
        Metrics metrics = new Evaluator(2).evaluate(SequenceBatch.wrap(1, 2, 2, new float[] {1000, 0, -1000, 1000}),
                new int[] {1, 1}, new float[] {1, 1});
        assertThat(metrics.lossSum()).isCloseTo(1000, within(1e-9));
        assertThat(metrics.accuracy()).isEqualTo(0.5);
        Metrics impossible = new Evaluator(2).evaluate(
                SequenceBatch.wrap(1, 1, 2, new float[] {0, Float.NEGATIVE_INFINITY}), new int[] {1}, new float[] {1});
        assertThat(impossible.loss()).isInfinite();
    }

    @Test
    void evaluatingAModelRunsItsScore() {
        DrumKitCodec codec = new DrumKitCodec(new DrumKitSpec(DrumMap.GM, 4, 0));
        // a model that always says "the token after the one read", with probability ~1
        ToyModel model = new ToyModel(codec.spec(), c -> ToyModel.peak(512, (c.token() + 1) % 512, 40));
        float[] inputs = new float[2 * 3 * 512];
        int[] read = {4, 5, 9, 1, 2, 3};
        for (int i = 0; i < read.length; i++) {
            inputs[i * 512 + read[i]] = 1;
        }
        TrainingBatch batch = TrainingBatch.categorical(SequenceBatch.wrap(2, 3, 512, inputs), new int[] {5, 7, 10, 2, 3, 0},
                new float[] {1, 1, 1, 1, 1, 0});

        Metrics metrics = (Metrics) Evaluator.forCodec(codec).evaluate(model, List.of(batch, batch));

        // per batch: 4 → 5, 9 → 10, 1 → 2, 2 → 3 right (loss ~0); 5 → 7 wrong (the model says 6: loss 40)
        assertThat(metrics.steps()).isEqualTo(10);
        assertThat(metrics.accuracy()).isEqualTo(0.8);
        assertThat(metrics.loss()).isCloseTo(2 * 40 / 10.0, within(1e-9));
    }

    @Test
    void masksAndLabelsAreChecked() {
        Evaluator evaluator = new Evaluator(3);
        assertThatThrownBy(() -> evaluator.evaluate(LOGITS, LABELS, new float[] {1, 0.5f, 1, 0}))
                .hasMessage("sequence 0, step 1: mask value 0.5 is not 0 or 1");
        assertThatThrownBy(() -> evaluator.evaluate(LOGITS, new int[] {0, 3, 1, 2}, MASK))
                .hasMessage("sequence 0, step 1: label 3 is not 0..2");
        assertThatThrownBy(() -> evaluator.evaluate(LOGITS, LABELS, new float[] {1, 1, 1, 1}))
                .hasMessage("sequence 1, step 1: the logit of label 0 is NaN");
        assertThatThrownBy(() -> evaluator.evaluate(LOGITS, new int[] {0}, new float[] {1}))
                .hasMessageContaining("need 4 entries");
        assertThatThrownBy(() -> new Evaluator(4).evaluate(LOGITS, LABELS, MASK)).hasMessageContaining("3 labels");
        assertThatThrownBy(() -> new Evaluator(3, 3)).hasMessageContaining("no-event label 3");
    }

    @Test
    void jsonHasAFixedKeyOrder_nullForUndefinedRates_andReadsBack() {
        Metrics metrics = new Evaluator(3).evaluate(LOGITS, LABELS, MASK);
        String json = metrics.toJson();
        assertThat(json).startsWith("{\"steps\":3,\"loss\":");
        assertThat(json).containsSubsequence("\"steps\"", "\"loss\"", "\"perplexity\"", "\"accuracy\"",
                "\"eventAccuracy\"", "\"noEventAccuracy\"", "\"meanPerClassAccuracy\"", "\"labelCount\":3",
                "\"noEventLabel\":0", "\"lossSum\"", "\"correct\":2", "\"eventSteps\":2", "\"eventCorrect\":1",
                "\"classSteps\":[1,2,0]", "\"classCorrect\":[1,1,0]");
        assertThat(Metrics.fromJson(json)).isEqualTo(metrics);
        assertThat(Metrics.fromJson(json).toJson()).isEqualTo(json);

        String empty = Metrics.empty(2, 0).toJson();
        assertThat(empty).isEqualTo("{\"steps\":0,\"loss\":null,\"perplexity\":null,\"accuracy\":null,"
                + "\"eventAccuracy\":null,\"noEventAccuracy\":null,\"meanPerClassAccuracy\":0.0,\"labelCount\":2,"
                + "\"noEventLabel\":0,\"lossSum\":0.0,\"correct\":0,\"eventSteps\":0,\"eventCorrect\":0,"
                + "\"classSteps\":[0,0],\"classCorrect\":[0,0]}");
        assertThatThrownBy(() -> Metrics.fromJson("{\"steps\":1}")).hasMessageContaining("\"labelCount\"");
        assertThatThrownBy(() -> Metrics.fromJson("[")).hasMessageContaining("not metrics JSON");
    }
}
