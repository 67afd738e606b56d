package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.examples.DefaultModels;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.LstmLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code midigen render} through the command line: a WAV, and one-line failures. */
class RenderCommandTest {
    private static final String BEAT = "samples/boom-bap.mid";

    @TempDir
    Path dir;

    @Test
    void writesAWavThatAudioSystemReadsAndSaysWhat() throws Exception {
        Path wav = dir.resolve("out/beat.wav");

        CliRun run = CliRun.of("render", "--in", BEAT, "--out", wav.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(wav + ": 9.0 s of 44100 Hz 16-bit stereo, the JDK's default sound bank");
        assertThat(run.err()).isEmpty();
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertThat(in.getFrameLength()).isEqualTo(9 * 44100);
        }
        try (var files = Files.list(wav.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("beat.wav"); // no temporary file left
        }

        CliRun again = CliRun.of("render", "--in", BEAT, "--out", wav.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("beat.wav").contains("exists (use --overwrite").doesNotContain("\tat ");
        assertThat(CliRun.of("render", "--in", BEAT, "--out", wav.toString(), "--overwrite").exitCode()).isZero();
    }

    @Test
    void aGeneratedBeatBecomesAnAudibleWav() throws Exception {
        String model = "drums"; // the embedded default
        Path mid = dir.resolve("beat.mid");
        CliRun generate = CliRun.of("generate", "--model", model, "--bars", "2", "--out", mid.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();

        Path wav = dir.resolve("beat.wav");
        CliRun render = CliRun.of("render", "--in", mid.toString(), "--out", wav.toString());

        assertThat(render.exitCode()).as(render.err()).isZero();
        assertThat(render.err()).as("no silence warning").isEmpty();
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] bytes = in.readAllBytes();
            double sum = 0;
            for (int i = 0; i + 1 < bytes.length; i += 2) {
                double sample = (short) ((bytes[i] & 0xff) | bytes[i + 1] << 8) / 32768.0;
                sum += sample * sample;
            }
            assertThat(Math.sqrt(sum / (bytes.length / 2))).as("RMS").isGreaterThan(0.005);
        }
    }

    @Test
    void rendersWithASoundFont() throws IOException {
        Path sf2 = dir.resolve("tone.sf2");
        Files.write(sf2, dev.midigen.examples.TinySoundFont.bytes());
        Path wav = dir.resolve("beat.wav");

        CliRun run = CliRun.of("render", "--in", BEAT, "--out", wav.toString(), "--soundfont", sf2.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tone.sf2");
        assertThat(wav).exists();
    }

    @Test
    void badInputsGetOneLineAndExitOne() throws IOException {
        Path text = dir.resolve("notes.mid");
        Files.writeString(text, "not a midi file");
        Path badBank = dir.resolve("bad.sf2");
        Files.write(badBank, new byte[64]);

        CliRun notMidi = CliRun.of("render", "--in", text.toString(), "--out", dir.resolve("a.wav").toString());
        CliRun missing = CliRun.of("render", "--in", dir.resolve("none.mid").toString(), "--out", dir.resolve("b.wav").toString());
        CliRun notBank = CliRun.of("render", "--in", BEAT, "--out", dir.resolve("c.wav").toString(), "--soundfont",
                badBank.toString());
        CliRun usage = CliRun.of("render", "--in", BEAT);

        assertThat(notMidi.exitCode()).isEqualTo(1);
        assertThat(notMidi.err()).startsWith("midigen render: " + text + ": not a MIDI file").hasLineCount(1);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("none.mid: no such file").hasLineCount(1);
        assertThat(notBank.exitCode()).isEqualTo(1);
        assertThat(notBank.err()).contains("bad.sf2: not a SoundFont").hasLineCount(1);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("a.wav")).doesNotExist();
        assertThat(dir.resolve("c.wav")).doesNotExist();
    }
}
