package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.NoteSequence;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link BeatFromDefaults}: an 8-bar beat at 140 BPM, every note a drum on channel 10. */
class BeatFromDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void writesAnEightBarBeatOnChannelTen() throws Exception {
        Path beat = dir.resolve("beat.mid");

        String printed = ExampleRun.run(BeatFromDefaults::main, beat.toString(), "3");

        assertThat(printed).contains("wrote " + beat).contains("onnx backend");
        NoteSequence notes = ExampleRun.notes(beat);
        assertThat(notes.notes()).hasSizeGreaterThan(16)
                .allSatisfy(note -> assertThat(note.channel()).isEqualTo(9))  // channel 10
                .allSatisfy(note -> assertThat(note.drum()).isTrue());
        assertThat(ExampleRun.bars(notes)).isEqualTo(8.0);
        assertThat(notes.tempoMap().microsPerQuarterAt(0)).isEqualTo(60_000_000 / 140);
        assertThat(notes.notes().stream().mapToInt(n -> n.pitch()).distinct().count()).as("several drums").isGreaterThan(2);
    }

    @Test
    void theSameSeedGivesTheSameBeat() throws Exception {
        Path first = dir.resolve("first.mid");
        Path second = dir.resolve("second.mid");
        ExampleRun.run(BeatFromDefaults::main, first.toString(), "5");
        ExampleRun.run(BeatFromDefaults::main, second.toString(), "5");
        assertThat(second).hasSameBinaryContentAs(first);
    }
}
