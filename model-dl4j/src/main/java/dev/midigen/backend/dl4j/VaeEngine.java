package dev.midigen.backend.dl4j;

import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.reference.LatentDistribution;
import dev.midigen.model.weights.VaeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Forward passes of the drum VAE ({@link VaeLayout}; the reference's {@code VaeNetwork} gives the equations) over a
 * block of sequences, on {@link LstmLayer}s and GEMMs: the bidirectional encoder layer by layer (a backward direction
 * is a forward layer over the time-reversed rows), {@code μ} and {@code σ} from the top layer's final outputs, the
 * bridge {@code tanh(bridge.W z + bridge.b)} as the decoder layers' starting states, the decoder reading
 * {@code [step input ; z]} at every step, the head. Scoring and encoding use {@code z = μ}; training draws
 * {@code z = μ + σ ⊙ ε} and runs backward through all of it ({@link #train}).
 */
final class VaeEngine implements Engine {
    private final NativeVae p;
    private final VaeParams shape;
    private final int frame;
    private final int stepInput;
    private final int latent;
    private final int summary;
    private final int bridgeSize;
    /** {@code [direction][layer]}: 0 forward (time order), 1 backward (over the reversed rows). */
    private final LstmLayer[][] encoder;
    private final LstmLayer[] decoder;
    private final ScratchMatrices scratch = new ScratchMatrices();

    private int batch;
    private int sourceSteps;
    private int targetSteps;
    private boolean training;
    private boolean dropout;
    /** With dropout, per layer, the masks of its inputs ({@code [rows, width]}, time-major in time order). */
    private float[][] encoderMasks;
    /** Decoder layer 0's mask covers the previous frame only (not the hit controls, not {@code z}). */
    private float[][] decoderMasks;
    /** With dropout, decoder layer {@code l > 0}'s dropped inputs. */
    private NativeMatrix[] decoderDropped;

    /** {@code [direction][layer]}: each direction's inputs, the backward one's in reversed time. */
    private NativeMatrix[][] encoderInputs;
    private NativeMatrix decoderInputs;
    private float[] decoderInputsJ;
    /** {@code [batch, 2·E_top]}: the forward direction's last output, then the backward one's (at step 0). */
    float[] summaryJ;
    float[] muJ;
    float[] sigmaPre;
    float[] sigmaJ;
    /** The latent the decoder reads ({@code [batch, Z]}). */
    float[] zJ;
    /** {@code tanh(bridge.W z + bridge.b)}, {@code [batch, Σ 2·D_l]}. */
    float[] bridgeJ;
    /** Per decoder layer, its starting {@code h} and {@code c} ({@code [batch, D_l]}). */
    private float[][] startH;
    private float[][] startC;
    /** Raw outputs, time-major {@code [rows, F]}. */
    float[] outputsJ;

    VaeEngine(NativeVae p) {
        this.p = p;
        this.shape = p.params;
        this.frame = shape.frame;
        this.stepInput = shape.stepInput;
        this.latent = shape.latent;
        this.summary = shape.summarySize();
        this.bridgeSize = shape.bridgeSize();
        int layers = shape.encoder.length;
        this.encoder = new LstmLayer[2][layers];
        for (int d = 0; d < 2; d++) {
            for (int l = 0; l < layers; l++) {
                encoder[d][l] = new LstmLayer(shape.encoderInput(l), shape.encoder[l]);
            }
        }
        this.decoder = new LstmLayer[shape.decoder.length];
        for (int l = 0; l < decoder.length; l++) {
            decoder[l] = new LstmLayer(shape.decoderInput(l), shape.decoder[l]);
        }
    }

    /** Sizes the buffers for {@code batch} sequences of {@code source} and {@code target} steps (kept while they repeat). */
    private void allocate(int newBatch, int newSource, int newTarget, boolean newTraining, boolean newDropout) {
        if (newBatch == batch && newSource == sourceSteps && newTarget == targetSteps && newTraining == training
                && newDropout == dropout) {
            return;
        }
        release();
        batch = newBatch;
        sourceSteps = newSource;
        targetSteps = newTarget;
        training = newTraining;
        dropout = newDropout;
        int layers = shape.encoder.length;
        encoderInputs = new NativeMatrix[2][layers];
        for (int d = 0; d < 2; d++) {
            for (int l = 0; l < layers; l++) {
                encoder[d][l].allocate(batch, sourceSteps, training);
                encoderInputs[d][l] = new NativeMatrix(batch * sourceSteps, shape.encoderInput(l));
            }
        }
        for (LstmLayer layer : decoder) {
            layer.allocate(batch, targetSteps, training);
        }
        decoderInputs = new NativeMatrix(batch * targetSteps, shape.decoderInput(0));
        decoderInputsJ = new float[batch * targetSteps * shape.decoderInput(0)];
        summaryJ = new float[batch * summary];
        muJ = new float[batch * latent];
        sigmaPre = new float[batch * latent];
        sigmaJ = new float[batch * latent];
        zJ = new float[batch * latent];
        bridgeJ = new float[batch * bridgeSize];
        startH = new float[decoder.length][];
        startC = new float[decoder.length][];
        for (int l = 0; l < decoder.length; l++) {
            startH[l] = new float[batch * shape.decoder[l]];
            startC[l] = new float[batch * shape.decoder[l]];
        }
        outputsJ = new float[batch * targetSteps * frame];
        if (dropout) {
            encoderMasks = new float[layers][];
            for (int l = 0; l < layers; l++) {
                encoderMasks[l] = new float[batch * sourceSteps * shape.encoderInput(l)];
            }
            decoderMasks = new float[decoder.length][];
            decoderDropped = new NativeMatrix[decoder.length];
            for (int l = 0; l < decoder.length; l++) {
                int width = l == 0 ? frame : shape.decoder[l - 1];
                decoderMasks[l] = new float[batch * targetSteps * width];
                if (l > 0) {
                    decoderDropped[l] = new NativeMatrix(batch * targetSteps, width);
                }
            }
        }
    }

    /**
     * Inverted-dropout masks of every LSTM layer's inputs, as tf's (Magenta's {@code DropoutWrapper(input_keep_prob)}):
     * the encoder's layers (one mask for both directions), the decoder's previous frame and its layers > 0; one stream
     * per sequence of the whole batch, drawn encoder layers, then decoder layers.
     */
    private void drawMasks(float rate, long seed, int from) {
        for (int b = 0; b < batch; b++) {
            SplittableRandom random = Dropout.stream(seed, from + b);
            for (int l = 0; l < encoderMasks.length; l++) {
                Dropout.fill(random, encoderMasks[l], rate, batch, sourceSteps, shape.encoderInput(l), b);
            }
            for (int l = 0; l < decoderMasks.length; l++) {
                Dropout.fill(random, decoderMasks[l], rate, batch, targetSteps, l == 0 ? frame : shape.decoder[l - 1], b);
            }
        }
    }

    /** {@code values ⊙ mask} in place, rows of {@code width}; {@code reversedRows}: row {@code r} takes mask row {@code mirror(r)}. */
    private void applyMask(float[] values, float[] mask, int width, boolean reversedRows) {
        int rows = values.length / width;
        for (int row = 0; row < rows; row++) {
            int m = reversedRows ? mirror(row) : row;
            for (int u = 0; u < width; u++) {
                values[row * width + u] *= mask[m * width + u];
            }
        }
    }

    /** The source row of the same sequence at the mirrored time ({@code t ↔ S−1−t}). */
    private int mirror(int row) {
        int t = row / batch;
        return (sourceSteps - 1 - t) * batch + row % batch;
    }

    @Override
    public int outputSize() {
        return frame;
    }

    /**
     * The encoder over sequences {@code [from, from + batch)} of batch-major {@code source} ({@code [·, S, F]}):
     * fills the summary, {@code μ}, {@code σ} (and the pre-activation of {@code σ}).
     */
    private void encodeSource(float[] source, int from) {
        int rows = batch * sourceSteps;
        float[] x = new float[rows * frame];
        float[] reversed = new float[rows * frame];
        for (int t = 0; t < sourceSteps; t++) {
            for (int b = 0; b < batch; b++) {
                int at = ((from + b) * sourceSteps + t) * frame;
                System.arraycopy(source, at, x, (t * batch + b) * frame, frame);
                System.arraycopy(source, at, reversed, ((sourceSteps - 1 - t) * batch + b) * frame, frame);
            }
        }
        if (dropout) {
            applyMask(x, encoderMasks[0], frame, false);
            applyMask(reversed, encoderMasks[0], frame, true);
        }
        encoderInputs[0][0].write(x);
        encoderInputs[1][0].write(reversed);
        int layers = shape.encoder.length;
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < 2; d++) {
                NativeVae.Lstm w = p.encoder[d][l];
                encoder[d][l].forward(w.w, w.r, w.bias, encoderInputs[d][l], null, null);
            }
            if (l + 1 < layers) {
                int e = shape.encoder[l];
                float[] next = new float[rows * 2 * e];
                float[] nextReversed = new float[rows * 2 * e];
                interleave(encoder[0][l].outJ, encoder[1][l].outJ, e, next, nextReversed);
                if (dropout) {
                    applyMask(next, encoderMasks[l + 1], 2 * e, false);
                    applyMask(nextReversed, encoderMasks[l + 1], 2 * e, true);
                }
                encoderInputs[0][l + 1].write(next);
                encoderInputs[1][l + 1].write(nextReversed);
            }
        }
        int e = shape.encoder[layers - 1];
        int last = (sourceSteps - 1) * batch;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(encoder[0][layers - 1].outJ, (last + b) * e, summaryJ, b * summary, e);
            System.arraycopy(encoder[1][layers - 1].outJ, (last + b) * e, summaryJ, b * summary + e, e);
        }
        dense(summaryJ, summary, p.mu, p.muBias, muJ, latent);
        dense(summaryJ, summary, p.sigma, p.sigmaBias, sigmaPre, latent);
        for (int i = 0; i < sigmaJ.length; i++) {
            sigmaJ[i] = (float) softplus(sigmaPre[i]);
        }
    }

    /**
     * A bidirectional layer's outputs as the next layer's inputs: {@code time[t] = [fw_t ; bw_t]} in time order and
     * {@code reversed[t] = time[S−1−t]}, where the backward direction's output for time {@code t} is its run's row
     * {@code S−1−t} ({@code e} units each way; the rows of both runs are time-major).
     */
    private void interleave(float[] fw, float[] bw, int e, float[] time, float[] reversed) {
        for (int t = 0; t < sourceSteps; t++) {
            int back = sourceSteps - 1 - t;
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int mirror = back * batch + b;
                System.arraycopy(fw, row * e, time, row * 2 * e, e);
                System.arraycopy(bw, mirror * e, time, row * 2 * e + e, e);
                System.arraycopy(fw, mirror * e, reversed, row * 2 * e, e);
                System.arraycopy(bw, row * e, reversed, row * 2 * e + e, e);
            }
        }
    }

    /** {@code out = in · Wᵀ + bias} for {@code batch} rows of {@code n} values into {@code m}. */
    private void dense(float[] in, int n, NativeMatrix w, float[] bias, float[] out, int m) {
        scratch.gemm(in, batch, n, false, w, true, out, batch, m);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < m; j++) {
                out[b * m + j] += bias[j];
            }
        }
    }

    /** The bridge of {@link #zJ}: {@link #bridgeJ} and each decoder layer's starting state. */
    private void bridge() {
        dense(zJ, latent, p.bridge, p.bridgeBias, bridgeJ, bridgeSize);
        for (int b = 0; b < batch; b++) {
            int at = b * bridgeSize;
            for (int l = 0; l < decoder.length; l++) {
                int d = shape.decoder[l];
                for (int u = 0; u < d; u++) {
                    float hu = (float) Math.tanh(bridgeJ[at + u]);
                    float cu = (float) Math.tanh(bridgeJ[at + d + u]);
                    bridgeJ[at + u] = hu;
                    bridgeJ[at + d + u] = cu;
                    startH[l][b * d + u] = hu;
                    startC[l][b * d + u] = cu;
                }
                at += 2 * d;
            }
        }
    }

    /** The decoder over sequences {@code [from, from + batch)} of batch-major {@code inputs} ({@code [·, T, F + C]}). */
    private void decode(float[] inputs, int from) {
        int width = stepInput + latent;
        for (int t = 0; t < targetSteps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                System.arraycopy(inputs, ((from + b) * targetSteps + t) * stepInput, decoderInputsJ, row * width, stepInput);
                System.arraycopy(zJ, b * latent, decoderInputsJ, row * width + stepInput, latent);
                if (dropout) {
                    Kernels.multiply(frame, decoderMasks[0], row * frame, decoderInputsJ, row * width);
                }
            }
        }
        decoderInputs.write(decoderInputsJ);
        NativeMatrix in = decoderInputs;
        for (int l = 0; l < decoder.length; l++) {
            NativeVae.Lstm w = p.decoder[l];
            decoder[l].forward(w.w, w.r, w.bias, in, startH[l], startC[l]);
            in = decoder[l].out;
            if (dropout && l + 1 < decoder.length) {
                float[] dropped = decoder[l].outJ.clone();
                Kernels.multiply(dropped.length, decoderMasks[l + 1], 0, dropped, 0);
                decoderDropped[l + 1].write(dropped);
                in = decoderDropped[l + 1];
            }
        }
        int rows = batch * targetSteps;
        int top = decoder.length - 1;
        scratch.gemm(decoder[top].outJ, rows, shape.decoder[top], false, p.head, true, outputsJ, rows, frame);
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < frame; j++) {
                outputsJ[row * frame + j] += p.headBias[j];
            }
        }
    }

    private void checkSource(SequenceBatch source) {
        if (source.width() != frame) {
            throw new IllegalArgumentException("source frames are " + source.width() + " wide; this model reads " + frame);
        }
    }

    @Override
    public void score(ModelBatch in, int from, int to, float[] target) {
        SequenceBatch source = in.source();
        checkSource(source);
        int time = in.time();
        allocate(to - from, source.time(), time, false, false);
        encodeSource(source.toArray(), from);
        System.arraycopy(muJ, 0, zJ, 0, zJ.length);
        bridge();
        decode(in.inputs().toArray(), from);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                System.arraycopy(outputsJ, (t * batch + b) * frame, target, ((from + b) * time + t) * frame, frame);
            }
        }
    }

    /** The bridge of {@code z = μ}: each decoder layer's {@code h} and {@code c}, then {@code latent.z}. */
    @Override
    public DecoderState encode(SequenceBatch source) {
        checkSource(source);
        allocate(source.batch(), source.time(), 1, false, false);
        encodeSource(source.toArray(), 0);
        System.arraycopy(muJ, 0, zJ, 0, zJ.length);
        bridge();
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < decoder.length; l++) {
            tensors.add(startH[l].clone());
            tensors.add(startC[l].clone());
        }
        tensors.add(zJ.clone());
        return DecoderState.of(batch, VaeLayout.stateNames(shape.spec), tensors);
    }

    /** The sequences (the loss is a mean of per-sequence sums); the targets must be groove frames as the outputs. */
    @Override
    public double lossTotal(TrainingBatch in) {
        if (!(in.targets() instanceof Targets.Groove groove) || groove.frames().width() != frame
                || groove.frames().batch() != in.inputs().batch() || groove.frames().time() != in.inputs().time()) {
            throw new IllegalArgumentException("a drum VAE learns from groove frames (Targets.Groove) " + frame
                    + " wide, one per decoder step, not " + in.targets());
        }
        return in.inputs().batch();
    }

    /**
     * {@link GrooveLoss}'s total (reconstruction sums and {@code β · max(KL − free nats, 0)}, per sequence, over
     * {@code total} sequences) with {@code z = μ + σ ⊙ ε}, {@code ε} the batch's
     * {@link LatentDistribution#trainingNoise} of ({@code seed}, {@code step}); backward through the head, the decoder,
     * the bridge and {@code z} (into {@code μ} and {@code σ}), the KL, and the encoder both ways. {@code dropout}
     * drops the LSTM layers' inputs ({@link #drawMasks}); a drum VAE has no head dropout.
     */
    @Override
    public double train(TrainingBatch in, int from, int to, double total, float dropout, float headDropout, long seed,
                        long step, HeapParams grads) {
        ModelBatch inputs = in.inputs();
        SequenceBatch source = inputs.source();
        checkSource(source);
        int time = inputs.time();
        allocate(to - from, source.time(), time, true, dropout > 0);
        if (this.dropout) {
            drawMasks(dropout, Engine.dropoutSeed(seed, step), from);
        }
        encodeSource(source.toArray(), from);
        float[] epsilon = LatentDistribution.trainingNoise(seed, step, inputs.batch(), latent);
        for (int i = 0; i < zJ.length; i++) {
            zJ[i] = muJ[i] + sigmaJ[i] * epsilon[from * latent + i];
        }
        bridge();
        decode(inputs.inputs().toArray(), from);
        float[] targets = ((Targets.Groove) in.targets()).frames().toArray();
        double scale = 1.0 / total;
        float[] dOutputs = new float[outputsJ.length];
        double loss = reconstruction(targets, from, scale, dOutputs);
        float[] dMu = new float[batch * latent];
        float[] dSigma = new float[batch * latent];
        double[] kl = GrooveLoss.kl(muJ, sigmaJ, batch);
        for (int b = 0; b < batch; b++) {
            loss += GrooveLoss.penalty(kl[b], shape.beta, shape.freeNats);
            if (shape.beta > 0 && kl[b] > shape.freeNats) {
                for (int i = b * latent; i < (b + 1) * latent; i++) {
                    dMu[i] = (float) (shape.beta * muJ[i] * scale);
                    dSigma[i] = (float) (shape.beta * (sigmaJ[i] - 1.0 / sigmaJ[i]) * scale);
                }
            }
        }
        backward((VaeParams) grads, dOutputs, dMu, dSigma, epsilon, from);
        return loss * scale;
    }

    /**
     * The block's summed reconstruction ({@link GrooveLoss}: hits' cross-entropy, velocities' and offsets' errors as
     * the model's {@code FeelLoss} scores them), and its gradient times {@code scale} in {@code dOutputs} (time-major,
     * as {@link #outputsJ}).
     */
    private double reconstruction(float[] targets, int from, double scale, float[] dOutputs) {
        int classes = frame / 3;
        double sum = 0;
        for (int t = 0; t < targetSteps; t++) {
            for (int b = 0; b < batch; b++) {
                int o = (t * batch + b) * frame;
                int y = ((from + b) * targetSteps + t) * frame;
                for (int c = 0; c < classes; c++) {
                    double hit = outputsJ[o + c];
                    sum += GrooveLoss.hitLoss(hit, targets[y + c]);
                    dOutputs[o + c] = (float) ((sigmoid(hit) - targets[y + c]) * scale);
                    double v = sigmoid(outputsJ[o + classes + c]);
                    double dv = v - targets[y + classes + c];
                    sum += shape.feel.loss(dv);
                    dOutputs[o + classes + c] = (float) (shape.feel.derivative(dv) * v * (1 - v) * scale);
                    double f = Math.tanh(outputsJ[o + 2 * classes + c]);
                    double df = f - targets[y + 2 * classes + c];
                    sum += shape.feel.loss(df);
                    dOutputs[o + 2 * classes + c] = (float) (shape.feel.derivative(df) * (1 - f * f) * scale);
                }
            }
        }
        return sum;
    }

    /**
     * From the outputs' gradient and the KL's gradients of {@code μ} and {@code σ}: the head, the decoder layers top
     * down (their starting states' gradients into the bridge, layer 0's {@code z} columns into {@code z}), the bridge,
     * {@code z = μ + σ ⊙ ε}, {@code softplus}, {@code μ}'s and {@code σ}'s dense layers, the encoder top down.
     */
    private void backward(VaeParams g, float[] dOutputs, float[] dMu, float[] dSigma, float[] epsilon, int from) {
        int rows = batch * targetSteps;
        int top = decoder.length - 1;
        int d = shape.decoder[top];
        addProduct(dOutputs, rows, frame, decoder[top].outJ, d, g.headWeights());
        addColumnSums(dOutputs, rows, frame, g.headBias());
        float[] dAbove = new float[rows * d];
        scratch.gemm(dOutputs, rows, frame, false, p.head, false, dAbove, rows, d);
        float[] dz = new float[batch * latent];
        float[][] dStartH = new float[decoder.length][];
        float[][] dStartC = new float[decoder.length][];
        for (int l = top; l >= 0; l--) {
            NativeVae.Lstm w = p.decoder[l];
            int index = g.decoderLstm(l);
            decoder[l].backward(w.w, w.r, dAbove, true, g.values[index], g.values[index + 1], g.values[index + 2]);
            dStartH[l] = decoder[l].startGradientH();
            dStartC[l] = decoder[l].startGradientC();
            int width = shape.decoderInput(l);
            float[] dInput = new float[rows * width];
            decoder[l].dInput.read(dInput);
            if (l > 0) {
                dAbove = dInput;
                if (dropout) {
                    Kernels.multiply(dAbove.length, decoderMasks[l], 0, dAbove, 0);
                }
            } else {
                for (int row = 0; row < rows; row++) {
                    Kernels.axpy(latent, 1f, dInput, row * width + stepInput, dz, (row % batch) * latent);
                }
            }
        }
        float[] dBridge = new float[batch * bridgeSize];
        for (int b = 0; b < batch; b++) {
            int at = b * bridgeSize;
            for (int l = 0; l < decoder.length; l++) {
                int size = shape.decoder[l];
                for (int u = 0; u < size; u++) {
                    float hu = bridgeJ[at + u];
                    float cu = bridgeJ[at + size + u];
                    dBridge[at + u] = dStartH[l][b * size + u] * (1 - hu * hu);
                    dBridge[at + size + u] = dStartC[l][b * size + u] * (1 - cu * cu);
                }
                at += 2 * size;
            }
        }
        addProduct(dBridge, batch, bridgeSize, zJ, latent, g.bridgeWeights());
        addColumnSums(dBridge, batch, bridgeSize, g.bridgeBias());
        float[] dzBridge = new float[batch * latent];
        scratch.gemm(dBridge, batch, bridgeSize, false, p.bridge, false, dzBridge, batch, latent);
        float[] dSigmaPre = new float[batch * latent];
        for (int i = 0; i < dz.length; i++) {
            float dzi = dz[i] + dzBridge[i];
            dMu[i] += dzi;
            dSigmaPre[i] = (float) ((dSigma[i] + dzi * epsilon[from * latent + i]) * sigmoid(sigmaPre[i]));
        }
        addProduct(dMu, batch, latent, summaryJ, summary, g.muWeights());
        addColumnSums(dMu, batch, latent, g.muBias());
        addProduct(dSigmaPre, batch, latent, summaryJ, summary, g.sigmaWeights());
        addColumnSums(dSigmaPre, batch, latent, g.sigmaBias());
        float[] dSummary = new float[batch * summary];
        float[] fromSigma = new float[batch * summary];
        scratch.gemm(dMu, batch, latent, false, p.mu, false, dSummary, batch, summary);
        scratch.gemm(dSigmaPre, batch, latent, false, p.sigma, false, fromSigma, batch, summary);
        encoderBackward(g, dSummary, fromSigma);
    }

    /** The encoder top down, from the summary's gradient (the sum of the two arrays). */
    private void encoderBackward(VaeParams g, float[] dSummary, float[] more) {
        int rows = batch * sourceSteps;
        int layers = shape.encoder.length;
        int e = shape.encoder[layers - 1];
        float[] dFw = new float[rows * e];
        float[] dBw = new float[rows * e];
        int last = (sourceSteps - 1) * batch;
        for (int b = 0; b < batch; b++) {
            for (int u = 0; u < e; u++) {
                dFw[(last + b) * e + u] = dSummary[b * summary + u] + more[b * summary + u];
                dBw[(last + b) * e + u] = dSummary[b * summary + e + u] + more[b * summary + e + u];
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            float[][] dOut = {dFw, dBw};
            for (int d = 0; d < 2; d++) {
                NativeVae.Lstm w = p.encoder[d][l];
                int index = g.encoderLstm(d, l);
                encoder[d][l].backward(w.w, w.r, dOut[d], l > 0, g.values[index], g.values[index + 1],
                        g.values[index + 2]);
            }
            if (l > 0) {
                int below = shape.encoder[l - 1];
                float[] fwIn = new float[rows * 2 * below];
                float[] bwIn = new float[rows * 2 * below];
                encoder[0][l].dInput.read(fwIn);
                encoder[1][l].dInput.read(bwIn);
                dFw = new float[rows * below];
                dBw = new float[rows * below];
                // row t of the time-ordered input is row S−1−t of the reversed one: [fw_t ; bw_t] both ways
                for (int t = 0; t < sourceSteps; t++) {
                    for (int b = 0; b < batch; b++) {
                        int row = t * batch + b;
                        int mirror = (sourceSteps - 1 - t) * batch + b;
                        int at = row * 2 * below;
                        for (int u = 0; u < below; u++) {
                            float keepFw = dropout ? encoderMasks[l][at + u] : 1f;
                            float keepBw = dropout ? encoderMasks[l][at + below + u] : 1f;
                            dFw[row * below + u] = (fwIn[at + u] + bwIn[mirror * 2 * below + u]) * keepFw;
                            dBw[mirror * below + u] = (fwIn[at + below + u] + bwIn[mirror * 2 * below + below + u])
                                    * keepBw;
                        }
                    }
                }
            }
        }
    }

    /** {@code target += dᵀ · x} for {@code d} {@code [rows, m]} and {@code x} {@code [rows, n]} ({@code target [m, n]}). */
    private void addProduct(float[] d, int rows, int m, float[] x, int n, float[] target) {
        float[] product = new float[m * n];
        scratch.gemm(d, rows, m, true, x, rows, n, false, product, m, n);
        for (int i = 0; i < product.length; i++) {
            target[i] += product[i];
        }
    }

    /** {@code target[j] += Σ_rows d[row, j]}. */
    private static void addColumnSums(float[] d, int rows, int m, float[] target) {
        for (int row = 0; row < rows; row++) {
            Kernels.axpy(m, 1f, d, row * m, target, 0);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** {@code ln(1 + eᵃ)}, without overflow for large {@code a}. */
    static double softplus(double a) {
        return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    }

    private void release() {
        if (encoderInputs != null) {
            for (NativeMatrix[] direction : encoderInputs) {
                NativeMatrix.closeAll(direction);
            }
        }
        NativeMatrix.closeAll(decoderInputs);
        NativeMatrix.closeAll(decoderDropped);
        encoderInputs = null;
        decoderInputs = null;
        decoderDropped = null;
        batch = 0;
    }

    @Override
    public void close() {
        release();
        scratch.close();
        for (LstmLayer[] direction : encoder) {
            for (LstmLayer layer : direction) {
                layer.close();
            }
        }
        for (LstmLayer layer : decoder) {
            layer.close();
        }
    }
}
