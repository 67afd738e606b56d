package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelBenchCommandTest {

    @Test
    void printsTrainingScoringAndSamplingFiguresNextToTheRecordedPytorchFigures() {
        CliRun run = CliRun.of("bench", "model", "--backend", "dl4j", "--train-steps", "1", "--warmup", "0",
                "--score-repeats", "1", "--sample-steps", "20", "--batch", "1,4");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("workload drum-rnn: 2 × 256 LSTM")
                .contains("recorded: PyTorch 327.0 seq/s (training, batch 64; PyTorch 1.13")
                .contains("midigen bench model: dl4j")
                .containsPattern("training +[\\d.]+ ms/step +[\\d.]+ seq/s +PyTorch +327.0 seq/s +ratio [\\d.]+x")
                .containsPattern("scoring +[\\d.]+ seq/s \\(forward only, batch 64\\)")
                .containsPattern("sampling +\\d+ steps/s \\(batch 1\\) +PyTorch +2703 steps/s +ratio [\\d.]+x")
                .containsPattern("sampling +\\d+ steps/s \\(batch 4\\) +\\d+ sequence-steps/s");
    }

    @Test
    void aBackendThatDoesNotTrainIsMeasuredForSamplingOnly() {
        CliRun run = CliRun.of("bench", "model", "--backend", "java", "--train-steps", "1", "--score-repeats", "0",
                "--sample-steps", "5", "--batch", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("training: the java backend does not train").contains("sampling")
                .doesNotContain("scoring");
    }

    @Test
    void aPythonWithoutTorchIsSkippedWithOneLine() {
        CliRun run = CliRun.of("bench", "model", "--backend", "java", "--train-steps", "0", "--score-repeats", "0",
                "--sample-steps", "5", "--batch", "1", "--pytorch", "/no/such/python");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("PyTorch in this run: skipped, could not run /no/such/python");
    }

    @Test
    void anUnknownWorkloadIsAUsageError() {
        CliRun run = CliRun.of("bench", "model", "--workload", "nope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--workload: no workload called nope");
    }
}
