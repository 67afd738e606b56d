package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.backend.onnx.Seq2SeqExporter;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.Backends;
import dev.midigen.model.Decoder;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seq2seq GRU trained on each backend that trains frame models (tf, dl4j), with dropout and partial teacher
 * forcing, opens on every backend that runs them, and its ONNX file ({@code export-onnx}) gives the training backend's
 * decoder logits within 1e-4 — teacher-forced and step by step from the encoder's state.
 */
class Seq2SeqPortabilityTest {
    private static final ModelSpec SPEC = new ModelSpec(new Seq2SeqGru(16, 2, 12), new PianoRollSpec(4, 48, 24, false), 5);
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private static List<Backend> backends(Capability capability) {
        List<Backend> found = new ArrayList<>();
        for (BackendProvider provider : Backends.discover().providers()) {
            if (provider.probe().available()) {
                Backend backend = provider.open();
                if (backend.capabilities().contains(capability) && backend.unsupported(SPEC) == null) {
                    found.add(backend);
                }
            }
        }
        return found;
    }

    private static SequenceBatch frames(int batch, int time, SplittableRandom random) {
        int keys = Seq2SeqLayout.keys(SPEC);
        float[] values = new float[batch * time * keys];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.2 ? 1f : 0f;
        }
        return SequenceBatch.wrap(batch, time, keys, values);
    }

    @Test
    void trainedAnywhereItRunsEverywhereAndItsOnnxFileGivesTheTrainersLogits() throws Exception {
        List<Backend> trainers = backends(Capability.FRAME_TRAIN);
        List<Backend> runners = backends(Capability.FRAME_MODEL);
        assertThat(trainers).extracting(Backend::name).contains("dl4j", "tf");
        assertThat(runners).extracting(Backend::name).contains("tf", "onnx", "java");
        FrameTrainingConfig config = new FrameTrainingConfig(new TrainingConfig(3e-3, 1, 4, 6, 12, 0, 0.2, 0, 0, 0, 9, 0), 8, 0.5,
                0.5, new FrameLoss.Focal(0.75, 2));
        SplittableRandom random = new SplittableRandom(21);
        FrameBatch check = new FrameBatch(frames(3, 8, random), frames(3, 6, random));
        for (Backend trainer : trainers) {
            SequenceBatch trained;
            Path bundleDir = dir.resolve(trainer.name());
            try (FrameTrainer training = trainer.newFrameTrainer(SPEC, config, Seq2SeqLayout.initial(SPEC, 5))) {
                SplittableRandom draws = new SplittableRandom(2);
                for (int step = 0; step < 12; step++) {
                    FrameBatch frames = new FrameBatch(frames(4, 8, draws), frames(4, 6, draws));
                    training.step(FrameTrainingBatch.withRatio(frames, 0.5, draws));
                }
                try (FrameModel model = training.toModel()) {
                    trained = model.score(check);
                    ModelBundle.of(model, Provenance.imported(trainer.name(), trainer.version(), 5, "Seq2SeqPortabilityTest"), Map.of())
                            .write(bundleDir, false);
                }
            }
            ModelBundle bundle = ModelBundle.read(bundleDir);
            for (Backend runner : runners) {
                try (FrameModel model = bundle.openFrames(runner)) {
                    assertThat(largest(trained, model.score(check))).as("trained on %s, run on %s", trainer.name(), runner.name())
                            .isLessThanOrEqualTo(TOLERANCE);
                }
            }
            Path onnx = dir.resolve(trainer.name() + ".onnx");
            CliRun run = CliRun.of("export-onnx", "--model", bundleDir.toString(), "--out", onnx.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            byte[] file = Files.readAllBytes(onnx);
            assertThat(largest(trained, Seq2SeqExporter.scoreExported(file, check))).as("trained on %s, its ONNX file", trainer.name())
                    .isLessThanOrEqualTo(TOLERANCE);
            // step by step from the encoder's state on the onnx backend, against the trainer's teacher-forced logits
            Backend onnxBackend = runners.stream().filter(b -> b.name().equals("onnx")).findFirst().orElseThrow();
            try (FrameModel model = bundle.openFrames(onnxBackend); Decoder decoder = model.newDecoder(3)) {
                decoder.setState(model.encode(check.source()));
                SequenceBatch inputs = check.decoderInputs();
                int k = inputs.width();
                double worst = 0;
                for (int t = 0; t < inputs.time(); t++) {
                    float[] step = new float[3 * k];
                    for (int b = 0; b < 3; b++) {
                        System.arraycopy(inputs.vector(b, t), 0, step, b * k, k);
                    }
                    float[] logits = decoder.step(step);
                    for (int b = 0; b < 3; b++) {
                        for (int i = 0; i < k; i++) {
                            worst = Math.max(worst, Math.abs((double) logits[b * k + i] - trained.get(b, t, i)));
                        }
                    }
                }
                assertThat(worst).as("trained on %s, onnx decoder steps", trainer.name()).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    private static double largest(SequenceBatch a, SequenceBatch b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        assertThat(y).hasSameSizeAs(x);
        double largest = 0;
        for (int i = 0; i < x.length; i++) {
            largest = Math.max(largest, Math.abs((double) x[i] - y[i]));
            if (Float.isNaN(y[i])) {
                return Double.NaN;
            }
        }
        return largest;
    }
}
