package dev.midigen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peer runner, with {@code sh} and a shell script standing in for Python and a peer. */
class PytorchPeerTest {

    @Test
    void readsEveryValueOfThePytorchLines() {
        Map<String, String> values = PytorchPeer.run("sh", "fake_peer.sh", List.of("--threads", "2"));

        assertThat(values).containsEntry("train_ms_per_step", "250.5").containsEntry("seq_per_s", "255.5")
                .containsEntry("torch", "2.13.0+cpu").containsEntry("sample_steps_per_s", "1700")
                .containsEntry("args", "2");
    }

    @Test
    void thePeerPicksItsOwnThreads() {
        // surefire, like ./midigen, runs the JVM with OMP_NUM_THREADS=1 for nd4j; the peer must not inherit it
        assertThat(PytorchPeer.run("sh", "fake_peer.sh", List.of())).containsEntry("omp", "unset");
    }

    @Test
    void aFailingOrSilentPeerIsReportedWithItsOutput() {
        assertThatThrownBy(() -> PytorchPeer.run("sh", "fake_peer.sh", List.of("fail")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed (exit 1)")
                .hasMessageContaining("No module named torch");
        assertThatThrownBy(() -> PytorchPeer.run("sh", "fake_peer.sh", List.of("silent")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no figures here");
    }

    @Test
    void aMissingScriptOrInterpreterIsNamed() {
        assertThatThrownBy(() -> PytorchPeer.run("sh", "absent.py", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no PyTorch peer script");
        assertThatThrownBy(() -> PytorchPeer.run("/no/such/python", "fake_peer.sh", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("could not run /no/such/python");
    }

    @Test
    void aPythonWithoutTorchIsUnavailableWithItsComplaint() {
        assertThat(PytorchPeer.unavailable("/no/such/python")).hasValueSatisfying(
                why -> assertThat(why).startsWith("could not run /no/such/python"));
        // sh reads "-c 'import torch'" as a command it does not have: a complaint and a non-zero exit, as a Python without torch
        assertThat(PytorchPeer.unavailable("sh")).hasValueSatisfying(why -> assertThat(why).startsWith("sh has no torch ("));
    }

    @Test
    void theWorkloadsPeerScriptsAreResourcesExtractedToTemporaryFiles() throws Exception {
        for (Workload workload : Workload.values()) {
            Path script = PytorchPeer.extract(workload.peerScript());
            try {
                assertThat(Files.readString(script)).contains("import torch").contains("pytorch ");
            } finally {
                Files.delete(script);
            }
        }
    }
}
