package dev.midigen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DecoderState#copyInto}: by name, all or nothing. */
class DecoderStateTest {
    private final DecoderState state = DecoderState.of(2, List.of("h", "c"),
            List.of(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}));

    @Test
    void copiesTheNamedTensorsInTheGivenOrder() {
        float[][] targets = new float[2][4];
        state.copyInto(List.of("c", "h"), targets);
        assertThat(targets[0]).containsExactly(5, 6, 7, 8);
        assertThat(targets[1]).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aMissingOrMisfitTensorCopiesNothing() {
        float[][] targets = {new float[4], new float[6]};
        assertThatThrownBy(() -> state.copyInto(List.of("h", "c"), targets))
                .hasMessage("state tensor c has 4 values, expected 6");
        assertThat(targets[0]).containsOnly(0f);
        assertThatThrownBy(() -> state.copyInto(List.of("h", "x"), new float[2][4]))
                .hasMessageContaining("no state tensor x");
    }
}
