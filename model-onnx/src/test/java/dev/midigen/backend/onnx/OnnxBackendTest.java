package dev.midigen.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.model.Backends;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.reference.JavaBackendProvider;
import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.testkit.ConformanceNetworks;
import dev.midigen.model.testkit.FrameConformanceCases;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxBackendTest {
    @Test
    void nameRankCapabilitiesAndVersion() {
        OnnxBackendProvider provider = new OnnxBackendProvider();
        Availability availability = provider.probe();
        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(List.of(provider.name(), provider.rank())).containsExactly("onnx", 30);
        Backend backend = provider.open();
        assertThat(backend.version()).isEqualTo("onnxruntime 1.28.0");
        assertThat(backend.capabilities()).containsExactlyInAnyOrder(Capability.SAMPLE, Capability.SCORE, Capability.EXPORT,
                Capability.LOAD_FOREIGN).doesNotContain(Capability.TRAIN);
    }

    @Test
    void itDoesNotTrainAnyFamilyAndSaysWhy() {
        Backend backend = new OnnxBackend(1);
        FrameConformanceCases.FrameCase seq2seq = FrameConformanceCases.cases().get(0);
        for (var spec : List.of(ConformanceNetworks.cases().get(0).spec(), seq2seq.spec())) {
            assertThat(backend.unsupported(spec)).as(spec.family().typeName()).isNull();
            Weights initial = CanonicalLayout.initial(spec, 7);
            assertThatThrownBy(() -> backend.newTrainer(spec, TrainingConfig.builder().steps(10).build(), initial))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessage("the onnx backend cannot train: ONNX Runtime's Java build has no training; train on dl4j or tf"
                            + " and run the model here")
                    .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.TRAIN));
        }
    }

    @Test
    void foreignSpecsGoToOnnxAndOnlyThroughTheirFiles() {
        Backend backend = new OnnxBackend(1);
        ModelSpec foreign = OnnxBackend.specOf(Fixtures.pytorchContract());
        assertThat(backend.unsupported(foreign)).isNull();
        assertThatThrownBy(() -> backend.fromWeights(foreign, Weights.of(Map.of())))
                .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("no canonical weights");
        assertThatThrownBy(() -> backend.loadForeign(foreign, Map.of("model.onnx", Fixtures.pytorchModel())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contract.json");
        byte[] otherContract = Fixtures.pytorchContractJson().replace("\"maxPitch\": 72", "\"maxPitch\": 74").getBytes();
        assertThatThrownBy(() -> backend.loadForeign(foreign, Map.of("model.onnx", Fixtures.pytorchModel(), "contract.json", otherContract)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but the bundle's spec is");

        // With no backend named, the best-ranked one that runs the spec is chosen: onnx for a foreign model.
        Backends backends = Backends.of(List.of(new JavaBackendProvider(), new OnnxBackendProvider()));
        assertThat(backends.open(null, foreign).name()).isEqualTo("onnx");
        assertThat(backends.open("java", foreign).name()).isEqualTo("java");
        assertThat(backends.open(null, ConformanceNetworks.cases().get(0).spec()).name()).isEqualTo("onnx");
    }
}
