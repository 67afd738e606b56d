package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.DrumWriter;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.repr.MelodyToNotes;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.dataset.Split;
import dev.midigen.model.eval.GrooveStatistics;
import dev.midigen.model.eval.MelodyStatistics;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.eval.SampleStatistics;
import dev.midigen.model.generate.Generated;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void entriesNameAModelAndOptionallyABackend() {
        assertThat(Comparison.Entry.parse("models/drums@TF")).isEqualTo(new Comparison.Entry("models/drums", "tf"));
        assertThat(Comparison.Entry.parse("drums")).isEqualTo(new Comparison.Entry("drums", null));
        assertThat(Comparison.Entry.parse("me@host/models/x")).isEqualTo(new Comparison.Entry("me@host/models/x", null));
        assertThat(Comparison.Entry.parse("drums@onnx").label()).isEqualTo("drums@onnx");
        assertThatThrownBy(() -> Comparison.Entry.parse("drums@")).hasMessageContaining("backend name is missing");
    }

    @Test
    void drumStatisticsCountTheGeneratedBarsOnly() {
        // GM classes: 0 kick, 1 snare, 2 closed hat, 3 open hat. One primer step, then two generated bars;
        // the bar grid counts from the track's start (the primer is the first 16th of bar 1).
        int[] grid = new int[33];
        grid[0] = 1 | 4; // the primer: kick + hat (left out of the statistics)
        for (int s = 1; s < 33; s++) {
            int position = s % 16;
            grid[s] = (position % 2 == 0 ? 4 : 0) | (position == 0 || position == 8 ? 1 : 0) | (position == 4 ? 2 : 0);
            if (s == 12) {
                grid[s] |= 2; // one snare on beat 4 of the first bar
            }
            if (s == 20) {
                grid[s] |= 8; // an open hat on a hat step: two hat hits there
            }
        }
        DrumTrack track = new DrumTrack(DrumMap.GM, 4, 16, IntSeq.wrap(grid));
        Generated piece = new Generated(0, IntSeq.wrap(grid), track, track.toNoteSequence(480, 120), 120, 0, List.of());

        SampleStatistics stats = SampleStatistics.of(List.of(piece), 2);

        // generated steps 1 … 32: beats 1 and 3 at 8, 16, 24, 32 — all kicks; beats 2 and 4 at 4, 12, 20, 28: 3 snares
        assertThat(stats.kickOnBeats1And3()).isEqualTo(1.0);
        assertThat(stats.snareOnBeats2And4()).isEqualTo(3 / 4.0);
        // 16 closed hats (even positions) + 1 open hat over 32 steps
        assertThat(stats.hatsPerStep()).isCloseTo(17 / 32.0, within(1e-12));
        // hits: 16 hats + 1 open hat + 4 kicks + 3 snares = 24 over 2 bars
        assertThat(stats.notesPerBar()).isEqualTo(12.0);
        assertThat(stats.drums()).isTrue();
        assertThat(stats.pitchRange()).isNull();
    }

    @Test
    void melodyStatisticsGiveNotesPerBarAndRange() {
        Melody melody = Melody.of(4, 16, 60, -2, -2, -2, 62, -1, -2, -2, 67, -2, -2, -2, 55, -2, -2, -2, 64);
        Generated piece = new Generated(0, IntSeq.of(1), melody, MelodyToNotes.convert(melody, NoteWriteOptions.DEFAULT), 120, 0, List.of());

        SampleStatistics stats = SampleStatistics.of(List.of(piece), 1);

        // the last 16 steps are the generated bar: 62, 67, 55, 64
        assertThat(stats.notesPerBar()).isEqualTo(4.0);
        assertThat(stats.pitchRange()).isEqualTo(12.0);
        assertThat(stats.lowestPitch()).isEqualTo(55);
        assertThat(stats.highestPitch()).isEqualTo(67);
        assertThat(stats.kickOnBeats1And3()).isNull();
    }

    @Test
    void drumPiecesGetGrooveStatisticsOnTheGridAtOneVelocity() {
        Generated piece = threeBarBeat();

        GrooveStatistics groove = Comparison.grooveStats(List.of(piece));

        assertThat(groove.pieces()).isEqualTo(1);
        assertThat(groove.bars()).isEqualTo(3);
        assertThat(groove.hits()).isEqualTo(12 + 13 + 13);
        // what today's drum models write: every hit at one velocity, on its step
        assertThat(groove.meanVelocity()).isCloseTo(DrumWriter.DEFAULT_VELOCITY, within(0.5));
        assertThat(groove.velocitySpread()).isCloseTo(0, within(1e-9));
        assertThat(groove.meanAbsOffset()).isEqualTo(0.0);
        // bar 2 = bar 1 + one snare (12 of 13 hits shared), bar 3 = bar 2
        assertThat(groove.barSimilarity()).isCloseTo((12 / 13.0 + 1) / 2, within(1e-12));
        assertThat(groove.repeatedBars()).isEqualTo(0.5);
    }

    @Test
    void melodiesHaveNoGrooveStatistics() {
        Melody melody = Melody.of(4, 16, 60, -2, -2, -2, 62);
        Generated piece = new Generated(0, IntSeq.of(1), melody, MelodyToNotes.convert(melody, NoteWriteOptions.DEFAULT), 120, 0, List.of());

        assertThat(Comparison.grooveStats(List.of(piece))).isNull();
        assertThat(Comparison.grooveStats(List.of())).isNull();
    }

    @Test
    void theReportsCarryTheGrooveOfDrumRowsOnly() throws IOException {
        Generated beat = threeBarBeat();
        Comparison.Row drums = row("drums", SampleStatistics.of(List.of(beat), 3), Comparison.grooveStats(List.of(beat)));
        Comparison.Row none = row("not sampled", null, null);
        Comparison.Report report = report(List.of(drums, none));

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        JsonNode samples = json.get("models").get(0).get("samples");
        assertThat(samples.get("meanVelocity").asDouble()).isCloseTo(100, within(0.5));
        assertThat(samples.get("velocitySpread").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(samples.get("meanAbsOffset16ths").asDouble()).isEqualTo(0.0);
        assertThat(samples.get("barSimilarity").asDouble()).isCloseTo((12 / 13.0 + 1) / 2, within(1e-12));
        assertThat(samples.get("repeatedBars").asDouble()).isEqualTo(0.5);
        assertThat(samples.get("repeatsEarlierBar").asDouble()).as("bar 3 returns to bar 2").isEqualTo(0.5);
        assertThat(json.get("models").get(1).get("samples").isNull()).isTrue();

        String markdown = report.toMarkdown();
        assertThat(markdown).contains("| hats/step | velocity | velocity spread | abs offset (16ths) | bar similarity"
                + " | repeated bars | back to an earlier bar |");
        assertThat(markdown).contains(" | 100.0 | 0.0 | 0.000 | 0.962 | 50.0% | 50.0% |");
        assertThat(markdown).contains("| not sampled |").contains("| — | — | — | — | — | — | — | — | — | — |");
        assertThat(markdown).contains("bar similarity: mean Jaccard index");
    }

    @Test
    void melodyRowsHaveNoGrooveFields() throws IOException {
        Melody melody = Melody.of(4, 16, 60, -2, -2, -2, 62, -1, -2, -2, 67, -2, -2, -2, 55, -2, -2, -2, 64);
        Generated piece = new Generated(0, IntSeq.of(1), melody, MelodyToNotes.convert(melody, NoteWriteOptions.DEFAULT), 120, 0, List.of());
        Comparison.Report report = report(List.of(row("melody", SampleStatistics.of(List.of(piece), 1),
                Comparison.grooveStats(List.of(piece)))));

        JsonNode samples = new ObjectMapper().readTree(report.toJson()).get("models").get(0).get("samples");
        assertThat(samples.get("pitchRange").asDouble()).isEqualTo(12.0);
        for (String field : List.of("meanVelocity", "velocitySpread", "meanAbsOffset16ths", "barSimilarity", "repeatedBars")) {
            assertThat(samples.has(field)).as(field).isFalse();
        }
        assertThat(report.toMarkdown()).doesNotContain("velocity spread").doesNotContain("bar similarity");
    }

    @Test
    void realDrumTracksAreMeasuredOverTheirWholeBarsAndShownUnderTheModels() throws IOException {
        Generated beat = threeBarBeat();
        DrumTrack track = (DrumTrack) beat.music();
        SampleStatistics samples = SampleStatistics.ofDrumTracks(List.of(track));
        // bar 1: 8 hats, 2 kicks, 2 snares; bars 2 and 3 one snare more
        assertThat(samples.bars()).isEqualTo(3);
        assertThat(samples.notesPerBar()).isCloseTo(38 / 3.0, within(1e-12));
        assertThat(samples.kickOnBeats1And3()).isEqualTo(1.0);
        assertThat(samples.snareOnBeats2And4()).isEqualTo(1.0);
        assertThat(samples.hatsPerStep()).isEqualTo(0.5);
        assertThat(SampleStatistics.of(List.of(beat), 3)).isEqualTo(samples); // the generated piece, measured alike

        RealPieces real = new RealPieces("groove", Split.VALIDATION, samples, Comparison.grooveStats(List.of(beat)), 2,
                null);
        Comparison.Report report = report(List.of(row("drums", samples, Comparison.grooveStats(List.of(beat)))), real);
        JsonNode drums = new ObjectMapper().readTree(report.toJson()).get("real").get("drums");
        assertThat(drums.get("notesPerBar").asDouble()).isCloseTo(38 / 3.0, within(1e-12));
        assertThat(drums.get("repeatedBars").asDouble()).isEqualTo(0.5);
        assertThat(drums.get("filesNotOnOneGrid").asInt()).isEqualTo(2);
        assertThat(report.toMarkdown()).contains("| real: validation files | — | — | — | — | — | — | — | — | — | 12.7 | 1.00 |"
                + " 1.00 | 0.50 | 100.0 | 0.0 | 0.000 | 0.962 | 50.0% |");
    }

    @Test
    void melodyRowsShowLeapsRepeatsAndScaleNextToTheRealMelodies() throws IOException {
        // two bars: C E G C' | C E G C' (a repeat), then bar 3: D D# (leaps 4, 3, 5, 12, 4, 3, 5, 10, 1)
        Melody melody = Melody.of(4, 16, 60, -2, -2, -2, 64, -2, -2, -2, 67, -2, -2, -2, 72, -2, -2, -2,
                60, -2, -2, -2, 64, -2, -2, -2, 67, -2, -2, -2, 72, -2, -2, -2, 62, -2, -2, -2, 63);
        Generated piece = new Generated(0, IntSeq.of(1), melody, MelodyToNotes.convert(melody, NoteWriteOptions.DEFAULT), 120, 0, List.of());
        MelodyStatistics generated = MelodyStatistics.ofGenerated(List.of(piece));
        MelodyStatistics real = MelodyStatistics.of(List.of(Melody.of(4, 16, 60, -2, -2, -2, 62)));
        Comparison.Report report = report(List.of(row("melody", SampleStatistics.of(List.of(piece), 3), null, generated)),
                real);

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        JsonNode stats = json.get("models").get(0).get("samples").get("melody");
        assertThat(stats.get("notesPerBar").asDouble()).isCloseTo(10 / 3.0, within(1e-12));
        assertThat(stats.get("meanLeap").asDouble()).isCloseTo(47 / 9.0, within(1e-12));
        assertThat(stats.get("repeatedBars").asDouble()).isEqualTo(0.5);
        assertThat(stats.get("repeatsEarlierBar").asDouble()).isEqualTo(0.5);
        assertThat(stats.get("scaleConsistency").asDouble()).isEqualTo(0.9); // C major holds all but the D#; no major scale holds D# with C, E and G
        assertThat(json.get("real").get("source").asText()).isEqualTo("folk");
        assertThat(json.get("real").get("melody").get("meanLeap").asDouble()).isEqualTo(2.0);
        assertThat(json.get("real").get("melody").get("repeatedBars").isNull()).isTrue(); // one bar: no pair

        String markdown = report.toMarkdown();
        assertThat(markdown).contains("| notes/bar | mean leap | repeats previous bar | repeats earlier bar | scale"
                + " consistency | pitch range |");
        assertThat(markdown).contains("| 3.3 | 5.22 | 50.0% | 50.0% | 90.0% | 12.0 |");
        assertThat(markdown).contains("| real: validation files | — | — | — | — | — | — | — | — | — | 2.0 | 2.00 | — | — |"
                + " 100.0% | 2.0 |");
    }

    /**
     * Three bars of GM drums as a drum model writes them (velocity 100, on the grid): kick on 1 and 3, snare on 2 and
     * 4, closed hats on the eighths; bars 2 and 3 add a snare on the last eighth.
     */
    private static Generated threeBarBeat() {
        int[] grid = new int[48];
        for (int s = 0; s < grid.length; s++) {
            int position = s % 16;
            grid[s] = (position % 2 == 0 ? 4 : 0) | (position == 0 || position == 8 ? 1 : 0)
                    | (position == 4 || position == 12 ? 2 : 0) | (s >= 16 && position == 14 ? 2 : 0);
        }
        DrumTrack track = new DrumTrack(DrumMap.GM, 4, 16, IntSeq.wrap(grid));
        return new Generated(0, IntSeq.wrap(grid), track, track.toNoteSequence(480, 120), 120, 0, List.of());
    }

    private static Comparison.Row row(String model, SampleStatistics samples, GrooveStatistics groove) {
        return row(model, samples, groove, null);
    }

    private static Comparison.Row row(String model, SampleStatistics samples, GrooveStatistics groove,
                                      MelodyStatistics melody) {
        return new Comparison.Row(new Comparison.Entry(model, null), "java", "1", "drum-rnn", "java", 10, null, null, 16,
                Metrics.empty(4, 0), 1024, samples, groove, melody, List.of());
    }

    private static Comparison.Report report(List<Comparison.Row> rows) {
        return report(rows, (RealPieces) null);
    }

    private static Comparison.Report report(List<Comparison.Row> rows, MelodyStatistics real) {
        return report(rows, real == null ? null : new RealPieces("folk", Split.VALIDATION, null, null, 0, real));
    }

    private static Comparison.Report report(List<Comparison.Row> rows, RealPieces real) {
        return new Comparison.Report("corpus", "drum-kit", 1, Comparison.Settings.DEFAULT.withSamples(1), rows,
                Metrics.empty(4, 0), Metrics.empty(4, 0), real);
    }

    @Test
    void niceSteps() {
        assertThat(LossPlot.niceStep(0.13)).isCloseTo(0.2, within(1e-12));
        assertThat(LossPlot.niceStep(3)).isEqualTo(5.0);
        assertThat(LossPlot.niceStep(40)).isEqualTo(50.0);
        assertThat(LossPlot.niceStep(0)).isEqualTo(1.0);
    }
}
