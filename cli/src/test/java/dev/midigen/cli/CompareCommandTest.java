package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code midigen compare} on a tiny drum corpus and a drum-rnn trained 20 steps on dl4j. */
class CompareCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path drums;
    static Path melodies;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void tinyCorpusAndModel() throws IOException {
        Path beats = shared.resolve("beats");
        Files.createDirectories(beats);
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("b.mid"));
        Path split = shared.resolve("split.csv");
        Files.writeString(split, "a.mid,train\nb.mid,validation\n");
        drums = shared.resolve("drums");
        assertThat(CliRun.of("dataset", "build", "--input", beats.toString(), "--split-file", split.toString(),
                "--encoding", "drum-kit", "--out", drums.toString()).exitCode()).isZero();
        melodies = shared.resolve("melodies");
        assertThat(CliRun.of("dataset", "build", "--input", beats.toString(), "--encoding", "melody", "--drums-any-channel",
                "--out", melodies.toString()).exitCode()).isZero();
        model = shared.resolve("model");
        CliRun train = CliRun.of("train", "--data", drums.toString(), "--model", "drum-rnn", "--backend", "dl4j",
                "--hparams", "layers=16,attention=4,batch=2,window=16,eval=10,dropout=0", "--steps", "20", "--out",
                model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
    }

    @Test
    void theReportHoldsTheEvaluatorsNumbersTheBundlesFiguresAndAPlot() throws IOException {
        Path out = dir.resolve("report");

        CliRun compare = CliRun.of("compare", "--data", drums.toString(), "--model", model + "@dl4j", "--model",
                model + "@java", "--samples", "3", "--sample-steps", "200", "--out", out.toString());

        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("| model | backend | trained on | train seq/s | sample steps/s | val loss")
                .contains("| unigram baseline |").contains("| 4-gram baseline (Kneser–Ney) |");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("report.md", "report.json", "validation-loss.png");
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("![validation loss");
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode onDl4j = report.get("models").get(0);
        JsonNode onJava = report.get("models").get(1);
        assertThat(onDl4j.get("backend").asText()).isEqualTo("dl4j");
        assertThat(onJava.get("backend").asText()).isEqualTo("java");

        // validation metrics: exactly what `midigen evaluate` prints for the same bundle and backend
        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", drums.toString(), "--backend", "dl4j");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode evaluated = JSON.readTree(evaluate.out());
        assertThat(onDl4j.get("validation")).isEqualTo(evaluated.get("metrics"));
        assertThat(onDl4j.get("windowSteps").asInt()).isEqualTo(evaluated.get("windowSteps").asInt()).isEqualTo(16);
        assertThat(onJava.get("validation").get("steps")).isEqualTo(evaluated.get("metrics").get("steps"));
        assertThat(onJava.get("validation").get("loss").asDouble())
                .isCloseTo(evaluated.get("metrics").get("loss").asDouble(), within(1e-4));
        // the baselines score the same steps; the 4-gram is evaluate's
        JsonNode baselines = report.get("baselines");
        assertThat(baselines.get("ngram").get("order").asInt()).isEqualTo(4);
        assertThat(baselines.get("ngram").get("metrics")).isEqualTo(evaluated.get("ngramBaseline"));
        assertThat(baselines.get("unigram").get("steps")).isEqualTo(evaluated.get("unigramBaseline").get("steps"));
        assertThat(baselines.get("unigram").get("loss").asDouble())
                .isCloseTo(evaluated.get("unigramBaseline").get("loss").asDouble(), within(1e-5));

        // training speed from metrics.jsonl: last step × batch / training seconds
        List<String> lines = Files.readAllLines(model.resolve("metrics.jsonl"));
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        double expected = last.get("step").asLong() * 2 / last.get("trainSeconds").asDouble();
        assertThat(onDl4j.get("trainingSequencesPerSecond").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(onDl4j.get("trainedOn").asText()).isEqualTo("dl4j");
        assertThat(onJava.get("trainingSequencesPerSecond")).isEqualTo(onDl4j.get("trainingSequencesPerSecond"));
        assertThat(onDl4j.get("samplingStepsPerSecond").asDouble()).isPositive();
        assertThat(onDl4j.get("validationLossCurve")).hasSize(lines.size());
        assertThat(onDl4j.get("validationLossCurve").get(0).get("step").asInt()).isEqualTo(10);

        long size;
        try (Stream<Path> files = Files.list(model)) {
            size = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(onDl4j.get("bundleBytes").asLong()).isEqualTo(size);

        // seeded samples: the same pieces on both backends, statistics in range
        JsonNode samples = onDl4j.get("samples");
        assertThat(samples.get("pieces").asInt()).isEqualTo(3);
        assertThat(samples.get("bars").asInt()).isEqualTo(4);
        assertThat(samples.get("notesPerBar").asDouble()).isNotNegative();
        for (String share : List.of("kickOnBeats1And3", "snareOnBeats2And4")) {
            assertThat(samples.get(share).asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(samples.get("hatsPerStep").asDouble()).isBetween(0.0, 2.0);
        // the groove: today's drum models write every hit at velocity 100 on the grid (the primer's kick counts, so
        // there is always a hit); the bar measures are null when fewer than two bars have hits
        assertThat(samples.get("meanVelocity").asDouble()).isCloseTo(100.0, within(0.5));
        assertThat(samples.get("velocitySpread").asDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(samples.get("meanAbsOffset16ths").asDouble()).isEqualTo(0.0);
        for (String share : List.of("barSimilarity", "repeatedBars")) {
            assertThat(samples.has(share)).as(share).isTrue();
            if (!samples.get(share).isNull()) {
                assertThat(samples.get(share).asDouble()).as(share).isBetween(0.0, 1.0);
            }
        }
        assertThat(onJava.get("samples")).isEqualTo(samples);
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("| hats/step | velocity | velocity spread | abs offset (16ths) | bar similarity | repeated bars"
                        + " | back to an earlier bar |")
                .contains(" | 100.0 | 0.0 | 0.000 | ");

        BufferedImage plot = ImageIO.read(out.resolve("validation-loss.png").toFile());
        assertThat(plot).isNotNull();
        assertThat(plot.getWidth()).isEqualTo(900);
        assertThat(plot.getHeight()).isEqualTo(520);
        assertThat(colours(plot)).as("more than a blank image").isGreaterThan(3);
    }

    @Test
    void aMelodyModelsSamplesHaveMelodyStatisticsNextToTheRealOnesAndNoGrooveFields() throws IOException {
        // a melody corpus of the embedded model's encoding: two 16-bar tunes it writes itself
        Path tunes = dir.resolve("tunes");
        CliRun generate = CliRun.of("generate", "--model", "melody", "--bars", "16", "--num-outputs", "2", "--seed", "3",
                "--out", tunes.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        Path split = dir.resolve("tunes-split.csv");
        Files.writeString(split, "melody.mid,train\nmelody-2.mid,validation\n");
        Path corpus = dir.resolve("tunes-corpus");
        CliRun build = CliRun.of("dataset", "build", "--input", tunes.toString(), "--split-file", split.toString(),
                "--encoding", "melody", "--out", corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        Path out = dir.resolve("melody-report");

        CliRun compare = CliRun.of("compare", "--data", corpus.toString(), "--model", "melody@dl4j", "--samples", "2",
                "--sample-steps", "0", "--real", tunes.toString(), "--out", out.toString());

        assertThat(compare.exitCode()).as(compare.err()).isZero();
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode samples = report.get("models").get(0).get("samples");
        assertThat(samples.get("pieces").asInt()).isEqualTo(2);
        assertThat(samples.has("pitchRange")).isTrue();
        assertThat(samples.get("melody").get("pieces").asInt()).isEqualTo(2);
        assertThat(samples.get("melody").get("bars").asInt()).isEqualTo(2 * 4);
        assertThat(samples.get("melody").get("meanLeap").asDouble()).isPositive();
        for (String field : List.of("meanVelocity", "velocitySpread", "meanAbsOffset16ths", "barSimilarity", "repeatedBars")) {
            assertThat(samples.has(field)).as(field).isFalse();
        }
        // the real row: the validation file's melody (melody-2.mid, 16 bars written by the same model)
        JsonNode real = report.get("real").get("melody");
        assertThat(real.get("pieces").asInt()).isEqualTo(1);
        assertThat(real.get("bars").asInt()).isBetween(15, 16);
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("| notes/bar | mean leap | repeats previous bar | repeats earlier bar | scale consistency |"
                        + " pitch range |")
                .contains("| real: validation files |")
                .doesNotContain("velocity spread");

        CliRun evaluate = CliRun.of("evaluate", "--model", "melody", "--data", corpus.toString(), "--backend", "dl4j",
                "--samples", "2", "--bars", "4", "--real", tunes.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode evaluated = JSON.readTree(evaluate.out());
        assertThat(evaluated.at("/samples/melody")).isEqualTo(samples.get("melody")); // same seed, bars and model
        assertThat(evaluated.at("/real/melody")).isEqualTo(real);

        Files.write(tunes.resolve("melody-2.mid"), new byte[] {'M', 'T', 'h', 'd'});
        CliRun changed = CliRun.of("compare", "--data", corpus.toString(), "--model", "melody@dl4j", "--samples", "0",
                "--sample-steps", "0", "--real", tunes.toString());
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.err()).contains("melody-2.mid: ");
    }

    @Test
    void refusesAnExistingFolderOtherEncodingsAndUnknownBackends() throws IOException {
        Path out = dir.resolve("exists");
        Files.createDirectories(out);

        CliRun exists = CliRun.of("compare", "--data", drums.toString(), "--model", model.toString(), "--out", out.toString());
        CliRun wrongCorpus = CliRun.of("compare", "--data", melodies.toString(), "--model", model.toString());
        CliRun unknown = CliRun.of("compare", "--data", drums.toString(), "--model", model + "@cuda");
        CliRun noModel = CliRun.of("compare", "--data", drums.toString());

        assertThat(exists.exitCode()).isEqualTo(1);
        assertThat(exists.err()).contains("exists (use --overwrite").hasLineCount(1);
        assertThat(wrongCorpus.exitCode()).isEqualTo(1);
        assertThat(wrongCorpus.err()).contains("is encoded as {\"type\":\"melody\"").hasLineCount(1);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no backend called cuda").hasLineCount(1);
        assertThat(noModel.exitCode()).isEqualTo(2);
    }


    private static long colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
