package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs of honest but large size, in a JVM of limited heap: the 100 MB file is made at test time, so this runs only
 * with {@code -Dmidigen.long.tests=true} (about a minute).
 */
@EnabledIfSystemProperty(named = "midigen.long.tests", matches = "true")
class LargeInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path big;

    @TempDir
    Path dir;

    @BeforeAll
    static void aHundredMegabyteFile() throws IOException {
        big = runningStatus(shared.resolve("big.mid"), 100_000_000);
    }

    /**
     * A format-0 file of {@code bytes} bytes: one track of running-status note-ons and note-offs (3 bytes an event:
     * delta, key, velocity), the densest honest MIDI there is.
     */
    static Path runningStatus(Path file, long bytes) throws IOException {
        long pairs = (bytes - 30) / 6;
        long trackLength = 4 + pairs * 6 + 4;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0x01, (byte) 0xE0});
            out.write(new byte[] {'M', 'T', 'r', 'k', (byte) (trackLength >>> 24), (byte) (trackLength >>> 16),
                (byte) (trackLength >>> 8), (byte) trackLength});
            out.write(new byte[] {0, (byte) 0x90, 0x3C, 0x40});
            byte[] pair = {0, 0x3C, 0, 1, 0x3C, 0x40}; // off (velocity 0) at once, on again a tick later
            for (long i = 0; i < pairs; i++) {
                out.write(pair);
            }
            out.write(new byte[] {0, (byte) 0xFF, 0x2F, 0});
        }
        return file;
    }

    private record Run(int exitCode, List<String> out, String err) {
    }

    private Run midigen(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), "dev.midigen.cli.MidigenCli"));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readAllLines(out), Files.readString(err));
    }

    @Test
    void aHundredMegabyteFileIsInspectedInAGigabyteOfHeapAndTooLittleHeapFailsThatFileAlone() throws Exception {
        Path small = runningStatus(dir.resolve("small.mid"), 1_000);

        Run enough = midigen("-Xmx1g", "inspect", big.toString());
        assertThat(enough.exitCode()).as(enough.err()).isZero();
        JsonNode report = JSON.readTree(enough.out().get(0));
        assertThat(report.get("notes").asLong()).isEqualTo((100_000_000 - 30) / 6 + 1); // the last note-on is closed at the end

        Run tooLittle = midigen("-Xmx256m", "inspect", big.toString(), small.toString());
        assertThat(tooLittle.exitCode()).isEqualTo(1);
        assertThat(tooLittle.err()).isEmpty();
        assertThat(tooLittle.out()).hasSize(2);
        assertThat(JSON.readTree(tooLittle.out().get(0)).get("error").asText())
                .startsWith("out of memory reading it (the JVM's heap is ").contains("MIDIGEN_JAVA_OPTS=-Xmx");
        assertThat(JSON.readTree(tooLittle.out().get(1)).get("notes").asInt()).isPositive();
    }

    @Test
    void aHundredMegabytePrimerIsRefusedByItsLengthBeforeItsNotesAreMade() throws Exception {
        // 8,681 bars of notes: before, its 16.7 million notes were made (4-6 GB) on the way to a primer of hours
        Run run = midigen("-Xmx1g", "generate", "--model", "melody", "--primer-midi", big.toString(), "--out",
                dir.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("midigen generate: " + big + ": the music is 8,681 bars long, over the limit of"
                + " 1,024 bars for a primer (--max-primer-bars raises it)\n");
    }

    @Test
    void theDocumentedMostOutputsAreWrittenInASmallHeap() throws Exception {
        Path folder = dir.resolve("beats");
        Run run = midigen("-Xmx384m", "generate", "--num-outputs", "100000", "--bars", "1", "--backend", "onnx",
                "--out", folder.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().stream().filter(l -> l.startsWith("wrote "))).hasSize(100_000);
        try (var files = Files.list(folder)) {
            assertThat(files.count()).isEqualTo(100_000);
        }
    }
}
