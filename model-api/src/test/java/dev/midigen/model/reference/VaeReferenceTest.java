package dev.midigen.model.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reference drum VAE against a straightforward computation written here from {@code LstmLayout}'s and
 * {@link VaeLayout}'s javadoc ({@link Straight}), and the contract's promises: score equals stepping from the encoding,
 * rows are independent, encoding is deterministic, a decoder starts from a latent, the java backend does not train.
 */
class VaeReferenceTest {
    private static final JavaBackend BACKEND = new JavaBackend();
    /** Encoder 3 (each way), z 4, decoder 5, over the Roland kit's 27-value frames. */
    static final ModelSpec TINY = new ModelSpec(
            new DrumVae(List.of(3), 4, List.of(5), 2, 0.2, 48, GrooveTransform.HUMANIZE), GrooveSpec.GROOVAE, 0);
    /** Two layers each side (layer 1 of the encoder reads both directions of layer 0), over a 2-class kit (6 values). */
    static final ModelSpec DEEP = new ModelSpec(new DrumVae(List.of(3, 2), 3, List.of(4, 3), 1, 0.2, 48,
            GrooveTransform.NONE), new GrooveSpec(DrumMap.of("two", List.of(new DrumMap.DrumClass("kick", List.of(36)),
            new DrumMap.DrumClass("snare", List.of(38)))), 4), 0);

