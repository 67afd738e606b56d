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
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.training.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramBaselineTest {
    private static final DrumKitCodec DRUMS = new DrumKitCodec(new DrumKitSpec(DrumMap.GM, 4, 0));
    private static final int V = 512;

    @Test
    void aBigramByHand() {
        // a b a b with a = 1, b = 2: order-2 events (a→b) ×2, (b→a) ×1; continuation counts b: 1, a: 1
        NgramBaseline bigram = NgramBaseline.ofSequences(DRUMS, List.of(IntSeq.of(1, 2, 1, 2)), 2);

        // D2 = n1 / (n1 + 2 n2) = 1 / 3; D1 = 2 / (2 + 0) = 1, so the unigram level is uniform
        assertThat(bigram.discount(2)).isCloseTo(1 / 3.0, within(1e-15));
        assertThat(bigram.discount(1)).isEqualTo(1.0);
        double[] afterA = bigram.distribution(new int[] {1, 0}, 1);
        // (2 − 1/3) / 2 + (1/3) · 1 / 2 · 1/V
        assertThat(afterA[2]).isCloseTo(5 / 6.0 + 1 / (6.0 * V), within(1e-15));
        assertThat(afterA[7]).isCloseTo(1 / (6.0 * V), within(1e-15));
        // an unseen context backs off to the lower order as it is
        double[] afterSeven = bigram.distribution(new int[] {7, 0}, 1);
        assertThat(afterSeven[2]).isCloseTo(1.0 / V, within(1e-15));
    }

    @Test
    void everyDistributionSumsToOneAndLeavesNoLabelImpossible() {
        SplittableRandom random = new SplittableRandom(3);
        List<IntSeq> training = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            int[] tokens = new int[50 + random.nextInt(50)];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = random.nextInt(4) == 0 ? random.nextInt(V) : random.nextInt(3);
            }
            training.add(IntSeq.wrap(tokens));
        }
        for (int order = 1; order <= 5; order++) {
            NgramBaseline baseline = NgramBaseline.ofSequences(DRUMS, training, order);
            for (int trial = 0; trial < 200; trial++) {
                int[] tokens = trial < 100 ? training.get(trial % 20).toArray() : new int[] {random.nextInt(V),
                    random.nextInt(V), random.nextInt(V), random.nextInt(V), random.nextInt(V)};
                int position = 1 + random.nextInt(Math.min(tokens.length, 40));
                double[] p = baseline.distribution(tokens, position);
                double sum = 0;
                for (double value : p) {
                    assertThat(value).isGreaterThan(0);
                    sum += value;
                }
                assertThat(sum).as("order %d", order).isCloseTo(1.0, within(1e-12));
            }
        }
    }

    @Test
    void onAPatternedCorpusTheFourGramBeatsTheUnigram() {
        // a one-bar beat with a variation every other bar: kick+hat, hat, snare+hat, fills
        int[] bar = {5, 0, 4, 0, 6, 0, 4, 1, 4, 1, 5, 0, 6, 0, 4, 4};
        int[] fill = {5, 0, 4, 0, 6, 0, 4, 0, 2, 2, 2, 2, 6, 6, 6, 128};
        List<IntSeq> training = List.of(IntSeq.wrap(bars(bar, fill, 8)), IntSeq.wrap(bars(bar, fill, 6)));
        List<IntSeq> validation = List.of(IntSeq.wrap(bars(bar, fill, 4)));

        NgramBaseline fourGram = NgramBaseline.ofSequences(DRUMS, training, 4);
        Metrics ngram = fourGram.evaluate(DRUMS, validation);
        Metrics unigram = UnigramBaseline.ofSequences(DRUMS, training).evaluate(DRUMS, validation);

        assertThat(ngram.steps()).isEqualTo(unigram.steps()).isEqualTo(4 * 16 - 1);
        assertThat(ngram.perplexity()).isLessThan(unigram.perplexity() / 2);
        assertThat(ngram.accuracy()).isGreaterThan(unigram.accuracy());
        assertThat(ngram.eventAccuracy()).isGreaterThan(0.8);
    }

    @Test
    void scoresTheStepsOfTheModelsValidationWindows() {
        List<IntSeq> sequences = List.of(IntSeq.of(1, 2, 3, 4, 5, 6, 7), IntSeq.of(9), IntSeq.of(3, 3, 3, 3, 3));
        NgramBaseline baseline = NgramBaseline.ofSequences(DRUMS, sequences, 3);
        Windows windows = new Windows(DRUMS, sequences, 4);
        for (int maxWindows : new int[] {0, 1, 2, 3}) {
            long steps = 0;
            long events = 0;
            for (TrainingBatch batch : windows.validationBatches(2, maxWindows)) {
                for (int i = 0; i < batch.categoricalTargets().mask().length; i++) {
                    if (batch.categoricalTargets().mask()[i] == 1) {
                        steps++;
                        events += batch.categoricalTargets().labels()[i] == 0 ? 0 : 1;
                    }
                }
            }
            Metrics metrics = baseline.evaluate(DRUMS, sequences, 4, maxWindows);
            assertThat(metrics.steps()).as("max windows %d", maxWindows).isEqualTo(steps);
            assertThat(metrics.eventSteps()).isEqualTo(events);
        }
        assertThat(baseline.evaluate(DRUMS, sequences).steps()).isEqualTo(6 + 4);
    }

    @Test
    void predictsLookbackLabelsFromTokens() {
        MelodyCodec melody = new MelodyCodec(MelodySpec.LOOKBACK);
        int[] tune = new int[64];
        for (int i = 0; i < tune.length; i++) {
            tune[i] = i % 4 == 0 ? 2 + i / 4 % 5 : 0;
        }
        NgramBaseline baseline = NgramBaseline.ofSequences(melody, List.of(IntSeq.wrap(tune)), 4);
        assertThat(baseline.labelCount()).isEqualTo(melody.labelCount());
        double[] p = baseline.distribution(tune, 40);
        assertThat(p).hasSize(melody.labelCount());
        assertThat(baseline.evaluate(melody, List.of(IntSeq.wrap(tune))).steps()).isEqualTo(63);
    }

    @Test
    void refusesWhatItCannotCount() {
        assertThatThrownBy(() -> NgramBaseline.ofSequences(DRUMS, List.of(), 0)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> NgramBaseline.ofSequences(DRUMS, List.of(), 8)).hasMessageContaining("too large");
        NgramBaseline empty = NgramBaseline.ofSequences(DRUMS, List.of(), 4);
        assertThat(empty.distribution(new int[] {1, 2}, 1)[3]).isEqualTo(1.0 / V);
    }

    private static int[] bars(int[] bar, int[] fill, int count) {
        int[] out = new int[count * 16];
        for (int b = 0; b < count; b++) {
            System.arraycopy(b % 2 == 1 ? fill : bar, 0, out, b * 16, 16);
        }
        return out;
    }
}
