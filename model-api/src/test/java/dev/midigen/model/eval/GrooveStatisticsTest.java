package dev.midigen.model.eval;

import static dev.midigen.model.eval.GrooveFixtures.HAT;
import static dev.midigen.model.eval.GrooveFixtures.KICK;
import static dev.midigen.model.eval.GrooveFixtures.SNARE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.DrumWriter;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.generate.Generated;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrooveStatisticsTest {
    private static final double EPS = 1e-4;

    /** Kick on 1 and 3, snare on 2 and 4, eighth-note hats: 12 hits. */
    private static GrooveFixtures backbeat(int bars) {
        GrooveFixtures groove = GrooveFixtures.steps(16 * bars).hit(0, KICK).hit(8, KICK).hit(4, SNARE).hit(12, SNARE);
        for (int step = 0; step < 16; step += 2) {
            groove.hit(step, HAT);
        }
        return groove;
    }

    @Test
    void aRepeatedBarIsSimilarity1AndRepeatedEveryTime() {
        GrooveStatistics stats = GrooveStatistics.of(List.of(backbeat(4).repeatFirstBar(1).build()));
        assertThat(stats.pieces()).isEqualTo(1);
        assertThat(stats.bars()).isEqualTo(4);
        assertThat(stats.hits()).isEqualTo(48);
        assertThat(stats.barSimilarity()).isEqualTo(1.0);
        assertThat(stats.repeatedBars()).isEqualTo(1.0);
        // all at velocity 100, on the grid: what today's generated beats look like
        assertThat(stats.meanVelocity()).isCloseTo(100, within(EPS));
        assertThat(stats.velocitySpread()).isCloseTo(0, within(EPS));
        assertThat(stats.meanAbsOffset()).isZero();
    }

    @Test
    void alternatingBarsAreJaccardSimilarAndNeverRepeated() {
        // bar B moves the second kick from step 8 to 10: 11 hits shared of 13 → 11/13 for each of the 3 pairs
        GrooveTrack abab = alternate(backbeat(4).repeatFirstBar(1));
        GrooveStatistics stats = GrooveStatistics.of(List.of(abab));
        assertThat(stats.barSimilarity()).isCloseTo(11 / 13.0, within(1e-12));
        assertThat(stats.repeatedBars()).isZero();
        assertThat(stats.repeatsEarlier()).as("bars 2 and 3 return to bars 0 and 1; bar 1 is new").isCloseTo(2 / 3.0,
                within(1e-12));
    }

    /** Bars 1 and 3 of a repeated backbeat with the kick on step 8 moved to step 10. */
    private static GrooveTrack alternate(GrooveFixtures repeated) {
        GrooveTrack track = repeated.build();
        int[] hits = track.hits().toArray();
        float[] velocities = track.velocities().toArray();
        int classes = GrooveFixtures.CLASSES;
        for (int bar : new int[] {1, 3}) {
            int from = bar * 16 + 8;
            int to = bar * 16 + 10;
            hits[from] &= ~(1 << KICK);
            velocities[from * classes + KICK] = 0;
            hits[to] |= 1 << KICK;
            velocities[to * classes + KICK] = 100 / 127f;
        }
        return GrooveTrack.of(DrumMap.ROLAND, 4, 16, hits, velocities, new float[velocities.length]);
    }

    @Test
    void pairsOfEmptyBarsAreLeftOut() {
        // A A _ _ A: pairs (A,A) = 1 and repeated, (A,_) = 0, (_,_) left out, (_,A) = 0
        GrooveTrack track = backbeat(5).copyBar(0, 1).copyBar(0, 4).build();
        GrooveStatistics stats = GrooveStatistics.of(List.of(track));
        assertThat(stats.bars()).isEqualTo(5);
        assertThat(stats.barSimilarity()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(stats.repeatedBars()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(stats.repeatsEarlier()).as("bars 1 and 4 return to bar 0; empty bars are not counted").isEqualTo(1.0);
    }

    @Test
    void velocitiesOf80And120AlternatingSpread20_offsetsOfAQuarterStepAverageAQuarter() {
        GrooveFixtures groove = GrooveFixtures.steps(32);
        for (int step = 0; step < 32; step++) {
            boolean even = step % 2 == 0;
            groove.hit(step, HAT, even ? 80 : 120, even ? 0.25 : -0.25);
        }
        GrooveStatistics stats = GrooveStatistics.of(List.of(groove.build()));
        assertThat(stats.hits()).isEqualTo(32);
        assertThat(stats.meanVelocity()).isCloseTo(100, within(EPS));
        assertThat(stats.velocitySpread()).isCloseTo(20, within(EPS));
        assertThat(stats.meanAbsOffset()).isCloseTo(0.25, within(1e-7));
    }

    @Test
    void piecesArePooledHitByHitAndBarPairByBarPair() {
        GrooveTrack loud = GrooveFixtures.steps(16).hit(0, KICK, 120, 0.5).build();   // one bar: no pair
        GrooveTrack soft = backbeat(2).copyBar(0, 1).build();                       // one pair, repeated
        GrooveStatistics stats = GrooveStatistics.of(List.of(loud, soft));
        assertThat(stats.pieces()).isEqualTo(2);
        assertThat(stats.bars()).isEqualTo(3);
        assertThat(stats.hits()).isEqualTo(25);
        assertThat(stats.meanVelocity()).isCloseTo((120 + 24 * 100) / 25.0, within(EPS));
        assertThat(stats.meanAbsOffset()).isCloseTo(0.5 / 25, within(1e-7));
        assertThat(stats.repeatedBars()).isEqualTo(1.0);
    }

    @Test
    void aPartialLastBarCountsForItsHitsNotAsABar() {
        GrooveTrack track = GrooveFixtures.steps(24).hit(0, KICK).hit(20, KICK).build();
        GrooveStatistics stats = GrooveStatistics.of(List.of(track));
        assertThat(stats.bars()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(2);
        assertThat(stats.barSimilarity()).isNaN();
        assertThat(stats.repeatedBars()).isNaN();
    }

    @Test
    void notesBecomeTheSameGroove() {
        GrooveFixtures played = GrooveFixtures.steps(32);
        for (int step = 0; step < 32; step += 2) {
            played.hit(step, HAT, step % 4 == 0 ? 90 : 50, step % 4 == 0 ? 0 : -0.25);
        }
        played.hit(4, SNARE, 110, 0.125).hit(20, SNARE, 104, 0).hit(0, KICK, 127, 0).hit(16, KICK, 120, 0);
        GrooveTrack groove = played.build();
        NoteSequence notes = groove.toNoteSequence(480, 96);
        assertThat(GrooveStatistics.groove(notes, DrumMap.ROLAND)).contains(groove);
        assertThat(GrooveStatistics.ofNotes(List.of(notes), DrumMap.ROLAND)).isEqualTo(GrooveStatistics.of(List.of(groove)));
    }

    @Test
    void generatedDrumTracksAreReadWithTheirMap() {
        DrumTrack beat = backbeat(2).copyBar(0, 1).build().toDrumTrack();
        DrumTrack gm = new DrumTrack(DrumMap.GM, 4, 16, beat.steps());
        NoteSequence notes = DrumWriter.toNoteSequence(gm, 220, 120);
        Generated piece = new Generated(0, IntSeq.of(1), gm, notes, 120, 0, List.of());
        GrooveStatistics stats = GrooveStatistics.ofGenerated(List.of(piece, piece));
        assertThat(stats.pieces()).isEqualTo(2);
        assertThat(stats.bars()).isEqualTo(4);
        assertThat(stats.hits()).isEqualTo(48);
        assertThat(stats.meanVelocity()).isCloseTo(DrumWriter.DEFAULT_VELOCITY, within(EPS));
        assertThat(stats.velocitySpread()).isCloseTo(0, within(EPS));
        assertThat(stats.meanAbsOffset()).isZero();
        assertThat(stats.repeatedBars()).isEqualTo(1.0);

        Generated melody = new Generated(0, IntSeq.of(1), "not drums", notes, 120, 0, List.of());
        assertThatThrownBy(() -> GrooveStatistics.ofGenerated(List.of(melody))).hasMessageContaining("drums");
    }

    @Test
    void notesWithoutDrumsGiveNoGrooveButCountAsAPiece() {
        NoteSequence none = NoteSequence.empty(480);
        assertThat(GrooveStatistics.groove(none, DrumMap.ROLAND)).isEmpty();
        GrooveStatistics stats = GrooveStatistics.ofNotes(List.of(none), DrumMap.ROLAND);
        assertThat(stats.pieces()).isEqualTo(1);
        assertThat(stats.bars()).isZero();
        assertThat(stats.hits()).isZero();
        assertThat(stats.velocitySpread()).isNaN();
    }
}
