package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} killed with SIGKILL (no shutdown hook, no cleanup: a power cut) at moments spread over a run, then
 * {@code --resume}d: each time the output is the uninterrupted run's, byte for byte, with the same
 * {@code metrics.jsonl} steps, and nothing else is left beside it.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class KillAndResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Process train(Path corpus, Path out, boolean resume) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.midigen.cli.MidigenCli", "train",
                "--data", corpus.toString(), "--model", "drum-rnn", "--backend", "dl4j", "--hparams",
                TinyCorpora.TINY_DRUM_RNN + ",eval=40,checkpoint=0.001", "--steps", "200",
                "--out", out.toString()));
        if (resume) {
            command.add("--resume");
        }
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve(out.getFileName() + (resume ? ".resume" : "") + ".err").toFile()).start();
    }

    private static List<Long> steps(Path bundle) throws Exception {
        List<Long> steps = new ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve("metrics.jsonl"))) {
            steps.add(JSON.readTree(line).get("step").asLong());
        }
        return steps;
    }

    /** What a killed run left, for the test's report. */
    private List<String> onDisk(String name) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).filter(n -> n.startsWith(name + "/") || n.equals(name)
                    || n.startsWith("." + name) || n.startsWith(".." + name)).sorted().toList();
        }
    }

    @Test
    void aRunKilledAtAnyMomentAndResumedEndsAsAnUninterruptedOne() throws Exception {
        Path corpus = TinyCorpora.drums(dir);

        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        Process uninterrupted = train(corpus, whole, false);
        assertThat(uninterrupted.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(uninterrupted.exitValue()).as(Files.readString(dir.resolve("whole.err"))).isZero();
        long runMillis = (System.nanoTime() - start) / 1_000_000;
        byte[] weights = Files.readAllBytes(whole.resolve("weights.safetensors"));
        byte[] optimizer = Files.readAllBytes(whole.resolve("optimizer.safetensors"));

        // kill points: moments spread over the run (JVM start, before and after the first checkpoint), and the moment
        // its output appears. The run's end takes a few milliseconds, faster than a kill lands; the states a kill
        // inside it leaves are made on disk and resumed in model-api's TrainingLoopTest.
        List<String> points = List.of("0.35", "0.55", "0.8", "published");
        for (String point : points) {
            Path out = dir.resolve("out-" + point);
            Process killed = train(corpus, out, false);
            if (point.startsWith("0.")) {
                killed.waitFor((long) (runMillis * Double.parseDouble(point)), TimeUnit.MILLISECONDS);
            } else {
                while (killed.isAlive() && !Files.exists(out)) {
                    Thread.onSpinWait();
                }
            }
            killed.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            killed.waitFor(1, TimeUnit.MINUTES);
            System.out.printf("killed at %s (run: %d ms): %s%n", point, runMillis, onDisk(out.getFileName().toString()));
            Process resumed = train(corpus, out, true);
            assertThat(resumed.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(resumed.exitValue()).as("resumed after a kill at %s: %s", point,
                    Files.readString(dir.resolve(out.getFileName() + ".resume.err"))).isZero();

            assertThat(out.resolve("weights.safetensors")).as("killed at %s", point).hasBinaryContent(weights);
            assertThat(out.resolve("optimizer.safetensors")).as("killed at %s", point).hasBinaryContent(optimizer);
            assertThat(steps(out)).isEqualTo(steps(whole));
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly("bundle.json", "metrics.jsonl", "optimizer.safetensors", "weights.safetensors");
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> !n.startsWith("."));
        }
    }
}
