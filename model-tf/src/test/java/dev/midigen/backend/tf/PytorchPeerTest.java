package dev.midigen.backend.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benches' PyTorch peer runner, with {@code sh} standing in for Python. */
class PytorchPeerTest {
    @TempDir
    Path temp;

    @Test
    void readsEveryFigureOfThePytorchLines() throws IOException {
        Path script = script("echo 'a warning on stdout'\necho \"pytorch train_ms_per_step=250.5 seq_per_s=255.5 threads=$2\"\n"
                + "echo 'pytorch sample_steps_per_s=1700'\n");
        Map<String, Double> figures = PytorchPeer.run("sh", script.toString(), List.of("--threads", "2"));
        assertEquals(Map.of("train_ms_per_step", 250.5, "seq_per_s", 255.5, "threads", 2.0, "sample_steps_per_s", 1700.0),
                figures);
    }

    @Test
    void thePeerPicksItsOwnThreads() throws IOException {
        // Surefire, like ./midigen, runs the JVM with OMP_NUM_THREADS=1 for nd4j; the peer must not inherit it
        Path script = script("echo \"pytorch omp=${OMP_NUM_THREADS:-0}\"\n");
        assertEquals(Map.of("omp", 0.0), PytorchPeer.run("sh", script.toString(), List.of()));
    }

    @Test
    void aFailingPeerIsReportedWithItsOutput() throws IOException {
        Path script = script("echo 'ModuleNotFoundError: No module named torch'\nexit 1\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PytorchPeer.run("sh", script.toString(), List.of()));
        assertTrue(e.getMessage().contains("failed") && e.getMessage().contains("No module named torch"), e.getMessage());
    }

    @Test
    void aMissingScriptOrInterpreterIsNamed() throws IOException {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> PytorchPeer.run("sh", temp.resolve("absent.py").toString(), List.of()));
        assertTrue(missing.getMessage().startsWith("no PyTorch peer script at "), missing.getMessage());
        Path script = script("echo 'pytorch x=1'\n");
        IllegalStateException noPython = assertThrows(IllegalStateException.class,
                () -> PytorchPeer.run(temp.resolve("no-such-python").toString(), script.toString(), List.of()));
        assertTrue(noPython.getMessage().startsWith("could not run "), noPython.getMessage());
    }

    private Path script(String text) throws IOException {
        Path script = Files.createTempFile(temp, "peer", ".sh");
        Files.writeString(script, text);
        return script;
    }
}
