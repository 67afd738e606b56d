package dev.midigen.model.eval;

import static dev.midigen.model.eval.GrooveFixtures.HAT;
import static dev.midigen.model.eval.GrooveFixtures.KICK;
import static dev.midigen.model.eval.GrooveFixtures.SNARE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.model.eval.HumanizeMetrics.Performance;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrooveBaselinesTest {
    private static final double EPS = 1e-4;

    /**
     * Five hits in two bars of training: kick on step 0 at 100 and 120 (offsets 0.2 and 0 steps), snare on step 4 at
     * 60 and 80 (−0.4 and 0), kick on step 8 at 80 (0.1). Means: kick@0 110 / 0.1; snare@4 70 / −0.2; kick@8 80 / 0.1;
     * kick 100 / 0.1; snare 70 / −0.2; all 88 / −0.02.
     */
    private static final List<GrooveTrack> TRAINING = List.of(
            GrooveFixtures.steps(16).hit(0, KICK, 100, 0.2).hit(4, SNARE, 60, -0.4).build(),
            GrooveFixtures.steps(16).hit(0, KICK, 120, 0).hit(8, KICK, 80, 0.1).hit(4, SNARE, 80, 0).build());

    private static double midi(float velocity) {
        return velocity * 127.0;
    }

    @Test
    void averageGrooveIsThePerPositionMean_thenTheClassMean_thenTheMeanOfAll() {
        GrooveBaselines.AverageGroove average = GrooveBaselines.averageGroove(TRAINING);
        assertThat(midi(average.velocity(16, 0, KICK))).isCloseTo(110, within(EPS));
        assertThat(average.offset(16, 0, KICK)).isCloseTo(0.2f, within(1e-6f));       // 0.1 steps, held twice
        assertThat(midi(average.velocity(16, 4, SNARE))).isCloseTo(70, within(EPS));
        assertThat(average.offset(16, 4, SNARE)).isCloseTo(-0.4f, within(1e-6f));
        assertThat(midi(average.velocity(16, 8, KICK))).isCloseTo(80, within(EPS));
        // kick never on step 12: the kick's mean
        assertThat(midi(average.velocity(16, 12, KICK))).isCloseTo(100, within(EPS));
        assertThat(average.offset(16, 12, KICK)).isCloseTo(0.2f, within(1e-6f));
        // no hat in training: the mean of all hits
        assertThat(midi(average.velocity(16, 2, HAT))).isCloseTo(88, within(EPS));
        assertThat(average.offset(16, 2, HAT)).isCloseTo(-0.04f, within(1e-6f));
        // a bar length training never had (3/4): the class's mean
        assertThat(midi(average.velocity(12, 0, KICK))).isCloseTo(100, within(EPS));
        assertThatThrownBy(() -> average.velocity(16, 16, KICK)).hasMessageContaining("no step 16");
    }

    @Test
    void baselinesKeepTheHitsAndGiveThemTheirFeel() {
        GrooveTrack input = HumanizeMetrics.quantize(GrooveFixtures.steps(32).hit(0, KICK).hit(4, SNARE).hit(16, KICK)
                .hit(18, HAT).build());
        GrooveTrack average = GrooveBaselines.averageGroove(TRAINING).apply(input);
        assertThat(average.hits()).isEqualTo(input.hits());
        assertThat(midi(average.velocity(16, KICK))).isCloseTo(110, within(EPS));    // step 0 of the second bar
        assertThat(midi(average.velocity(18, HAT))).isCloseTo(88, within(EPS));
        assertThat(average.velocity(1, KICK)).isZero();

        GrooveBaselines.Quantized quantized = GrooveBaselines.quantized(TRAINING);
        assertThat(midi(quantized.velocity())).isCloseTo(88, within(EPS));
        GrooveTrack flat = quantized.apply(input);
        assertThat(flat.hits()).isEqualTo(input.hits());
        assertThat(midi(flat.velocity(4, SNARE))).isCloseTo(88, within(EPS));
        assertThat(flat.offsets().toArray()).containsOnly(0f);
    }

    @Test
    void onTheirOwnTrainingSetTheAverageGrooveBeatsTheQuantizedBaseline() {
        // at 120 BPM an offset unit (half a step) is 62.5 ms
        List<Performance> played = TRAINING.stream().map(groove -> new Performance(groove, 120)).toList();
        HumanizeMetrics flat = HumanizeMetrics.evaluate(played, GrooveBaselines.quantized(TRAINING));
        // |100−88| + |60−88| + |120−88| + |80−88| + |80−88| = 88; offsets 0.4 + 0.8 + 0 + 0.2 + 0 = 1.4 units
        assertThat(flat.f1()).isEqualTo(1.0);
        assertThat(flat.velocityMae()).isCloseTo(88 / 5.0, within(EPS));
        assertThat(flat.timingMaeMs()).isCloseTo(1.4 * 62.5 / 5, within(EPS));
        HumanizeMetrics average = HumanizeMetrics.evaluate(played, GrooveBaselines.averageGroove(TRAINING));
        // 10 + 10 + 10 + 0 + 10 = 40; 0.2 + 0.4 + 0.2 + 0 + 0.4 = 1.2 units
        assertThat(average.velocityMae()).isCloseTo(40 / 5.0, within(EPS));
        assertThat(average.timingMaeMs()).isCloseTo(1.2 * 62.5 / 5, within(EPS));
    }

    @Test
    void trainingAndInputsMustShareAMapAndAGrid() {
        GrooveTrack gm = GrooveTrack.of(DrumMap.GM, 4, 16, new int[] {1}, new float[] {0.5f, 0, 0, 0, 0, 0, 0, 0, 0},
                new float[9]);
        assertThatThrownBy(() -> GrooveBaselines.averageGroove(List.of(TRAINING.get(0), gm)))
                .hasMessageContaining("fitted on roland");
        assertThatThrownBy(() -> GrooveBaselines.quantized(TRAINING).apply(gm)).hasMessageContaining("given gm");
        assertThatThrownBy(() -> GrooveBaselines.quantized(List.of())).hasMessageContaining("no training");
        GrooveTrack silent = GrooveFixtures.steps(16).build();
        assertThatThrownBy(() -> GrooveBaselines.averageGroove(List.of(silent))).hasMessageContaining("no hits");
    }
}
