package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.time.MeterMap;
import dev.midigen.codec.time.TempoMap;
import dev.midigen.codec.smf.Timing;
import dev.midigen.model.generate.Generated;
import java.util.List;
import org.junit.jupiter.api.Test;

class MelodyStatisticsTest {
    private static final double EPS = 1e-12;
    private static final int HOLD = Melody.NO_EVENT;
    private static final int OFF = Melody.NOTE_OFF;

    /**
     * Bars of 4 steps: AA B A, a silent bar and half a silent bar. Notes 60 62 | 60 62 | 64 | 60 62 (C major).
     */
    private static final Melody TUNE = Melody.of(1, 4,
            60, HOLD, 62, HOLD,
            60, HOLD, 62, HOLD,
            64, OFF, HOLD, HOLD,
            60, HOLD, 62, HOLD,
            OFF, HOLD, HOLD, HOLD,
            HOLD, HOLD);

    /** One bar, chromatic: C C# D D#. */
    private static final Melody CHROMATIC = Melody.of(1, 4, 60, 61, 62, 63);

    @Test
    void aTuneWithAFormRepeatsItsFirstBarNextAndLater() {
        MelodyStatistics stats = MelodyStatistics.of(List.of(TUNE));

        assertThat(stats.pieces()).isEqualTo(1);
        assertThat(stats.bars()).isEqualTo(6); // the half bar at the end counts
        assertThat(stats.notes()).isEqualTo(7);
        assertThat(stats.notesPerBar()).isCloseTo(7 / 6.0, within(EPS));
        // 60→62→60→62→64→60→62: leaps 2, 2, 2, 2, 4, 2 (the rest before the last A does not break the line)
        assertThat(stats.meanLeap()).isCloseTo(14 / 6.0, within(EPS));
        // pairs A-A (repeat of the previous), A-B, B-A (repeats bar 1, not bar 3), A-silence; silence-silence left out
        assertThat(stats.repeatedBars()).isCloseTo(1 / 4.0, within(EPS));
        assertThat(stats.repeatsEarlierBar()).isCloseTo(2 / 4.0, within(EPS));
        assertThat(stats.scaleConsistency()).isEqualTo(1.0);
        assertThat(stats.pitchRange()).isEqualTo(4.0);
        assertThat(stats.lowestPitch()).isEqualTo(60);
        assertThat(stats.highestPitch()).isEqualTo(64);
    }

    @Test
    void aChromaticLineFitsThreeOfItsFourNotesInOneMajorScale() {
        MelodyStatistics stats = MelodyStatistics.of(List.of(CHROMATIC));

        assertThat(stats.notesPerBar()).isEqualTo(4.0);
        assertThat(stats.meanLeap()).isEqualTo(1.0);
        // C, C# and D# are in D-flat and A-flat major; no major scale holds all four
        assertThat(stats.scaleConsistency()).isCloseTo(3 / 4.0, within(EPS));
        assertThat(stats.repeatedBars()).isNaN(); // one bar: no pair
        assertThat(stats.pitchRange()).isEqualTo(3.0);
    }

    @Test
    void piecesArePooledButLeapsAndScalesStayWithinAPiece() {
        MelodyStatistics stats = MelodyStatistics.of(List.of(TUNE, CHROMATIC));

        assertThat(stats.pieces()).isEqualTo(2);
        assertThat(stats.bars()).isEqualTo(7);
        assertThat(stats.notes()).isEqualTo(11);
        assertThat(stats.notesPerBar()).isCloseTo(11 / 7.0, within(EPS));
        assertThat(stats.meanLeap()).isCloseTo((14 + 3) / 9.0, within(EPS)); // no leap from 62 (end of one) to 60
        assertThat(stats.repeatedBars()).isCloseTo(1 / 4.0, within(EPS));
        assertThat(stats.repeatsEarlierBar()).isCloseTo(2 / 4.0, within(EPS));
        assertThat(stats.scaleConsistency()).isCloseTo((7 + 3) / 11.0, within(EPS)); // each piece its own key
        assertThat(stats.pitchRange()).isEqualTo(3.5);
        assertThat(stats.lowestPitch()).isEqualTo(60);
        assertThat(stats.highestPitch()).isEqualTo(64);
    }

    @Test
    void aBarWithTheSamePitchesOnOtherStepsIsNoRepeat() {
        Melody shifted = Melody.of(1, 4, 60, 62, HOLD, HOLD, 60, HOLD, 62, HOLD);
        MelodyStatistics stats = MelodyStatistics.of(List.of(shifted));

        assertThat(stats.repeatedBars()).isEqualTo(0.0);
        assertThat(stats.repeatsEarlierBar()).isEqualTo(0.0);
    }

    @Test
    void readInLongerBarsTheTuneHasOtherBarsToRepeat() {
        MelodyStatistics stats = MelodyStatistics.inBarsOf(8, List.of(TUNE));

        // bars AA | BA | silence: the pairs AA-BA and BA-silence, no repeat
        assertThat(stats.bars()).isEqualTo(3);
        assertThat(stats.notesPerBar()).isCloseTo(7 / 3.0, within(EPS));
        assertThat(stats.meanLeap()).isCloseTo(14 / 6.0, within(EPS));
        assertThat(stats.repeatedBars()).isEqualTo(0.0);
        assertThat(stats.repeatsEarlierBar()).isEqualTo(0.0);
    }

    @Test
    void silenceHasNoLeapsScalesOrRange() {
        MelodyStatistics stats = MelodyStatistics.of(List.of(Melody.of(1, 4, OFF, HOLD, HOLD, HOLD, HOLD)));

        assertThat(stats.bars()).isEqualTo(2);
        assertThat(stats.notesPerBar()).isEqualTo(0.0);
        assertThat(stats.meanLeap()).isNaN();
        assertThat(stats.repeatedBars()).isNaN();
        assertThat(stats.scaleConsistency()).isNaN();
        assertThat(stats.pitchRange()).isNaN();
        assertThat(stats.lowestPitch()).isNull();
    }

    @Test
    void generatedPiecesAreReadAsTheirMelodiesAndOtherMusicIsRefused() {
        Timing.Ppq timing = new Timing.Ppq(96);
        NoteSequence none = new NoteSequence(timing, TempoMap.constant(timing, 500_000), MeterMap.fromChanges(96, List.of()),
                List.of(), 0, List.of());
        Generated tune = new Generated(0, IntSeq.of(1), TUNE, none, 120, 0, List.of());

        assertThat(MelodyStatistics.ofGenerated(List.of(tune))).isEqualTo(MelodyStatistics.of(List.of(TUNE)));
        Generated other = new Generated(0, IntSeq.of(1), "not a melody", none, 120, 0, List.of());
        assertThatThrownBy(() -> MelodyStatistics.ofGenerated(List.of(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not String");
    }
}
