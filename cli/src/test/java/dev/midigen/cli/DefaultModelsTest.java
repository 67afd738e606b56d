package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.testing.SharedData;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.SplitFiles;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.Backends;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.DrumVae;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.GrooveBaselines;
import dev.midigen.model.eval.GrooveStatistics;
import dev.midigen.model.eval.HumanizeMetrics.Performance;
import dev.midigen.model.eval.HumanizeMetrics;
import dev.midigen.model.eval.MelodyStatistics;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.GrooveSampling;
import dev.midigen.model.generate.VaeHumanizer;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default models: both are on the class path, small, and trained as docs/models.md says; on
 * the shared data, the drum model's validation perplexity is clearly below the 4-gram counting baseline's
 * on the same split, and {@code midigen evaluate} reproduces the metrics recorded in the bundle.
 */
class DefaultModelsTest {
    private static final long TEN_MB = 10L * 1024 * 1024;
    /** melody-pop on its validation split, as docs/models.md gives them. */
    private static final long MELODY_POP_VALIDATION_STEPS = 114_070;
    private static final double MELODY_POP_VALIDATION_LOSS = 1.1049;

    @TempDir
    Path dir;

    @Test
    void bothModelsAreEmbeddedSmallAndCarryTheirValidationMetrics() throws IOException {
        for (String name : DefaultModels.NAMES) {
            ModelBundle bundle = DefaultModels.bundle(name);
            long bytes = DefaultModels.inFolder(name, DefaultModelsTest::size);
            assertThat(bytes).as(name + " bundle size").isPositive().isLessThanOrEqualTo(TEN_MB);
            assertThat(bundle.provenance().training()).as(name + " was trained by midigen").isNotNull();
            assertThat(bundle.metrics()).as(name + " records validation metrics").containsKey("validationLoss");
            if (!(bundle.spec().family() instanceof DrumVae)) {
                assertThat(bundle.metrics()).containsKeys("validationPerplexity", "validationAccuracy",
                        "validationEventAccuracy");
            } else {
                assertThat(bundle.metrics()).containsKeys("validationHitF1", "validationVelocityMae");
            }
        }
        assertThat(DefaultModels.bundle("drums").spec().family()).isInstanceOf(DrumRnn.class);
        assertThat(DefaultModels.bundle("melody").spec().family()).isInstanceOf(NextTokenLstm.class);
        assertThat(DefaultModels.bundle("melody-pop").spec().family()).isEqualTo(DefaultModels.bundle("melody").spec().family());
        assertThat(DefaultModels.bundle("melody-pop").spec().encoding())
                .isEqualTo(DefaultModels.bundle("melody").spec().encoding());
        assertThat(DefaultModels.bundle("groove").spec().family()).isInstanceOfSatisfying(DrumVae.class,
                vae -> assertThat(vae.hitControls()).as("the humanizer reads the hits it plays").isTrue());
        assertThat(DefaultModels.bundle("groove-4bar").spec().family()).isInstanceOfSatisfying(DrumVae.class,
                vae -> assertThat(vae.hitControls()).as("the sampler draws its own hits").isFalse());
    }

    /**
     * The bar for sampling: beats from the embedded groove-4bar's prior hold a pattern as a drummer does
     * (bar-to-bar similarity at least 0.5; Groove validation 0.59) and play at a drummer's mean velocity.
     */
    @Test
    void beatsFromTheGroove4barPriorHoldAPattern() throws IOException {
        List<GrooveTrack> beats = new ArrayList<>();
        try (SequenceModel vae = DefaultModels.open("groove-4bar", Backends.discover().open("onnx"))) {
            GrooveSampling sampling = new GrooveSampling(vae);
            for (int seed = 1; seed <= 32; seed++) {
                beats.add(sampling.beat(4, 0.5, seed));
            }
        }
        GrooveStatistics statistics = GrooveStatistics.of(beats);
        System.out.println("groove-4bar prior, 32 beats of 4 bars at temperature 0.5: " + statistics);
        assertThat(statistics.barSimilarity()).isGreaterThanOrEqualTo(0.5);
        assertThat(statistics.meanVelocity()).isBetween(60.0, 85.0);
        assertThat(statistics.meanAbsOffset()).isGreaterThan(0.02);
    }

    @Test
    void theGrooveModelHumanizesGrooveValidationWellInsideBothBaselines() throws IOException {
        Path groove = SharedData.require("groove");
        SplitPolicy.Explicit splits = SplitFiles.read(groove.resolve("info.csv"));
        List<Performance> train = new ArrayList<>();
        List<Performance> validation = new ArrayList<>();
        for (Path file : SharedData.midiFiles(groove)) {
            Split split = splits.splitOf(groove.relativize(file).toString().replace('\\', '/')).orElse(null);
            if (split == Split.TRAIN || split == Split.VALIDATION) {
                var notes = MidiToNotes.convert(SmfReader.lenient().read(file).file()).sequence();
                Performance.of(notes, DrumMap.ROLAND).ifPresent((split == Split.TRAIN ? train : validation)::add);
            }
        }
        List<GrooveTrack> training = train.stream().map(Performance::groove).toList();
        HumanizeMetrics average = HumanizeMetrics.evaluate(validation, GrooveBaselines.averageGroove(training));
        HumanizeMetrics quantized = HumanizeMetrics.evaluate(validation, GrooveBaselines.quantized(training));
        HumanizeMetrics model;
        try (SequenceModel vae = DefaultModels.open("groove", Backends.discover().open("tf"))) {
            model = HumanizeMetrics.evaluate(validation, new VaeHumanizer(vae));
        }
        System.out.printf(java.util.Locale.ROOT, "groove: velocity MAE %.2f, timing MAE %.2f ms; average groove %.2f, %.2f;"
                + " quantized %.2f, %.2f%n", model.velocityMae(), model.timingMaeMs(), average.velocityMae(),
                average.timingMaeMs(), quantized.velocityMae(), quantized.timingMaeMs());
        assertThat(model.f1()).as("every hit kept").isEqualTo(1.0);
        // measured 21.12 (0.777 x the average groove's 27.17) and 18.609 ms (0.8997 x 20.684): the 0.8 x and
        // 0.9 x, the second reached by 0.007 ms (docs/models.md says how the model was chosen)
        assertThat(model.velocityMae()).isLessThanOrEqualTo(0.8 * average.velocityMae());
        assertThat(model.timingMaeMs()).isLessThanOrEqualTo(0.9 * average.timingMaeMs())
                .isLessThan(quantized.timingMaeMs());
    }