    /** Every tensor uniform in [−0.6, 0.6), biases included, so that every term of the equations counts. */
    static Weights randomWeights(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        VaeLayout.shapes(spec).forEach((name, shape) -> {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) (random.nextDouble() * 1.2 - 0.6);
            }
            tensors.put(name, Tensor.of(values, shape));
        });
        return Weights.of(tensors);
    }

    /** Groove frames: hits 0/1, velocities in [0, 1), offsets in [−1, 1). */
    static SequenceBatch frames(ModelSpec spec, int batch, int time, long seed) {
        int width = spec.inputSize();
        int classes = width / 3;
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * time * width];
        for (int i = 0; i < values.length; i++) {
            int part = (i % width) / classes;
            values[i] = switch (part) {
                case 0 -> random.nextDouble() < 0.4 ? 1f : 0f;
                case 1 -> (float) random.nextDouble();
                default -> (float) (random.nextDouble() * 2 - 1);
            };
        }
        return SequenceBatch.wrap(batch, time, width, values);
    }

    @Test
    void encodeAndScoreAgreeWithTheEquationsWorkedOutDirectly() {
        for (ModelSpec spec : List.of(TINY, DEEP)) {
            Weights weights = randomWeights(spec, 7);
            Straight straight = new Straight(spec, weights);
            SequenceBatch source = frames(spec, 2, 3, 11);
            SequenceBatch target = frames(spec, 2, 3, 12);
            ModelBatch batch = new ModelBatch(DrumVaeLatents.decoderInputs(target), source);
            try (SequenceModel model = BACKEND.fromWeights(spec, weights)) {
                LatentDistribution q = DrumVaeLatents.of(model).encode(source);
                DecoderState state = model.encode(source);
                SequenceBatch scores = model.score(batch);
                int z = q.size();
                for (int b = 0; b < 2; b++) {
                    double[][] muSigma = straight.encode(rows(source, b));
                    assertClose(spec + " μ row " + b, row(q.mu(), b, z), muSigma[0], 1e-5);
                    assertClose(spec + " σ row " + b, row(q.sigma(), b, z), muSigma[1], 1e-5);
                    double[][] hc = straight.bridge(muSigma[0]);
                    List<String> names = VaeLayout.stateNames(spec);
                    for (int i = 0; i < hc.length; i++) {
                        assertClose(names.get(i) + " row " + b, row(state.tensor(names.get(i)), b, hc[i].length),
                                hc[i], 1e-5);
                    }
                    assertClose("latent.z row " + b, row(state.tensor(VaeLayout.LATENT_STATE), b, z), muSigma[0], 1e-5);
                    double[][] inputs = rows(batch.inputs(), b);
                    for (int t = 0; t < inputs.length; t++) {
                        double[] expected = straight.step(inputs[t], muSigma[0], hc);
                        assertClose(spec + " output row " + b + " step " + t, scores.vector(b, t), expected,
                                1e-5);
                    }
                }
            }
        }
    }

    /**
     * With every matrix and LSTM bias zero, the encoder's outputs stay 0 (every gate ½, the candidate tanh(0) = 0), so
     * μ, σ and the bridge are their biases' images, and a zero head.W leaves the head's bias as the output.
     */
    @Test
    void zeroMatricesLeaveTheBiases() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        VaeLayout.shapes(TINY).forEach((name, shape) -> {
            int size = shape.length == 1 ? shape[0] : shape[0] * shape[1];
            float[] values = new float[size];
            if (shape.length == 1 && !name.contains("lstm.")) {
                for (int i = 0; i < size; i++) {
                    values[i] = 0.1f * (i + 1) - 0.5f;
                }
            }
            tensors.put(name, Tensor.of(values, shape));
        });
        Weights weights = Weights.of(tensors);
        try (SequenceModel model = BACKEND.fromWeights(TINY, weights)) {
            SequenceBatch source = frames(TINY, 1, 4, 3);
            LatentDistribution q = DrumVaeLatents.of(model).encode(source);
            assertThat(q.mu()).containsExactly(new float[] {-0.4f, -0.3f, -0.2f, -0.1f}, within(1e-6f));
            // σ = softplus(b) = ln(1 + e^b)
            assertThat(q.sigma()).containsExactly(new float[] {(float) Math.log1p(Math.exp(-0.4)),
                    (float) Math.log1p(Math.exp(-0.3)), (float) Math.log1p(Math.exp(-0.2)),
                    (float) Math.log1p(Math.exp(-0.1))}, within(1e-6f));
            DecoderState state = model.encode(source);
            // bridge.b = 0.1 (i + 1) − 0.5: h = tanh of the first five, c = tanh of the next five
            float[] h = state.tensor("decoder.lstm.0.h");
            float[] c = state.tensor("decoder.lstm.0.c");
            for (int u = 0; u < 5; u++) {
                assertThat(h[u]).isCloseTo((float) Math.tanh(0.1 * (u + 1) - 0.5), within(1e-6f));
                assertThat(c[u]).isCloseTo((float) Math.tanh(0.1 * (u + 6) - 0.5), within(1e-6f));
            }
            float[] out = model.score(new ModelBatch(frames(TINY, 1, 2, 4), source)).toArray();
            for (int i = 0; i < out.length; i++) {
                assertThat(out[i]).as("head.b").isCloseTo(0.1f * (i % 27 + 1) - 0.5f, within(1e-6f));
            }
        }
    }

    @Test
    void scoreIsTheDecoderSteppedFromTheEncodingAndRowsAreIndependent() {
        Weights weights = randomWeights(DEEP, 21);
        SequenceBatch source = frames(DEEP, 3, 5, 1);
        SequenceBatch inputs = DrumVaeLatents.decoderInputs(frames(DEEP, 3, 6, 2));
        try (SequenceModel model = BACKEND.fromWeights(DEEP, weights)) {
            SequenceBatch scores = model.score(new ModelBatch(inputs, source));
            try (Decoder decoder = model.newDecoder(3)) {
                decoder.setState(model.encode(source));
                for (int t = 0; t < 6; t++) {
                    float[] step = new float[3 * 6];
                    for (int b = 0; b < 3; b++) {
                        System.arraycopy(inputs.vector(b, t), 0, step, b * 6, 6);
                    }
                    float[] out = decoder.step(step);
                    for (int b = 0; b < 3; b++) {
                        assertThat(row(out, b, 6)).as("row " + b + " step " + t)
                                .containsExactly(scores.vector(b, t), within(1e-6f));
                    }
                }
            }
            float[] otherSource = source.toArray();
            float[] otherInputs = inputs.toArray();
            for (int i = 0; i < 5 * 6; i++) {
                otherSource[i] = 1 - otherSource[i];
            }
            for (int i = 6; i < 6 * 6; i++) {
                otherInputs[i] = 0.5f - otherInputs[i];
            }
            SequenceBatch changed = model.score(new ModelBatch(SequenceBatch.wrap(3, 6, 6, otherInputs),
                    SequenceBatch.wrap(3, 5, 6, otherSource)));
            assertThat(changed.vector(0, 3)).isNotEqualTo(scores.vector(0, 3));
            for (int b = 1; b < 3; b++) {
                for (int t = 0; t < 6; t++) {
                    assertThat(changed.vector(b, t)).as("row " + b + " step " + t).containsExactly(scores.vector(b, t));
                }
            }
        }
    }

    @Test
    void encodingIsDeterministicAndTheStateHoldsMuAsZ() {
        Weights weights = randomWeights(TINY, 5);
        SequenceBatch source = frames(TINY, 2, 32, 9);
        try (SequenceModel model = BACKEND.fromWeights(TINY, weights)) {
            DecoderState first = model.encode(source);
            DecoderState second = model.encode(source);
            assertThat(first.names()).containsExactlyElementsOf(VaeLayout.stateNames(TINY));
            for (String name : first.names()) {
                assertThat(second.tensor(name)).as(name).containsExactly(first.tensor(name));
            }
            LatentDistribution q = DrumVaeLatents.of(model).encode(source);
            assertThat(first.tensor(VaeLayout.LATENT_STATE)).containsExactly(q.mu());
            for (float s : q.sigma()) {
                assertThat(s).isPositive();
            }
            DrumVaeLatents latents = DrumVaeLatents.of(TINY, weights);
            DecoderState fromMu = latents.stateFromLatent(q.mu());
            for (String name : first.names()) {
                assertThat(fromMu.tensor(name)).as(name).containsExactly(first.tensor(name));
            }
        }
    }

    @Test
    void aDecoderStartsFromALatentNotFromZeros() {
        Weights weights = randomWeights(TINY, 8);
        try (SequenceModel model = BACKEND.fromWeights(TINY, weights); Decoder decoder = model.newDecoder(2)) {
            assertThatThrownBy(() -> decoder.step(new float[2 * 27])).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("starts from a latent").hasMessageContaining("encode(source)");
            assertThatThrownBy(decoder::state).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> model.score(SequenceBatch.wrap(1, 2, 27, new float[54])))
                    .as("scoring without a source").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reads a source sequence first");

            DrumVaeLatents latents = DrumVaeLatents.of(model);
            float[] z = latents.samplePrior(2, new SplittableRandom(3));
            assertThat(z).hasSize(8).containsExactly(latents.samplePrior(2, new SplittableRandom(3)));
            decoder.setState(latents.stateFromLatent(z));
            float[] first = decoder.step(new float[2 * 27]);
            DecoderState after = decoder.state();
            assertThat(after.tensor(VaeLayout.LATENT_STATE)).as("z never changes").containsExactly(z);
            float[] second = decoder.step(first);
            Straight straight = new Straight(TINY, weights);
            double[] z1 = toDouble(row(z, 1, 4));
            double[][] hc = straight.bridge(z1);
            assertClose("prior row 1 step 0", row(first, 1, 27), straight.step(new double[27], z1, hc), 1e-5);
            assertClose("prior row 1 step 1", row(second, 1, 27), straight.step(toDouble(row(first, 1, 27)), z1, hc),
                    1e-5);

            try (Decoder beams = model.newDecoder(3)) {
                beams.setState(after.select(new int[] {1, 1, 0}));
                float[] inputs = new float[3 * 27];
                System.arraycopy(first, 27, inputs, 0, 27);
                System.arraycopy(first, 27, inputs, 27, 27);
                System.arraycopy(first, 0, inputs, 54, 27);
                float[] out = beams.step(inputs);
                assertThat(row(out, 0, 27)).containsExactly(row(second, 1, 27));
                assertThat(row(out, 2, 27)).containsExactly(row(second, 0, 27));
            }

            decoder.reset();
            assertThatThrownBy(() -> decoder.step(new float[2 * 27])).isInstanceOf(IllegalStateException.class);
            DecoderState foreign = DecoderState.of(2, List.of("lstm.0.h", "lstm.0.c"), List.of(new float[10], new float[10]));
            assertThatThrownBy(() -> decoder.setState(foreign)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("latent.z");
            assertThatThrownBy(() -> latents.stateFromLatent(new float[5])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rows of 4");
            assertThatThrownBy(() -> latents.stateFromLatent(new float[] {0, Float.NaN, 0, 0}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theJavaBackendRunsButDoesNotTrainTheDrumVae() {
        Weights weights = VaeLayout.initial(TINY, 1);
        assertThat(BACKEND.unsupported(TINY)).isNull();
        assertThat(BACKEND.unsupported(new ModelSpec(DrumVae.GROOVAE, GrooveSpec.GROOVAE, 0))).isNull();
        assertThatThrownBy(() -> BACKEND.newTrainer(TINY, TrainingConfig.DEFAULT, weights))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.TRAIN));
        Map<String, Tensor> missing = new LinkedHashMap<>(weights.asMap());
        missing.remove(VaeLayout.BRIDGE_WEIGHTS);
        assertThatThrownBy(() -> BACKEND.fromWeights(TINY, Weights.of(missing)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing bridge.W");
        try (SequenceModel model = BACKEND.fromWeights(TINY, weights)) {
            assertThat(model.exportWeights()).isEqualTo(weights);
            assertThatThrownBy(() -> model.encode(SequenceBatch.wrap(1, 2, 26, new float[52])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this model reads 27");
        }
        assertThatThrownBy(() -> DrumVaeLatents.of(
                new ModelSpec(new Seq2SeqGru(1, 1, 1), new PianoRollSpec(4, 60, 1, false), 0), weights))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a drum-vae");
    }

    @Test
    void decoderInputsAreTheTargetShiftedOneStepAfterZeros() {
        SequenceBatch target = SequenceBatch.wrap(2, 3, 1, new float[] {1, 2, 3, 4, 5, 6});
        assertThat(DrumVaeLatents.decoderInputs(target).toArray()).containsExactly(0, 1, 2, 0, 4, 5);
        // with one control each step reads its own frame's first value after the previous frame's
        SequenceBatch wide = SequenceBatch.wrap(1, 3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(DrumVaeLatents.decoderInputs(wide, 1).toArray())
                .containsExactly(0, 0, 0, 1, 1, 0, 0, 4, 4, 0, 0, 7);
        assertThatThrownBy(() -> DrumVaeLatents.decoderInputs(wide, 4)).isInstanceOf(IllegalArgumentException.class);
        LatentDistribution q = new LatentDistribution(1, 2, new float[] {1, -1}, new float[] {0.5f, 2});
        float[] draw = q.sample(new SplittableRandom(4));
        SplittableRandom again = new SplittableRandom(4);
        assertThat(draw).containsExactly(new float[] {(float) (1 + 0.5 * again.nextGaussian()),
                (float) (-1 + 2 * again.nextGaussian())}, within(1e-6f));
        assertThatThrownBy(() -> new LatentDistribution(1, 2, new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The drum VAE written out plainly from the layouts' javadoc, in double, one sequence at a time: LSTM gate blocks
     * i, o, f, c; input and recurrent biases both added; dense {@code [out, in]}.
     */
    static final class Straight {
        private final Weights weights;
        private final DrumVae family;
        private final int frame;

        Straight(ModelSpec spec, Weights weights) {
            this.weights = weights;
            this.family = (DrumVae) spec.family();
            this.frame = spec.inputSize();
        }

        private double[] values(String name) {
            return toDouble(weights.get(name).toArray());
        }

        /** {h', c'} of LSTM {@code prefix}lstm.{@code l} reading {@code x} from {@code h}, {@code c}. */
        double[][] lstm(String prefix, int layer, double[] x, double[] h, double[] c) {
            double[] w = values(prefix + "lstm." + layer + ".W");
            double[] r = values(prefix + "lstm." + layer + ".R");
            double[] bias = values(prefix + "lstm." + layer + ".B");
            int units = h.length;
            double[] pre = new double[4 * units];
            for (int k = 0; k < 4 * units; k++) {
                double sum = bias[k] + bias[4 * units + k];
                for (int j = 0; j < x.length; j++) {
                    sum += w[k * x.length + j] * x[j];
                }
                for (int j = 0; j < units; j++) {
                    sum += r[k * units + j] * h[j];
                }
                pre[k] = sum;
            }
            double[] hOut = new double[units];
            double[] cOut = new double[units];
            for (int u = 0; u < units; u++) {
                double i = sigmoid(pre[u]);
                double o = sigmoid(pre[units + u]);
                double f = sigmoid(pre[2 * units + u]);
                double g = Math.tanh(pre[3 * units + u]);
                cOut[u] = f * c[u] + i * g;
                hOut[u] = o * Math.tanh(cOut[u]);
            }
            return new double[][] {hOut, cOut};
        }

        double[] dense(String w, String b, double[] x) {
            double[] matrix = values(w);
            double[] out = values(b);
            for (int o = 0; o < out.length; o++) {
                for (int j = 0; j < x.length; j++) {
                    out[o] += matrix[o * x.length + j] * x[j];
                }
            }
            return out;
        }

        /** {μ, σ} of one source sequence. */
        double[][] encode(double[][] source) {
            double[][] in = source;
            double[] summary = null;
            for (int l = 0; l < family.encoder().size(); l++) {
                int units = family.encoder().get(l);
                double[][] fw = new double[in.length][];
                double[][] bw = new double[in.length][];
                double[][] state = {new double[units], new double[units]};
                for (int t = 0; t < in.length; t++) {
                    state = lstm(VaeLayout.ENCODER_FORWARD, l, in[t], state[0], state[1]);
                    fw[t] = state[0];
                }
                state = new double[][] {new double[units], new double[units]};
                for (int t = in.length - 1; t >= 0; t--) {
                    state = lstm(VaeLayout.ENCODER_BACKWARD, l, in[t], state[0], state[1]);
                    bw[t] = state[0];
                }
                double[][] next = new double[in.length][];
                for (int t = 0; t < in.length; t++) {
                    next[t] = concat(fw[t], bw[t]);
                }
                in = next;
                summary = concat(fw[in.length - 1], bw[0]);
            }
            double[] mu = dense(VaeLayout.MU_WEIGHTS, VaeLayout.MU_BIAS, summary);
            double[] sigma = dense(VaeLayout.SIGMA_WEIGHTS, VaeLayout.SIGMA_BIAS, summary);
            for (int j = 0; j < sigma.length; j++) {
                sigma[j] = Math.log(1 + Math.exp(sigma[j]));
            }
            return new double[][] {mu, sigma};
        }

        /** [h0, c0, h1, c1, …] = split of tanh(bridge.W z + bridge.b). */
        double[][] bridge(double[] z) {
            double[] all = dense(VaeLayout.BRIDGE_WEIGHTS, VaeLayout.BRIDGE_BIAS, z);
            double[][] parts = new double[2 * family.decoder().size()][];
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                int units = family.decoder().get(i / 2);
                parts[i] = new double[units];
                for (int u = 0; u < units; u++) {
                    parts[i][u] = Math.tanh(all[at++]);
                }
            }
            return parts;
        }

        /** One decoder step reading [y ; z]; updates {@code hc} in place; returns the head's raw outputs. */
        double[] step(double[] y, double[] z, double[][] hc) {
            assertThat(y).hasSize(frame);
            double[] in = concat(y, z);
            for (int l = 0; l < family.decoder().size(); l++) {
                double[][] next = lstm(VaeLayout.DECODER, l, in, hc[2 * l], hc[2 * l + 1]);
                hc[2 * l] = next[0];
                hc[2 * l + 1] = next[1];
                in = next[0];
            }
            return dense(VaeLayout.HEAD_WEIGHTS, VaeLayout.HEAD_BIAS, in);
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static float[] row(float[] values, int row, int width) {
        float[] out = new float[width];
        System.arraycopy(values, row * width, out, 0, width);
        return out;
    }

    static double[][] rows(SequenceBatch batch, int b) {
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < batch.time(); t++) {
            out.add(toDouble(batch.vector(b, t)));
        }
        return out.toArray(new double[0][]);
    }

    static void assertClose(String what, float[] actual, double[] expected, double tolerance) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(tolerance));
        }
    }
}
