package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.smf.ChannelMessage;
import dev.midigen.codec.smf.MetaMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.smf.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** normalize-loops, combine-loops, to-text and from-text, end to end through the command line. */
class LoopCommandsTest {
    @TempDir
    Path dir;

    /** A two-bar single-instrument loop on channel 1 at {@code pitch}, 96 PPQ, random 16ths and velocities. */
    private static byte[] loop(long seed, int pitch, int every) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TimedEvent> events = new ArrayList<>();
        for (int step = 0; step < 32; step++) {
            if (step % every == 0 || random.nextInt(6) == 0) {
                events.add(new TimedEvent(step * 24L, new ChannelMessage.NoteOn(0, pitch, 30 + random.nextInt(90))));
                events.add(new TimedEvent(step * 24L + 12, new ChannelMessage.NoteOff(0, pitch, 0)));
            }
        }
        events.add(new TimedEvent(32 * 24L, new MetaMessage.EndOfTrack()));
        return SmfWriter.standard().toBytes(new MidiFile(1, new Timing.Ppq(96), List.of(new Track(events))));
    }

    /** A loop pack: three kicks, two snares, a clap, two hat loops, an open hat, and two files it cannot name. */
    private Path pack() throws IOException {
        Path pack = dir.resolve("pack");
        Files.createDirectories(pack.resolve("hats"));
        Files.write(pack.resolve("01_Kick.mid"), loop(1, 61, 8));
        Files.write(pack.resolve("02_Kick.mid"), loop(2, 63, 6));
        Files.write(pack.resolve("808 Bass.mid"), loop(3, 33, 16));
        Files.write(pack.resolve("Snare-1.MID"), loop(4, 50, 8));
        Files.write(pack.resolve("Snare-2.MID"), loop(5, 52, 16));
        Files.write(pack.resolve("clap.mid"), loop(6, 57, 8));
        Files.write(pack.resolve("hats/hihat_1.mid"), loop(7, 70, 2));
        Files.write(pack.resolve("hats/Hat 2.mid"), loop(8, 71, 1));
        Files.write(pack.resolve("hats/OH 1.mid"), loop(9, 72, 8));
        Files.write(pack.resolve("perc_1.mid"), loop(10, 80, 4));
        Files.write(pack.resolve("Kick & Snare.mid"), loop(11, 36, 4));
        return pack;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    void normalizeLoopsPrintsEachFilesClassOrWhyItWasSkipped() throws IOException {
        Path out = dir.resolve("normalised");

        CliRun run = CliRun.of("dataset", "normalize-loops", "--input", pack().toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()[0]).startsWith("file").contains("class");
        assertThat(run.out()).containsPattern("01_Kick.mid +kick \\(pitch 36, \\d+ notes\\)")
                .containsPattern("808 Bass.mid +kick \\(pitch 36")
                .containsPattern("clap.mid +snare \\(pitch 38")
                .containsPattern("hats/OH 1.mid +open-hat \\(pitch 46")
                .containsPattern("hats/Hat 2.mid +closed-hat \\(pitch 42")
                .containsPattern("perc_1.mid +skipped, unknown name: no drum name in \"perc_1.mid\"")
                .containsPattern("Kick & Snare.mid +skipped, ambiguous name: names more than one drum: kick, snare")
                .contains("11 files: written 9, unknown name 1, ambiguous name 1, no notes 0, unreadable 0")
                .contains("wrote 9 loops to " + out);
        assertThat(files(out)).containsExactly("01_Kick.mid", "02_Kick.mid", "808 Bass.mid", "Snare-1.MID", "Snare-2.MID",
                "clap.mid", "hats/Hat 2.mid", "hats/OH 1.mid", "hats/hihat_1.mid");
    }

    @Test
    void normalizeLoopsRefusesAnExistingOutputUnlessOverwriting_andReportsUnreadableFiles() throws IOException {
        Path pack = pack();
        Path out = dir.resolve("normalised");
        assertThat(CliRun.of("dataset", "normalize-loops", "--input", pack.toString(), "--out", out.toString()).exitCode())
                .isZero();

        CliRun again = CliRun.of("dataset", "normalize-loops", "--input", pack.toString(), "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains(out + ": the output exists (use --overwrite to replace it)");

        Files.writeString(pack.resolve("snare broken.mid"), "not MIDI");
        CliRun overwrite = CliRun.of("dataset", "normalize-loops", "--input", pack.toString(), "--out", out.toString(),
                "--overwrite", "--drum-map", "gm");
        assertThat(overwrite.exitCode()).isEqualTo(1);
        assertThat(overwrite.out()).containsPattern("snare broken.mid +skipped, unreadable: offset 0: ")
                .contains("wrote 9 loops to " + out);
        assertThat(out.resolve("01_Kick.mid")).exists();
    }

    @Test
    void usageErrorsExitWith2() throws IOException {
        Path pack = pack();
        Path out = dir.resolve("out");

        CliRun noMap = CliRun.of("dataset", "normalize-loops", "--input", pack.toString(), "--out", out.toString(),
                "--drum-map", "nosuchmap");
        CliRun noInput = CliRun.of("dataset", "normalize-loops", "--input", dir.resolve("nothing").toString(), "--out",
                out.toString());
        CliRun inside = CliRun.of("dataset", "normalize-loops", "--input", pack.toString(), "--out",
                pack.resolve("out").toString());
        CliRun zeroCount = CliRun.of("dataset", "combine-loops", "--input", pack.toString(), "--count", "0", "--bars", "2",
                "--bpm", "140", "--out", out.toString());
        CliRun fastBpm = CliRun.of("dataset", "from-text", "--input", pack.resolve("perc_1.mid").toString(), "--out",
                out.toString(), "--bpm", "5000");
        CliRun noText = CliRun.of("dataset", "to-text", "--input", dir.resolve("nothing.mid").toString(), "--out",
                dir.resolve("t.txt").toString());

        assertThat(List.of(noMap, noInput, inside, zeroCount, fastBpm, noText)).allSatisfy(run ->
                assertThat(run.exitCode()).as(run.err()).isEqualTo(2));
        assertThat(noMap.err()).contains("--drum-map: nosuchmap: no such drum map file (presets are gm, roland, trap)");
        assertThat(noInput.err()).contains("is not a folder");
        assertThat(inside.err()).contains("is inside the input folder");
        assertThat(zeroCount.err()).contains("--count must be 1..9999, got 0");
        assertThat(fastBpm.err()).contains("--bpm must be 4..1000, got 5000.0");
        assertThat(noText.err()).contains("no such file or folder");
        assertThat(out).doesNotExist();
    }

    @Test
    void combineLoopsIsDeterministic_andTakesEachPartFromALoopThatPlaysIt() throws IOException {
        Path loops = dir.resolve("normalised");
        assertThat(CliRun.of("dataset", "normalize-loops", "--input", pack().toString(), "--out", loops.toString())
                .exitCode()).isZero();
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");

        CliRun first = CliRun.of("dataset", "combine-loops", "--input", loops.toString(), "--count", "12", "--bars", "4",
                "--bpm", "140", "--seed", "9", "--out", a.toString());
        CliRun second = CliRun.of("dataset", "combine-loops", "--input", loops.toString(), "--count", "12", "--bars", "4",
                "--bpm", "140", "--seed", "9", "--out", b.toString());
        CliRun other = CliRun.of("dataset", "combine-loops", "--input", loops.toString(), "--count", "12", "--bars", "4",
                "--bpm", "140", "--seed", "10", "--out", c.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(files(a)).hasSize(12).first().isEqualTo("combined-001.mid");
        assertThat(files(a)).last().isEqualTo("combined-012.mid");
        for (String name : files(a)) {
            assertThat(Files.readAllBytes(b.resolve(name))).as(name).isEqualTo(Files.readAllBytes(a.resolve(name)));
        }
        assertThat(first.out()).isEqualTo(second.out().replace(b.toString(), a.toString()));
        assertThat(files(a).stream().anyMatch(name -> {
            try {
                return !java.util.Arrays.equals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(c.resolve(name)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        })).isTrue();
        for (int i = 0; i < 12; i++) {
            assertThat(first.lines()[i]).matches("combined-0\\d\\d\\.mid  kick: (01_Kick|02_Kick|808 Bass)\\.mid"
                    + "  snare: (Snare-1\\.MID|Snare-2\\.MID|clap\\.mid)  hats: hats/(hihat_1|Hat 2|OH 1)\\.mid");
        }
        assertThat(first.out()).contains("wrote 12 loops of 4 bars at 140 BPM to " + a + " (from 9 loops)");

        CliRun again = CliRun.of("dataset", "combine-loops", "--input", loops.toString(), "--count", "2", "--bars", "1",
                "--bpm", "90", "--out", a.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("use --overwrite");
        assertThat(files(a)).hasSize(12);
    }

    @Test
    void combineLoopsNeedsThreeLoops() throws IOException {
        Path loops = dir.resolve("loops");
        Files.createDirectories(loops);
        Files.write(loops.resolve("kick.mid"), loop(1, 36, 4));
        Files.write(loops.resolve("snare.mid"), loop(2, 38, 8));
        Files.write(loops.resolve("piano.mid"), loop(3, 61, 8));

        CliRun run = CliRun.of("dataset", "combine-loops", "--input", loops.toString(), "--count", "3", "--bars", "2",
                "--bpm", "120", "--out", dir.resolve("out").toString(), "--drums-any-channel");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("skipped piano.mid: no notes on drum-map pitches")
                .contains("combining needs at least 3 drum loops with bars of one length, found 2");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** TrapGenerator lines of 1 to 3 bars, each with a kick on its first step. */
    private static String text(long seed, int lines) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < lines; line++) {
            int steps = 16 * (1 + random.nextInt(3));
            for (int step = 0; step < steps; step++) {
                int mask = step == 0 ? 256 : random.nextInt(3) == 0 ? random.nextInt(512) : 0;
                text.append("0b").append(String.format("%9s", Integer.toBinaryString(mask)).replace(' ', '0')).append(' ');
                if ((step + 1) % 16 == 0) {
                    text.append("BAR").append(step + 1 == steps ? "" : " ");
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    @Test
    void textToMidiToTextGivesTheSameText() throws IOException {
        Path input = dir.resolve("in.txt");
        String text = text(5, 12);
        Files.writeString(input, text);
        Path midi = dir.resolve("midi");
        Path back = dir.resolve("back.txt");

        CliRun from = CliRun.of("dataset", "from-text", "--input", input.toString(), "--out", midi.toString(), "--bpm", "140");
        CliRun to = CliRun.of("dataset", "to-text", "--input", midi.toString(), "--out", back.toString());

        assertThat(from.exitCode()).as(from.err()).isZero();
        assertThat(from.lines()[0]).matches("line-0001\\.mid  [123] bars");
        assertThat(from.out()).contains("wrote 12 files at 140 BPM to " + midi);
        assertThat(files(midi)).hasSize(12).first().isEqualTo("line-0001.mid");
        assertThat(to.exitCode()).as(to.err()).isZero();
        assertThat(to.out()).contains("wrote 12 lines to " + back + " (0 files skipped)");
        assertThat(Files.readString(back)).isEqualTo(text);

        CliRun one = CliRun.of("dataset", "to-text", "--input", midi.resolve("line-0002.mid").toString(), "--out",
                back.toString());
        assertThat(one.exitCode()).isEqualTo(1);
        assertThat(one.err()).contains(back + ": the output exists (use --overwrite to replace it)");
        assertThat(CliRun.of("dataset", "to-text", "--input", midi.resolve("line-0002.mid").toString(), "--out",
                back.toString(), "--overwrite").exitCode()).isZero();
        assertThat(Files.readString(back)).isEqualTo(text.split("\n")[1] + "\n");
    }

    @Test
    void aMalformedLineIsReportedByNumberAndTheOthersAreWritten() throws IOException {
        Path input = dir.resolve("in.txt");
        String[] lines = text(6, 3).split("\n");
        Files.writeString(input, lines[0] + "\n\n0b100000000 0b12 BAR\n" + lines[1] + "\n" + lines[2] + "\n");
        Path midi = dir.resolve("midi");

        CliRun run = CliRun.of("dataset", "from-text", "--input", input.toString(), "--out", midi.toString(), "--bpm", "92.5");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(input + ": line 3: word 1: '0b12' is not 0b followed by 9 digits 0/1");
        assertThat(run.out()).contains("wrote 3 files at 92.5 BPM to " + midi + " (1 malformed lines skipped)");
        assertThat(files(midi)).containsExactly("line-0001.mid", "line-0004.mid", "line-0005.mid");
    }

    @Test
    void toTextListsFilesWithoutDrums() throws IOException {
        Path pack = pack(); // channel 1 at odd pitches: no drums on channel 10
        Path out = dir.resolve("t.txt");

        CliRun run = CliRun.of("dataset", "to-text", "--input", pack.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("skipped 01_Kick.mid: no drum notes (channel 10)")
                .contains("no file with drums, nothing written");
        assertThat(out).doesNotExist();
    }
}
