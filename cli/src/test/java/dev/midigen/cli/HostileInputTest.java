package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.smf.MetaMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.smf.Track;
import dev.midigen.codec.smf.ChannelMessage;
import dev.midigen.models.DefaultModels;
import dev.midigen.model.weights.SafeTensors;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a careless or hostile user can give the commands: each case one line naming what is wrong, the right exit code. */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One track of drum hits on channel 10 at 480 PPQ, {@code microsPerQuarter} the tempo, a hit every quarter. */
    private Path drums(String name, int microsPerQuarter, int quarters, long lastNoteOffTick) throws IOException {
        List<TimedEvent> events = new ArrayList<>();
        events.add(new TimedEvent(0, new MetaMessage.Tempo(microsPerQuarter)));
        for (int q = 0; q < quarters; q++) {
            events.add(new TimedEvent(q * 480L, new ChannelMessage.NoteOn(9, 36, 100)));
            events.add(new TimedEvent(q * 480L + (q == quarters - 1 ? lastNoteOffTick : 120), new ChannelMessage.NoteOff(9, 36, 0)));
        }
        events.sort(java.util.Comparator.comparingLong(TimedEvent::tick));
        Path file = dir.resolve(name);
        SmfWriter.standard().write(new MidiFile(0, new Timing.Ppq(480), List.of(new Track(events))), file);
        return file;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.contains(".partial-")
                    || n.contains(".old-")).toList();
        }
    }

    @Test
    void badOptionValuesFoundWhileRunningAreUsageErrors() {
        CliRun primer = CliRun.of("generate", "--primer", "[(36,42),(", "--out", dir.toString());
        assertThat(primer.exitCode()).isEqualTo(2);
        assertThat(primer.err()).startsWith("midigen generate: --primer: primer \"[(36,42),(\": ")
                .contains("Try 'midigen generate --help'");

        CliRun backend = CliRun.of("generate", "--backend", "nosuch", "--out", dir.toString());
        assertThat(backend.exitCode()).isEqualTo(2);
        assertThat(backend.err()).startsWith("midigen generate: --backend: no backend called nosuch; ").contains("dl4j (rank 20)");

        assertThat(CliRun.of("generate", "--max-primer-bars", "0", "--out", dir.toString()).exitCode()).isEqualTo(2);
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void filesThatAreNotWhatTheOptionNeedsAreNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("dir.mid"));
        CliRun primer = CliRun.of("generate", "--primer-midi", folder.toString(), "--out", dir.resolve("out").toString());
        assertThat(primer.exitCode()).isEqualTo(1);
        assertThat(primer.err()).isEqualTo("midigen generate: " + folder + ": a folder, not a MIDI file\n");

        CliRun missing = CliRun.of("generate", "--primer-midi", dir.resolve("nope.mid").toString(), "--out", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("midigen generate: " + dir.resolve("nope.mid") + ": no such file\n");

        CliRun device = CliRun.of("generate", "--out", "/dev/full");
        assertThat(device.exitCode()).isEqualTo(1);
        assertThat(device.err()).isEqualTo("midigen generate: /dev/full: not a folder (--out takes a .mid file name or a"
                + " folder)\n");
        CliRun deviceFile = CliRun.of("generate", "--out", "/dev/null/x.mid");
        assertThat(deviceFile.exitCode()).isEqualTo(1);
        assertThat(deviceFile.err()).startsWith("midigen generate: /dev/null: not a folder");
    }

    @Test
    void aPrimersOwnTempoIsBlamedOnThePrimerNotOnBpm() throws IOException {
        Path slow = drums("slow.mid", 0xFFFFFF, 4, 120); // 3.58 BPM
        CliRun run = CliRun.of("generate", "--primer-midi", slow.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("midigen generate: " + slow + ": its tempo, 3.58 BPM, is outside the 4..1000 BPM"
                + " midigen writes; give the output's tempo with --bpm\n");

        CliRun withBpm = CliRun.of("generate", "--primer-midi", slow.toString(), "--bpm", "90", "--bars", "1", "--out",
                dir.resolve("out").toString());
        assertThat(withBpm.exitCode()).as(withBpm.err()).isZero();
    }

    @Test
    void aPrimerThatWouldTakeHoursIsRefusedAtOnce() throws IOException {
        // a melody note held 2^28 quarters: a primer of a million steps
        Path file = dir.resolve("long.mid");
        SmfWriter.standard().write(new MidiFile(0, new Timing.Ppq(1), List.of(new Track(List.of(
                new TimedEvent(0, new ChannelMessage.NoteOn(0, 60, 100)),
                new TimedEvent((1L << 28) - 1, new ChannelMessage.NoteOff(0, 60, 0)))))), file);
        long start = System.nanoTime();
        CliRun run = CliRun.of("generate", "--model", "melody", "--primer-midi", file.toString(), "--out",
                dir.resolve("out").toString());
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(30);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("midigen generate: " + file + ": the music is 67,108,864 bars long, over the limit"
                + " of 1,024 bars for a primer (--max-primer-bars raises it)\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void weightsThatAreNotFiniteAreRefusedNamingTheFileNotAsAnInternalError() throws Exception {
        Path bundle = dir.resolve("nan-drums");
        DefaultModels.bundle("drums").write(bundle, false);
        Path weightsFile = bundle.resolve("weights.safetensors");
        Weights weights = SafeTensors.read(weightsFile).weights();
        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        String first = weights.names().get(0);
        float[] values = tensors.get(first).toArray();
        values[0] = Float.NaN;
        tensors.put(first, Tensor.of(values, tensors.get(first).shape()));
        byte[] bytes = SafeTensors.toBytes(Weights.of(tensors), Map.of());
        Files.write(weightsFile, bytes);
        ObjectNode json = (ObjectNode) JSON.readTree(bundle.resolve("bundle.json").toFile());
        ((ObjectNode) json.get("weights")).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes)));
        JSON.writeValue(bundle.resolve("bundle.json").toFile(), json);

        CliRun run = CliRun.of("generate", "--model", bundle.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("midigen generate: " + bundle + ": weights.safetensors holds weights that are not"
                + " finite numbers: " + first + "[0] = NaN").doesNotContain("internal error").hasLineCount(1);
    }

    @Test
    void twoRunsIntoOneFolderAtOnceEachWriteAllTheirFiles() throws Exception {
        Path out = Files.createDirectory(dir.resolve("beats"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<CliRun>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> CliRun.of("generate", "--num-outputs", "6", "--bars", "1", "--backend", "dl4j",
                        "--out", out.toString())));
            }
            for (Future<CliRun> run : runs) {
                assertThat(run.get().exitCode()).as(run.get().err()).isZero();
                assertThat(run.get().lines()).filteredOn(l -> l.startsWith("wrote ")).hasSize(6);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(12).contains("beat.mid", "beat-12.mid");
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void inspectGoesOnAfterAFileItCannotRead() throws IOException {
        Path good = drums("good.mid", 500_000, 4, 120);
        Path folder = Files.createDirectories(dir.resolve("set"));
        Files.copy(good, folder.resolve("a.mid"));
        Files.writeString(folder.resolve("b.mid"), "not midi");
        Files.copy(good, folder.resolve("c.mid"));
        CliRun run = CliRun.of("inspect", folder.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(3);
        JsonNode bad = JSON.readTree(run.lines()[1]);
        assertThat(bad.get("error").asText()).startsWith("offset 0: expected a header chunk");
        assertThat(JSON.readTree(run.lines()[2]).get("notes").asInt()).isEqualTo(4);

        // an endless device is read as a stream, up to the reader's limit, not forever
        if (Files.exists(Path.of("/dev/zero"))) {
            CliRun zero = CliRun.of("inspect", "/dev/zero", good.toString());
            assertThat(zero.exitCode()).isEqualTo(1);
            assertThat(JSON.readTree(zero.lines()[0]).get("error").asText()).contains("longer than the reader's limit")
                    .doesNotContain("\n");
            assertThat(JSON.readTree(zero.lines()[1]).get("notes").asInt()).isEqualTo(4);
        }
    }
}
