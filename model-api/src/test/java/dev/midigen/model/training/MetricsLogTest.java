package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    @Test
    void readsStepsTrainingSecondsAndTheLossCurve() throws IOException {
        Files.write(dir.resolve(MetricsLog.FILE_NAME), List.of(
                "{\"step\":10,\"validation\":{\"loss\":2.5,\"perplexity\":12.2},\"trainSeconds\":4.0}",
                "",
                "{\"step\":20,\"validation\":{\"loss\":\"NaN\"},\"trainSeconds\":8.0}",
                "{\"step\":30,\"validation\":{\"loss\":1.5},\"trainSeconds\":12.0}"));
        MetricsLog log = MetricsLog.read(dir);

        assertThat(log.lines()).extracting(MetricsLog.Line::step).containsExactly(10L, 20L, 30L);
        assertThat(log.lossCurve()).extracting(MetricsLog.Line::validationLoss).containsExactly(2.5, 1.5);
        assertThat(log.trainingSequencesPerSecond(64)).contains(30 * 64 / 12.0);
    }

    @Test
    void noFileIsAnEmptyLogAndABrokenLineIsAnErrorThatQuotesIt() throws IOException {
        assertThat(MetricsLog.read(dir).lines()).isEmpty();
        assertThat(MetricsLog.read(dir).trainingSequencesPerSecond(64)).isEmpty();
        assertThatThrownBy(() -> MetricsLog.parse(List.of("{\"step\":1}", "{oops")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.jsonl").hasMessageContaining("{oops");
        assertThatThrownBy(() -> MetricsLog.parse(List.of("{\"loss\":1}"))).hasMessageContaining("no step");
    }
}
