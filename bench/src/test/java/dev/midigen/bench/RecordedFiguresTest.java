package dev.midigen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** recorded.json and its reader. */
class RecordedFiguresTest {

    @Test
    void thePytorchFiguresTheGoalsWereSetAgainst() {
        RecordedFigures recorded = RecordedFigures.load();

        assertThat(recorded.find(Workload.DRUM_RNN, Metric.TRAIN_SEQUENCES_PER_SECOND, 64)).hasValueSatisfying(f -> {
            assertThat(f.value()).isEqualTo(327);
            assertThat(f.unit()).isEqualTo("seq/s");
            assertThat(f.peer()).isEqualTo("PyTorch");
            assertThat(f.version()).startsWith("1.13");
            assertThat(f.when()).startsWith("2026-11-22");
        });
        assertThat(recorded.find(Workload.DRUM_RNN, Metric.SAMPLE_STEPS_PER_SECOND, 1)).map(RecordedFigure::value)
                .contains(2703.0);
        assertThat(recorded.find(Workload.SEQ2SEQ_GRU, Metric.TRAIN_MS_PER_STEP, 32)).map(RecordedFigure::value)
                .contains(564.0);
        assertThat(recorded.find(Workload.DRUM_RNN, Metric.SAMPLE_STEPS_PER_SECOND, 64)).isEmpty();
        assertThat(recorded.all()).hasSize(3).allSatisfy(f -> {
            assertThat(f.what()).isNotBlank();
            assertThat(f.where()).isNotBlank();
            assertThat(f.source()).isNotBlank();
        });
        assertThat(recorded.of(Workload.SEQ2SEQ_GRU)).hasSize(1);
    }

    @Test
    void aFigureMustSayWhatWhereWhenAndInWhichUnit() {
        String complete = """
                {"workload": "drum-rnn", "metric": "train_seq_per_s", "batch": 64, "value": 1, "unit": "seq/s",
                 "peer": "P", "version": "1", "what": "w", "where": "here", "when": "today", "source": "s"}""";
        assertThat(RecordedFigures.parse(("{\"figures\": [" + complete + "]}").getBytes(StandardCharsets.UTF_8)).all())
                .singleElement().satisfies(f -> assertThat(f.note()).isEmpty());

        assertThatThrownBy(() -> parse(complete.replace("\"when\": \"today\", ", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("when");
        assertThatThrownBy(() -> parse(complete.replace("\"unit\": \"seq/s\"", "\"unit\": \"ms/step\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train_seq_per_s is in seq/s, not ms/step");
        assertThatThrownBy(() -> parse(complete.replace("drum-rnn", "no-such")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no workload called no-such");
        assertThatThrownBy(() -> parse(complete.replace("\"value\": 1", "\"value\": 0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse(complete.replace("\"source\"", "\"sauce\": \"s\", \"source\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sauce");
        assertThatThrownBy(() -> RecordedFigures.parse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("figures");
    }

    private static RecordedFigures parse(String figure) {
        return RecordedFigures.parse(("{\"figures\": [" + figure + "]}").getBytes(StandardCharsets.UTF_8));
    }
}
