package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./midigen} sent SIGTERM, as a supervisor, a CI timeout or {@code kill PID} sends it: the launcher has become
 * java (exec), so the signal reaches the JVM, which stops the command between steps, keeps its checkpoint, leaves no
 * partial file and no process behind, and says so in one line.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherSignalTest {
    private static final Path LAUNCHER = Path.of("..", "midigen").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void sigtermStopsATrainingRunCleanlyKeepingItsCheckpoint() throws Exception {
        Path corpus = TinyCorpora.drums(dir);
        Path out = dir.resolve("model");
        ProcessBuilder builder = new ProcessBuilder("bash", LAUNCHER.toString(), "train", "--data", corpus.toString(),
                "--model", "drum-rnn", "--backend", "dl4j", "--hparams",
                TinyCorpora.TINY_DRUM_RNN + ",eval=100000,checkpoint=0.003", "--steps", "10000000",
                "--out", out.toString());
        builder.environment().put("MIDIGEN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("MIDIGEN_DEBUG");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // a file, not a pipe: the JDK closes a child's pipe when the child exits, and the launcher's stderr filter (a
        // grandchild) writes java's last line a moment later
        Path errFile = dir.resolve("stderr.txt");
        builder.redirectError(errFile.toFile());
        Process launcher = builder.start();
        try {
            assertThat(waitForLine(errFile, "checkpoint at step", 180)).as("a checkpoint within 3 minutes: %s",
                    Files.readString(errFile)).isTrue();
            // exec: the launcher's own process is now java, with no shell left to orphan it
            assertThat(launcher.info().command().orElse("")).as("the launcher's process").endsWith("java");
            List<ProcessHandle> family = launcher.descendants().toList();

            launcher.destroy(); // SIGTERM

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            assertThat(launcher.exitValue()).as("SIGTERM's status: %s", Files.readString(errFile)).isEqualTo(143);
            for (ProcessHandle child : family) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("child %s", child.info().command()).isFalse();
            }
        } finally {
            launcher.destroyForcibly();
        }
        assertThat(waitForLine(errFile, "midigen train:", 10)).isTrue();
        List<String> err = Files.readAllLines(errFile);
        String last = err.get(err.size() - 1);
        assertThat(last).startsWith("midigen train: stopped: training stopped at step ")
                .contains("; --resume continues from the checkpoint of step ");
        assertThat(err).filteredOn(line -> line.startsWith("midigen train:")).hasSize(1);
        assertThat(err).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));

        Path work = dir.resolve(".model.training");
        assertThat(out).doesNotExist();
        assertThat(ModelBundle.read(work.resolve("checkpoint")).provenance().stepsTrained()).isPositive();
        assertThat(work.resolve("checkpoint/state.json")).exists();
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.contains(".partial-") || n.contains(".old-"));
        }
    }

    /** Whether a line starting with {@code prefix} appears in {@code file} within {@code seconds}. */
    private static boolean waitForLine(Path file, String prefix, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).stream().anyMatch(line -> line.startsWith(prefix))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
