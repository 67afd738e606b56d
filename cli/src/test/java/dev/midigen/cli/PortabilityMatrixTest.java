package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.backend.onnx.OnnxExporter;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Backends;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.Decoder;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.sampling.Sample;
import dev.midigen.model.sampling.Sampler;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.Windows;
import dev.midigen.model.weights.CanonicalLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Train on one backend, run on any, for a model of each family — a small drum RNN with attention and a seq2seq GRU
 * (dropout, partial teacher forcing): for every backend on the class path that trains, the model is trained a few
 * steps and saved as a bundle; every backend that runs models opens the bundle and must give the trainer's logits
 * (within 1e-4) and, from the same seed, the same samples; its ONNX file ({@code export-onnx}) gives them too, and on
 * the onnx backend so do its decoder's steps (from the encoder's state for the seq2seq GRU).
 */
class PortabilityMatrixTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    /** A model, its training settings and batches, and the batch its logits are compared on. */
    record Case(String name, ModelSpec spec, TrainingConfig config, List<TrainingBatch> batches, ModelBatch probe) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        ModelSpec drums = new ModelSpec(new DrumRnn(List.of(12, 8), 4), new DrumKitSpec(
                dev.midigen.codec.repr.DrumMap.GM, 4, 6), 11);
        SplittableRandom random = new SplittableRandom(3);
        List<IntSeq> sequences = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            int[] tokens = new int[48];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = i % 4 == 0 ? 1 | 4 : random.nextInt(5) == 0 ? 2 : 0;
            }
            sequences.add(IntSeq.wrap(tokens));
        }
        Windows windows = new Windows(drums.tokenCodec(), sequences, 16);
        List<TrainingBatch> drumBatches = new ArrayList<>();
        for (int step = 0; step < 10; step++) {
            drumBatches.add(windows.trainingBatch(5, step, 4));
        }
        Case drumRnn = new Case("drum-rnn", drums, TrainingConfig.builder().learningRate(0.01).batchSize(4).windowSteps(16)
                .steps(10).dropout(0).evalInterval(0).checkpointMinutes(0).seed(5).threads(1).build(), drumBatches,
                windows.validationBatches(6, 0).iterator().next().inputs());

        ModelSpec piano = new ModelSpec(new Seq2SeqGru(16, 2, 12, new BernoulliLoss.Focal(0.75, 2)),
                new PianoRollSpec(4, 48, 24, false), 5);
        SplittableRandom frames = new SplittableRandom(21);
        ModelBatch probe = ModelBatch.teacherForced(frames(3, 8, 24, frames), frames(3, 6, 24, frames));
        SplittableRandom draws = new SplittableRandom(2);
        List<TrainingBatch> pianoBatches = new ArrayList<>();
        for (int step = 0; step < 12; step++) {
            pianoBatches.add(TrainingBatch.seq2seq(frames(4, 8, 24, draws), frames(4, 6, 24, draws), 0.5, draws));
        }
        Case seq2seq = new Case("seq2seq-gru", piano, TrainingConfig.builder().learningRate(3e-3).clipNorm(1).batchSize(4)
                .windowSteps(6).sourceSteps(8).steps(12).dropout(0.2).headDropout(0.5).teacherForcing(0.5).evalInterval(0)
                .checkpointMinutes(0).seed(9).build(), pianoBatches, probe);
        return Stream.of(drumRnn, seq2seq);
    }

    private static SequenceBatch frames(int batch, int time, int keys, SplittableRandom random) {
        float[] values = new float[batch * time * keys];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.2 ? 1f : 0f;
        }
        return SequenceBatch.wrap(batch, time, keys, values);
    }

    private static List<Backend> backends(Capability capability, ModelSpec spec) {
        List<Backend> found = new ArrayList<>();
        for (BackendProvider provider : Backends.discover().providers()) {
            if (provider.probe().available()) {
                Backend backend = provider.open();
                if (backend.capabilities().contains(capability) && backend.unsupported(spec) == null) {
                    found.add(backend);
                }
            }
        }
        return found;
    }

    /** Three seeded pieces: tokens after a drum primer, or a piano roll's keys drawn from a zero start. */
    private static List<String> samples(SequenceModel model) {
        Sampler sampler = new Sampler(SamplingConfig.builder().seed(9).bernoulli().build());
        if (model.spec().hasEncoder()) {
            return sampler.sampleUnits(model, null, 16, 0, 3).stream().map(s -> Arrays.toString(s.values())).toList();
        }
        return sampler.sample(model, IntSeq.of(1, 0, 4), 24, 3).stream().map(Sample::tokens).map(IntSeq::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainedAnywhereItRunsSamplesAndExportsTheSameEverywhere(Case c) throws Exception {
        List<Backend> trainers = backends(Capability.TRAIN, c.spec());
        List<Backend> runners = backends(Capability.SCORE, c.spec());
        assertThat(trainers).extracting(Backend::name).contains("dl4j", "tf");
        assertThat(runners).extracting(Backend::name).contains("dl4j", "tf", "onnx", "java");
        for (Backend trainer : trainers) {
            List<String> reference = null;
            SequenceBatch trained;
            Path bundleDir = dir.resolve(c + "-on-" + trainer.name());
            try (Trainer training = trainer.newTrainer(c.spec(), c.config(), CanonicalLayout.initial(c.spec(), c.spec().seed()))) {
                for (TrainingBatch batch : c.batches()) {
                    training.step(batch);
                }
                try (SequenceModel model = training.toModel()) {
                    trained = model.score(c.probe());
                    ModelBundle.of(model, Provenance.imported(trainer.name(), trainer.version(), 5, "portability test"),
                            Map.of()).write(bundleDir, false);
                }
            }
            ModelBundle bundle = ModelBundle.read(bundleDir);
            for (Backend runner : runners) {
                try (SequenceModel model = bundle.open(runner)) {
                    assertThat(largest(trained, model.score(c.probe())))
                            .as("%s trained on %s, run on %s", c, trainer.name(), runner.name()).isLessThanOrEqualTo(TOLERANCE);
                    if (runner.capabilities().contains(Capability.SAMPLE)) {
                        List<String> samples = samples(model);
                        reference = reference == null ? samples : reference;
                        assertThat(samples).as("%s trained on %s, its samples on %s", c, trainer.name(), runner.name()).isEqualTo(reference);
                    }
                }
            }
            Path onnx = dir.resolve(c + "-on-" + trainer.name() + ".onnx");
            CliRun run = CliRun.of("export-onnx", "--model", bundleDir.toString(), "--out", onnx.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(largest(trained, OnnxExporter.scoreExported(Files.readAllBytes(onnx), c.probe())))
                    .as("%s trained on %s, its ONNX file", c, trainer.name()).isLessThanOrEqualTo(TOLERANCE);
            Backend onnxBackend = runners.stream().filter(b -> b.name().equals("onnx")).findFirst().orElseThrow();
            try (SequenceModel model = bundle.open(onnxBackend); Decoder decoder = model.newDecoder(c.probe().batch())) {
                assertThat(largest(trained, steps(model, decoder, c.probe())))
                        .as("%s trained on %s, onnx decoder steps", c, trainer.name()).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    /** The decoder's logits step by step over the probe's inputs (from the encoder's state when it has one). */
    private static SequenceBatch steps(SequenceModel model, Decoder decoder, ModelBatch batch) {
        if (batch.hasSource()) {
            decoder.setState(model.encode(batch.source()));
        }
        SequenceBatch inputs = batch.inputs();
        int rows = batch.batch();
        int k = inputs.width();
        int labels = model.spec().head().outputSize();
        float[] logits = new float[rows * inputs.time() * labels];
        for (int t = 0; t < inputs.time(); t++) {
            float[] step = new float[rows * k];
            for (int b = 0; b < rows; b++) {
                System.arraycopy(inputs.vector(b, t), 0, step, b * k, k);
            }
            float[] out = decoder.step(step);
            for (int b = 0; b < rows; b++) {
                System.arraycopy(out, b * labels, logits, (b * inputs.time() + t) * labels, labels);
            }
        }
        return SequenceBatch.wrap(rows, inputs.time(), labels, logits);
    }

    private static double largest(SequenceBatch a, SequenceBatch b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        assertThat(y).hasSameSizeAs(x);
        double largest = 0;
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(y[i])) {
                return Double.NaN;
            }
            largest = Math.max(largest, Math.abs((double) x[i] - y[i]));
        }
        return largest;
    }
}
