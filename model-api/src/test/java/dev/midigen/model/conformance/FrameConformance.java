package dev.midigen.model.conformance;

import static dev.midigen.model.conformance.BackendConformanceTest.assertLogits;
import static dev.midigen.model.conformance.BackendConformanceTest.assertStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.conformance.FrameConformanceCases.FrameCase;
import dev.midigen.model.eval.FrameEvaluator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seq2seq frame-model checks of {@link BackendConformanceTest} (its {@code frame…} tests call these): logits,
 * encoder states and decoder steps equal to the reference's, states that round-trip, weights and bundles that
 * round-trip, training steps that report the reference's loss and learn, seeded determinism, and refusals.
 * Tests needing {@link Capability#FRAME_MODEL} or {@link Capability#FRAME_TRAIN} are skipped without it.
 */
final class FrameConformance {
    static final int BATCH = 3;
    static final int SOURCE = 6;
    static final int TARGET = 5;

    private final Backend backend;
    private final JavaBackend reference = new JavaBackend();
    private final double tolerance;
    private final double repeatTolerance;

    FrameConformance(Backend backend, double tolerance, double repeatTolerance) {
        this.backend = backend;
        this.tolerance = tolerance;
        this.repeatTolerance = repeatTolerance;
    }

    /** Adam 0.01, no clipping, no dropout, full teacher forcing, BCE; batch 4 × (6 + 5). */
    static FrameTrainingConfig trainingConfig(FrameLoss loss) {
        return new FrameTrainingConfig(new TrainingConfig(0.01, 0, 4, TARGET, 100, 0, 0, 0, 0, 0, 11, 0), SOURCE, 0, 1, loss);
    }

    private void assumeCapable(Capability capability) {
        assumeTrue(backend.capabilities().contains(capability), () -> backend.name() + " cannot " + capability);
    }

    /** The backend's frame model: imported, or a trainer's model when it only trains. */
    FrameModel model(ModelSpec spec, Weights weights) {
        if (backend.capabilities().contains(Capability.FRAME_MODEL)) {
            return backend.frameModel(spec, weights);
        }
        assumeCapable(Capability.FRAME_TRAIN);
        try (FrameTrainer trainer = backend.newFrameTrainer(spec, trainingConfig(new FrameLoss.Bce()), weights)) {
            return trainer.toModel();
        }
    }

    private FrameModel referenceModel(FrameCase network) {
        return reference.frameModel(network.spec(), network.weights());
    }

    private static float[] step(SequenceBatch inputs, int t) {
        int k = inputs.width();
        float[] step = new float[inputs.batch() * k];
        for (int b = 0; b < inputs.batch(); b++) {
            System.arraycopy(inputs.vector(b, t), 0, step, b * k, k);
        }
        return step;
    }

    private static float[] row(float[] values, int row, int width) {
        float[] out = new float[width];
        System.arraycopy(values, row * width, out, 0, width);
        return out;
    }

    private static void assertState(String what, DecoderState expected, DecoderState actual, double tolerance) {
        assertThat(actual.names()).as(what + ": state names").isEqualTo(expected.names());
        assertThat(actual.batch()).as(what + ": state rows").isEqualTo(expected.batch());
        for (String name : expected.names()) {
            assertStep(what + ", state " + name, expected.tensor(name), actual.tensor(name), tolerance);
        }
    }

    void capabilityRefusals() {
        FrameCase network = FrameConformanceCases.cases().get(0);
        if (!backend.capabilities().contains(Capability.FRAME_MODEL)) {
            assertThatThrownBy(() -> backend.frameModel(network.spec(), network.weights()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.FRAME_MODEL));
        }
        if (!backend.capabilities().contains(Capability.FRAME_TRAIN)) {
            assertThatThrownBy(() -> backend.newFrameTrainer(network.spec(), trainingConfig(new FrameLoss.Bce()),
                    network.weights()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.FRAME_TRAIN));
        }
        if (backend.capabilities().contains(Capability.FRAME_MODEL) || backend.capabilities().contains(Capability.FRAME_TRAIN)) {
            assertThat(backend.unsupported(network.spec())).as("a backend with frame capabilities runs seq2seq-gru").isNull();
        }
    }

    void goldenLogits() {
        for (FrameCase network : FrameConformanceCases.cases()) {
            FrameBatch batch = FrameConformanceCases.batch(BATCH, SOURCE, TARGET, 7, network.spec().seed());
            try (FrameModel model = model(network.spec(), network.weights()); FrameModel expected = referenceModel(network)) {
                assertLogits(network + ": score", expected.score(batch), model.score(batch), tolerance);
                assertLogits(network + ": score again", model.score(batch), model.score(batch), repeatTolerance);
            }
        }
    }

    void encodeAndDecode() {
        for (FrameCase network : FrameConformanceCases.cases()) {
            FrameBatch batch = FrameConformanceCases.batch(BATCH, SOURCE, TARGET, 7, network.spec().seed() + 10);
            SequenceBatch inputs = batch.decoderInputs();
            int k = batch.frameSize();
            try (FrameModel model = model(network.spec(), network.weights()); FrameModel expected = referenceModel(network);
                 Decoder decoder = model.newDecoder(BATCH); Decoder referenceDecoder = expected.newDecoder(BATCH)) {
                DecoderState encoded = model.encode(batch.source());
                assertState(network + ": encoder's final state", expected.encode(batch.source()), encoded, tolerance);
                SequenceBatch scored = expected.score(batch);
                decoder.setState(encoded);
                DecoderState middle = null;
                for (int t = 0; t < TARGET; t++) {
                    float[] logits = decoder.step(step(inputs, t));
                    for (int b = 0; b < BATCH; b++) {
                        assertStep(network + ": decoder step " + t + ", sequence " + b, scored.vector(b, t), row(logits, b, k),
                                tolerance);
                    }
                    if (t == 1) {
                        middle = decoder.state();
                    }
                }
                // a saved state continues exactly, on this decoder and on another; selected rows follow
                decoder.setState(middle);
                float[] again = decoder.step(step(inputs, 2));
                try (Decoder other = model.newDecoder(2)) {
                    other.setState(middle.select(new int[] {2, 0}));
                    float[] selected = other.step(concat(step(inputs, 2), 2, 0, k));
                    assertStep(network + ": selected row 2", row(again, 2, k), row(selected, 0, k), repeatTolerance);
                    assertStep(network + ": selected row 0", row(again, 0, k), row(selected, 1, k), repeatTolerance);
                }
                for (int b = 0; b < BATCH; b++) {
                    assertStep(network + ": continued from a saved state, sequence " + b, scored.vector(b, 2), row(again, b, k),
                            tolerance);
                }
                // reset: the zero state, as the reference's
                decoder.reset();
                referenceDecoder.reset();
                float[] fromZero = decoder.step(step(inputs, 0));
                float[] referenceFromZero = referenceDecoder.step(step(inputs, 0));
                assertStep(network + ": from the zero state", referenceFromZero, fromZero, tolerance);
                assertState(network + ": state after a step from zeros", referenceDecoder.state(), decoder.state(), tolerance);
                // wrong widths are refused
                assertThatThrownBy(() -> model.encode(FrameConformanceCases.frames(1, 2, k + 1, 0.5, 1)))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> decoder.step(new float[BATCH * k + 1])).isInstanceOf(IllegalArgumentException.class);
                DecoderState oneRow = decoder.state().select(new int[] {0});
                assertThatThrownBy(() -> decoder.setState(oneRow)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** Rows {@code first} and {@code second} of a {@code rows × k} step, in that order. */
    private static float[] concat(float[] step, int first, int second, int k) {
        float[] out = new float[2 * k];
        System.arraycopy(step, first * k, out, 0, k);
        System.arraycopy(step, second * k, out, k, k);
        return out;
    }

    void weightsRoundTrip(Path temp) throws Exception {
        assumeCapable(Capability.FRAME_MODEL);
        FrameCase network = FrameConformanceCases.cases().get(1);
        FrameBatch batch = FrameConformanceCases.batch(2, SOURCE, TARGET, 7, 5);
        try (FrameModel model = backend.frameModel(network.spec(), network.weights())) {
            Weights exported = model.exportWeights();
            assertThat(exported.names()).as("canonical order").isEqualTo(List.copyOf(Seq2SeqLayout.shapes(network.spec()).keySet()));
            assertThat(exported).as("exported weights equal the imported ones").isEqualTo(network.weights());
            ModelBundle.of(model, Provenance.imported(backend.name(), backend.version(), network.spec().seed(), "conformance"),
                    Map.of()).write(temp.resolve("frames"), false);
            ModelBundle read = ModelBundle.read(temp.resolve("frames"));
            assertThat(read.isFrameModel()).isTrue();
            try (FrameModel loaded = read.openFrames(backend)) {
                assertLogits(network + ": after a bundle round trip", model.score(batch), loaded.score(batch), repeatTolerance);
            }
        }
    }

    void trainingStep() {
        assumeCapable(Capability.FRAME_TRAIN);
        for (FrameLoss loss : List.of(new FrameLoss.Bce(), new FrameLoss.Focal(0.75, 2))) {
            for (FrameCase network : List.of(FrameConformanceCases.cases().get(0), FrameConformanceCases.cases().get(1),
                    FrameConformanceCases.cases().get(3))) {
                FrameBatch frames = FrameConformanceCases.batch(4, SOURCE, TARGET, 7, 31);
                SplittableRandom random = new SplittableRandom(3);
                for (double ratio : new double[] {1, 0.5, 0}) {
                    FrameTrainingBatch batch = FrameTrainingBatch.withRatio(frames, ratio, random);
                    try (FrameTrainer trainer = backend.newFrameTrainer(network.spec(), trainingConfig(loss), network.weights());
                         FrameModel expected = referenceModel(network)) {
                        double want = loss.mean(FrameEvaluator.trainingLogits(expected, batch), frames.target());
                        assertLogits(network + ": trainer's score", expected.score(frames), trainer.score(frames), tolerance);
                        double got = trainer.step(batch);
                        assertThat(got).as("%s, %s, teacher forcing %s: the first step's loss is the reference's", network,
                                loss, ratio).isCloseTo(want, org.assertj.core.api.Assertions.within(tolerance));
                    }
                }
            }
        }
    }

    void learns(int steps) {
        assumeCapable(Capability.FRAME_TRAIN);
        FrameCase network = FrameConformanceCases.cases().get(1);
        FrameBatch frames = FrameConformanceCases.learnable(4, SOURCE, TARGET, 7, 8);
        FrameTrainingConfig config = trainingConfig(new FrameLoss.Bce());
        try (FrameTrainer trainer = backend.newFrameTrainer(network.spec(), config, network.weights())) {
            SplittableRandom random = new SplittableRandom(1);
            double first = trainer.step(FrameTrainingBatch.withRatio(frames, 0.5, random));
            double last = first;
            for (int i = 1; i < steps; i++) {
                last = trainer.step(FrameTrainingBatch.withRatio(frames, 0.5, random));
            }
            assertThat(last).as("loss after %d steps of Adam 0.01 (first %s)", steps, first).isLessThan(first / 4);
            try (FrameModel model = trainer.toModel()) {
                SequenceBatch before = model.score(frames);
                assertLogits("toModel equals the trainer", trainer.score(frames), before, repeatTolerance);
                trainer.step(FrameTrainingBatch.teacherForced(frames));
                assertLogits("toModel is a copy", before, model.score(frames), 0);
            }
            Weights weights = trainer.exportWeights();
            trainer.importWeights(network.weights());
            assertThat(trainer.exportWeights()).isEqualTo(network.weights());
            trainer.importWeights(weights);
            assertThat(trainer.exportWeights()).isEqualTo(weights);
        }
    }

    /** Two trainers with the same seed, dropout and teacher forcing reach the same weights; a checkpoint continues exactly. */
    void determinism() {
        assumeCapable(Capability.FRAME_TRAIN);
        FrameCase network = FrameConformanceCases.cases().get(2);
        FrameTrainingConfig config = trainingConfig(new FrameLoss.Focal(0.6, 1.5)).withDropout(0.2, 0.5);
        FrameTrainingBatch[] batches = new FrameTrainingBatch[4];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < batches.length; i++) {
            batches[i] = FrameTrainingBatch.withRatio(FrameConformanceCases.batch(4, SOURCE, TARGET, 7, 40 + i), 0.5, random);
        }
        try (FrameTrainer a = backend.newFrameTrainer(network.spec(), config, network.weights());
             FrameTrainer b = backend.newFrameTrainer(network.spec(), config, network.weights())) {
            for (int i = 0; i < 3; i++) {
                double la = a.step(batches[i]);
                double lb = b.step(batches[i]);
                assertThat(Math.abs(la - lb)).as("step %d's loss, twice", i).isLessThanOrEqualTo(repeatTolerance);
            }
            assertWeights("same seed, same steps", a.exportWeights(), b.exportWeights(), repeatTolerance);
            try (FrameTrainer c = backend.newFrameTrainer(network.spec(), config, a.exportWeights())) {
                c.restoreOptimizerState(a.optimizerState());
                double la = a.step(batches[3]);
                double lc = c.step(batches[3]);
                assertThat(Math.abs(la - lc)).as("a restored checkpoint's loss").isLessThanOrEqualTo(repeatTolerance);
                assertWeights("continued from a checkpoint", a.exportWeights(), c.exportWeights(), repeatTolerance);
            }
        }
    }

    private static void assertWeights(String what, Weights expected, Weights actual, double tolerance) {
        assertThat(actual.names()).isEqualTo(expected.names());
        for (String name : expected.names()) {
            assertStep(what + ", tensor " + name, expected.get(name).toArray(), actual.get(name).toArray(), tolerance);
        }
    }

    void refusals() {
        boolean models = backend.capabilities().contains(Capability.FRAME_MODEL);
        boolean trains = backend.capabilities().contains(Capability.FRAME_TRAIN);
        assumeTrue(models || trains, "the backend runs no frame models");
        FrameCase network = FrameConformanceCases.cases().get(1);
        Map<String, Weights> wrong = new LinkedHashMap<>();
        Map<String, Tensor> misshapen = new LinkedHashMap<>(network.weights().asMap());
        misshapen.put(Seq2SeqLayout.OUTPUT_WEIGHTS, Tensor.of(new float[6 * 5], 5, 6));
        wrong.put(Seq2SeqLayout.OUTPUT_WEIGHTS, Weights.of(misshapen));
        Map<String, Tensor> missing = new LinkedHashMap<>(network.weights().asMap());
        missing.remove("decoder.gru.1.R");
        wrong.put("decoder.gru.1.R", Weights.of(missing));
        Map<String, Tensor> extra = new LinkedHashMap<>(network.weights().asMap());
        extra.put("extra.W", Tensor.of(new float[4], 2, 2));
        wrong.put("extra.W", Weights.of(extra));
        wrong.forEach((tensor, weights) -> {
            if (models) {
                assertThatThrownBy(() -> backend.frameModel(network.spec(), weights)).as("frameModel, wrong " + tensor)
                        .isInstanceOf(IllegalArgumentException.class).isNotInstanceOf(UnsupportedCapabilityException.class)
                        .hasMessageContaining(tensor);
            }
            if (trains) {
                assertThatThrownBy(() -> backend.newFrameTrainer(network.spec(), trainingConfig(new FrameLoss.Bce()), weights))
                        .as("newFrameTrainer, wrong " + tensor)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(tensor);
            }
        });
        // use after close
        FrameBatch batch = FrameConformanceCases.batch(1, 2, 2, 7, 1);
        FrameModel model = model(network.spec(), network.weights());
        Decoder decoder = model.newDecoder(1);
        decoder.close();
        decoder.close();
        assertThatThrownBy(() -> decoder.step(new float[7])).isInstanceOf(IllegalStateException.class);
        Decoder open = model.newDecoder(1);
        model.close();
        model.close();
        assertThatThrownBy(() -> model.score(batch)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.encode(batch.source())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> open.step(new float[7])).isInstanceOf(IllegalStateException.class);
        if (trains) {
            FrameTrainer trainer = backend.newFrameTrainer(network.spec(), trainingConfig(new FrameLoss.Bce()), network.weights());
            assertThatThrownBy(() -> trainer.step(FrameTrainingBatch.teacherForced(FrameConformanceCases.batch(1, 2, 2, 6, 1))))
                    .as("frames of the wrong width").isInstanceOf(IllegalArgumentException.class);
            trainer.close();
            trainer.close();
            assertThatThrownBy(() -> trainer.score(batch)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(trainer::toModel).isInstanceOf(IllegalStateException.class);
        }
    }
}
