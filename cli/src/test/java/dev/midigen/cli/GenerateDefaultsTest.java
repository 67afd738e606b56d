package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code midigen generate} with nothing but a folder: the embedded drums, 8 bars, 140 BPM, beat.mid, no overwrite. */
class GenerateDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void writesAnEightBarBeatFromTheEmbeddedDrumsAndNeverOverwritesSilently() throws IOException {
        CliRun first = CliRun.of("generate", "--out", dir.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        Path beat = dir.resolve("beat.mid");
        assertThat(first.out()).contains("wrote " + beat).contains("8 bars").contains("140 BPM")
                .as("sampling goes to the best serving engine when nobody names one").contains("onnx backend")
                .contains("kick").contains("snare").contains("hats");
        NoteSequence notes = read(beat);
        assertThat(notes.notes()).hasSizeGreaterThan(16).allSatisfy(note -> {
            assertThat(note.channel()).isEqualTo(9);
            assertThat(note.drum()).isTrue();
        });
        assertThat(60_000_000.0 / notes.tempoMap().microsPerQuarterAt(0)).isCloseTo(140, org.assertj.core.data.Offset.offset(0.01));
        double lastOnset = notes.tempoMap().tickToSeconds(notes.notes().stream().mapToLong(Note::startTick).max().orElseThrow());
        assertThat(lastOnset).as("9 bars of 4/4 at 140 BPM at most (primer + 8)").isLessThan(9 * 4 * 60 / 140.0);
        assertThat(first.out()).contains("humanized by groove");
        assertThat(notes.notes().stream().mapToInt(Note::velocity).distinct().count()).as("a drummer's velocities")
                .isGreaterThan(10);
        assertThat(notes.notes().stream().filter(n -> n.startTick() % (notes.tempoMap().timing() instanceof
                dev.midigen.codec.smf.Timing.Ppq p ? p.ticksPerQuarter() / 4 : 1) != 0).count())
                .as("notes off the grid").isPositive();
        byte[] firstBytes = Files.readAllBytes(beat);
        Path grid = Files.createTempDirectory("grid");
        CliRun robotic = CliRun.of("generate", "--no-humanize", "--out", grid.toString());
        assertThat(robotic.exitCode()).as(robotic.err()).isZero();
        assertThat(read(grid.resolve("beat.mid")).notes()).extracting(Note::velocity).containsOnly(100);

        CliRun second = CliRun.of("generate", "--out", dir.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("beat-2.mid");
        assertThat(Files.readAllBytes(beat)).as("the first file is untouched").isEqualTo(firstBytes);

        CliRun forced = CliRun.of("generate", "--out", dir.toString(), "--force", "--seed", "2");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("beat-2.mid", "beat.mid");
        }
    }

    @Test
    void theMelodyModelWritesAMelodyOnAPitchedChannel() throws IOException {
        CliRun run = CliRun.of("generate", "--model", "melody", "--bars", "4", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Path> written;
        try (var files = Files.list(dir)) {
            written = files.toList();
        }
        assertThat(written).hasSize(1);
        NoteSequence notes = read(written.get(0));
        assertThat(notes.notes()).isNotEmpty().allSatisfy(note -> {
            assertThat(note.drum()).isFalse();
            assertThat(note.pitch()).isBetween(48, 83);
        });
    }

    private static NoteSequence read(Path file) throws IOException {
        return MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence();
    }
}
