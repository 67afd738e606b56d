package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.LstmLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export-onnx and import-onnx through the command line: exit codes and messages; a PyTorch model imported with its
 * contract (model-onnx's fixture) generates and evaluates on the onnx backend, and only there.
 */
class OnnxCommandsTest {
    /** model-onnx's PyTorch fixture (make_fixture.py): a 14-token melody LSTM, token ids, time-major. */
    private static final Path PYTORCH = Path.of("../model-onnx/src/test/resources/pytorch");

    @TempDir
    static Path shared;
    static Path drums;
    static Path imported;

    @TempDir
    Path dir;

    @BeforeAll
    static void bundles() throws IOException {
        ModelSpec spec = new ModelSpec(new DrumRnn(List.of(8, 6), 3), DrumKitSpec.MAGENTA, 3);
        drums = shared.resolve("drums");
        new ModelBundle(spec, Provenance.imported("java", "test", 3, "OnnxCommandsTest"), Map.of(),
                LstmLayout.initial(spec.lstmNetwork(), 3)).write(drums, false);
        imported = shared.resolve("pytorch-melody");
        CliRun run = CliRun.of("import-onnx", "--onnx", PYTORCH.resolve("model.onnx").toString(), "--contract",
                PYTORCH.resolve("contract.json").toString(), "--out", imported.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + imported + ": a foreign next-token model over the melody encoding, made by pytorch 1.13");
    }

    @Test
    void exportOnnxWritesASeq2SeqGruAsGruNodesCheckedAgainstTheReference() throws Exception {
        ModelSpec spec = new ModelSpec(new dev.midigen.model.Seq2SeqGru(12, 2, 8), dev.midigen.codec.encoding.PianoRollSpec.PIANO, 4);
        Path bundle = dir.resolve("seq2seq");
        new ModelBundle(spec, Provenance.imported("java", "test", 4, "OnnxCommandsTest"), Map.of(),
                dev.midigen.model.weights.Seq2SeqLayout.initial(spec, 4)).write(bundle, false);
        Path out = dir.resolve("seq2seq.onnx");
        CliRun run = CliRun.of("export-onnx", "--model", bundle.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("wrote .*seq2seq.onnx \\([\\d,]+ bytes\\): seq2seq-gru 2 x 12, classifier 8, GRU nodes,"
                + " opset 17; ONNX Runtime 1\\.\\d+\\.\\d+ runs it \\(encoder, then decoder\\), logits within \\S+ of the java reference");
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("GRU")).hasSize(4);
    }

    @Test
    void exportOnnxWritesACheckedFileAndRefusesToOverwrite() throws Exception {
        Path out = dir.resolve("drums.onnx");
        CliRun run = CliRun.of("export-onnx", "--model", drums.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("wrote .*drums.onnx \\([\\d,]+ bytes\\): drum-rnn \\[8, 6\\], opset 17; ONNX Runtime 1\\.\\d+\\.\\d+"
                + " loads it, logits within \\S+ of the java reference");
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("LSTM")).hasSize(2);
        assertThat(model.getMetadataPropsList()).anySatisfy(entry -> assertThat(entry.getValue()).contains("OnnxCommandsTest"));

        CliRun again = CliRun.of("export-onnx", "--model", drums.toString(), "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().strip()).doesNotContain("\n").contains("drums.onnx").contains("--overwrite");
        assertThat(CliRun.of("export-onnx", "--model", drums.toString(), "--out", out.toString(), "--overwrite").exitCode()).isZero();

        CliRun missing = CliRun.of("export-onnx", "--model", dir.resolve("nothing").toString(), "--out", out.toString(), "--overwrite");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("nothing");
        assertThat(CliRun.of("export-onnx", "--model", drums.toString()).exitCode()).as("no --out").isEqualTo(2);

        Path foreign = dir.resolve("foreign.onnx");
        CliRun own = CliRun.of("export-onnx", "--model", imported.toString(), "--out", foreign.toString());
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(own.out()).contains("the foreign model's own ONNX file, unchanged");
        assertThat(foreign).hasSameBinaryContentAs(PYTORCH.resolve("model.onnx"));
    }

    @Test
    void anExportedFileImportsBackThroughTheContractItCarries() throws Exception {
        Path out = dir.resolve("drums.onnx");
        assertThat(CliRun.of("export-onnx", "--model", drums.toString(), "--out", out.toString()).exitCode()).isZero();
        String contract = ModelProto.parseFrom(Files.readAllBytes(out)).getMetadataPropsList().stream()
                .filter(entry -> entry.getKey().equals("midigen.contract")).findFirst().orElseThrow().getValue();
        Path contractFile = dir.resolve("contract.json");
        Files.writeString(contractFile, contract);
        Path bundle = dir.resolve("again");
        CliRun run = CliRun.of("import-onnx", "--onnx", out.toString(), "--contract", contractFile.toString(), "--out", bundle.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("a foreign next-token model over the drum-kit encoding, made by midigen");
        CliRun generate = CliRun.of("generate", "--model", bundle.toString(), "--num-steps", "16", "--out",
                dir.resolve("beat.mid").toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("onnx backend");
    }

    @Test
    void trainedOnDl4jExportedAndImportedGivesTheSameLogitsAndSamplesOnOnnx() throws Exception {
        Path beats = dir.resolve("beats");
        Files.createDirectories(beats);
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("b.mid"));
        Path split = dir.resolve("split.csv");
        Files.writeString(split, "a.mid,train\nb.mid,validation\n");
        Path corpus = dir.resolve("drum-corpus");
        assertThat(CliRun.of("dataset", "build", "--input", beats.toString(), "--split-file", split.toString(), "--encoding", "drum-kit",
                "--out", corpus.toString()).exitCode()).isZero();
        Path trained = dir.resolve("trained");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--model", "drum-rnn", "--backend", "dl4j", "--hparams",
                "layers=16,attention=4,batch=2,window=16,eval=10,dropout=0", "--steps", "20", "--out", trained.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();

        Path file = dir.resolve("trained.onnx");
        assertThat(CliRun.of("export-onnx", "--model", trained.toString(), "--out", file.toString()).exitCode()).isZero();
        Path contractFile = dir.resolve("contract.json");
        Files.writeString(contractFile, ModelProto.parseFrom(Files.readAllBytes(file)).getMetadataPropsList().stream()
                .filter(entry -> entry.getKey().equals("midigen.contract")).findFirst().orElseThrow().getValue());
        Path imported = dir.resolve("imported");
        assertThat(CliRun.of("import-onnx", "--onnx", file.toString(), "--contract", contractFile.toString(), "--out",
                imported.toString()).exitCode()).isZero();

        ModelBundle original = ModelBundle.read(trained);
        ModelBundle foreign = ModelBundle.read(imported);
        assertThat(foreign.isForeign()).isTrue();
        var codec = original.spec().tokenCodec();
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        float[] features = new float[3 * 24 * codec.inputSize()];
        for (int b = 0; b < 3; b++) {
            int[] tokens = new int[24];
            for (int t = 0; t < 24; t++) {
                tokens[t] = random.nextInt(3) == 0 ? random.nextInt(codec.vocabularySize()) : 0;
                codec.input(tokens, t, features, (b * 24 + t) * codec.inputSize());
            }
        }
        dev.midigen.model.SequenceBatch inputs = dev.midigen.model.SequenceBatch.wrap(3, 24, codec.inputSize(), features);
        dev.midigen.model.Backends backends = dev.midigen.model.Backends.discover();
        try (var dl4j = original.open(backends.open("dl4j")); var onnx = foreign.open(backends.open("onnx"))) {
            float[] expected = dl4j.score(inputs).toArray();
            float[] actual = onnx.score(inputs).toArray();
            double largest = 0;
            for (int i = 0; i < expected.length; i++) {
                largest = Math.max(largest, Math.abs((double) expected[i] - actual[i]));
            }
            assertThat(largest).as("largest logit difference, dl4j vs the exported file on onnx").isLessThanOrEqualTo(1e-4);
        }

        Path onDl4j = dir.resolve("dl4j.mid");
        Path onOnnx = dir.resolve("onnx.mid");
        assertThat(CliRun.of("generate", "--model", trained.toString(), "--backend", "dl4j", "--bars", "4", "--primer", "[(36,42),(),(42,)]",
                "--seed", "3", "--temperature", "0.9", "--out", onDl4j.toString()).exitCode()).isZero();
        CliRun generate = CliRun.of("generate", "--model", imported.toString(), "--bars", "4", "--primer", "[(36,42),(),(42,)]", "--seed",
                "3", "--temperature", "0.9", "--out", onOnnx.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("onnx backend");
        assertThat(onOnnx).as("the same seeded beat from the exported file on onnx").hasSameBinaryContentAs(onDl4j);
    }

    @Test
    void anImportedPytorchModelGeneratesAndEvaluatesOnOnnxOnly() throws Exception {
        assertThat(imported.resolve("model.onnx")).hasSameBinaryContentAs(PYTORCH.resolve("model.onnx"));
        assertThat(Files.readString(imported.resolve("bundle.json"))).contains("\"type\" : \"foreign\"", "made by pytorch");

        Path melody = dir.resolve("tune.mid");
        CliRun generate = CliRun.of("generate", "--model", imported.toString(), "--num-steps", "32", "--primer", "[60, -2, 62]",
                "--seed", "5", "--out", melody.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("onnx backend");
        assertThat(melody).exists();
        Path again = dir.resolve("again.mid");
        assertThat(CliRun.of("generate", "--model", imported.toString(), "--num-steps", "32", "--primer", "[60, -2, 62]",
                "--seed", "5", "--backend", "onnx", "--out", again.toString()).exitCode()).isZero();
        assertThat(again).as("seeded: the same file").hasSameBinaryContentAs(melody);

        CliRun dl4j = CliRun.of("generate", "--model", imported.toString(), "--backend", "dl4j", "--out", dir.resolve("x.mid").toString());
        assertThat(dl4j.exitCode()).isEqualTo(1);
        assertThat(dl4j.err().strip()).doesNotContain("\n")
                .contains("holds a onnx model made elsewhere, which only the onnx backend runs (use --backend onnx");

        // a corpus of the model's encoding (melody, pitches 60..71, no lookback or counters): two tunes it wrote itself
        Path tunes = dir.resolve("tunes");
        CliRun two = CliRun.of("generate", "--model", imported.toString(), "--num-steps", "64", "--num-outputs", "2", "--primer",
                "[60, -2, 62]", "--seed", "9", "--out", tunes.toString());
        assertThat(two.exitCode()).as(two.err()).isZero();
        Path split = dir.resolve("split.csv");
        Files.writeString(split, "melody.mid,train\nmelody-2.mid,validation\n");
        Path corpus = dir.resolve("melodies");
        CliRun build = CliRun.of("dataset", "build", "--input", tunes.toString(), "--split-file", split.toString(), "--encoding", "melody",
                "--no-lookback", "--min-pitch", "60", "--max-pitch", "72", "--transpose-to-key", "none", "--out", corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        CliRun evaluate = CliRun.of("evaluate", "--model", imported.toString(), "--data", corpus.toString(), "--backend", "onnx");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(evaluate.out());
        assertThat(result.get("backend").asText()).isEqualTo("onnx");
        assertThat(result.get("metrics").get("perplexity").asDouble()).isGreaterThan(1.0).isFinite();
    }

    @Test
    void contractProblemsAndDamagedFilesAreOneLineAndExit1() throws IOException {
        String contract = Files.readString(PYTORCH.resolve("contract.json"));
        Path model = PYTORCH.resolve("model.onnx");
        assertFailure(model, contract.replace("\"name\": \"x\"", "\"name\": \"tokens\""), "the model has no input 'tokens'");
        assertFailure(model, contract.replace("token-ids", "one-hot"), "input 'x' is int64 [time, batch], but one-hot inputs are float");
        assertFailure(model, contract.replace("\"in\": \"c0\"", "\"in\": \"c_0\""), "the model has no state input 'c_0'");
        assertFailure(model, contract.replace("token-ids", "tokens"), "input.kind is 'tokens'");
        assertFailure(model, "{\"family\": ", "not valid JSON");

        Path damaged = dir.resolve("damaged.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertFailure(damaged, contract, "is not an ONNX model ONNX Runtime");

        CliRun missingFile = CliRun.of("import-onnx", "--onnx", dir.resolve("none.onnx").toString(), "--contract",
                PYTORCH.resolve("contract.json").toString(), "--out", dir.resolve("b").toString());
        assertThat(missingFile.exitCode()).isEqualTo(1);
        assertThat(missingFile.err()).contains("none.onnx: no such file or folder");
        assertThat(CliRun.of("import-onnx", "--onnx", model.toString(), "--out", dir.resolve("b").toString()).exitCode())
                .as("no --contract").isEqualTo(2);
        CliRun exists = CliRun.of("import-onnx", "--onnx", model.toString(), "--contract", PYTORCH.resolve("contract.json").toString(),
                "--out", imported.toString());
        assertThat(exists.exitCode()).isEqualTo(1);
        assertThat(exists.err().strip()).doesNotContain("\n");
    }

    private void assertFailure(Path model, String contract, String message) throws IOException {
        Path contractFile = dir.resolve("contract-" + Integer.toHexString(contract.hashCode()) + ".json");
        Files.writeString(contractFile, contract);
        Path out = dir.resolve("bundle-" + Integer.toHexString(contract.hashCode()));
        CliRun run = CliRun.of("import-onnx", "--onnx", model.toString(), "--contract", contractFile.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip()).as("one line").doesNotContain("\n").startsWith("midigen import-onnx: ").contains(message);
        assertThat(out).doesNotExist();
    }

    @Test
    void theOnnxBackendCannotTrain() throws IOException {
        Path beats = dir.resolve("beats");
        Files.createDirectories(beats);
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Path corpus = dir.resolve("drum-corpus");
        assertThat(CliRun.of("dataset", "build", "--input", beats.toString(), "--encoding", "drum-kit", "--out", corpus.toString())
                .exitCode()).isZero();
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--model", "drum-rnn", "--backend", "onnx", "--steps", "1",
                "--out", dir.resolve("m").toString());
        assertThat(train.exitCode()).isEqualTo(1);
        assertThat(train.err().strip()).doesNotContain("\n").contains("the onnx backend cannot train");
    }

    @Test
    void benchModelMeasuresSeveralBackendsAndBatchesInOneRun() {
        CliRun run = CliRun.of("bench", "model", "--backend", "onnx,java", "--batch", "1,4", "--train-steps", "0", "--sample-steps", "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("midigen bench model: onnx onnxruntime", "midigen bench model: java")
                .containsPattern("sampling +\\d+ steps/s \\(batch 1\\) +PyTorch")
                .containsPattern("sampling +\\d+ steps/s \\(batch 4\\) +\\d+ sequence-steps/s")
                .contains("training: not measured (0 training steps)");
    }
}
