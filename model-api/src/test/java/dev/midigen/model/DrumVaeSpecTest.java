package dev.midigen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drum VAE on the one contract: its family, its parts, the presets and the transformations it learns to undo. */
class DrumVaeSpecTest {

    @Test
    void grooVaePresetsAreMagentasConfigurationsAndRoundTripThroughJson() {
        assertThat(DrumVae.preset("groovae-2bar")).isEqualTo(DrumVae.GROOVAE_2BAR);
        assertThat(DrumVae.GROOVAE_2BAR.encoder()).containsExactly(512);
        assertThat(DrumVae.GROOVAE_2BAR.decoder()).containsExactly(256, 256);
        assertThat(DrumVae.GROOVAE_2BAR.latent()).isEqualTo(256);
        assertThat(DrumVae.GROOVAE_2BAR.transform()).isEqualTo(GrooveTransform.HUMANIZE);
        assertThat(DrumVae.preset("groovae-4bar").bars()).isEqualTo(4);
        assertThatThrownBy(() -> DrumVae.preset("groovae-8bar")).hasMessageContaining("groovae-2bar, groovae-4bar");

        ModelSpec spec = new ModelSpec(DrumVae.GROOVAE_2BAR, GrooveSpec.GROOVAE, 3);
        String json = spec.toJson();
        assertThat(json).contains("\"type\":\"drum-vae\"").contains("\"transform\":\"humanize\"");
        assertThat(ModelSpec.fromJson(json)).isEqualTo(spec);
        assertThat(json).contains("\"feelLoss\":\"mse\"");
        assertThat(ModelSpec.fromJson(json.replace(",\"feelLoss\":\"mse\"", ""))).as("a bundle from before the choice")
                .isEqualTo(spec);
        ModelSpec absolute = new ModelSpec(DrumVae.GROOVAE_2BAR.withFeelLoss(FeelLoss.L1), GrooveSpec.GROOVAE, 3);
        assertThat(ModelSpec.fromJson(absolute.toJson())).isEqualTo(absolute);
        assertThat(absolute.architecture().head()).isEqualTo(new Head.Groove(9, FeelLoss.L1));
    }

    @Test
    void itsPartsAreABidirectionalEncoderAVariationalBridgeAnLstmDecoderAndAGrooveHead() {
        Architecture parts = new ModelSpec(DrumVae.GROOVAE_2BAR, GrooveSpec.GROOVAE, 0).architecture();

        assertThat(parts.inputSize()).isEqualTo(27); // 9 ROLAND classes × hit, velocity, offset
        assertThat(parts.encoder()).isEqualTo(new Architecture.Stack(Architecture.Cell.LSTM, List.of(512), true));
        assertThat(parts.encoder().outputSize()).isEqualTo(1024);
        assertThat(parts.bridge()).isEqualTo(Architecture.Bridge.VARIATIONAL);
        assertThat(parts.latent()).isEqualTo(new Architecture.Latent(256, 0.2, 48));
        assertThat(parts.decoder().sizes()).containsExactly(256, 256);
        assertThat(parts.head()).isEqualTo(new Head.Groove(9));
        assertThat(parts.outputSize()).isEqualTo(27);
        assertThat(parts.conditioningSize()).isEqualTo(256);
        assertThat(parts.hasEncoder()).isTrue();
    }

    @Test
    void sizesAreCheckedAndItReadsTheGrooveEncodingOnly() {
        assertThatThrownBy(() -> new DrumVae(List.of(), 8, List.of(8), 2, 0.2, 48, GrooveTransform.NONE))
                .hasMessageContaining("1 to 8 layers");
        assertThatThrownBy(() -> new DrumVae(List.of(8), 0, List.of(8), 2, 0.2, 48, GrooveTransform.NONE))
                .hasMessageContaining("latent");
        assertThatThrownBy(() -> new DrumVae(List.of(8), 8, List.of(8), 2, -1, 48, GrooveTransform.NONE))
                .hasMessageContaining("beta");
        assertThatThrownBy(() -> new ModelSpec(DrumVae.GROOVAE_2BAR, DrumKitSpec.MAGENTA, 0))
                .hasMessageContaining("groove encoding");
        assertThatThrownBy(() -> new Architecture(27, null, Architecture.Bridge.NONE,
                new Architecture.Stack(Architecture.Cell.LSTM, List.of(8)), 0, new Head.Groove(9), 0,
                new Architecture.Latent(4, 0.2, 48))).hasMessageContaining("variational");
    }

    /** Two steps of the ROLAND kit: kick + closed hat, then a soft, late snare. */
    private static GrooveTrack performance() {
        DrumMap map = DrumMap.ROLAND;
        int classes = map.size();
        int kick = 0;
        int snare = 1;
        int hat = 2;
        int[] hits = {1 << kick | 1 << hat, 1 << snare};
        float[] velocities = new float[2 * classes];
        float[] offsets = new float[2 * classes];
        velocities[kick] = 0.9f;
        offsets[kick] = -0.1f;
        velocities[hat] = 0.5f;
        offsets[hat] = 0.2f;
        velocities[classes + snare] = 0.3f;
        offsets[classes + snare] = 0.4f;
        return GrooveTrack.of(map, 4, 16, hits, velocities, offsets);
    }

    @Test
    void humanizeKeepsTheHitsAndZeroesTheFeelTapPutsEachStepOnOneVoiceNoneIsTheIdentity() {
        GrooveTrack played = performance();
        assertThat(DrumMap.ROLAND.classes().get(2).name()).isEqualTo("closed-hat");

        GrooveTrack score = GrooveTransform.HUMANIZE.apply(played);
        assertThat(score.hits()).isEqualTo(played.hits());
        assertThat(score.velocity(0, 0)).isZero();
        assertThat(score.offset(1, 1)).isZero();

        GrooveTrack taps = GrooveTransform.TAP.apply(played);
        assertThat(taps.hits().get(0)).isEqualTo(1 << 2);
        assertThat(taps.hits().get(1)).isEqualTo(1 << 2);
        assertThat(taps.velocity(0, 2)).as("the loudest hit's velocity: the kick's").isEqualTo(0.9f);
        assertThat(taps.offset(0, 2)).isEqualTo(-0.1f);
        assertThat(taps.velocity(1, 2)).isEqualTo(0.3f);
        assertThat(taps.offset(1, 2)).isEqualTo(0.4f);

        assertThat(GrooveTransform.NONE.apply(played)).isEqualTo(played);
        assertThat(GrooveTransform.of("tap")).isEqualTo(GrooveTransform.TAP);
        assertThatThrownBy(() -> GrooveTransform.of("swing")).hasMessageContaining("humanize, tap or none");
    }
}
