package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.models.DefaultModels;
import dev.midigen.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --from}: a dl4j run continued on tf (its weights and Adam's moments) is no worse than where it started;
 * the embedded {@code drums} fine-tuned on a tiny corpus; what contradicts the bundle is refused in one line.
 */
class TrainFromTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path gm;
    static Path roland;
    static Path started;

    @TempDir
    Path dir;

    /** The sample beat twice, one copy per split, as GM and as ROLAND drum-kit corpora; 20 dl4j steps on the first. */
    @BeforeAll
    static void tinyCorporaAndARun() throws IOException {
        Path beats = Files.createDirectories(shared.resolve("beats"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("b.mid"));
        Path split = shared.resolve("split.csv");
        Files.writeString(split, "a.mid,train\nb.mid,validation\n");
        gm = shared.resolve("gm");
        roland = shared.resolve("roland");
        for (Path corpus : new Path[] {gm, roland}) {
            CliRun build = CliRun.of("dataset", "build", "--input", beats.toString(), "--split-file", split.toString(),
                    "--encoding", "drum-kit", "--drum-map", corpus == gm ? "gm" : "roland", "--out", corpus.toString());
            assertThat(build.exitCode()).as(build.err()).isZero();
        }
        started = shared.resolve("started");
        CliRun train = CliRun.of("train", "--data", gm.toString(), "--model", "drum-rnn", "--backend", "dl4j", "--hparams",
                TinyCorpora.TINY_DRUM_RNN + ",lr=0.01,eval=0", "--steps", "20", "--out", started.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(started.resolve(ModelBundle.OPTIMIZER_FILE)).exists();
    }

    @Test
    void aDl4jRunContinuedOnTfIsNoWorseThanWhereItStarted() throws IOException {
        Path continued = dir.resolve("continued");

        CliRun train = CliRun.of("train", "--data", gm.toString(), "--from", started.toString(), "--backend", "tf",
                "--steps", "5", "--out", continued.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("from " + started + " (its weights and optimizer state)");
        JsonNode before = JSON.readTree(started.resolve("bundle.json").toFile());
        JsonNode after = JSON.readTree(continued.resolve("bundle.json").toFile());
        assertThat(after.get("spec")).isEqualTo(before.get("spec"));
        assertThat(after.at("/provenance/backend").asText()).isEqualTo("tf");
        assertThat(after.at("/provenance/training/learningRate").asDouble()).as("the bundle's settings").isEqualTo(0.01);
        double startPerplexity = before.at("/metrics/validationPerplexity").asDouble();
        double perplexity = after.at("/metrics/validationPerplexity").asDouble();
        assertThat(perplexity).as("validation perplexity %s after 5 tf steps from %s", perplexity, startPerplexity)
                .isFinite().isLessThanOrEqualTo(startPerplexity);
    }

    @Test
    void theEmbeddedDrumsFineTuneOnATinyCorpusWithoutKeepingTheOptimizer() throws IOException {
        Path tuned = dir.resolve("tuned");

        CliRun train = CliRun.of("train", "--data", roland.toString(), "--from", "drums", "--backend", "dl4j",
                "--hparams", "batch=2,window=16,keep_optimizer=false", "--steps", "3", "--out", tuned.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("wrote " + tuned + ": 3 steps");
        ModelBundle drums = DefaultModels.bundle("drums");
        ModelBundle bundle = ModelBundle.read(tuned);
        assertThat(bundle.spec()).isEqualTo(drums.spec());
        assertThat(bundle.provenance().stepsTrained()).isEqualTo(3);
        assertThat(bundle.weights()).as("the weights moved").isNotEqualTo(drums.weights());
        assertThat(bundle.optimizer()).isNull();
        assertThat(tuned.resolve(ModelBundle.OPTIMIZER_FILE)).doesNotExist();
        assertThat(bundle.metrics().get("validationPerplexity")).isFinite();
    }

    @Test
    void whatContradictsTheBundleIsRefusedInOneLine() {
        CliRun layers = CliRun.of("train", "--data", gm.toString(), "--from", started.toString(), "--hparams", "layers=32",
                "--out", dir.resolve("a").toString());
        assertThat(layers.exitCode()).isEqualTo(2);
        assertThat(layers.err()).contains("--from " + started + " is a drum-rnn").contains("would make it");
        assertThat(layers.err().lines().filter(line -> line.contains("train:"))).hasSize(1);

        CliRun family = CliRun.of("train", "--data", gm.toString(), "--from", started.toString(), "--model", "melody-rnn",
                "--out", dir.resolve("b").toString());
        assertThat(family.exitCode()).isEqualTo(2);
        assertThat(family.err()).contains("would make it");

        CliRun encoding = CliRun.of("train", "--data", gm.toString(), "--from", "drums", "--steps", "1", "--out",
                dir.resolve("c").toString());
        assertThat(encoding.exitCode()).isEqualTo(1);
        assertThat(encoding.err().strip()).doesNotContain("\n").contains("is encoded as")
                .contains("--from trains on a corpus of the bundle's encoding");

        CliRun nothing = CliRun.of("train", "--data", gm.toString(), "--out", dir.resolve("d").toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("--model").contains("--from");
    }

    @Test
    void helpListsTheOneVocabularyAndTheOldSpellings() {
        CliRun help = CliRun.of("train", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--from=BUNDLE|NAME").contains("Hyper-parameter keys (--hparams)")
                .contains("head_hidden").contains("keep_optimizer").contains("Deprecated spellings")
                .contains("classifier → head_hidden").contains("--loss → loss= in --hparams");
    }
}
