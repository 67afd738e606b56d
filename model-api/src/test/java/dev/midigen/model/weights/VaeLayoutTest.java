package dev.midigen.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaeLayoutTest {
    /** Encoder 2 layers of 3 (each way), z 4, decoder 5 then 6, over the ROLAND kit's 27-value frames. */
    private static final ModelSpec SMALL = new ModelSpec(
            new DrumVae(List.of(3, 3), 4, List.of(5, 6), 2, 0.2, 48, GrooveTransform.HUMANIZE), GrooveSpec.GROOVAE, 11);

    @Test
    void theTensorsOfEveryPartInCanonicalOrderWithTheirShapes() {
        Map<String, int[]> shapes = VaeLayout.shapes(SMALL);

        assertThat(shapes.keySet()).containsExactly(
                "encoder.fw.lstm.0.W", "encoder.fw.lstm.0.R", "encoder.fw.lstm.0.B",
                "encoder.fw.lstm.1.W", "encoder.fw.lstm.1.R", "encoder.fw.lstm.1.B",
                "encoder.bw.lstm.0.W", "encoder.bw.lstm.0.R", "encoder.bw.lstm.0.B",
                "encoder.bw.lstm.1.W", "encoder.bw.lstm.1.R", "encoder.bw.lstm.1.B",
                "latent.mu.W", "latent.mu.b", "latent.sigma.W", "latent.sigma.b", "bridge.W", "bridge.b",
                "decoder.lstm.0.W", "decoder.lstm.0.R", "decoder.lstm.0.B",
                "decoder.lstm.1.W", "decoder.lstm.1.R", "decoder.lstm.1.B", "head.W", "head.b");
        assertThat(shapes.get("encoder.fw.lstm.0.W")).containsExactly(12, 27);
        assertThat(shapes.get("encoder.bw.lstm.1.W")).as("layer 1 reads both directions of layer 0").containsExactly(12, 6);
        assertThat(shapes.get("encoder.fw.lstm.1.B")).containsExactly(24);
        assertThat(shapes.get("latent.mu.W")).containsExactly(4, 6);
        assertThat(shapes.get("bridge.W")).as("h and c of layers of 5 and 6").containsExactly(22, 4);
        assertThat(shapes.get("decoder.lstm.0.W")).as("the previous frame and z").containsExactly(20, 31);
        assertThat(shapes.get("decoder.lstm.1.W")).containsExactly(24, 5);
        assertThat(shapes.get("head.W")).containsExactly(27, 6);
        Map<String, int[]> canonical = CanonicalLayout.shapes(SMALL);
        assertThat(canonical.keySet()).containsExactlyElementsOf(shapes.keySet());
        canonical.forEach((name, shape) -> assertThat(shape).as(name).containsExactly(shapes.get(name)));
        assertThat(VaeLayout.stateNames(SMALL)).containsExactly("decoder.lstm.0.h", "decoder.lstm.0.c",
                "decoder.lstm.1.h", "decoder.lstm.1.c", "latent.z");
    }

    @Test
    void initialWeightsAreSeededFitTheLayoutAndOpenWithAForgetBiasAndASmallScale() {
        Weights first = CanonicalLayout.initial(SMALL, 11);
        CanonicalLayout.check(first, SMALL);
        assertThat(CanonicalLayout.initial(SMALL, 11).asMap().get("head.W").toArray())
                .containsExactly(first.get("head.W").toArray());
        assertThat(CanonicalLayout.initial(SMALL, 12).get("head.W").toArray())
                .isNotEqualTo(first.get("head.W").toArray());
        float[] bias = first.get("decoder.lstm.0.B").toArray();
        assertThat(bias[2 * 5]).as("forget gate input bias").isEqualTo(1f);
        assertThat(bias[0]).isZero();
        assertThat(first.get("latent.sigma.b").toArray()).containsOnly(VaeLayout.INITIAL_SIGMA_BIAS);

        assertThatThrownBy(() -> CanonicalLayout.check(Weights.of(Map.of()), SMALL))
                .hasMessageContaining("drum VAE").hasMessageContaining("missing latent.mu.W");
    }

    @Test
    void grooVaeTwoBarHasTheSizeOfMagentasModel() {
        ModelSpec groovae = new ModelSpec(DrumVae.GROOVAE_2BAR, GrooveSpec.GROOVAE, 0);
        long parameters = VaeLayout.shapes(groovae).values().stream()
                .mapToLong(shape -> shape.length == 2 ? (long) shape[0] * shape[1] : shape[0]).sum();
        // encoder 2 × (4·512·(27+512) + 8·512), μ and σ 2 × (256·1024 + 256), bridge 1024·256 + 1024,
        // decoder 4·256·(27+256+256) + 8·256 + 4·256·(256+256) + 8·256, head 27·256 + 27
        long expected = 2L * (4 * 512 * (27 + 512) + 8 * 512) + 2L * (256 * 1024 + 256) + 1024L * 256 + 1024
                + 4L * 256 * (27 + 256 + 256) + 8 * 256 + 4L * 256 * (256 + 256) + 8 * 256 + 27L * 256 + 27;
        assertThat(parameters).isEqualTo(expected).isEqualTo(4_091_163L); // 16.4 MB as float32: over the 10 MB an
        // embedded model may take, so the embedded groove model will be a smaller configuration
    }
}
