package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → evaluate → generate through the command line on the TensorFlow backend, and {@code backends} lists it. */
class TfCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyBackendIsListedWithItsServingAndTrainingRankAndOnnxServesWhileTfTrains() {
        CliRun backends = CliRun.of("backends");

        assertThat(backends.exitCode()).isZero();
        assertThat(backends.out()).containsPattern("(?m)^onnx +30 +0 +available$")
                .containsPattern("(?m)^dl4j +20 +20 +available$").containsPattern("(?m)^tf +10 +30 +available$")
                .contains("sampling and scoring: onnx (best available serving rank)")
                .contains("training: tf (best available training rank)");
    }

    @Test
    void aTinyDrumModelTrainsEvaluatesAndGeneratesOnTf() throws IOException {
        Path beats = dir.resolve("beats");
        Files.createDirectories(beats);
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("b.mid"));
        Path split = dir.resolve("split.csv");
        Files.writeString(split, "a.mid,train\nb.mid,validation\n");
        Path drums = dir.resolve("drums");
        assertThat(CliRun.of("dataset", "build", "--input", beats.toString(), "--split-file", split.toString(),
                "--encoding", "drum-kit", "--out", drums.toString()).exitCode()).isZero();
        Path model = dir.resolve("model");

        CliRun train = CliRun.of("train", "--data", drums.toString(), "--model", "drum-rnn", "--backend", "tf",
                "--hparams", "layers=16,attention=4,batch=2,window=16,eval=10,dropout=0.1", "--steps", "20", "--out",
                model.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        JsonNode bundle = JSON.readTree(model.resolve("bundle.json").toFile());
        assertThat(bundle.toString()).contains("\"tf\"");
        assertThat(Files.readAllLines(model.resolve("metrics.jsonl"))).hasSize(2);

        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", drums.toString(), "--backend", "tf");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode result = JSON.readTree(evaluate.out());
        double perplexity = result.get("metrics").get("perplexity").asDouble();
        assertThat(perplexity).isFinite().isGreaterThan(1.0);
        // the reference backend scores the tf-trained bundle the same
        CliRun reference = CliRun.of("evaluate", "--model", model.toString(), "--data", drums.toString(), "--backend", "java");
        assertThat(reference.exitCode()).as(reference.err()).isZero();
        assertThat(JSON.readTree(reference.out()).get("metrics").get("perplexity").asDouble())
                .isCloseTo(perplexity, org.assertj.core.data.Percentage.withPercentage(0.01));

        Path out = dir.resolve("out");
        CliRun generate = CliRun.of("generate", "--model", model.toString(), "--backend", "tf", "--num-outputs", "2",
                "--bars", "2", "--primer", "[(36,42),(),(42,)]", "--bpm", "96", "--seed", "5", "--out", out.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("wrote " + out.resolve("beat.mid")).contains("96 BPM, tf backend");
        // the same seed on the reference backend writes the same files, byte for byte
        Path again = dir.resolve("again");
        assertThat(CliRun.of("generate", "--model", model.toString(), "--backend", "java", "--num-outputs", "2", "--bars",
                "2", "--primer", "[(36,42),(),(42,)]", "--bpm", "96", "--seed", "5", "--out", again.toString()).exitCode())
                .isZero();
        for (String name : new String[] {"beat.mid", "beat-2.mid"}) {
            assertThat(Files.readAllBytes(again.resolve(name))).as(name).isEqualTo(Files.readAllBytes(out.resolve(name)));
        }
    }
}
