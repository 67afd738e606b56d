package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Backends;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
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
import dev.midigen.model.weights.LstmLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train on one backend, run on any: for every backend on the class path that trains, a small drum model
 * (with attention) is trained a few steps and saved as a bundle; every backend that imports weights then
 * opens the bundle and must give the same logits (within 1e-4) and, from the same seed, the same samples.
 */
class PortabilityMatrixTest {
    private static final ModelSpec SPEC = new ModelSpec(new DrumRnn(List.of(12, 8), 4), new DrumKitSpec(
            dev.midigen.codec.repr.DrumMap.GM, 4, 6), 11);
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private static List<Backend> backends(Capability capability) {
        List<Backend> found = new ArrayList<>();
        Backends all = Backends.discover();
        for (BackendProvider provider : all.providers()) {
            if (provider.probe().available()) {
                Backend backend = provider.open();
                if (backend.capabilities().contains(capability) && backend.unsupported(SPEC) == null) {
                    found.add(backend);
                }
            }
        }
        return found;
    }

    private static Windows windows() {
        TokenCodec<?> codec = SPEC.tokenCodec();
        SplittableRandom random = new SplittableRandom(3);
        List<IntSeq> sequences = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            int[] tokens = new int[48];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = i % 4 == 0 ? 1 | 4 : random.nextInt(5) == 0 ? 2 : 0;
            }
            sequences.add(IntSeq.wrap(tokens));
        }
        return new Windows(codec, sequences, 16);
    }

    @Test
    void aModelTrainedOnAnyBackendGivesTheSameLogitsAndSamplesOnEveryOther() throws IOException {
        List<Backend> trainers = backends(Capability.TRAIN);
        List<Backend> runners = backends(Capability.IMPORT_WEIGHTS);
        assertThat(trainers).extracting(Backend::name).contains("dl4j", "tf");
        assertThat(runners).extracting(Backend::name).contains("dl4j", "tf", "onnx", "java");
        Windows windows = windows();
        TrainingBatch probe = windows.validationBatches(6, 0).iterator().next();
        TrainingConfig config = new TrainingConfig(0.01, 3, 4, 16, 10, 0, 0, 0, 0, 0, 5, 1);

        for (Backend trainer : trainers) {
            Path bundleDir = dir.resolve("trained-on-" + trainer.name());
            SequenceBatch expected;
            try (Trainer training = trainer.newTrainer(SPEC, config, LstmLayout.initial(SPEC.lstmNetwork(), SPEC.seed()))) {
                for (int step = 0; step < 10; step++) {
                    training.step(windows.trainingBatch(5, step, 4));
                }
                try (SequenceModel trained = training.toModel()) {
                    expected = trained.score(probe.inputs());
                    ModelBundle.of(trained, Provenance.imported(trainer.name(), trainer.version(), 5, "portability test"),
                            Map.of()).write(bundleDir, false);
                }
            }
            ModelBundle bundle = ModelBundle.read(bundleDir);
            List<Sample> reference = null;
            for (Backend runner : runners) {
                try (SequenceModel loaded = bundle.open(runner)) {
                    SequenceBatch logits = loaded.score(probe.inputs());
                    assertThat(maxDifference(logits, expected))
                            .as("logits of a %s-trained model on %s", trainer.name(), runner.name()).isLessThan(TOLERANCE);
                    if (runner.capabilities().contains(Capability.SAMPLE)) {
                        List<Sample> samples = new Sampler(SamplingConfig.DEFAULT.withSeed(9))
                                .sample(loaded, IntSeq.of(1, 0, 4), 24, 3);
                        if (reference == null) {
                            reference = samples;
                        } else {
                            for (int i = 0; i < samples.size(); i++) {
                                assertThat(samples.get(i).tokens()).as("sample %d of a %s-trained model on %s", i,
                                        trainer.name(), runner.name()).isEqualTo(reference.get(i).tokens());
                            }
                        }
                    }
                }
            }
        }
    }

    private static double maxDifference(SequenceBatch a, SequenceBatch b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        assertThat(x).hasSameSizeAs(y);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