    @Test
    void theDrumModelBeatsTheFourGramBaselineOnGrooveValidation() throws IOException {
        Path groove = SharedData.require("groove");
        Path corpus = dir.resolve("groove");
        CliRun build = CliRun.of("dataset", "build", "--input", groove.toString(), "--split-file",
                groove.resolve("info.csv").toString(), "--encoding", "drum-kit", "--drum-map", "roland", "--out",
                corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();

        JsonNode result = evaluate("drums", corpus);
        double model = result.at("/metrics/perplexity").asDouble();
        double fourGram = result.at("/ngramBaseline/perplexity").asDouble();
        assertThat(model).as("drums vs 4-gram %.2f", fourGram).isLessThan(0.85 * fourGram);
        assertThat(result.at("/metrics/eventAccuracy").asDouble())
                .isGreaterThan(result.at("/ngramBaseline/eventAccuracy").asDouble());
        recordedMetricsAreReproduced("drums", result);
    }

    @Test
    void theMelodyModelBeatsTheFourGramBaselineOnIrishFolkValidation() throws IOException {
        Path tunes = SharedData.require("irish-folk");
        Path corpus = dir.resolve("irish");
        CliRun build = CliRun.of("dataset", "build", "--input", tunes.toString(), "--encoding", "melody", "--out",
                corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();

        JsonNode result = evaluate("melody", corpus);
        assertThat(result.at("/metrics/perplexity").asDouble())
                .isLessThan(result.at("/ngramBaseline/perplexity").asDouble());
        recordedMetricsAreReproduced("melody", result);
    }

    /** melody-pop loads, on the reference backend, and writes melodies in its range and key. */
    @Test
    void theMelodyPopModelGeneratesMelodies() throws IOException {
        List<Generated> pieces;
        try (SequenceModel model = DefaultModels.open("melody-pop", Backends.discover().open("java"))) {
            pieces = Comparison.samples(model, new Comparison.Settings(8, 8, 1, 0, 1.0));
        }
        assertThat(pieces).hasSize(8).allSatisfy(piece -> {
            assertThat(piece.problems()).isEmpty();
            assertThat(piece.music()).isInstanceOfSatisfying(Melody.class, melody -> {
                assertThat(melody.length()).isEqualTo(8 * 16);
                assertThat(melody.noteCount()).isPositive();
            });
        });
        MelodyStatistics statistics = MelodyStatistics.ofGenerated(pieces);
        System.out.println("melody-pop, 8 pieces of 8 bars: " + statistics);
        assertThat(statistics.lowestPitch()).isGreaterThanOrEqualTo(48);
        assertThat(statistics.highestPitch()).isLessThan(84);
        assertThat(statistics.scaleConsistency()).isGreaterThan(0.9);
    }

    /**
     * On POP909's MELODY tracks, split as docs/models.md builds them, melody-pop is well below the 4-gram and evaluate
     * reproduces the documented figures (the bundle's own metrics are the training run's, over its first 1,000
     * validation windows).
     */
    @Test
    void theMelodyPopModelBeatsTheFourGramBaselineOnPop909Validation() throws IOException {
        Path songs = SharedData.require("pop909");
        Path corpus = dir.resolve("pop909");
        CliRun build = CliRun.of("dataset", "build", "--input", songs.toString(), "--encoding", "melody", "--tracks",
                "MELODY", "--out", corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();

        JsonNode result = evaluate("melody-pop", corpus);
        double model = result.at("/metrics/perplexity").asDouble();
        double fourGram = result.at("/ngramBaseline/perplexity").asDouble();
        assertThat(model).as("melody-pop vs 4-gram %.2f", fourGram).isLessThan(0.7 * fourGram);
        assertThat(result.at("/metrics/steps").asLong()).isEqualTo(MELODY_POP_VALIDATION_STEPS);
        assertThat(result.at("/metrics/loss").asDouble()).isCloseTo(MELODY_POP_VALIDATION_LOSS, within(1e-3));
    }

    private static JsonNode evaluate(String model, Path corpus) throws IOException {
        CliRun run = CliRun.of("evaluate", "--model", model, "--data", corpus.toString(), "--backend", "dl4j");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    /** The bundle's recorded validation metrics are what evaluate computes on the corpus the docs build. */
    private static void recordedMetricsAreReproduced(String name, JsonNode evaluated) throws IOException {
        var recorded = DefaultModels.bundle(name).metrics();
        assertThat(evaluated.at("/metrics/steps").asDouble()).as(name + " validation steps")
                .isEqualTo(recorded.get("validationSteps"));
        assertThat(evaluated.at("/metrics/loss").asDouble()).as(name + " validation loss")
                .isCloseTo(recorded.get("validationLoss"), within(1e-3));
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                total += Files.size(file);
            }
            return total;
        }
    }
}
