package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The drum VAE's pieces ({@link DrumVae}) over canonical weights ({@link VaeLayout}), computed in plain Java with
 * double accumulation. {@code F} is the frame width ({@code 3 · classes}), {@code Z} the latent size, {@code E_l} and
 * {@code D_l} the encoder's and decoder's layer sizes; every LSTM is {@link LstmCell} ({@code LstmLayout}'s equations,
 * from a zero state).
 *
 * <p>Encoder, for one sequence {@code x_0 … x_{S−1}}:
 * <pre>
 *   in⁰_t = x_t                                   (F values)
 *   fwˡ_t = LSTM(encoder.fw.lstm.l)(inˡ_t)  for t = 0 … S−1, from zeros
 *   bwˡ_t = LSTM(encoder.bw.lstm.l)(inˡ_t)  for t = S−1 … 0, from zeros
 *   inˡ⁺¹_t = [fwˡ_t ; bwˡ_t]                     (2 · E_l values)
 *   s = [fwᵀ_{S−1} ; bwᵀ_0]                        (the top layer T: each direction's final output)
 *   μ = latent.mu.W s + latent.mu.b
 *   σ = softplus(latent.sigma.W s + latent.sigma.b),   softplus(a) = ln(1 + eᵃ)
 * </pre>
 * Bridge, from a latent {@code z} ({@code μ} when encoding, since the contract's {@code encode} is deterministic; a
 * trainer draws {@code z = μ + σ ⊙ ε}, {@code ε ~ N(0, I)}; a prior sample is {@code z ~ N(0, I)}):
 * <pre>
 *   [h⁰ ; c⁰ ; h¹ ; c¹ ; …] = tanh(bridge.W z + bridge.b)
 * </pre>
 * Decoder step, reading its input {@code y} (the previous frame, zeros at the first step, then the step's hit
 * controls if the model has them) and the state's {@code z}:
 * <pre>
 *   h⁰, c⁰ = LSTM(decoder.lstm.0)([y ; z], h⁰, c⁰);   hˡ, cˡ = LSTM(decoder.lstm.l)(hˡ⁻¹, hˡ, cˡ)
 *   out = head.W h^top + head.b                        (F raw outputs)
 * </pre>
 * The raw outputs are the contract's "logits" of a groove head: per class a hit logit ({@code sigmoid} gives its
 * probability), a velocity before {@code sigmoid} and an offset before {@code tanh}, all hits then all velocities then
 * all offsets. Immutable and thread-safe.
 */
final class VaeNetwork {
    final ModelSpec spec;
    final int frame;
    /** Width of a decoder step's input: the frame, then the hit controls if any. */
    final int stepInput;
    final int latent;
    final LstmCell[] forward;
    final LstmCell[] backward;
    final LstmCell[] decoder;
    final Dense mu;
    final Dense sigma;
    final Dense bridge;
    final Dense head;
    final List<String> stateNames;

    VaeNetwork(ModelSpec spec, Weights weights) {
        VaeLayout.check(weights, spec);
        DrumVae family = (DrumVae) spec.family();
        this.spec = spec;
        this.frame = spec.architecture().inputSize();
        this.stepInput = spec.architecture().decoderInputSize();
        this.latent = family.latent();
        this.forward = stack(weights, VaeLayout.ENCODER_FORWARD, family.encoder().size());
        this.backward = stack(weights, VaeLayout.ENCODER_BACKWARD, family.encoder().size());
        this.decoder = stack(weights, VaeLayout.DECODER, family.decoder().size());
        this.mu = dense(weights, VaeLayout.MU_WEIGHTS, VaeLayout.MU_BIAS);
        this.sigma = dense(weights, VaeLayout.SIGMA_WEIGHTS, VaeLayout.SIGMA_BIAS);
        this.bridge = dense(weights, VaeLayout.BRIDGE_WEIGHTS, VaeLayout.BRIDGE_BIAS);
        this.head = dense(weights, VaeLayout.HEAD_WEIGHTS, VaeLayout.HEAD_BIAS);
        this.stateNames = VaeLayout.stateNames(spec);
    }

    private static LstmCell[] stack(Weights weights, String prefix, int layers) {
        LstmCell[] cells = new LstmCell[layers];
        for (int l = 0; l < layers; l++) {
            cells[l] = LstmCell.of(weights.get(VaeLayout.inputWeights(prefix, l)),
                    weights.get(VaeLayout.recurrentWeights(prefix, l)), weights.get(VaeLayout.biases(prefix, l)));
        }
        return cells;
    }

    private static Dense dense(Weights weights, String w, String b) {
        Tensor matrix = weights.get(w);
        return Dense.of(matrix, weights.get(b));
    }

    /** Units of decoder layer {@code l}. */
    int decoderSize(int layer) {
        return decoder[layer].hiddenSize();
    }

