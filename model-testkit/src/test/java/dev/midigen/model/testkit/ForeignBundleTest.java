package dev.midigen.model.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.Backends;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.BundleFormatException;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.reference.JavaBackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Weights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** Bundles of models made elsewhere ({@link ForeignModel}): their files instead of weights, and who opens them. */
class ForeignBundleTest {
    private static final ModelSpec FOREIGN = new ModelSpec(new ForeignModel("next-token", "onnx"), DrumKitSpec.MAGENTA, 0);
    private static final Map<String, byte[]> FILES = Map.of("model.onnx", new byte[] {8, 1, 2, 3},
            "contract.json", "{}".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path temp;

    private static ModelBundle bundle() {
        return ModelBundle.foreign(FOREIGN, Provenance.imported("onnx", "test", 0, "ForeignBundleTest"), Map.of("loss", 2.0), FILES);
    }

    @Test
    void theSpecIsJsonAndChecksTheEncoding() {
        assertThat(FOREIGN.toJson()).contains("{\"type\":\"foreign\",\"kind\":\"next-token\",\"format\":\"onnx\"}");
        assertThat(ModelSpec.fromJson(FOREIGN.toJson())).isEqualTo(FOREIGN);
        assertThatThrownBy(() -> new ModelSpec(new ForeignModel("next-token", "onnx"), PianoRollSpec.PIANO, 0))
                .hasMessageContaining("a foreign next-token model reads token encodings");
        assertThatThrownBy(() -> new ModelSpec(new ForeignModel("frame-decoder", "onnx"), DrumKitSpec.MAGENTA, 0))
                .hasMessageContaining("a foreign frame-decoder model reads frame encodings");
        assertThatThrownBy(() -> new ForeignModel("transformer", "onnx")).hasMessageContaining("next-token or frame-decoder");
        assertThatThrownBy(() -> new ForeignModel("next-token", "ONNX files")).hasMessageContaining("format");
    }

    @Test
    void aForeignBundleHoldsItsFilesWithChecksumsAndNoWeights() throws Exception {
        Path folder = temp.resolve("foreign");
        bundle().write(folder, false);
        try (var listing = Files.list(folder)) {
            assertThat(listing.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("bundle.json", "model.onnx",
                    "contract.json");
        }
        String json = Files.readString(folder.resolve("bundle.json"));
        assertThat(json).contains("\"files\"", "\"model.onnx\" : \"").doesNotContain("\"weights\"");
        ModelBundle read = ModelBundle.read(folder);
        assertThat(read.isForeign()).isTrue();
        assertThat(read.spec()).isEqualTo(FOREIGN);
        assertThat(read.weights().names()).isEmpty();
        assertThat(read.files()).containsOnlyKeys("contract.json", "model.onnx");
        assertThat(read.files().get("model.onnx")).containsExactly(8, 1, 2, 3);
        assertThat(read.metrics()).containsEntry("loss", 2.0);

        Files.write(folder.resolve("contract.json"), "{ }".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("contract.json does not match its checksum");
        Files.delete(folder.resolve("contract.json"));
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class).hasMessageContaining("no contract.json");
        Files.write(folder.resolve("contract.json"), FILES.get("contract.json"));
        Files.writeString(folder.resolve("bundle.json"), json.replace("\"model.onnx\"", "\"../model.onnx\""));
        assertThatThrownBy(() -> ModelBundle.read(folder)).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("not a plain file name");
    }

    @Test
    void onlyTheBackendOfItsFormatOpensIt() {
        JavaBackend reference = new JavaBackend();
        assertThat(reference.unsupported(FOREIGN)).isNotNull();
        assertThatThrownBy(() -> bundle().open(reference)).isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessage("the java backend cannot run models made elsewhere: this onnx model was made elsewhere and runs only"
                        + " on the onnx backend")
                .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.LOAD_FOREIGN));
        // no backend that runs it: the best available is chosen, and its refusal says why
        assertThat(Backends.of(List.of(new JavaBackendProvider())).open(null, FOREIGN).name()).isEqualTo("java");
    }

    @Test
    void weightsAndFilesDoNotMix() {
        Provenance provenance = Provenance.imported("onnx", "test", 0, "");
        var network = ConformanceNetworks.cases().get(0);
        assertThatThrownBy(() -> new ModelBundle(FOREIGN, provenance, Map.of(), network.weights(), FILES))
                .hasMessageContaining("has no canonical weights");
        assertThatThrownBy(() -> ModelBundle.foreign(FOREIGN, provenance, Map.of(), Map.of())).hasMessageContaining("none given");
        assertThatThrownBy(() -> new ModelBundle(network.spec(), provenance, Map.of(), network.weights(), FILES))
                .hasMessageContaining("only a foreign model's bundle holds model files");
        assertThatThrownBy(() -> ModelBundle.foreign(FOREIGN, provenance, Map.of(), Map.of("bundle.json", new byte[1])))
                .hasMessageContaining("not a plain file name");
        assertThatThrownBy(() -> bundle().write(temp.resolve("x"), false, Map.of("model.onnx", new byte[1])))
                .hasMessageContaining("cannot replace the model's own model.onnx");
        assertThat(Weights.of(Map.of()).names()).isEmpty();
    }
}
