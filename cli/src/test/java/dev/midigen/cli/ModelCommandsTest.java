package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → evaluate → generate through the command line, on the DL4J backend. */
class ModelCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path drums;
    static Path melodies;
    static Path model;

    @TempDir
    Path dir;

    /** A drum corpus (two copies of the sample beat, one per split) and a melody corpus, both tiny. */
    @BeforeAll
    static void tinyCorpora() throws IOException {
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
    void onGrooveADrumRnnTrainedBrieflyBeatsTheUnigramBaseline() throws IOException {
        Path groove = SharedData.require("groove");
        Path corpus = dir.resolve("groove");
        assertThat(CliRun.of("dataset", "build", "--input", groove.toString(), "--split-file",
                groove.resolve("info.csv").toString(), "--encoding", "drum-kit", "--drum-map", "roland", "--out",
                corpus.toString()).exitCode()).isZero();
        Path bundle = dir.resolve("groove-model");

        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--model", "drum-rnn", "--backend", "dl4j",
                "--hparams", "layers=64x2,attention=8,batch=16,window=32,lr=0.005,dropout=0,eval=100", "--steps", "300",
                "--out", bundle.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        CliRun evaluate = CliRun.of("evaluate", "--model", bundle.toString(), "--data", corpus.toString(), "--backend",
                "dl4j");

        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode result = JSON.readTree(evaluate.out());
        double model = result.get("metrics").get("perplexity").asDouble();
        double unigram = result.get("unigramBaseline").get("perplexity").asDouble();
        assertThat(model).as("validation perplexity %s vs unigram %s", model, unigram).isLessThan(unigram);
        assertThat(result.get("metrics").get("steps").asLong()).isEqualTo(result.get("unigramBaseline").get("steps").asLong());
    }

    @Test
    void theBundleHoldsItsMetricsAndGeneratesDrumFiles() throws IOException {
        assertThat(model.resolve("metrics.jsonl")).exists();
        assertThat(Files.readAllLines(model.resolve("metrics.jsonl"))).hasSize(2);
        Path out = dir.resolve("beats");

        CliRun generate = CliRun.of("generate", "--model", model.toString(), "--no-humanize", "--backend", "dl4j", "--num-outputs", "3",
                "--bars", "2", "--primer", "[(36,42),(),(42,)]", "--bpm", "96", "--seed", "5", "--out", out.toString());

        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("wrote " + out.resolve("beat.mid")).contains("wrote " + out.resolve("beat-3.mid"))
                .contains("96 BPM, dl4j backend").contains("  kick  x");
        CliRun inspect = CliRun.of("inspect", out.toString());
        List<JsonNode> files = new ArrayList<>();
        for (String line : inspect.lines()) {
            files.add(JSON.readTree(line));
        }
        assertThat(files).hasSize(3).allSatisfy(file -> {
            assertThat(file.get("channels").toString()).isIn("[10]", "[]");
            assertThat(file.get("tempoChanges").get(0).get("bpm").asDouble()).isEqualTo(96.0);
            // 2 bars of 16ths at 96 BPM, the 3 primer steps counting towards the first: 32 steps of 0.15625 s
            assertThat(file.get("durationSeconds").asDouble()).isEqualTo(5.0);
        });
        // the same seed gives the same files, on the reference backend too; taken names are not reused
        Path again = dir.resolve("again");
        for (int run = 0; run < 2; run++) {
            assertThat(CliRun.of("generate", "--model", model.toString(), "--no-humanize", "--backend", "java", "--num-outputs", "3", "--bars",
                    "2", "--primer", "[(36,42),(),(42,)]", "--bpm", "96", "--seed", "5", "--out", again.toString()).exitCode())
                    .isZero();
        }
        for (String name : List.of("beat.mid", "beat-2.mid", "beat-3.mid")) {
            assertThat(Files.readAllBytes(again.resolve(name))).isEqualTo(Files.readAllBytes(out.resolve(name)));
        }
        assertThat(again.resolve("beat-6.mid")).exists();
        assertThat(again.resolve("beat-7.mid")).doesNotExist();
    }

    @Test
    void badInputGetsOneClearMessageAndANonZeroExit() throws IOException {
        CliRun wrongCorpus = CliRun.of("evaluate", "--model", model.toString(), "--data", melodies.toString());
        assertThat(wrongCorpus.exitCode()).isEqualTo(1);
        assertThat(wrongCorpus.err()).contains("is encoded as {\"type\":\"melody\"")
                .contains("but the model reads {\"type\":\"drum-kit\"").doesNotContain("\tat ");

        CliRun wrongFamily = CliRun.of("train", "--data", melodies.toString(), "--model", "drum-rnn", "--steps", "1",
                "--out", dir.resolve("x").toString());
        assertThat(wrongFamily.exitCode()).isEqualTo(1);
        assertThat(wrongFamily.err()).contains("does not fit the model: a drum-rnn reads the drum-kit encoding");

        Path broken = dir.resolve("broken");
        copyTree(model, broken);
        Files.delete(broken.resolve("weights.safetensors"));
        CliRun missing = CliRun.of("generate", "--model", broken.toString(), "--out", dir.resolve("o").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("weights.safetensors").doesNotContain("\tat ");

        Path damaged = dir.resolve("damaged");
        copyTree(model, damaged);
        byte[] weights = Files.readAllBytes(damaged.resolve("weights.safetensors"));
        weights[weights.length - 1] ^= 0x55;
        Files.write(damaged.resolve("weights.safetensors"), weights);
        CliRun corrupted = CliRun.of("evaluate", "--model", damaged.toString(), "--data", drums.toString());
        assertThat(corrupted.exitCode()).isEqualTo(1);
        assertThat(corrupted.err()).contains("does not match its checksum");

        CliRun primer = CliRun.of("generate", "--model", model.toString(), "--primer", "[(36),(12)]", "--out",
                dir.resolve("p").toString());
        assertThat(primer.exitCode()).as("a --primer that cannot be used is a usage error").isEqualTo(2);
        assertThat(primer.err()).contains("pitch 12").contains("gm");

        CliRun noTraining = CliRun.of("train", "--data", drums.toString(), "--model", "drum-rnn", "--backend", "java",
                "--steps", "1", "--out", dir.resolve("j").toString());
        assertThat(noTraining.exitCode()).isEqualTo(1);
        assertThat(noTraining.err()).contains("the java backend cannot train");

        CliRun unknownBackend = CliRun.of("evaluate", "--model", model.toString(), "--data", drums.toString(), "--backend",
                "cuda");
        assertThat(unknownBackend.exitCode()).as("a --backend that is none is a usage error").isEqualTo(2);
        assertThat(unknownBackend.err()).contains("--backend: no backend called cuda").contains("dl4j (rank 20)");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
