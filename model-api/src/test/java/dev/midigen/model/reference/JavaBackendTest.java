package dev.midigen.model.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference network against values worked out by hand: input 2 (a one-class drum kit: tokens 0 and 1
 * one-hot, no counters), one LSTM unit (the cell of {@link LstmCellTest#hiddenOne()}), output 2.
 * From {@link LstmCellTest}, with inputs x1 = [1, 2] then x2 = x3 = [0, 0]:
 * <pre>
 *   h1 = 0.218484459338693   c1 = 0.3
 *   h2 = 0.135201934675190   c2 = 0.182260964465720
 *   h3 = 0.75 · tanh(c3) = 0.077257711132419, where f3 = σ(2 h2) = σ(0.270403869350380) = 0.567192051614272
 *        and c3 = f3 · c2 = 0.103376970364508, tanh(c3) = 0.103010281509892
 * </pre>
 */
class JavaBackendTest {
    private static final double EPS = 1e-6;
    private static final DrumKitSpec ONE_DRUM = new DrumKitSpec(
            DrumMap.of("one-drum", List.of(new DrumMap.DrumClass("kick", List.of(36)))), 4, 0);
    private static final double H1 = 0.218484459338693;
    private static final double H2 = 0.135201934675190;
    private static final double H3 = 0.077257711132419;
    private static final double C3 = 0.103376970364508;

    private static final JavaBackend BACKEND = new JavaBackend();

    private static ModelSpec spec(int attention) {
        return new ModelSpec(new NextTokenLstm(List.of(1), attention), ONE_DRUM, 0);
    }

    /**
     * Output without attention: W = [[2], [−1]], b = [0.5, 0], so logits = [2h + 0.5, −h]. With attention:
     * attention.W = [[3]], output W = [[2, 1], [−1, 0]] over [h; context], so logits = [2h + context + 0.5, −h].
     */
    private static Weights weights(int attention) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("lstm.0.W", Tensor.of(new float[] {0.5f, -0.25f, 0, 0, 1, 1, LstmCellTest.LN2, 0}, 4, 2));
        tensors.put("lstm.0.R", Tensor.of(new float[] {0, 0, 2, 0}, 4, 1));
        tensors.put("lstm.0.B", Tensor.of(new float[] {0, 0.5f, 0, 0, 0, LstmCellTest.LN3 - 0.5f, 0, 0}, 8));
        if (attention > 0) {
            tensors.put("attention.W", Tensor.of(new float[] {3}, 1, 1));
            tensors.put("output.W", Tensor.of(new float[] {2, 1, -1, 0}, 2, 2));
        } else {
            tensors.put("output.W", Tensor.of(new float[] {2, -1}, 2, 1));
        }
        tensors.put("output.b", Tensor.of(new float[] {0.5f, 0}, 2));
        return Weights.of(tensors);
    }

    private static SequenceBatch threeSteps() {
        return SequenceBatch.wrap(1, 3, 2, new float[] {1, 2, 0, 0, 0, 0});
    }

    private static void assertLogits(SequenceBatch logits, double[][] expected) {
        for (int t = 0; t < expected.length; t++) {
            for (int o = 0; o < 2; o++) {
                assertThat((double) logits.get(0, t, o)).as("step %d logit %d", t, o).isCloseTo(expected[t][o], within(EPS));
            }
        }
    }

    @Test
    void logitsWithoutAttention() {
        try (SequenceModel model = BACKEND.fromWeights(spec(0), weights(0))) {
            // [2 h1 + 0.5, −h1], [2 h2 + 0.5, −h2], [2 h3 + 0.5, −h3]
            assertLogits(model.score(threeSteps()), new double[][] {
                {0.936968918677386, -H1}, {0.770403869350380, -H2}, {0.654515422264838, -H3}});
        }
    }

    @Test
    void attentionOverOneStepIsThePreviousOutput() {
        try (SequenceModel model = BACKEND.fromWeights(spec(1), weights(1))) {
            // step 1: nothing remembered, context 0 → [2 h1 + 0.5, −h1]
            // step 2: context = h1 → [2 h2 + h1 + 0.5, −h2] = [0.270403869 + 0.218484459 + 0.5, −h2]
            // step 3: h1 has left the memory, context = h2 → [2 h3 + h2 + 0.5, −h3] = [0.154515422 + 0.135201935 + 0.5, −h3]
            assertLogits(model.score(threeSteps()), new double[][] {
                {0.936968918677386, -H1}, {0.988888328689074, -H2}, {0.789717356940028, -H3}});
        }
    }

    @Test
    void attentionOverTwoStepsWeighsThemBySoftmax() {
        try (SequenceModel model = BACKEND.fromWeights(spec(2), weights(2))) {
            // steps 1 and 2 as with one step of memory; step 3 remembers [h1, h2]:
            //   s1 = h3 · 3 h1 = 0.050638827739534,  s2 = h3 · 3 h2 = 0.031336176041040
            //   a = softmax(s) = [0.504825513096444, 0.495174486903556]
            //   context = a1 h1 + a2 h2 = 0.177245077920410 → [2 h3 + context + 0.5, −h3] = [0.831760500185248, −h3]
            assertLogits(model.score(threeSteps()), new double[][] {
                {0.936968918677386, -H1}, {0.988888328689074, -H2}, {0.831760500185248, -H3}});
        }
    }

    @Test
    void stateHoldsTheHandValues() {
        try (SequenceModel model = BACKEND.fromWeights(spec(2), weights(2)); Decoder decoder = model.newDecoder(1)) {
            decoder.step(new float[] {1, 2});
            decoder.step(new float[] {0, 0});
            DecoderState two = decoder.state();
            assertThat(two.names()).containsExactly("lstm.0.h", "lstm.0.c", "attention.memory", "attention.count");
            assertThat((double) two.tensor("lstm.0.h")[0]).isCloseTo(H2, within(EPS));
            assertThat((double) two.tensor("lstm.0.c")[0]).isCloseTo(0.182260964465720, within(EPS));
            assertThat(two.tensor("attention.count")).containsExactly(2f);
            float[] memory = two.tensor("attention.memory");
            assertThat((double) memory[0]).isCloseTo(H1, within(EPS));   // oldest first
            assertThat((double) memory[1]).isCloseTo(H2, within(EPS));
            decoder.step(new float[] {0, 0});
            DecoderState three = decoder.state();
            assertThat((double) three.tensor("lstm.0.c")[0]).isCloseTo(C3, within(EPS));
            assertThat(three.tensor("attention.count")).containsExactly(2f);   // full: h1 left, h3 came
            assertThat((double) three.tensor("attention.memory")[0]).isCloseTo(H2, within(EPS));
            assertThat((double) three.tensor("attention.memory")[1]).isCloseTo(H3, within(EPS));
        }
    }

    @Test
    void twoSingleStepsEqualScoringTwoSteps() {
        try (SequenceModel model = BACKEND.fromWeights(spec(2), weights(2))) {
            SequenceBatch scored = model.score(threeSteps());
            DecoderState afterTwo;
            try (Decoder decoder = model.newDecoder(1)) {
                assertThat(decoder.step(new float[] {1, 2})).containsExactly(scored.vector(0, 0));
                assertThat(decoder.step(new float[] {0, 0})).containsExactly(scored.vector(0, 1));
                afterTwo = decoder.state();
            }
            try (Decoder other = model.newDecoder(1)) {
                other.setState(afterTwo);
                assertThat(other.step(new float[] {0, 0})).containsExactly(scored.vector(0, 2));
                other.reset();
                assertThat(other.step(new float[] {1, 2})).containsExactly(scored.vector(0, 0));
            }
        }
    }

    @Test
    void setStateRefusesStatesOfAnotherShape() {
        try (SequenceModel model = BACKEND.fromWeights(spec(2), weights(2)); Decoder decoder = model.newDecoder(2)) {
            DecoderState state = decoder.state();
            assertThatThrownBy(() -> decoder.setState(state.select(new int[] {0})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a state of 1 rows for a decoder of 2");
            DecoderState noAttention = DecoderState.of(2, List.of("lstm.0.h", "lstm.0.c"), List.of(new float[2], new float[2]));
            assertThatThrownBy(() -> decoder.setState(noAttention))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("are not this decoder's [lstm.0.h, lstm.0.c, attention.memory, attention.count]");
            DecoderState badCount = DecoderState.of(2, List.of("lstm.0.h", "lstm.0.c", "attention.memory", "attention.count"),
                    List.of(new float[2], new float[2], new float[4], new float[] {0, 3}));
            assertThatThrownBy(() -> decoder.setState(badCount))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("attention.count of row 1 is 3.0, not a whole number 0..2");
            assertThatThrownBy(() -> decoder.step(new float[3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a step reads 2 × 2 = 4 values, got 3");
        }
    }

    @Test
    void capabilitiesAndRefusals() {
        assertThat(BACKEND.name()).isEqualTo("java");
        assertThat(BACKEND.capabilities()).containsExactlyInAnyOrder(Capability.SAMPLE, Capability.SCORE);
        assertThatThrownBy(() -> BACKEND.newTrainer(spec(0), TrainingConfig.DEFAULT, weights(0)))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("the java backend cannot train");
        ModelSpec gru = new ModelSpec(Seq2SeqGru.DEEP_MUSICIAN, PianoRollSpec.PIANO, 0);
        assertThat(BACKEND.unsupported(gru)).isNull();
        assertThatThrownBy(() -> BACKEND.fromWeights(gru, weights(0)))
                .as("an LSTM's weights for a seq2seq-gru").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoder.");
        Map<String, Tensor> wrong = new LinkedHashMap<>(weights(0).asMap());
        wrong.put(LstmLayout.OUTPUT_WEIGHTS, Tensor.of(new float[3], 3, 1));
        assertThatThrownBy(() -> BACKEND.fromWeights(spec(0), Weights.of(wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output.W is [3, 1], expected [2, 1]");
    }

    @Test
    void closedModelsAndDecodersFail() {
        SequenceModel model = BACKEND.fromWeights(spec(0), weights(0));
        Decoder decoder = model.newDecoder(1);
        model.close();
        model.close();
        assertThatThrownBy(() -> model.score(threeSteps())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> decoder.step(new float[2])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.newDecoder(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(model::exportWeights).isInstanceOf(IllegalStateException.class);
    }
}
