package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.smf.ChannelMessage;
import dev.midigen.codec.smf.MetaMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.smf.Track;
import dev.midigen.codec.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("samples/boom-bap.mid");

    @TempDir
    Path dir;

    private static List<JsonNode> json(CliRun run) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : run.lines()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    /** Two tracks: tempo 100 BPM and 3/4 in track 0, a piano note on channel 1 and a hat on channel 10. */
    private static byte[] smallFile() {
        Timing.Ppq timing = new Timing.Ppq(96);
        Track conductor = Track.of(
                new TimedEvent(0, new MetaMessage.Tempo(600_000)),
                new TimedEvent(0, MetaMessage.TimeSignature.of(3, 4)),
                new TimedEvent(288, new MetaMessage.Tempo(300_000)));
        Track notes = Track.of(
                new TimedEvent(0, new ChannelMessage.NoteOn(0, 60, 90)),
                new TimedEvent(0, new ChannelMessage.NoteOn(9, 42, 80)),
                new TimedEvent(96, new ChannelMessage.NoteOn(9, 42, 0)),
                new TimedEvent(384, new ChannelMessage.NoteOff(0, 60, 0)));
        return SmfWriter.standard().toBytes(new MidiFile(1, timing, List.of(conductor, notes)));
    }

    @Test
    void describesAFileAsOneJsonLine() throws Exception {
        Path file = dir.resolve("small.mid");
        Files.write(file, smallFile());

        CliRun run = CliRun.of("inspect", file.toString());

        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = json(run);
        assertThat(lines).hasSize(1);
        JsonNode report = lines.get(0);
        assertThat(report.fieldNames()).toIterable().containsExactly("file", "format", "division", "tracks", "notes",
                "drumNotes", "channels", "durationSeconds", "tempoChanges", "timeSignatures", "warnings");
        assertThat(report.get("file").asText()).isEqualTo(file.toString());
        assertThat(report.get("format").asInt()).isEqualTo(1);
        assertThat(report.get("division").get("ppq").asInt()).isEqualTo(96);
        assertThat(report.get("tracks").asInt()).isEqualTo(2);
        assertThat(report.get("notes").asInt()).isEqualTo(2);
        assertThat(report.get("drumNotes").asInt()).isEqualTo(1);
        assertThat(report.get("channels").toString()).isEqualTo("[1,10]");
        // 288 ticks at 0.6 s per quarter (1.8 s), then 96 ticks at 0.3 s per quarter: 2.1 s.
        assertThat(report.get("durationSeconds").asDouble()).isEqualTo(2.1);
        assertThat(report.get("tempoChanges").toString())
                .isEqualTo("[{\"tick\":0,\"seconds\":0.0,\"bpm\":100.0},{\"tick\":288,\"seconds\":1.8,\"bpm\":200.0}]");
        assertThat(report.get("timeSignatures").toString()).isEqualTo("[{\"tick\":0,\"signature\":\"3/4\"}]");
        assertThat(report.get("warnings").size()).isZero();
    }

    @Test
    void walksDirectoriesRecursivelyForMidiNamesInAnyCase() throws Exception {
        byte[] midi = smallFile();
        Files.createDirectories(dir.resolve("a/b"));
        Files.write(dir.resolve("a/one.MID"), midi);
        Files.write(dir.resolve("a/b/two.midi"), midi);
        Files.write(dir.resolve("a/b/three.Kar"), midi);
        Files.writeString(dir.resolve("a/notes.txt"), "not midi");

        CliRun run = CliRun.of("inspect", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(json(run)).extracting(n -> Path.of(n.get("file").asText()).getFileName().toString())
                .containsExactly("three.Kar", "two.midi", "one.MID");
    }

    @Test
    void aFileThatCannotBeReadGivesAnErrorLineAndExitCode1() throws Exception {
        Path good = dir.resolve("good.mid");
        Files.write(good, smallFile());
        Path bad = dir.resolve("bad.mid");
        Files.writeString(bad, "this is not a MIDI file");
        Path missing = dir.resolve("missing.mid");

        CliRun run = CliRun.of("inspect", good.toString(), bad.toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        List<JsonNode> lines = json(run);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).has("notes")).isTrue();
        assertThat(lines.get(1).fieldNames()).toIterable().containsExactly("file", "error");
        assertThat(lines.get(1).get("error").asText())
                .isEqualTo("offset 0: expected a header chunk 'MThd', found 'this' (not a Standard MIDI File?)");
        assertThat(lines.get(2).get("error").asText()).isEqualTo("no such file");
    }

    @Test
    void warningsAreReportedLeniently_andStrictModeRejectsTheFile() throws Exception {
        byte[] midi = smallFile();
        byte[] damaged = new byte[midi.length + 3];
        System.arraycopy(midi, 0, damaged, 0, midi.length); // three zero bytes of trailing garbage
        Path file = dir.resolve("damaged.mid");
        Files.write(file, damaged);

        CliRun lenient = CliRun.of("inspect", file.toString());
        assertThat(lenient.exitCode()).isZero();
        JsonNode report = json(lenient).get(0);
        assertThat(report.get("notes").asInt()).isEqualTo(2);
        assertThat(report.get("warnings").get(0).asText())
                .isEqualTo("offset " + midi.length + ": 3 bytes after the last chunk are not a chunk; ignored");

        CliRun strict = CliRun.of("inspect", "--strict", file.toString());
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(json(strict).get(0).get("error").asText())
                .isEqualTo("offset " + midi.length + ": 3 bytes after the last chunk are not a chunk; ignored");
    }

    @Test
    void drumChannelsCanBeChosen() throws Exception {
        Path file = dir.resolve("small.mid");
        Files.write(file, smallFile());

        assertThat(json(CliRun.of("inspect", "--drum-channels", "1", file.toString())).get(0).get("drumNotes").asInt())
                .isEqualTo(1);
        assertThat(json(CliRun.of("inspect", "--drum-channels", "1,10", file.toString())).get(0).get("drumNotes").asInt())
                .isEqualTo(2);
        assertThat(json(CliRun.of("inspect", "--all-drums", file.toString())).get(0).get("drumNotes").asInt())
                .isEqualTo(2);
    }

    @Test
    void usageErrorsExitWith2() {
        CliRun noArguments = CliRun.of("inspect");
        assertThat(noArguments.exitCode()).isEqualTo(2);
        assertThat(noArguments.err()).contains("Missing required parameter");

        assertThat(CliRun.of("inspect", "--bogus", "x.mid").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("inspect", "--drum-channels", "17", SAMPLE.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.of().exitCode()).isEqualTo(2);
        assertThat(CliRun.of("no-such-command").exitCode()).isEqualTo(2);
    }

    @Test
    void theCommittedSampleIsATwoBarBeatOnChannel10() throws Exception {
        CliRun run = CliRun.of("inspect", SAMPLE.toString());

        assertThat(run.exitCode()).isZero();
        JsonNode report = json(run).get(0);
        assertThat(report.get("notes").asInt()).isEqualTo(28);
        assertThat(report.get("drumNotes").asInt()).isEqualTo(28);
        assertThat(report.get("channels").toString()).isEqualTo("[10]");
        assertThat(report.get("tempoChanges").get(0).get("bpm").asDouble()).isEqualTo(90.0);
        assertThat(report.get("durationSeconds").asDouble()).isEqualTo(5.333);
    }

    @Test
    void everySharedFileIsReadWithoutError() throws Exception {
        Path data = SharedData.require();

        CliRun run = CliRun.of("inspect", data.toString());

        assertThat(run.exitCode()).as(run.out()).isZero();
        List<JsonNode> lines = json(run);
        assertThat(lines).hasSize(SharedData.midiFiles(data).size());
        assertThat(lines).allSatisfy(line -> assertThat(line.has("error")).as(line.toString()).isFalse());
    }

    @Test
    void anIoProblemIsOneLineNotAStackTrace() throws Exception {
        Path readOnly = dir.resolve("locked");
        Files.createDirectories(readOnly);
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.write(input.resolve("a.mid"), smallFile());
        readOnly.toFile().setWritable(false);
        try {
            CliRun run = CliRun.of("dataset", "build", "--input", input.toString(), "--encoding", "drum-kit", "--out",
                    readOnly.resolve("corpus").toString());
            if (readOnly.toFile().canWrite()) {
                return; // running as a user who may write anywhere (root): nothing to refuse
            }
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("midigen dataset build: ").contains("permission denied").doesNotContain("\tat ");
        } finally {
            readOnly.toFile().setWritable(true);
        }
    }
}
