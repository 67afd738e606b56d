package dev.midigen.model.testkit;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.model.Controls;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The small networks and data the conformance suite runs: every network reads 7 input features and
 * writes 4 logits, so that gate-order, transposition and attention mistakes cannot hide in symmetric
 * sizes.
 */
public final class ConformanceNetworks {
    /** Melody tokens 0..3 (no event, note off, two pitches), one-hot, plus 3 binary counters: input 7, 4 labels. */
    public static final MelodySpec MELODY = new MelodySpec(60, 62, 4, List.of(), 3, null, "highest");
    /** A two-drum kit (4 tokens) plus 3 binary counters: input 7, 4 labels. */
    public static final DrumKitSpec TWO_DRUMS = new DrumKitSpec(DrumMap.of("conformance-two-drums", List.of(
            new DrumMap.DrumClass("kick", List.of(36)), new DrumMap.DrumClass("snare", List.of(38)))), 4, 3);

    /** How much larger than Glorot the attention weights are. */
    public static final float ATTENTION_SCALE = 12;
    /** How much larger than Glorot the LSTM matrices are (larger outputs make attention mistakes show). */
    public static final float LSTM_SCALE = 2;

    private ConformanceNetworks() {
    }

    /** A named network: its spec (whose seed also seeds its weights). */
    public record Case(String name, ModelSpec spec) {
        public LstmNetwork network() {
            return spec.lstmNetwork();
        }

        /** Seeded canonical weights with non-trivial biases. */
        public Weights weights() {
            return ConformanceNetworks.weights(network(), spec.seed());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Two styles and the tempo: a conditioned token model's control, 3 values after the codec's features. */
    public static final Controls STYLE_AND_TEMPO = new Controls(List.of("funk", "rock"), Controls.LOG2_TEMPO);

    /**
     * With and without attention, 1 to 3 layers, both LSTM families, and both with a per-sequence control (style and
     * tempo, {@link #STYLE_AND_TEMPO}: the first layer reads {@code [input ; control]}).
     */
    public static List<Case> cases() {
        return List.of(
                new Case("1 layer of 5", new ModelSpec(new NextTokenLstm(List.of(5), 0), MELODY, 101)),
                new Case("2 layers of 5, 3, attention over 3", new ModelSpec(new NextTokenLstm(List.of(5, 3), 3), MELODY, 102)),
                new Case("1 layer of 3, attention over 4", new ModelSpec(new NextTokenLstm(List.of(3), 4), MELODY, 103)),
                new Case("drum-rnn: 3 layers of 3, 5, 3, attention over 2",
                        new ModelSpec(new DrumRnn(List.of(3, 5, 3), 2), TWO_DRUMS, 104)),
                new Case("drum-rnn: 2 layers of 5, 5", new ModelSpec(new DrumRnn(List.of(5, 5), 0), TWO_DRUMS, 105)),
                new Case("drum-rnn with style and tempo controls: 2 layers of 5, 3, attention over 2",
                        new ModelSpec(new DrumRnn(List.of(5, 3), 2), TWO_DRUMS, 106, STYLE_AND_TEMPO)),
                new Case("1 layer of 4 with style and tempo controls", new ModelSpec(new NextTokenLstm(List.of(4), 0),
                        MELODY, 107, STYLE_AND_TEMPO)));
    }

    /**
     * {@link LstmLayout#initial} weights with every bias drawn uniformly from [−0.5, 0.5] (the initial
     * biases are nearly all zero, which would let a backend that drops or misplaces biases pass), the LSTM
     * matrices scaled by {@value #LSTM_SCALE} and the attention weights by {@value #ATTENTION_SCALE}
     * (small outputs give nearly equal attention scores, which would let a transposed attention matrix
     * pass: measured, a transposed one then moves logits by up to 0.03–0.06, 300–600 times the tolerance).
     */
    public static Weights weights(LstmNetwork network, long seed) {
        Weights initial = LstmLayout.initial(network, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : initial.asMap().entrySet()) {
            Tensor tensor = entry.getValue();
            if (entry.getKey().equals(LstmLayout.ATTENTION)) {
                float[] values = tensor.toArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] *= ATTENTION_SCALE;
                }
                tensor = Tensor.wrap(values, tensor.shape());
            } else if (entry.getKey().startsWith("lstm.") && tensor.rank() == 2) {
                float[] values = tensor.toArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] *= LSTM_SCALE;
                }
                tensor = Tensor.wrap(values, tensor.shape());
            } else if (tensor.rank() == 1) {
                float[] values = new float[tensor.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextDouble() - 0.5);
                }
                tensor = Tensor.wrap(values, tensor.shape());
            }
            tensors.put(entry.getKey(), tensor);
        }
        return Weights.of(tensors);
    }

    /** {@code batch × time × width} values drawn uniformly from [−1, 1]. */
    public static SequenceBatch inputs(int batch, int time, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * time * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return SequenceBatch.wrap(batch, time, width, values);
    }

    /** The network the over-fitting test trains: one layer of 8 over {@link #MELODY}. */
    public static ModelSpec overfitSpec() {
        return new ModelSpec(new NextTokenLstm(List.of(8), 0), MELODY, 7);
    }

    /**
     * Eight sequences of 17 tokens repeating 1, 2, 2, 3 (four from the first token, four from the last),
     * as 16 input steps each labelled with the next token. After a 2 the next token is 2 or 3 depending
     * on the token before, so a network must remember to learn it: without memory the loss stays above
     * 0.17 (a quarter of the steps at ln 2). A conditioned model's sequences read controls ({@link #control}).
     */
    public static TrainingBatch overfitBatch(ModelSpec spec) {
        TokenCodec<?> codec = spec.tokenCodec();
        int[] pattern = {1, 2, 2, 3};
        int batch = 8;
        int time = 16;
        int features = codec.inputSize();
        int width = spec.decoderInputSize();
        float[] inputs = new float[batch * time * width];
        int[] labels = new int[batch * time];
        float[] mask = new float[batch * time];
        for (int b = 0; b < batch; b++) {
            int phase = b < 4 ? 0 : 3;
            int[] tokens = new int[time + 1];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = pattern[(phase + i) % pattern.length];
            }
            for (int t = 0; t < time; t++) {
                codec.input(tokens, t, inputs, (b * time + t) * width);
                if (spec.controls() != null) {
                    float[] control = control(spec.controls(), b);
                    System.arraycopy(control, 0, inputs, (b * time + t) * width + features, control.length);
                }
                labels[b * time + t] = codec.label(tokens, t + 1);
                mask[b * time + t] = 1;
            }
        }
        return TrainingBatch.categorical(SequenceBatch.wrap(batch, time, width, inputs), labels, mask);
    }

    /**
     * The control of sequence {@code b}: style {@code b mod (styles + 1)} (the last meaning none) and a tempo from 80
     * to 164 bpm.
     */
    public static float[] control(Controls controls, int b) {
        int style = b % (controls.styles().size() + 1);
        return controls.vector(style < controls.styles().size() ? controls.styles().get(style) : null, 80 + 12 * (b % 8));
    }
}
