package dev.midigen.model.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.Decoder;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference seq2seq model on a network small enough to work out by hand: one key, one GRU unit per stack,
 * a classifier of one unit. Every gate pre-activation but the candidate's is 0 (z = σ(0) = ½), the candidate
 * reads {@code ln 2 · x}, so with x = 1 it is tanh(ln 2) = ⅗ and with x = 0 it is 0; h' = ½ h~ + ½ h.
 * Classifier: {@code 3 · relu(2h − 0.3) − 1}.
 */
class JavaSeq2SeqTest {
    private static final ModelSpec SPEC = new ModelSpec(new Seq2SeqGru(1, 1, 1), new PianoRollSpec(4, 60, 1, false), 0);
    private static final float LN2 = (float) Math.log(2);

    static Weights handWeights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String prefix : new String[] {Seq2SeqLayout.ENCODER, Seq2SeqLayout.DECODER}) {
            tensors.put(prefix + "gru.0.W", Tensor.of(new float[] {0, 0, LN2}, 3, 1));
            tensors.put(prefix + "gru.0.R", Tensor.of(new float[3], 3, 1));
            tensors.put(prefix + "gru.0.B", Tensor.of(new float[6], 6));
        }
        tensors.put(Seq2SeqLayout.HIDDEN_WEIGHTS, Tensor.of(new float[] {2}, 1, 1));
        tensors.put(Seq2SeqLayout.HIDDEN_BIAS, Tensor.of(new float[] {-0.3f}, 1));
        tensors.put(Seq2SeqLayout.OUTPUT_WEIGHTS, Tensor.of(new float[] {3}, 1, 1));
        tensors.put(Seq2SeqLayout.OUTPUT_BIAS, Tensor.of(new float[] {-1}, 1));
        return Weights.of(tensors);
    }

    @Test
    void encodeScoreAndDecodeByHand() {
        try (SequenceModel model = new JavaBackend().fromWeights(SPEC, handWeights())) {
            SequenceBatch source = SequenceBatch.wrap(1, 2, 1, new float[] {1, 1});
            // encoder: h = ½·⅗ = 0.3, then ½·⅗ + ½·0.3 = 0.45
            assertThat(model.encode(source).tensor(Seq2SeqLayout.stateName(0))[0]).isCloseTo(0.45f, within(1e-6f));
            // decoder reads the last source frame (1): h = 0.3 + 0.225 = 0.525, logit 3·(1.05 − 0.3) − 1 = 1.25;
            // then target 0 (0): h = 0.2625, logit 3·(0.525 − 0.3) − 1 = −0.325;
            // then target 1 (0): h = 0.13125, relu(0.2625 − 0.3) = 0, logit −1
            SequenceBatch target = SequenceBatch.wrap(1, 3, 1, new float[] {0, 0, 1});
            assertThat(model.score(ModelBatch.teacherForced(source, target)).toArray())
                    .containsExactly(new float[] {1.25f, -0.325f, -1f}, within(1e-6f));
            // from the zero state, reading 1: h = 0.3, logit 3·0.3 − 1 = −0.1
            try (Decoder decoder = model.newDecoder(1)) {
                assertThat(decoder.step(new float[] {1})[0]).isCloseTo(-0.1f, within(1e-6f));
                decoder.setState(model.encode(source));
                assertThat(decoder.step(new float[] {1})[0]).isCloseTo(1.25f, within(1e-6f));
                decoder.reset();
                assertThat(decoder.state().tensor(Seq2SeqLayout.stateName(0))).containsExactly(0f);
            }
        }
    }

    @Test
    void refusals() {
        SequenceModel model = new JavaBackend().fromWeights(SPEC, handWeights());
        assertThatThrownBy(() -> model.encode(SequenceBatch.wrap(1, 1, 2, new float[2])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this model reads 1");
        Map<String, Tensor> wrong = new LinkedHashMap<>(handWeights().asMap());
        wrong.remove("decoder.gru.0.R");
        wrong.put("extra", Tensor.of(new float[1], 1));
        assertThatThrownBy(() -> new JavaBackend().fromWeights(SPEC, Weights.of(wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing decoder.gru.0.R [3, 1]").hasMessageContaining("unexpected extra");
        model.close();
        assertThatThrownBy(() -> model.newDecoder(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void initialWeightsFitAndAreSeeded() {
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(6, 2, 5), new PianoRollSpec(4, 60, 7, false), 3);
        Weights initial = Seq2SeqLayout.initial(spec, 3);
        Seq2SeqLayout.check(initial, spec);
        assertThat(initial.names()).startsWith("encoder.gru.0.W", "encoder.gru.0.R", "encoder.gru.0.B", "encoder.gru.1.W")
                .endsWith("classifier.0.W", "classifier.0.b", "classifier.1.W", "classifier.1.b");
        assertThat(initial).isEqualTo(Seq2SeqLayout.initial(spec, 3)).isNotEqualTo(Seq2SeqLayout.initial(spec, 4));
        assertThat(initial.get("encoder.gru.0.W")).isNotEqualTo(initial.get("decoder.gru.0.W"));
        assertThat(initial.get(Seq2SeqLayout.OUTPUT_BIAS).get(6)).isEqualTo(Seq2SeqLayout.INITIAL_OUTPUT_BIAS);
    }
}
