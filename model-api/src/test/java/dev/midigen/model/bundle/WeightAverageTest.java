package dev.midigen.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoint averaging: every tensor the weighted mean of the models', one spec only. */
class WeightAverageTest {
    private static final ModelSpec SPEC = new ModelSpec(new DrumVae(List.of(3), 2, List.of(4), 1, 0.2, 1,
            GrooveTransform.HUMANIZE, true), GrooveSpec.GROOVAE, 5);

    private static ModelBundle bundle(ModelSpec spec, long seed, long steps) {
        Provenance provenance = new Provenance(null, null, "tf", "test", "0", "jvm", "os", "arch", seed, steps, "test");
        return new ModelBundle(spec, provenance, Map.of("validationLoss", 1.0), CanonicalLayout.initial(spec, seed));
    }

    @Test
    void eachTensorIsTheSharesWeightedMeanAndTheResultIsMeasuredAgain() {
        ModelBundle a = bundle(SPEC, 1, 100);
        ModelBundle b = bundle(SPEC, 2, 300);
        ModelBundle mean = WeightAverage.of(List.of(a, b), List.of(2.0, 1.0));

        assertThat(mean.spec()).isEqualTo(SPEC);
        assertThat(mean.metrics()).as("measure it again").isEmpty();
        assertThat(mean.provenance().stepsTrained()).isEqualTo(100);
        assertThat(mean.provenance().createdBy()).contains("average").contains("2.0 × (100 steps, seed 1)")
                .contains("1.0 × (300 steps, seed 2)");
        Weights weights = mean.weights();
        assertThat(weights.names()).isEqualTo(a.weights().names());
        int compared = 0;
        for (String name : weights.names()) {
            float[] x = a.weights().get(name).toArray();
            float[] y = b.weights().get(name).toArray();
            float[] m = weights.get(name).toArray();
            assertThat(weights.get(name).shape()).isEqualTo(a.weights().get(name).shape());
            for (int i = 0; i < m.length; i++) {
                assertThat((double) m[i]).isCloseTo((2.0 * x[i] + y[i]) / 3, within(1e-6));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(weights.parameterCount());
        assertThat(WeightAverage.of(List.of(a, a), List.of(1.0, 3.0)).weights()).as("a model with itself")
                .isEqualTo(a.weights());
    }

    @Test
    void onlyTwoOrMoreModelsOfOneSpecWithPositiveShares() {
        ModelBundle a = bundle(SPEC, 1, 100);
        ModelSpec other = new ModelSpec(((DrumVae) SPEC.family()).withHitControls(false), GrooveSpec.GROOVAE, 5);
        assertThatThrownBy(() -> WeightAverage.of(List.of(a), List.of(1.0))).hasMessageContaining("two or more");
        assertThatThrownBy(() -> WeightAverage.of(List.of(a, a), List.of(1.0))).hasMessageContaining("one share each");
        assertThatThrownBy(() -> WeightAverage.of(List.of(a, a), List.of(1.0, 0.0))).hasMessageContaining("> 0");
        assertThatThrownBy(() -> WeightAverage.of(List.of(a, bundle(other, 2, 1)), List.of(1.0, 1.0)))
                .hasMessageContaining("one spec");
    }
}
