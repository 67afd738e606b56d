package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drum VAE's hyper-parameters in the one vocabulary. */
class DrumVaeKeysTest {

    @Test
    void thePresetsAreModelNamesAndTheirKeysMeanWhatTheySayElsewhere() {
        HyperParameters.Choice plain = HyperParameters.parse("groovae-2bar", "");
        assertThat(plain.family()).isEqualTo(DrumVae.GROOVAE_2BAR);
        assertThat(plain.config()).isEqualTo(TrainingConfig.forDrumVae(2));
        assertThat(plain.config().windowSteps()).isEqualTo(32);
        assertThat(HyperParameters.parse("groovae-4bar", "").config().windowSteps()).isEqualTo(64);
        assertThat(TrainingConfig.defaultsFor(new ModelSpec(DrumVae.GROOVAE_4BAR, GrooveSpec.GROOVAE, 0)))
                .isEqualTo(TrainingConfig.forDrumVae(4));

        HyperParameters.Choice small = HyperParameters.parse("groovae-2bar",
                "layers=64x2,encoder=128,latent=32,bars=4,beta=0.5,free_bits=24,transform=tap,batch=16,lr=0.002,steps=50");
        DrumVae vae = (DrumVae) small.family();
        assertThat(vae.decoder()).as("layers are the decoder's, as every decoder's").containsExactly(64, 64);
        assertThat(vae.encoder()).containsExactly(128);
        assertThat(vae.latent()).isEqualTo(32);
        assertThat(vae.bars()).isEqualTo(4);
        assertThat(vae.beta()).isEqualTo(0.5);
        assertThat(vae.freeBits()).isEqualTo(24);
        assertThat(vae.transform()).isEqualTo(GrooveTransform.TAP);
        assertThat(vae.hitControls()).isFalse();
        DrumVae controlled = (DrumVae) HyperParameters.parse("groovae-2bar", "hit_controls=true").family();
        assertThat(controlled).isEqualTo(DrumVae.GROOVAE_2BAR.withHitControls(true));
        assertThat(new ModelSpec(controlled, GrooveSpec.GROOVAE, 0).decoderInputSize()).as("frame + hits").isEqualTo(27 + 9);
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "hit_controls=maybe"))
                .hasMessageContaining("hit_controls");
        assertThat(((DrumVae) HyperParameters.parse("groovae-2bar", "feel_loss=L1").family()).feelLoss())
                .isEqualTo(FeelLoss.L1);
        assertThat(vae.feelLoss()).as("GrooVAE's squared errors by default").isEqualTo(FeelLoss.MSE);
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "feel_loss=huber")).hasMessageContaining("mse, l1");
        assertThat(small.config().windowSteps()).as("the window follows bars").isEqualTo(64);
        assertThat(small.config().batchSize()).isEqualTo(16);
        assertThat(small.config().learningRate()).isEqualTo(0.002);
        assertThat(small.config().steps()).isEqualTo(50);

        assertThat(HyperParameters.parse(DrumVae.GROOVAE_2BAR, "latent=8", null).family())
                .isEqualTo(new DrumVae(List.of(512), 8, List.of(256, 256), 2, 0.2, 48, GrooveTransform.HUMANIZE));
    }

    @Test
    void otherFamiliesKeysAreRefusedAndTheirsRefuseTheVaesNamingTheFamily() {
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "attention=32"))
                .hasMessageContaining("attention is not a drum VAE's");
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "teacher=0.5"))
                .hasMessageContaining("not a drum VAE's");
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "window=99")).hasMessageContaining("bars");
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "transform=swing"))
                .hasMessageContaining("humanize, tap or none");
        assertThatThrownBy(() -> HyperParameters.parse("groovae-2bar", "wobble=1")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> HyperParameters.parse("drum-rnn", "latent=8"))
                .hasMessageContaining("latent is the drum VAE's").hasMessageContaining("drum-rnn has none");
        assertThatThrownBy(() -> HyperParameters.parse("seq2seq-gru", "transform=tap"))
                .hasMessageContaining("drum VAE's");
        assertThatThrownBy(() -> HyperParameters.parse("drum-rnn", "hit_controls=true"))
                .hasMessageContaining("drum VAE's");
    }
}
