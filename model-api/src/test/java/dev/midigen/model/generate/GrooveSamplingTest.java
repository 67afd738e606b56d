package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.CanonicalLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mechanics of sampling, interpolating and tapping with a drum VAE (an untrained one: not its musicality). */
class GrooveSamplingTest {
    private static final ModelSpec SPEC = new ModelSpec(
            new DrumVae(List.of(6), 4, List.of(8), 1, 0.2, 1, GrooveTransform.NONE), GrooveSpec.GROOVAE, 2);

    private static SequenceModel model() {
        return new JavaBackend().fromWeights(SPEC, CanonicalLayout.initial(SPEC, 2));
    }

    @Test
    void thePriorGivesSeededWindowsAndTemperatureZeroIsTheThreshold() {
        try (SequenceModel model = model()) {
            GrooveSampling sampling = new GrooveSampling(model);
            List<GrooveTrack> first = sampling.prior(3, 1.0, 7);

            assertThat(first).hasSize(3).allSatisfy(g -> assertThat(g.length()).isEqualTo(16));
            assertThat(sampling.prior(3, 1.0, 7)).isEqualTo(first);
            assertThat(sampling.windowSteps()).isEqualTo(16);
            for (GrooveTrack groove : first) {
                for (int t = 0; t < groove.length(); t++) {
                    for (int c = 0; c < 9; c++) {
                        if (groove.hit(t, c)) {
                            assertThat(groove.velocity(t, c)).isBetween(0f, 1f);
                            assertThat(groove.offset(t, c)).isBetween(-1f, 1f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBeatIsOneDrawOfThePriorDecodedWindowAfterWindowAndCutToItsBars() {
        try (SequenceModel model = model()) {
            GrooveSampling sampling = new GrooveSampling(model);
            GrooveTrack beat = sampling.beat(3, 1.0, 5);
            assertThat(beat.length()).isEqualTo(3 * 16);
            assertThat(beat.stepsPerBar()).isEqualTo(16);
            assertThat(sampling.beat(3, 1.0, 5)).as("seeded").isEqualTo(beat);
            // at temperature 0 every window of the one z is the same: the bars (windows of 1 bar here) repeat exactly
            GrooveTrack steady = sampling.beat(3, 0, 6);
            for (int t = 0; t < 16; t++) {
                assertThat(steady.hits().get(t + 16)).isEqualTo(steady.hits().get(t));
                assertThat(steady.hits().get(t + 32)).isEqualTo(steady.hits().get(t));
            }
            assertThatThrownBy(() -> sampling.beat(0, 1.0, 1)).hasMessageContaining("1 to 1024 bars");
        }
    }

    @Test
    void interpolationRunsOnTheGreatCircleFromOneEndToTheOther() {
        float[] a = {1, 0};
        float[] b = {0, 2};
        assertThat(GrooveSampling.slerp(a, b, 0)).containsExactly(1f, 0f);
        assertThat(GrooveSampling.slerp(a, b, 1)[1]).isCloseTo(2f, within(1e-6f));
        float[] middle = GrooveSampling.slerp(a, b, 0.5);
        assertThat(middle[0]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(GrooveSampling.slerp(new float[] {1, 1}, new float[] {2, 2}, 0.5)).as("parallel: linear")
                .containsExactly(1.5f, 1.5f);

        try (SequenceModel model = model()) {
            GrooveSampling sampling = new GrooveSampling(model);
            GrooveTrack from = sampling.prior(1, 0, 1).get(0);
            GrooveTrack to = sampling.prior(1, 0, 2).get(0);
            List<GrooveTrack> path = sampling.interpolate(from, to, 5, 0, 3);
            assertThat(path).hasSize(5).allSatisfy(g -> assertThat(g.length()).isEqualTo(16));
            assertThatThrownBy(() -> sampling.interpolate(from, to, 1, 0, 3)).hasMessageContaining("two ends");

            GrooveTrack beat = sampling.tapToDrums(from, 0, 4);
            assertThat(beat.length()).isEqualTo(16);
            assertThat(sampling.tapToDrums(from, 0, 5)).as("temperature 0 needs no draws").isEqualTo(beat);
        }
    }

    @Test
    void aModelWithHitControlsCannotChooseHitsOfItsOwn() {
        ModelSpec spec = new ModelSpec(((DrumVae) SPEC.family()).withHitControls(true), GrooveSpec.GROOVAE, 2);
        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 2))) {
            GrooveSampling sampling = new GrooveSampling(model);
            assertThatThrownBy(() -> sampling.prior(1, 1.0, 1)).hasMessageContaining("hit controls")
                    .hasMessageContaining("humanize");
        }
    }
}
