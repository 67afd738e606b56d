package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelBenchCommandTest {

    @Test
    void printsTrainingAndSamplingFiguresNextToPyTorch() {
        CliRun run = CliRun.of("bench", "model", "--backend", "dl4j", "--train-steps", "1", "--warmup", "0",
                "--sample-steps", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("midigen bench model: dl4j")
                .containsPattern("training +[\\d.]+ ms/step +[\\d.]+ seq/s +PyTorch +327.0 seq/s +ratio [\\d.]+x")
                .containsPattern("sampling +\\d+ steps/s \\(batch 1\\) +PyTorch +2703 steps/s +ratio [\\d.]+x");
    }

    @Test
    void aBackendThatDoesNotTrainIsMeasuredForSamplingOnly() {
        CliRun run = CliRun.of("bench", "model", "--backend", "java", "--train-steps", "1", "--sample-steps", "5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("training  (the java backend does not train)").contains("sampling");
    }
}
