package dev.midigen.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.SafeTensors;
import dev.midigen.model.weights.SafeTensorsFormatException;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelSpec SPEC = new ModelSpec(new NextTokenLstm(List.of(5, 3), 2),
            new MelodySpec(60, 62, 4, List.of(), 3, null, "highest"), 11);

    @TempDir
    Path dir;

    private static ModelBundle bundle() {
        Weights weights = LstmLayout.initial(SPEC.lstmNetwork(), SPEC.seed());
        TrainingConfig config = TrainingConfig.DEFAULT.withSteps(300).withSeed(11);
        Provenance provenance = Provenance.trained("corpus-fingerprint-1234", config, "java", "1.0", 300, "ModelBundleTest");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation.loss", 1.25);
        metrics.put("accuracy", 0.5);
        return new ModelBundle(SPEC, provenance, metrics, weights);
    }

    private static ObjectNode json(Path bundle) throws Exception {
        return (ObjectNode) JSON.readTree(bundle.resolve(ModelBundle.BUNDLE_FILE).toFile());
    }

    private static void rewrite(Path bundle, ObjectNode json) throws Exception {
        JSON.writeValue(bundle.resolve(ModelBundle.BUNDLE_FILE).toFile(), json);
    }

    @Test
    void writesAndReadsItBack() throws Exception {
        ModelBundle bundle = bundle();
        Path folder = dir.resolve("drums");
        bundle.write(folder, false);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bundle.json", "weights.safetensors");
        }
        ObjectNode json = json(folder);
        assertThat(json.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(json.get("spec").get("family").get("type").asText()).isEqualTo("next-token-lstm");
        assertThat(json.get("spec").get("encoding").get("type").asText()).isEqualTo("melody");
        JsonNode provenance = json.get("provenance");
        assertThat(provenance.get("corpusFingerprint").asText()).isEqualTo("corpus-fingerprint-1234");
        assertThat(provenance.get("training").get("steps").asInt()).isEqualTo(300);
        assertThat(provenance.get("libraryVersion").asText()).isEqualTo(LibraryVersion.DEVELOPMENT);
        assertThat(provenance.get("jvm").asText()).contains(System.getProperty("java.version").split("\\.")[0]);
        assertThat(provenance.get("seed").asLong()).isEqualTo(11);
        assertThat(json.get("metrics").fieldNames()).toIterable().containsExactly("accuracy", "validation.loss");
        assertThat(json.get("weights").get("file").asText()).isEqualTo("weights.safetensors");
        assertThat(json.get("weights").get("sha256").asText())
                .isEqualTo(ModelBundle.sha256(Files.readAllBytes(folder.resolve("weights.safetensors"))));
        assertThat(SafeTensors.read(folder.resolve("weights.safetensors")).metadata())
                .containsEntry("midigen.family", "next-token-lstm");

        ModelBundle read = ModelBundle.read(folder);
        assertThat(read).isEqualTo(bundle);
        assertThat(read.weights().names()).containsExactlyElementsOf(bundle.weights().names());
    }

    @Test
    void anImportedModelRunsTheSameAfterTheRoundTrip() throws Exception {
        JavaBackend backend = new JavaBackend();
        ModelSpec drums = new ModelSpec(new DrumRnn(List.of(4), 0), new DrumKitSpec(DrumKitSpec.MAGENTA.drumMap(), 4, 2), 3);
        SequenceBatch inputs = SequenceBatch.wrap(1, 2, 514, new float[2 * 514]);
        try (SequenceModel model = backend.fromWeights(drums, LstmLayout.initial(drums.lstmNetwork(), 3))) {
            ModelBundle bundle = ModelBundle.of(model, Provenance.imported("java", backend.version(), 3, "test"), Map.of());
            bundle.write(dir.resolve("imported"), false);
            ModelBundle read = ModelBundle.read(dir.resolve("imported"));
            assertThat(read.provenance().training()).isNull();
            assertThat(read.provenance().corpusFingerprint()).isNull();
            assertThat(read.provenance().stepsTrained()).isZero();
            try (SequenceModel loaded = read.open(backend)) {
                assertThat(loaded.score(inputs).toArray()).containsExactly(model.score(inputs).toArray());
            }
        }
    }

    @Test
    void keepsANanLoss() throws Exception {
        ModelBundle diverged = new ModelBundle(SPEC, bundle().provenance(), Map.of("loss", Double.NaN), bundle().weights());
        diverged.write(dir.resolve("nan"), false);
        assertThat(ModelBundle.read(dir.resolve("nan")).metrics().get("loss")).isNaN();
    }

    @Test
    void overwritesOnlyWhenAsked() throws Exception {
        Path folder = dir.resolve("model");
        bundle().write(folder, false);
        assertThatThrownBy(() -> bundle().write(folder, false)).isInstanceOf(FileAlreadyExistsException.class);
        ModelBundle other = new ModelBundle(SPEC, bundle().provenance(), Map.of("loss", 0.5), bundle().weights());
        other.write(folder, true);
        assertThat(ModelBundle.read(folder).metrics()).containsExactly(Map.entry("loss", 0.5));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model");   // no staging left
        }
    }

    @Test
    void refusesAnotherFormatVersion() throws Exception {
        Path folder = dir.resolve("future");
        bundle().write(folder, false);
        ObjectNode json = json(folder);
        json.put("formatVersion", 3);
        rewrite(folder, json);
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessage(folder + ": bundle format 3, this midigen reads 1 and 2");
        json.remove("formatVersion");
        rewrite(folder, json);
        assertThatThrownBy(() -> ModelBundle.read(folder)).hasMessage(folder + ": bundle.json has no formatVersion");
    }

    @Test
    void refusesAMissingFile() throws Exception {
        Path folder = dir.resolve("half");
        bundle().write(folder, false);
        Files.delete(folder.resolve("weights.safetensors"));
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessage(folder + ": no weights.safetensors");
        Files.delete(folder.resolve("bundle.json"));
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessage(folder + ": not a model bundle: no bundle.json");
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("nowhere"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nowhere: no such model bundle folder");
        Path plainFile = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> ModelBundle.read(plainFile)).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("not a folder");
    }

    @Test
    void refusesChangedWeights() throws Exception {
        Path folder = dir.resolve("changed");
        bundle().write(folder, false);
        Path weights = folder.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessage(folder + ": weights.safetensors does not match its checksum in bundle.json (changed or damaged)");
    }

    @Test
    void refusesWeightsThatAreNotFiniteNamingTheWeightsFile() throws Exception {
        Weights good = bundle().weights();
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.asMap());
        Tensor bias = tensors.get("lstm.1.B");
        float[] values = bias.toArray();
        values[2] = Float.NaN;
        values[5] = Float.POSITIVE_INFINITY;
        tensors.put("lstm.1.B", Tensor.of(values, bias.shape()));
        Path folder = dir.resolve("diverged");
        new ModelBundle(SPEC, bundle().provenance(), Map.of(), Weights.of(tensors)).write(folder, false);

        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessage(folder + ": weights.safetensors holds weights that are not finite numbers: lstm.1.B[2] = NaN"
                        + " (2 such values in that tensor) (a diverged training run?); the model cannot make music from them");
        assertThat(good.nonFinite()).isEmpty();
    }

    @Test
    void refusesWeightsThatDoNotFitTheSpec() throws Exception {
        Path folder = dir.resolve("misfit");
        bundle().write(folder, false);
        ObjectNode json = json(folder);
        ((ObjectNode) json.get("spec").get("family")).putArray("layerSizes").add(6).add(3);
        rewrite(folder, json);
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessageStartingWith(folder + ": weights.safetensors does not fit the spec's network: ")
                .hasMessageContaining("lstm.0.W is [20, 7], expected [24, 7]");
        Weights misfit = LstmLayout.initial(new ModelSpec(new NextTokenLstm(List.of(5), 0), SPEC.encoding(), 0).lstmNetwork(), 0);
        assertThatThrownBy(() -> new ModelBundle(SPEC, bundle().provenance(), Map.of(), misfit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing lstm.1.W");
    }

    @Test
    void refusesDamagedDescriptionsAndWeightsFiles() throws Exception {
        Path folder = dir.resolve("damaged");
        bundle().write(folder, false);
        ObjectNode original = json(folder);

        Files.writeString(folder.resolve("bundle.json"), "{\"formatVersion\": 1,");
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessageStartingWith(folder + ": bundle.json is not valid JSON");

        ObjectNode escape = original.deepCopy();
        ((ObjectNode) escape.get("weights")).put("file", "../weights.safetensors");
        rewrite(folder, escape);
        assertThatThrownBy(() -> ModelBundle.read(folder))
                .hasMessage(folder + ": bundle.json names the weights file '../weights.safetensors', which is not a plain"
                        + " file name in the bundle");

        ObjectNode badSpec = original.deepCopy();
        ((ObjectNode) badSpec.get("spec").get("family")).put("type", "transformer");
        rewrite(folder, badSpec);
        assertThatThrownBy(() -> ModelBundle.read(folder)).hasMessageStartingWith(folder + ": bundle.json's spec: not a model spec");

        // a file that is not safetensors, with a checksum that matches it
        byte[] junk = "not weights at all".getBytes();
        Files.write(folder.resolve("weights.safetensors"), junk);
        ObjectNode junkSum = original.deepCopy();
        ((ObjectNode) junkSum.get("weights")).put("sha256", ModelBundle.sha256(junk));
        rewrite(folder, junkSum);
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageStartingWith(folder.resolve("weights.safetensors") + ": the header length");
    }

    @Test
    void provenanceOfImportedWeights() {
        Provenance imported = Provenance.imported("onnx", "1.29", 7, null);
        assertThat(imported.libraryVersion()).isEqualTo(LibraryVersion.current());
        assertThat(imported.os()).isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.version"));
        assertThat(imported.arch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(imported.createdBy()).isEmpty();
        assertThatThrownBy(() -> new Provenance(null, null, "java", "1", "dev", "jvm", "os", "arch", 0, -1, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsFormatOneSeq2SeqBundlesAsFormatTwo() throws Exception {
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(3, 1, 2), new PianoRollSpec(4, 60, 5, false), 2);
        Weights weights = Seq2SeqLayout.initial(spec, 2);
        TrainingConfig training = TrainingConfig.builder().steps(40).build();
        Path folder = dir.resolve("old-seq2seq");
        new ModelBundle(spec, Provenance.trained("fingerprint", training, "tf", "2.18", 40, "test"), Map.of(), weights)
                .write(folder, false);
        // what midigen wrote before every family shared one contract
        ObjectNode json = json(folder);
        json.put("formatVersion", 1);
        ((ObjectNode) json.get("spec").get("family")).remove("loss");
        ObjectNode provenance = (ObjectNode) json.get("provenance");
        ObjectNode oldTraining = (ObjectNode) provenance.get("training");
        for (String added : List.of("sourceSteps", "headDropout", "teacherForcing", "keepOptimizer")) {
            oldTraining.remove(added);
        }
        ObjectNode frameTraining = provenance.putObject("frameTraining");
        frameTraining.set("training", oldTraining.deepCopy());
        frameTraining.put("sourceSteps", 32);
        frameTraining.put("classifierDropout", 0.4);
        frameTraining.put("teacherForcing", 0.7);
        frameTraining.putObject("loss").put("type", "bce");
        rewrite(folder, json);

        ModelBundle read = ModelBundle.read(folder);
        assertThat(read.spec().family()).isEqualTo(new Seq2SeqGru(3, 1, 2, new BernoulliLoss.Bce()));
        assertThat(read.provenance().training()).isEqualTo(training.toBuilder().sourceSteps(32).headDropout(0.4)
                .teacherForcing(0.7).build());
        assertThat(read.weights()).isEqualTo(weights);
        assertThat(read.optimizer()).isNull();
        try (SequenceModel model = read.open(new JavaBackend())) {
            assertThat(model.spec()).isEqualTo(read.spec());
        }
    }
}
