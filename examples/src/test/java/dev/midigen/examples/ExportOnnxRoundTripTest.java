package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.midigen.backend.onnx.OnnxBackend;
import dev.midigen.backend.onnx.OnnxExporter;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.models.DefaultModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ExportOnnxRoundTrip}: the exported file names the model it holds, imports back as a foreign ONNX
 * bundle, and its logits match the source backend's within 1e-4 (the melody model on dl4j, melody-pop on tf); the
 * style-conditioned drums is refused with the reason.
 */
class ExportOnnxRoundTripTest {
    private static final Pattern WITHIN = Pattern.compile("over (\\d+) steps the imported model's logits are within (\\S+) of");

    @TempDir
    Path dir;

    @Test
    void theEmbeddedMelodyGoesOutToOnnxAndBackUnchanged() throws Exception {
        Path file = dir.resolve("melody.onnx");

        String printed = ExampleRun.run(ExportOnnxRoundTrip::main, file.toString());

        assertRoundTrip(printed, file, "melody");
    }

    @Test
    void aStyleConditionedModelIsRefusedWithTheReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExportOnnxRoundTrip.main(new String[] {
                dir.resolve("drums.onnx").toString(), "drums"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("style and tempo controls");
    }

    @Test
    void aModelServedByTensorFlowMatchesItsOnnxFile() throws Exception {
        Path file = dir.resolve("melody-pop.onnx");

        String printed = ExampleRun.run(ExportOnnxRoundTrip::main, file.toString(), "melody-pop", "tf");

        assertRoundTrip(printed, file, "melody-pop");
        assertThat(printed).contains("of tf's");
    }

    private static void assertRoundTrip(String printed, Path file, String model) throws Exception {
        ModelSpec source = DefaultModels.bundle(model).spec();
        Map<String, String> metadata = ModelProto.parseFrom(Files.readAllBytes(file)).getMetadataPropsList().stream()
                .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
        assertThat(ModelSpec.fromJson(metadata.get(OnnxExporter.SPEC_KEY))).isEqualTo(source);
        assertThat(metadata).containsKey(OnnxExporter.CONTRACT_KEY);

        ModelBundle imported = ModelBundle.read(file.resolveSibling(file.getFileName() + ".bundle"));
        assertThat(imported.isForeign()).isTrue();
        assertThat(imported.spec().family()).isInstanceOf(ForeignModel.class);
        assertThat(imported.spec().encoding()).isEqualTo(source.encoding());
        assertThat(imported.files().get(OnnxBackend.MODEL_FILE)).isEqualTo(Files.readAllBytes(file));

        Matcher within = WITHIN.matcher(printed);
        assertThat(within.find()).as(printed).isTrue();
        assertThat(Integer.parseInt(within.group(1))).isEqualTo(64);
        assertThat(Double.parseDouble(within.group(2))).isLessThanOrEqualTo(1e-4);
    }
}
