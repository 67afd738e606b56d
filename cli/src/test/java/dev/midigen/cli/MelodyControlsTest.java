package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.quantize.Quantizer;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.repr.MelodyExtractOptions;
import dev.midigen.codec.repr.MelodyExtractor;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.model.eval.MelodyStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The melody model's controls: key and scale masks, range, a random starting degree, the loop form by default. */
class MelodyControlsTest {
    @TempDir
    Path dir;

    @Test
    void keyScaleAndRangeHoldForEveryNote() throws IOException {
        List<NoteSequence> tunes = generate("dorian", "--key", "D", "--scale", "dorian", "--range", "62-81");
        Set<Integer> dDorian = Set.of(2, 4, 5, 7, 9, 11, 0);
        int notes = 0;
        for (NoteSequence tune : tunes) {
            for (Note note : tune.notes()) {
                assertThat(Math.floorMod(note.pitch(), 12)).as("pitch " + note.pitch()).isIn(dDorian);
                assertThat(note.pitch()).isBetween(62, 81);
                notes++;
            }
        }
        assertThat(notes).isGreaterThan(64 * 8 * 3);
        // a D dorian tune starts on a degree of D dorian, and not always the same one
        assertThat(tunes.stream().map(t -> first(t).pitch()).distinct().count()).isGreaterThan(3);

        List<NoteSequence> blues = generate("blues", "--key", "E", "--scale", "blues", "--onsets", "8th");
        Set<Integer> eBlues = Set.of(4, 7, 9, 10, 11, 2);
        for (NoteSequence tune : blues) {
            long sixteenth = ppq(tune) / 4;
            for (Note note : tune.notes()) {
                assertThat(Math.floorMod(note.pitch(), 12)).isIn(eBlues);
                assertThat(note.startTick() / sixteenth % 2).as("notes start on eighths").isZero();
            }
        }
    }

    @Test
    void defaultMelodiesStartOnDifferentDegreesLoopAndStayCloseToTheFolkTunes() throws Exception {
        List<NoteSequence> tunes = generate("default");
        assertThat(tunes.stream().map(t -> first(t).pitch()).distinct().count())
                .as("first notes of 64 default melodies (all middle C before)").isGreaterThanOrEqualTo(5);
        List<Melody> melodies = new ArrayList<>();
        for (NoteSequence tune : tunes) {
            melodies.addAll(new MelodyExtractor(new MelodyExtractOptions(MelodyExtractOptions.Source.ALL,
                    MelodyExtractOptions.Polyphony.HIGHEST, 1, 8, 0, false, 1))
                    .extract(Quantizer.stepsPerQuarter(4).quantize(tune)).items());
        }
        MelodyStatistics loop = MelodyStatistics.inBarsOf(16, melodies);
        System.out.printf("64 default melodies: %.2f notes a bar, mean leap %.2f, %.3f of bars repeat an earlier one%n",
                loop.notesPerBar(), loop.meanLeap(), loop.repeatsEarlierBar());
        // the Irish folk tunes' validation split (MelodySharedDataTest): 6.24 notes a bar in their own meters (7.13 in
        // 16-step bars), mean leap 3.50, 57 % of bars repeat an earlier one
        assertThat(loop.notesPerBar()).isBetween(0.8 * 6.24, 1.2 * 6.24);
        assertThat(loop.meanLeap()).isBetween(0.8 * 3.50, 1.2 * 3.50);
        assertThat(loop.repeatsEarlierBar()).isGreaterThanOrEqualTo(0.15);
    }

    @Test
    void aTunesContinuationLoopsANewIdeaInTheKeyAskedFor() throws IOException {
        Path tune = dev.midigen.codec.testing.SharedData.require("irish-folk").resolve("ATripToGalway.mid");
        Path out = dir.resolve("continued.mid");
        CliRun run = CliRun.of("generate", "--model", "melody", "--primer-midi", tune.toString(), "--bars", "4", "--key",
                "G", "--without-primer", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        NoteSequence notes = MidiToNotes.convert(SmfReader.strict().read(out).file()).sequence();
        assertThat(notes.notes()).isNotEmpty().allSatisfy(note ->
                assertThat(Math.floorMod(note.pitch(), 12)).isIn(7, 9, 11, 0, 2, 4, 6));
    }

    @Test
    void badControlsAreRefusedInOneLine() {
        CliRun scale = CliRun.of("generate", "--model", "melody", "--scale", "bebop", "--out", dir.toString());
        assertThat(scale.exitCode()).isNotZero();
        assertThat(scale.err().lines().findFirst().orElseThrow()).contains("no scale 'bebop'").contains("dorian");
        CliRun key = CliRun.of("generate", "--model", "melody", "--key", "H", "--out", dir.toString());
        assertThat(key.err()).contains("a key is a note name");
        CliRun range = CliRun.of("generate", "--model", "melody", "--key", "C", "--range", "61-61", "--out",
                dir.toString());
        assertThat(range.exitCode()).isNotZero();
        assertThat(range.err()).contains("no note of C major, 61-61");
        CliRun drums = CliRun.of("generate", "--key", "D", "--out", dir.toString());
        assertThat(drums.err()).contains("for melody models");
    }

    private List<NoteSequence> generate(String name, String... options) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("generate", "--model", "melody", "--num-outputs", "64", "--out",
                out.toString()));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<NoteSequence> tunes = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.sorted().toList()) {
                tunes.add(MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence());
            }
        }
        assertThat(tunes).hasSize(64);
        return tunes;
    }

    private static Note first(NoteSequence tune) {
        return tune.notes().stream().min(Comparator.comparingLong(Note::startTick)).orElseThrow();
    }

    private static long ppq(NoteSequence tune) {
        return ((dev.midigen.codec.smf.Timing.Ppq) tune.timing()).ticksPerQuarter();
    }
}
