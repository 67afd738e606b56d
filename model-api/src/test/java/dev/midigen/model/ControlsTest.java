package dev.midigen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.model.generate.Conditioning;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.LstmLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlsTest {
    private static final Controls CONTROLS = new Controls(List.of("funk", "jazz", "rock"), Controls.LOG2_TEMPO);
    private static final DrumKitSpec KIT = new DrumKitSpec(DrumMap.ROLAND, 4, 6);

    @Test
    void theVectorIsTheStylesOneHotThenTheTempo() {
        assertThat(CONTROLS.size()).isEqualTo(4);
        assertThat(CONTROLS.vector("jazz", 240)).containsExactly(0f, 1f, 0f, 1f);
        assertThat(CONTROLS.vector(null, 120)).containsExactly(0f, 0f, 0f, 0f);
        assertThat(CONTROLS.vector("rock", 60)).containsExactly(0f, 0f, 1f, -1f);
        assertThat(Controls.tempoFeature(90)).isCloseTo((float) (Math.log(0.75) / Math.log(2)), within(1e-6f));
        assertThat(Controls.tempoFeature(5000)).isEqualTo(2f);
        assertThat(Controls.tempoFeature(0)).isEqualTo(0f);
        assertThatThrownBy(() -> CONTROLS.vector("polka", 120)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown style 'polka' (this model knows: funk, jazz, rock)");
    }

    @Test
    void aCorpusGivesItsStylesWithEnoughTrainingFilesAlphabetically() {
        List<String> files = new java.util.ArrayList<>();
        files.addAll(java.util.Collections.nCopies(20, "rock"));
        files.addAll(java.util.Collections.nCopies(19, "reggae"));
        files.addAll(java.util.Collections.nCopies(25, "funk"));
        files.add(null);
        assertThat(Controls.of(files, 20)).isEqualTo(new Controls(List.of("funk", "rock"), Controls.LOG2_TEMPO));
    }

    @Test
    void aConditionedTokenModelsFirstLayerReadsInputThenControl() {
        ModelSpec spec = new ModelSpec(DrumRnn.DRUM_KIT, KIT, 1, CONTROLS);
        assertThat(spec.inputSize()).isEqualTo(518);
        assertThat(spec.decoderInputSize()).isEqualTo(522);
        assertThat(spec.architecture().controlSize()).isEqualTo(4);
        assertThat(CanonicalLayout.shapes(spec).get(LstmLayout.inputWeights(0))).containsExactly(1024, 522);
        assertThat(CanonicalLayout.shapes(spec).get(LstmLayout.inputWeights(1))).containsExactly(1024, 256);
        ModelSpec read = ModelSpec.fromJson(spec.toJson());
        assertThat(read).isEqualTo(spec);
        assertThat(spec.toJson()).contains("\"controls\":{\"styles\":[\"funk\",\"jazz\",\"rock\"],\"tempo\":\"log2(bpm/120)\"}");
        ModelSpec plain = new ModelSpec(DrumRnn.DRUM_KIT, KIT, 1);
        assertThat(plain.toJson()).doesNotContain("controls");
        assertThat(ModelSpec.fromJson(plain.toJson())).isEqualTo(plain);
        assertThat(plain.decoderInputSize()).isEqualTo(518);
    }

    @Test
    void onlyTokenModelsTakeControls() {
        assertThatThrownBy(() -> new ModelSpec(DrumVae.GROOVAE_2BAR, dev.midigen.codec.encoding.GrooveSpec.GROOVAE, 1,
                CONTROLS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token models");
    }

    @Test
    void aRequestsStyleIsCheckedAgainstTheModelsVocabulary() {
        ModelSpec spec = new ModelSpec(DrumRnn.DRUM_KIT, KIT, 1, CONTROLS);
        assertThat(Conditioning.style(" Rock ").control(spec, 120)).containsExactly(0f, 0f, 1f, 0f);
        assertThat(new Conditioning("funk", 240.0).control(spec, 120)).containsExactly(1f, 0f, 0f, 1f);
        assertThat(Conditioning.NONE.control(spec, 60)).containsExactly(0f, 0f, 0f, -1f);
        assertThatThrownBy(() -> Conditioning.style("polka").checkedFor(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("funk, jazz, rock");
        ModelSpec plain = new ModelSpec(DrumRnn.DRUM_KIT, KIT, 1);
        assertThat(Conditioning.NONE.control(plain, 120)).isNull();
        assertThatThrownBy(() -> Conditioning.style("rock").checkedFor(plain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not style-conditioned");
        assertThat(Arrays.toString(CONTROLS.vector("funk", 120))).isEqualTo("[1.0, 0.0, 0.0, 0.0]");
    }

    @Test
    void styleIsAHyperParameterOfTheTokenModelsOffByDefault() {
        var parse = (java.util.function.Function<String, dev.midigen.model.training.HyperParameters.Choice>) keys ->
                dev.midigen.model.training.HyperParameters.parse("drum-rnn", keys, TrainingConfig.DEFAULT);
        assertThat(parse.apply("").style()).isFalse();
        assertThat(parse.apply("style=true,steps=5").style()).isTrue();
        assertThat(parse.apply("style=false").style()).isFalse();
        assertThatThrownBy(() -> dev.midigen.model.training.HyperParameters.parse("seq2seq-gru", "style=true",
                TrainingConfig.DEFAULT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token models");
        assertThatThrownBy(() -> parse.apply("style=maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("true or false");
    }
}
