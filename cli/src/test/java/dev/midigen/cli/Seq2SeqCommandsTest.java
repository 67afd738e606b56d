package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.codec.smf.SmfWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → evaluate → generate for seq2seq-gru through the command line, on DL4J, and the one-line refusals. */
class Seq2SeqCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path pianos;
    static Path corpus;
    static Path model;

    @TempDir
    Path dir;

    /** Four pieces of 16 bars of held chords (a new chord every bar), three for training, one for validation. */
    @BeforeAll
    static void tinyPianoCorpus() throws IOException {
        pianos = shared.resolve("pianos");
        Files.createDirectories(pianos);
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder split = new StringBuilder();
        for (int piece = 0; piece < 4; piece++) {
            PianoRoll.Builder roll = PianoRoll.builder(4, 16, 21, 88, 16 * 16);
            for (int bar = 0; bar < 16; bar++) {
                int root = 48 + random.nextInt(12);
                for (int interval : new int[] {0, 4, 7}) {
                    roll.note(root + interval, bar * 16, bar * 16 + 16);
                }
                roll.note(36 + random.nextInt(12), bar * 16, bar * 16 + 8);
            }
            String name = "p" + piece + ".mid";
            SmfWriter.standard().write(NotesToMidi.convert(PianoRollToNotes.convert(roll.build(),
                    NoteWriteOptions.DEFAULT.withBpm(96))), pianos.resolve(name));
            split.append(name).append(piece < 3 ? ",train\n" : ",validation\n");
        }
        Files.writeString(shared.resolve("split.csv"), split);
        corpus = shared.resolve("corpus");
        CliRun build = CliRun.of("dataset", "build", "--input", pianos.toString(), "--split-file",
                shared.resolve("split.csv").toString(), "--encoding", "piano-roll", "--out", corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        model = shared.resolve("model");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--model", "seq2seq-gru", "--backend", "dl4j",
                "--hparams", "layers=16x2,head_hidden=8,batch=4,source=16,window=16,eval=10,loss=focal,alpha=0.8,gamma=2,"
                        + "teacher=0.5,lr=0.01", "--steps", "20", "--out", model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).doesNotContain("deprecated");
        assertThat(train.out()).contains("wrote " + model + ": 20 steps").contains("validationFreeRunningF1");
    }

    @Test
    void theBundleRecordsHowItWasTrained() throws IOException {
        JsonNode bundle = JSON.readTree(model.resolve("bundle.json").toFile());
        assertThat(bundle.at("/spec/family/type").asText()).isEqualTo("seq2seq-gru");
        assertThat(bundle.at("/spec/family/hidden").asInt()).isEqualTo(16);
        assertThat(bundle.at("/spec/family/layers").asInt()).isEqualTo(2);
        assertThat(bundle.at("/spec/family/loss").toString()).isEqualTo("{\"type\":\"focal\",\"alpha\":0.8,\"gamma\":2.0}");
        assertThat(bundle.at("/provenance/training/sourceSteps").asInt()).isEqualTo(16);
        assertThat(bundle.at("/provenance/training/windowSteps").asInt()).isEqualTo(16);
        assertThat(bundle.at("/provenance/training/teacherForcing").asDouble()).isEqualTo(0.5);
        assertThat(bundle.at("/metrics/validationRepeatLastFrameF1").isNumber()).isTrue();
        assertThat(Files.readAllLines(model.resolve("metrics.jsonl"))).hasSize(2);
    }

    @Test
    void evaluatePrintsFrameMetricsNextToTheBaselines() throws IOException {
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", corpus.toString(), "--backend", "dl4j");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.get("windows").asInt()).isEqualTo(8); // 256 frames, windows of 16 + 16
        for (String part : new String[] {"freeRunning", "repeatLastFrameBaseline", "teacherForced", "repeatPreviousFrameBaseline"}) {
            assertThat(result.get(part).has("f1")).as(part).isTrue();
            assertThat(result.get(part).get("targetDensity").asDouble()).as(part).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.6));
        }
        assertThat(result.get("teacherForced").get("loss").isNumber()).isTrue();
        assertThat(result.get("repeatLastFrameBaseline").get("loss").isNull()).isTrue();
    }

    @Test
    void generateContinuesAPrimerOrStartsFromAState() throws IOException {
        CliRun guided = CliRun.of("generate", "--model", model.toString(), "--primer-midi", pianos.resolve("p3.mid").toString(),
                "--bars", "2", "--out", dir.toString(), "--backend", "dl4j");
        assertThat(guided.exitCode()).as(guided.err()).isZero();
        assertThat(guided.out()).contains("piano.mid").contains("guided start").contains("96 BPM");
        assertThat(Files.size(dir.resolve("piano.mid"))).isGreaterThan(20);
        CliRun cut = CliRun.of("generate", "--model", model.toString(), "--primer-midi", pianos.resolve("p3.mid").toString(),
                "--primer-bars", "4", "--bars", "1", "--out", dir.resolve("cut.mid").toString());
        assertThat(cut.exitCode()).as(cut.err()).isZero();
        assertThat(cut.out()).contains("cut.mid (5 bars"); // the primer's first 4 bars and 1 generated
        CliRun random = CliRun.of("generate", "--model", model.toString(), "--start", "random", "--sampling", "bernoulli",
                "--temperature", "1.5", "--bars", "1", "--num-outputs", "2", "--seed", "4", "--out", dir.toString());
        assertThat(random.exitCode()).as(random.err()).isZero();
        assertThat(random.out()).contains("piano-2.mid").contains("piano-3.mid").contains("random start, bernoulli");
    }

    @Test
    void theOldSpellingsStillTrainTheSameModelWithADeprecationNote() throws IOException {
        Path old = dir.resolve("old");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--model", "seq2seq-gru", "--backend", "dl4j",
                "--loss", "focal", "--hparams", "hidden=16,layers=2,classifier=8,batch=4,source=16,target=16,eval=0,"
                        + "alpha=0.8,gamma=2,teacher=0.5,lr=0.01", "--steps", "2", "--out", old.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("--loss is deprecated; write loss=focal in --hparams");
        assertThat(JSON.readTree(old.resolve("bundle.json").toFile()).get("spec"))
                .isEqualTo(JSON.readTree(model.resolve("bundle.json").toFile()).get("spec"));
    }

    @Test
    void compareReportsF1AndNoteDensity() throws IOException {
        Path out = dir.resolve("report");
        CliRun compare = CliRun.of("compare", "--data", corpus.toString(), "--model", model + "@dl4j", "--model",
                model + "@java", "--samples", "2", "--bars", "1", "--sample-steps", "20", "--out", out.toString());
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("| val loss | F1 | free-running F1 | repeat-last-frame F1 | density |")
                .contains("keys/step").doesNotContain("unigram");
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode onDl4j = report.get("models").get(0);
        assertThat(report.has("baselines")).isFalse();
        // the Evaluator's numbers, as evaluate prints them
        JsonNode evaluated = JSON.readTree(CliRun.of("evaluate", "--model", model.toString(), "--data", corpus.toString(),
                "--backend", "dl4j").out());
        assertThat(onDl4j.get("validation").get("freeRunning")).isEqualTo(evaluated.get("freeRunning"));
        assertThat(onDl4j.get("validation").get("teacherForced")).isEqualTo(evaluated.get("teacherForced"));
        assertThat(onDl4j.get("validation").get("repeatLastFrame")).isEqualTo(evaluated.get("repeatLastFrameBaseline"));
        assertThat(onDl4j.get("samples").get("keysPerStep").asDouble()).isBetween(0.0, 88.0);
        assertThat(report.get("models").get(1).get("samples")).isEqualTo(onDl4j.get("samples"));
    }

    @Test
    void misuseIsOneLine() throws IOException {
        Path beats = dir.resolve("beats");
        Files.createDirectories(beats);
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Path drums = dir.resolve("drums");
        assertThat(CliRun.of("dataset", "build", "--input", beats.toString(), "--encoding", "drum-kit", "--out",
                drums.toString()).exitCode()).isZero();
        CliRun tokens = CliRun.of("train", "--data", drums.toString(), "--model", "seq2seq-gru", "--out", dir.resolve("x").toString());
        assertThat(tokens.exitCode()).isEqualTo(1);
        assertThat(tokens.err().strip()).doesNotContain("\n")
                .contains("does not fit the model: a seq2seq-gru reads the piano-roll encoding, not drum-kit (build one"
                        + " with: midigen dataset build --encoding piano-roll");
        CliRun lstm = CliRun.of("train", "--data", corpus.toString(), "--model", "drum-rnn", "--out", dir.resolve("y").toString());
        assertThat(lstm.exitCode()).isEqualTo(1);
        assertThat(lstm.err()).contains("does not fit the model: a drum-rnn reads the drum-kit encoding, not piano-roll");
        CliRun bce = CliRun.of("train", "--data", corpus.toString(), "--model", "seq2seq-gru", "--loss", "bce", "--hparams",
                "alpha=0.5", "--out", dir.resolve("z").toString());
        assertThat(bce.exitCode()).isEqualTo(2);
        assertThat(bce.err()).contains("alpha and gamma are focal loss's; loss=bce takes neither");
        CliRun lossForLstm = CliRun.of("train", "--data", drums.toString(), "--model", "drum-rnn", "--loss", "focal", "--out",
                dir.resolve("w").toString());
        assertThat(lossForLstm.exitCode()).isEqualTo(2);
        assertThat(lossForLstm.err()).contains("--loss is for seq2seq-gru");
        CliRun text = CliRun.of("generate", "--model", model.toString(), "--primer", "[60]", "--out", dir.toString());
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.err()).contains("continues a MIDI file: use --primer-midi");
        CliRun guided = CliRun.of("generate", "--model", model.toString(), "--start", "guided", "--out", dir.toString());
        assertThat(guided.exitCode()).isEqualTo(1);
        assertThat(guided.err()).contains("--start guided needs --primer-midi");
        CliRun wrongCorpus = CliRun.of("evaluate", "--model", model.toString(), "--data", drums.toString());
        assertThat(wrongCorpus.exitCode()).isEqualTo(1);
        assertThat(wrongCorpus.err()).contains("is encoded as").contains("piano-roll");
    }
}
