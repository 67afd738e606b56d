package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.models.DefaultModels;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.LstmLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code midigen render} through the command line: a WAV, the length limit, and one-line failures. */
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
        Files.write(sf2, TinySoundFont.bytes());
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

    @Test
    void maxMinutesRaisesTheLimit() throws Exception {
        Path two = Files.write(dir.resolve("two.mid"), HostileMidi.lasting(240)); // 2 minutes
        Path wav = dir.resolve("two.wav");

        CliRun refused = CliRun.of("render", "--in", two.toString(), "--out", wav.toString(), "--max-minutes", "1");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("midigen render: " + two
                + ": the music lasts 2 minutes, over render's limit of 1 minute (--max-minutes raises it)\n");
        assertThat(wav).doesNotExist();

        CliRun accepted = CliRun.of("render", "--in", two.toString(), "--out", wav.toString()); // 60 by default

        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).startsWith(wav + ": 124.0 s of 44100 Hz");
        for (String bad : new String[] {"0", "-3", "an hour"}) {
            CliRun usage = CliRun.of("render", "--in", two.toString(), "--out", dir.resolve("x.wav").toString(),
                    "--max-minutes", bad);
            assertThat(usage.exitCode()).as(bad).isEqualTo(2);
            assertThat(usage.err()).contains("--max-minutes");
        }
        assertThat(dir.resolve("x.wav")).doesNotExist();
    }

    @Test
    void aLongFileIsOneLineAtOnce() throws IOException {
        Path midi = Files.write(dir.resolve("long.mid"), HostileMidi.longNote());

        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CliRun.of("render", "--in", midi.toString(), "--out", dir.resolve("long.wav").toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("midigen render: " + midi
                + ": the music lasts 2,236,962 minutes, over render's limit of 60 minutes (--max-minutes raises it)\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("long.mid");
        }
    }

    @Test
    void aFifoGivenWithOverwriteIsRefusedAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("out.wav");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        Assumptions.assumeTrue(made, "mkfifo is not available");

        // writing to a FIFO nobody reads would block: a regression hangs, the timeout ends it
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> CliRun.of("render", "--in", BEAT, "--out", fifo.toString(), "--overwrite"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("out.wav").contains("not a regular file").hasLineCount(1);
        assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                .as("still a FIFO").isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out.wav"); // no temporary file
        }
    }

    @Test
    void aFolderGivenAsInIsOneLine() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("dir.mid"));

        CliRun run = CliRun.of("render", "--in", folder.toString(), "--out", dir.resolve("a.wav").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("midigen render: " + folder + ": a folder, not a MIDI file\n");
        assertThat(dir.resolve("a.wav")).doesNotExist();
    }
}