    /**
     * {@code q(z | source)} for each row: {@code μ} and {@code σ}, each {@code batch × Z}.
     *
     * @throws IllegalArgumentException when the frames are not {@code F} wide
     */
    LatentDistribution distribution(SequenceBatch source) {
        if (source.width() != frame) {
            throw new IllegalArgumentException("source frames are " + source.width() + " wide; this model reads " + frame);
        }
        int batch = source.batch();
        float[] means = new float[batch * latent];
        float[] scales = new float[batch * latent];
        float[] row = new float[latent];
        for (int b = 0; b < batch; b++) {
            float[] s = summary(source, b);
            mu.apply(s, row);
            System.arraycopy(row, 0, means, b * latent, latent);
            sigma.apply(s, row);
            for (int j = 0; j < latent; j++) {
                scales[b * latent + j] = (float) softplus(row[j]);
            }
        }
        return new LatentDistribution(batch, latent, means, scales);
    }

    /** The encoder's summary of row {@code b}: the top layer's {@code [fw at S−1 ; bw at 0]}. */
    private float[] summary(SequenceBatch source, int b) {
        int steps = source.time();
        float[][] in = new float[steps][];
        for (int t = 0; t < steps; t++) {
            in[t] = source.vector(b, t);
        }
        float[] fwLast = null;
        float[] bwFirst = null;
        for (int l = 0; l < forward.length; l++) {
            float[][] fw = run(forward[l], in, false);
            float[][] bw = run(backward[l], in, true);
            int e = forward[l].hiddenSize();
            float[][] next = new float[steps][2 * e];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(fw[t], 0, next[t], 0, e);
                System.arraycopy(bw[t], 0, next[t], e, e);
            }
            in = next;
            fwLast = fw[steps - 1];
            bwFirst = bw[0];
        }
        float[] s = new float[fwLast.length + bwFirst.length];
        System.arraycopy(fwLast, 0, s, 0, fwLast.length);
        System.arraycopy(bwFirst, 0, s, fwLast.length, bwFirst.length);
        return s;
    }

    /** One direction of one layer over {@code in} from zeros: the output at each step, in time order. */
    private static float[][] run(LstmCell cell, float[][] in, boolean backwards) {
        int size = cell.hiddenSize();
        float[] h = new float[size];
        float[] c = new float[size];
        float[][] out = new float[in.length][];
        for (int k = 0; k < in.length; k++) {
            int t = backwards ? in.length - 1 - k : k;
            cell.step(in[t], h, c, h, c);
            out[t] = h.clone();
        }
        return out;
    }

    /** The decoder's initial state for the encoding of {@code source}: the bridge of {@code z = μ}. */
    DecoderState encode(SequenceBatch source) {
        LatentDistribution q = distribution(source);
        return stateFromLatent(q.batch(), q.mu());
    }

    /**
     * The decoder state of latents {@code z} ({@code batch × Z}): each decoder layer's {@code h} and {@code c} from
     * {@code tanh(bridge.W z + bridge.b)}, then {@code latent.z} = {@code z}, named as {@link VaeLayout#stateNames}.
     *
     * @throws IllegalArgumentException when {@code z} is not {@code batch × Z} values or not finite
     */
    DecoderState stateFromLatent(int batch, float[] z) {
        if (batch < 1 || z.length != batch * latent) {
            throw new IllegalArgumentException("a latent of " + batch + " rows of " + latent + " values, got "
                    + z.length + " values");
        }
        for (int i = 0; i < z.length; i++) {
            if (!Float.isFinite(z[i])) {
                throw new IllegalArgumentException("latent value " + i + " is " + z[i]);
            }
        }
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < decoder.length; l++) {
            tensors.add(new float[batch * decoderSize(l)]);
            tensors.add(new float[batch * decoderSize(l)]);
        }
        float[] zRow = new float[latent];
        float[] bridged = new float[bridge.outputSize()];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(z, b * latent, zRow, 0, latent);
            bridge.apply(zRow, bridged);
            int at = 0;
            for (int l = 0; l < decoder.length; l++) {
                int size = decoderSize(l);
                for (int part = 0; part < 2; part++) {
                    float[] target = tensors.get(2 * l + part);
                    for (int u = 0; u < size; u++) {
                        target[b * size + u] = (float) Math.tanh(bridged[at++]);
                    }
                }
            }
        }
        tensors.add(z.clone());
        return DecoderState.of(batch, stateNames, tensors);
    }

    /**
     * One decoder step of one row: reads its input {@code y} ({@link #stepInput} values) and {@code z} ({@code Z}),
     * updates {@code h[l]} and {@code c[l]} in place and writes the {@code F} raw outputs to {@code out}.
     */
    void step(float[] y, float[] z, float[][] h, float[][] c, float[] out) {
        float[] in = new float[stepInput + latent];
        System.arraycopy(y, 0, in, 0, stepInput);
        System.arraycopy(z, 0, in, stepInput, latent);
        for (int l = 0; l < decoder.length; l++) {
            decoder[l].step(in, h[l], c[l], h[l], c[l]);
            in = h[l];
        }
        head.apply(in, out);
    }

    /** {@code ln(1 + eᵃ)}, without overflow for large {@code a}. */
    static double softplus(double a) {
        return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    }
}
