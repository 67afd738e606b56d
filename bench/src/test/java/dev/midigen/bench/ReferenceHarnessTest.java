package dev.midigen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness on tiny settings: which figures come back (no timing is asserted). */
class ReferenceHarnessTest {

    @Test
    void trainsScoresAndSamplesABackendThatTrains() {
        ReferenceHarness.Measurement m = ReferenceHarness.measure("dl4j", Workload.DRUM_RNN,
                new ReferenceHarness.Settings(1, 1, 1, 20, List.of(1, 3), 0));

        assertThat(m.backend()).isEqualTo("dl4j");
        assertThat(m.notes()).isEmpty();
        assertThat(m.figures()).extracting(Figure::metric, Figure::batch).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Metric.TRAIN_MS_PER_STEP, 64),
                org.assertj.core.groups.Tuple.tuple(Metric.TRAIN_SEQUENCES_PER_SECOND, 64),
                org.assertj.core.groups.Tuple.tuple(Metric.SCORE_SEQUENCES_PER_SECOND, 64),
                org.assertj.core.groups.Tuple.tuple(Metric.SAMPLE_STEPS_PER_SECOND, 1),
                org.assertj.core.groups.Tuple.tuple(Metric.SAMPLE_SEQUENCE_STEPS_PER_SECOND, 1),
                org.assertj.core.groups.Tuple.tuple(Metric.SAMPLE_STEPS_PER_SECOND, 3),
                org.assertj.core.groups.Tuple.tuple(Metric.SAMPLE_SEQUENCE_STEPS_PER_SECOND, 3));
        assertThat(m.figures()).allSatisfy(f -> assertThat(f.value()).isPositive().isFinite());
        double ms = m.figure(Metric.TRAIN_MS_PER_STEP, 64).orElseThrow().value();
        assertThat(m.figure(Metric.TRAIN_SEQUENCES_PER_SECOND, 64).orElseThrow().value()).isCloseTo(64_000 / ms,
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aBackendThatDoesNotTrainIsSampledOnly() {
        ReferenceHarness.Measurement m = ReferenceHarness.measure("java", Workload.DRUM_RNN,
                new ReferenceHarness.Settings(0, 1, 0, 10, List.of(1), 0));

        assertThat(m.notes()).containsExactly("training: the java backend does not train");
        assertThat(m.figures()).extracting(Figure::metric)
                .containsExactly(Metric.SAMPLE_STEPS_PER_SECOND, Metric.SAMPLE_SEQUENCE_STEPS_PER_SECOND);
    }

    @Test
    void theSeq2SeqWorkloadGoesThroughTheSameCode() {
        ReferenceHarness.Measurement m = ReferenceHarness.measure("java", Workload.SEQ2SEQ_GRU,
                new ReferenceHarness.Settings(0, 0, 0, 4, List.of(2), 0));

        assertThat(m.notes()).containsExactly("training: not measured (0 training steps)");
        assertThat(m.figure(Metric.SAMPLE_STEPS_PER_SECOND, 2)).isPresent();
    }

    @Test
    void workloadsAreTheDocumentedShapes() {
        assertThat(Workload.DRUM_RNN.spec().inputSize()).isEqualTo(518);
        assertThat(Workload.DRUM_RNN.spec().head().outputSize()).isEqualTo(512);
        assertThat(Workload.DRUM_RNN.config(10, 0)).satisfies(c -> {
            assertThat(c.learningRate()).isEqualTo(1e-3);
            assertThat(c.clipNorm()).isEqualTo(3.0);
            assertThat(c.dropout()).isZero();
            assertThat(c.batchSize()).isEqualTo(64);
            assertThat(c.windowSteps()).isEqualTo(64);
        });
        assertThat(Workload.DRUM_RNN.batches(2)).hasSize(2).allSatisfy(b -> {
            assertThat(b.inputs().batch()).isEqualTo(64);
            assertThat(b.inputs().time()).isEqualTo(64);
        });
        assertThat(Workload.SEQ2SEQ_GRU.batches(1).get(0).inputs().source().time()).isEqualTo(64);
        assertThat(Workload.of("seq2seq-gru")).isSameAs(Workload.SEQ2SEQ_GRU);
    }
}
