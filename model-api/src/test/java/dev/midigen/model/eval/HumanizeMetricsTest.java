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
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class HumanizeMetricsTest {
    private static final double EPS = 1e-4;

    /** At 120 BPM a 16th lasts 125 ms. */
    private static final Performance PLAYED = new Performance(GrooveFixtures.steps(16)
            .hit(0, KICK, 100, 0)
            .hit(4, SNARE, 60, -0.25)
            .hit(8, KICK, 90, 0)
            .hit(12, SNARE, 70, 0).build(), 120);

    @Test
    void precisionRecallF1OverCells_feelOverTheHitsInBoth() {
        GrooveTrack predicted = GrooveFixtures.steps(16)
                .hit(0, KICK, 90, 0.25)       // velocity off by 10, a quarter step early: 31.25 ms
                .hit(4, SNARE, 80, -0.25)     // off by 20, on time with the played
                .hit(10, HAT, 50, 0)          // not played
                .build();                     // kick 8 and snare 12 are missed
        HumanizeMetrics metrics = HumanizeMetrics.compare(List.of(PLAYED), List.of(predicted));
        assertThat(metrics.pieces()).isEqualTo(1);
        assertThat(metrics.targetHits()).isEqualTo(4);
        assertThat(metrics.predictedHits()).isEqualTo(3);
        assertThat(metrics.matchedHits()).isEqualTo(2);
        assertThat(metrics.precision()).isEqualTo(2 / 3.0);
        assertThat(metrics.recall()).isEqualTo(0.5);
        assertThat(metrics.f1()).isCloseTo(4 / 7.0, within(1e-12));
        assertThat(metrics.velocityMae()).isCloseTo(15, within(EPS));
        assertThat(metrics.timingMaeMs()).isCloseTo(31.25 / 2, within(EPS));
    }

    @Test
    void millisecondsFollowEachPiecesTempo() {
        assertThat(PLAYED.millisPerStep()).isEqualTo(125.0);
        Performance slow = new Performance(PLAYED.groove(), 60);
        GrooveTrack early = GrooveFixtures.steps(16).hit(0, KICK, 100, 0.5).hit(4, SNARE, 60, -0.25)
                .hit(8, KICK, 90, 0).hit(12, SNARE, 70, 0).build();
        // half a step: 62.5 ms at 120 BPM, 125 ms at 60; one error in four hits each
        HumanizeMetrics metrics = HumanizeMetrics.compare(List.of(PLAYED, slow), List.of(early, early));
        assertThat(metrics.timingMaeMs()).isCloseTo((62.5 + 125) / 8, within(EPS));
        assertThat(metrics.velocityMae()).isCloseTo(0, within(EPS));
        assertThat(metrics.f1()).isEqualTo(1.0);
    }

    @Test
    void aHumanizerSeesOnlyTheHits() {
        GrooveTrack quantized = HumanizeMetrics.quantize(PLAYED.groove());
        assertThat(quantized.hits()).isEqualTo(PLAYED.groove().hits());
        assertThat(quantized.velocities().toArray()).containsOnly(0f);
        assertThat(quantized.offsets().toArray()).containsOnly(0f);

        // handing back the input unchanged: every hit right, every velocity 0, timing off by the played offsets
        HumanizeMetrics metrics = HumanizeMetrics.evaluate(List.of(PLAYED), UnaryOperator.identity());
        assertThat(metrics.f1()).isEqualTo(1.0);
        assertThat(metrics.velocityMae()).isCloseTo((100 + 60 + 90 + 70) / 4.0, within(EPS));
        assertThat(metrics.timingMaeMs()).isCloseTo(125 * 0.25 / 4, within(EPS));
    }

    @Test
    void nothingInCommonIsF1Zero_andNoMaes() {
        GrooveTrack elsewhere = GrooveFixtures.steps(16).hit(2, HAT).build();
        HumanizeMetrics metrics = HumanizeMetrics.compare(List.of(PLAYED), List.of(elsewhere));
        assertThat(metrics.precision()).isZero();
        assertThat(metrics.recall()).isZero();
        assertThat(metrics.f1()).isZero();
        assertThat(metrics.velocityMae()).isNaN();
        assertThat(metrics.timingMaeMs()).isNaN();
    }

    @Test
    void predictionsMustBeOfTheTargetsSteps() {
        GrooveTrack longer = GrooveFixtures.steps(32).hit(0, KICK).build();
        assertThatThrownBy(() -> HumanizeMetrics.compare(List.of(PLAYED), List.of(longer)))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> HumanizeMetrics.compare(List.of(PLAYED), List.of()))
                .hasMessageContaining("1 targets but 0 predictions");
        assertThatThrownBy(() -> new Performance(PLAYED.groove(), 0)).hasMessageContaining("bpm");
    }

    @Test
    void aPerformanceFromNotesKeepsItsTempo() {
        Optional<Performance> read = Performance.of(PLAYED.groove().toNoteSequence(480, 93), DrumMap.ROLAND);
        assertThat(read).isPresent();
        assertThat(read.get().groove()).isEqualTo(PLAYED.groove());
        assertThat(read.get().bpm()).isCloseTo(93, within(0.01));
    }
}
