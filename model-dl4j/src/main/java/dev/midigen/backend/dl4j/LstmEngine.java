package dev.midigen.backend.dl4j;

import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.spi.BatchChecks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Forward and backward passes (BPTT) of an LSTM family over a block of sequences, written for speed on a
 * CPU: nd4j's GEMM (OpenBLAS) for every matrix product — one big product for all time steps' input
 * projections, one small one per step for the recurrence, big ones again for the weight gradients — and
 * the element-wise gate math in vectorised Java ({@link Kernels}). Inputs with at most a quarter of their
 * values non-zero (one-hot tokens plus a few flags) skip the first layer's input GEMM: their projection is
 * a sum of weight rows, and its gradient a scatter.
 *
 * <p>Rows are time-major ({@code row = t · batch + b}), so a time step is a contiguous block. Equations:
 * {@link dev.midigen.model.weights.LstmLayout}; dropout (training only) is inverted dropout on every layer's output,
 * the top one included, before it reaches the next layer, the attention and the output layer; the recurrence always
 * sees the undropped output.
 */
final class LstmEngine implements Engine {
    /**
     * Inputs with at most this share of non-zero values take the sparse path: 0.25, or the system property
     * {@code midigen.dl4j.sparseDensity} (0 turns the sparse path off, for comparisons).
     */
    static final float SPARSE_DENSITY = sparseDensity();

    private static float sparseDensity() {
        String value = System.getProperty("midigen.dl4j.sparseDensity");
        if (value == null || value.isBlank()) {
            return 0.25f;
        }
        try {
            return Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("midigen.dl4j.sparseDensity is a number, got " + value, e);
        }
    }

    private final NativeParams params;
    private final int layers;
    private final int[] hidden;
    private final int inputSize;
    private final int outputSize;
    private final int attentionLength;
    private final int top;
    private final int features;
    private final float sparseDensity;

    private int batch;
    private int time;
    private int rows;
    private boolean training;
    private boolean dropout;

    // forward state, per layer
    private float[][] zin;
    private float[][] act;
    private float[][] cell;
    private float[][] tanhCell;
    private float[][] out;
    private float[][] masks;
    private float[][] dropped;
    private NativeMatrix[] zinNative;
    private NativeMatrix[] hNative;
    private NativeMatrix[] yNative;
    private NativeMatrix[] recurrentNative;
    private float[] recurrent;
    private float[] zeroGates;

    // inputs
    private boolean sparse;
    private float[] dense;
    private NativeMatrix inputNative;
    private int[] rowStart;
    private int[] sparseIndex;
    private float[] sparseValue;

    // attention and output
    private NativeMatrix keysNative;
    private float[] keys;
    private float[] context;
    private float[] weights;
    private NativeMatrix featuresNative;
    private NativeMatrix logitsNative;
    private float[] logits;

    // backward
    private float[] dLogits;
    private NativeMatrix dLogitsNative;
    private NativeMatrix dFeaturesNative;
    private float[] dFeatures;
    private float[] dKeys;
    private NativeMatrix dKeysNative;
    private NativeMatrix dAttentionInput;
    private float[] dAbove;
    private float[] dStep;
    private float[] dCarry;
    private float[] dRecurrent;
    private NativeMatrix[] dRecurrentNative;
    private float[] dzStep;
    private NativeMatrix[] dzNative;
    private NativeMatrix[] dInputNative;
    private NativeMatrix[] gradW;
    private NativeMatrix[] gradR;
    private NativeMatrix gradAttention;
    private NativeMatrix gradOutput;
    private float[][] gradFirstRows;
    private float[] gradBias;
    private Kernels.Rows scratch;
    private float[] outputRow;
    private Kernels.Softmax softmax;

    LstmEngine(NativeParams params) {
        this(params, SPARSE_DENSITY);
    }

    /** An engine that treats inputs with at most {@code sparseDensity} non-zero values as sparse (tests force a path). */
    LstmEngine(NativeParams params, float sparseDensity) {
        this.sparseDensity = sparseDensity;
        this.params = params;
        LstmNetwork network = params.params.network;
        this.layers = network.layerSizes().size();
        this.hidden = network.layerSizes().stream().mapToInt(Integer::intValue).toArray();
        this.inputSize = network.inputSize();
        this.outputSize = network.outputSize();
        this.attentionLength = network.attentionLength();
        this.top = network.topSize();
        this.features = network.outputInputSize();
    }

    /** Sizes the buffers for {@code batch × time} (kept while the shape repeats). */
    private void allocate(int newBatch, int newTime, boolean newTraining, boolean newDropout) {
        if (newBatch == batch && newTime == time && newTraining == training && newDropout == dropout) {
            return;
        }
        release();
        batch = newBatch;
        time = newTime;
        rows = batch * time;
        training = newTraining;
        dropout = newDropout;
        zin = new float[layers][];
        act = new float[layers][];
        cell = new float[layers][];
        tanhCell = new float[layers][];
        out = new float[layers][];
        masks = new float[layers][];
        dropped = new float[layers][];
        zinNative = new NativeMatrix[layers];
        hNative = new NativeMatrix[layers];
        yNative = new NativeMatrix[layers];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            int h = hidden[l];
            widest = Math.max(widest, h);
            zin[l] = new float[rows * 4 * h];
            act[l] = new float[rows * 4 * h];
            cell[l] = new float[rows * h];
            tanhCell[l] = new float[rows * h];
            out[l] = new float[rows * h];
            zinNative[l] = new NativeMatrix(rows, 4 * h);
            hNative[l] = new NativeMatrix(rows, h);
            if (dropout) {
                masks[l] = new float[rows * h];
                dropped[l] = new float[rows * h];
                yNative[l] = new NativeMatrix(rows, h);
            } else {
                dropped[l] = out[l];
                yNative[l] = hNative[l];
            }
        }
        scratch = new Kernels.Rows(widest);
        outputRow = new float[outputSize];
        softmax = new Kernels.Softmax(outputSize);
        recurrentNative = new NativeMatrix[layers];
        for (int l = 0; l < layers; l++) {
            recurrentNative[l] = new NativeMatrix(batch, 4 * hidden[l]);
        }
        recurrent = new float[batch * 4 * widest];
        zeroGates = new float[batch * 4 * widest];
        dense = null;
        inputNative = null;
        if (attentionLength > 0) {
            keysNative = new NativeMatrix(rows, top);
            keys = new float[rows * top];
            context = new float[rows * top];
            weights = new float[rows * attentionLength];
            featuresNative = new NativeMatrix(rows, features);
        } else {
            featuresNative = yNative[layers - 1];
        }
        logitsNative = new NativeMatrix(rows, outputSize);
        logits = new float[rows * outputSize];
        if (training) {
            dLogits = new float[rows * outputSize];
            dLogitsNative = new NativeMatrix(rows, outputSize);
            dFeaturesNative = new NativeMatrix(rows, features);
            dFeatures = new float[rows * features];
            if (attentionLength > 0) {
                dKeys = new float[rows * top];
                dKeysNative = new NativeMatrix(rows, top);
                dAttentionInput = new NativeMatrix(rows, top);
            }
            dAbove = new float[rows * widest];
            dStep = new float[batch * widest];
            dCarry = new float[batch * widest];
            dRecurrent = new float[batch * widest];
            dRecurrentNative = new NativeMatrix[layers];
            for (int l = 0; l < layers; l++) {
                dRecurrentNative[l] = new NativeMatrix(batch, hidden[l]);
            }
            dzStep = new float[batch * 4 * widest];
            dzNative = new NativeMatrix[layers];
            dInputNative = new NativeMatrix[layers];
            gradW = new NativeMatrix[layers];
            gradR = new NativeMatrix[layers];
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? inputSize : hidden[l - 1];
                dzNative[l] = new NativeMatrix(rows, 4 * hidden[l]);
                if (l > 0) {
                    dInputNative[l] = new NativeMatrix(rows, in);
                }
                gradW[l] = new NativeMatrix(4 * hidden[l], in);
                gradR[l] = new NativeMatrix(4 * hidden[l], hidden[l]);
            }
            gradAttention = attentionLength > 0 ? new NativeMatrix(top, top) : null;
            gradOutput = new NativeMatrix(outputSize, features);
            gradBias = new float[4 * widest];
        }
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public void score(ModelBatch in, int from, int to, float[] target) {
        SequenceBatch inputs = in.inputs();
        allocate(to - from, inputs.time(), false, false);
        load(inputs, from);
        forward();
        int t0 = time;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < t0; t++) {
                int row = t * batch + b;
                float[] bias = params.outputBias;
                int dst = ((from + b) * t0 + t) * outputSize;
                for (int j = 0; j < outputSize; j++) {
                    target[dst + j] = logits[row * outputSize + j] + bias[j];
                }
            }
        }
    }

    /** The mask's sum; labels must be classes and the mask weights {@code >= 0}, not all 0. */
    @Override
    public double lossTotal(TrainingBatch in) {
        return BatchChecks.maskTotal(in.categoricalTargets(), outputSize);
    }

    /** The batch's mean masked cross-entropy; an LSTM family's head has no hidden layer to drop. */
    @Override
    public double train(TrainingBatch in, int from, int to, double maskTotal, float dropoutRate, float headDropout,
                        long seed, long step, HeapParams grads) {
        SequenceBatch inputs = in.inputs().inputs();
        Targets.Categorical targets = in.categoricalTargets();
        allocate(to - from, inputs.time(), true, dropoutRate > 0);
        load(inputs, from);
        if (dropout) {
            drawMasks(dropoutRate, Engine.dropoutSeed(seed, step), from);
        }
        forward();
        double loss = loss(targets.labels(), targets.mask(), from, maskTotal);
        backward((LstmParams) grads);
        return loss;
    }

    private void load(SequenceBatch inputs, int from) {
        if (inputs.width() != inputSize) {
            throw new IllegalArgumentException("inputs are " + inputs.width() + " wide, the network reads " + inputSize);
        }
        float[] values = inputs.toArray();
        int nonZero = 0;
        int start = from * time * inputSize;
        int end = start + rows * inputSize;
        for (int i = start; i < end; i++) {
            if (values[i] != 0f) {
                nonZero++;
            }
        }
        sparse = nonZero <= (double) sparseDensity * rows * inputSize && sparseDensity > 0;
        if (sparse) {
            rowStart = new int[rows + 1];
            sparseIndex = new int[nonZero];
            sparseValue = new float[nonZero];
            int n = 0;
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < batch; b++) {
                    int row = t * batch + b;
                    rowStart[row] = n;
                    int base = ((from + b) * time + t) * inputSize;
                    for (int k = 0; k < inputSize; k++) {
                        float v = values[base + k];
                        if (v != 0f) {
                            sparseIndex[n] = k;
                            sparseValue[n] = v;
                            n++;
                        }
                    }
                }
            }
            rowStart[rows] = n;
        } else {
            if (dense == null) {
                dense = new float[rows * inputSize];
                inputNative = new NativeMatrix(rows, inputSize);
            }
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(values, ((from + b) * time + t) * inputSize, dense, (t * batch + b) * inputSize,
                            inputSize);
                }
            }
            inputNative.write(dense);
        }
    }

    /**
     * Inverted-dropout masks: 0 with probability {@code rate} (in steps of 1/65536), else {@code 1/(1−rate)}.
     * Four draws per random long; one stream per sequence of the whole batch, so the split into blocks does
     * not change them.
     */
    private void drawMasks(float rate, long seed, int from) {
        float keep = 1f / (1f - rate);
        int threshold = (int) Math.round(rate * 65536.0);
        for (int b = 0; b < batch; b++) {
            SplittableRandom random = Dropout.stream(seed, from + b);
            for (int l = 0; l < layers; l++) {
                int h = hidden[l];
                float[] m = masks[l];
                for (int t = 0; t < time; t++) {
                    int base = (t * batch + b) * h;
                    long bits = 0;
                    for (int u = 0; u < h; u++) {
                        if ((u & 3) == 0) {
                            bits = random.nextLong();
                        }
                        // branch-free: 0 when the 16 bits fall below the threshold, else keep
                        m[base + u] = keep * (((int) (bits & 0xFFFF) - threshold) >>> 31 ^ 1);
                        bits >>>= 16;
                    }
                }
            }
        }
    }

    private void forward() {
        for (int l = 0; l < layers; l++) {
            int h = hidden[l];
            int g = 4 * h;
            float[] z = zin[l];
            if (l == 0 && sparse) {
                float[][] wRows = params.firstInputRows();
                float[] sum = scratch.row;
                for (int row = 0; row < rows; row++) {
                    Arrays.fill(sum, 0, g, 0f);
                    for (int n = rowStart[row]; n < rowStart[row + 1]; n++) {
                        Kernels.axpy(g, sparseValue[n], wRows[sparseIndex[n]], sum);
                    }
                    System.arraycopy(sum, 0, z, row * g, g);
                }
            } else {
                NativeMatrix in = l == 0 ? inputNative : yNative[l - 1];
                NativeMatrix.gemm(in.array, false, params.inputWeights[l].array, true, zinNative[l].array, 0.0);
                zinNative[l].read(z);
            }
            float[] bias = params.combinedBias[l];
            float[] a = act[l];
            float[] c = cell[l];
            float[] tc = tanhCell[l];
            float[] hOut = out[l];
            for (int t = 0; t < time; t++) {
                float[] rec;
                if (t == 0) {
                    rec = zeroGates;
                } else {
                    NativeMatrix.gemm(hNative[l].block(t - 1, batch), false, params.recurrentWeights[l].array, true,
                            recurrentNative[l].array, 0.0);
                    recurrentNative[l].read(0, recurrent, 0, batch * g);
                    rec = recurrent;
                }
                for (int b = 0; b < batch; b++) {
                    int row = t * batch + b;
                    Kernels.lstmForward(h, z, row * g, rec, b * g, bias, t == 0 ? null : c, (row - batch) * h, a, row * g, c,
                            tc, row * h, hOut, row * h, scratch);
                }
                hNative[l].write(t * batch * h, hOut, t * batch * h, batch * h);
            }
            if (dropout) {
                float[] y = dropped[l];
                float[] m = masks[l];
                for (int i = 0; i < y.length; i++) {
                    y[i] = hOut[i] * m[i];
                }
                yNative[l].write(y);
            }
        }
        if (attentionLength > 0) {
            attend();
        }
        NativeMatrix.gemm(featuresNative.array, false, params.output.array, true, logitsNative.array, 0.0);
        logitsNative.read(logits);
    }

    /** Attention over the top layer's (dropped) outputs; writes the context and the output layer's features. */
    private void attend() {
        float[] y = dropped[layers - 1];
        NativeMatrix.gemm(yNative[layers - 1].array, false, params.attention.array, true, keysNative.array, 0.0);
        keysNative.read(keys);
        Arrays.fill(context, 0f);
        int length = attentionLength;
        for (int t = 0; t < time; t++) {
            int first = Math.max(0, t - length);
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int wBase = row * length;
                if (t > 0) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = first; j < t; j++) {
                        float s = Kernels.dot(top, y, row * top, keys, (j * batch + b) * top);
                        weights[wBase + j - first] = s;
                        max = Math.max(max, s);
                    }
                    float sum = 0;
                    for (int j = first; j < t; j++) {
                        float e = Kernels.exp(weights[wBase + j - first] - max);
                        weights[wBase + j - first] = e;
                        sum += e;
                    }
                    for (int j = first; j < t; j++) {
                        float a = weights[wBase + j - first] / sum;
                        weights[wBase + j - first] = a;
                        Kernels.axpy(top, a, y, (j * batch + b) * top, context, row * top);
                    }
                }
                featuresNative.write(row * features, y, row * top, top);
                featuresNative.write(row * features + top, context, row * top, top);
            }
        }
    }

    private double loss(int[] labels, float[] mask, int from, double maskTotal) {
        float[] bias = params.outputBias;
        double loss = 0;
        float inverseTotal = (float) (1.0 / maskTotal);
        for (int t = 0; t < time; t++) {
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int index = (from + b) * time + t;
                int base = row * outputSize;
                float weight = mask[index];
                if (weight == 0f) {
                    Arrays.fill(dLogits, base, base + outputSize, 0f);
                    continue;
                }
                for (int j = 0; j < outputSize; j++) {
                    logits[base + j] += bias[j];
                }
                loss += weight * Kernels.crossEntropy(outputSize, logits, base, labels[index], weight * inverseTotal, dLogits,
                        softmax);
            }
        }
        return loss / maskTotal;
    }

    private void backward(LstmParams grads) {
        // output layer
        dLogitsNative.write(dLogits);
        NativeMatrix.gemm(dLogitsNative.array, true, featuresNative.array, false, gradOutput.array, 0.0);
        gradOutput.addTo(grads.outputWeights());
        float[] dBias = grads.outputBias();
        float[] logitRow = outputRow;
        for (int row = 0; row < rows; row++) {
            System.arraycopy(dLogits, row * outputSize, logitRow, 0, outputSize);
            Kernels.axpy(outputSize, 1f, logitRow, dBias);
        }
        NativeMatrix.gemm(dLogitsNative.array, false, params.output.array, false, dFeaturesNative.array, 0.0);
        dFeaturesNative.read(dFeatures);
        float[] dy = dAbove;
        if (attentionLength > 0) {
            for (int row = 0; row < rows; row++) {
                System.arraycopy(dFeatures, row * features, dy, row * top, top);
            }
            attendBackward(grads);
        } else {
            System.arraycopy(dFeatures, 0, dy, 0, rows * top);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int h = hidden[l];
            int g = 4 * h;
            if (dropout) {
                Kernels.multiply(rows * h, masks[l], 0, dy, 0);
            }
            Arrays.fill(dCarry, 0, batch * h, 0f);
            Arrays.fill(gradBias, 0, g, 0f);
            float[] a = act[l];
            float[] c = cell[l];
            float[] tc = tanhCell[l];
            boolean sparseInput = l == 0 && sparse;
            float[][] dFirst = sparseInput ? firstRowGradients() : null;
            for (int t = time - 1; t >= 0; t--) {
                for (int b = 0; b < batch; b++) {
                    int row = t * batch + b;
                    int s = b * h;
                    if (t == time - 1) {
                        System.arraycopy(dy, row * h, dStep, s, h);
                    } else {
                        for (int u = 0; u < h; u++) {
                            dStep[s + u] = dy[row * h + u] + dRecurrent[s + u];
                        }
                    }
                    Kernels.lstmBackward(h, dStep, s, dCarry, s, a, row * g, tc, row * h, t == 0 ? null : c,
                            (row - batch) * h, dzStep, b * g, scratch);
                    float[] dz = scratch.row; // this row's dz, as lstmBackward left it
                    Kernels.axpy(g, 1f, dz, gradBias);
                    if (sparseInput) {
                        for (int n = rowStart[row]; n < rowStart[row + 1]; n++) {
                            Kernels.axpy(g, sparseValue[n], dz, dFirst[sparseIndex[n]]);
                        }
                    }
                }
                dzNative[l].write(t * batch * g, dzStep, 0, batch * g);
                if (t > 0) {
                    NativeMatrix.gemm(dzNative[l].block(t, batch), false, params.recurrentWeights[l].array, false,
                            dRecurrentNative[l].array, 0.0);
                    dRecurrentNative[l].read(0, dRecurrent, 0, batch * h);
                }
            }
            float[] db = grads.biases(l);
            for (int k = 0; k < g; k++) {
                db[k] += gradBias[k];
                db[g + k] += gradBias[k];
            }
            if (time > 1) {
                NativeMatrix.gemm(dzNative[l].rows(batch, rows), true, hNative[l].rows(0, rows - batch), false,
                        gradR[l].array, 0.0);
                gradR[l].addTo(grads.recurrentWeights(l));
            }
            if (sparseInput) {
                float[] dw = grads.inputWeights(0);
                for (int k = 0; k < inputSize; k++) {
                    float[] column = dFirst[k];
                    for (int j = 0; j < g; j++) {
                        dw[j * inputSize + k] += column[j];
                    }
                }
            } else {
                NativeMatrix in = l == 0 ? inputNative : yNative[l - 1];
                NativeMatrix.gemm(dzNative[l].array, true, in.array, false, gradW[l].array, 0.0);
                gradW[l].addTo(grads.inputWeights(l));
            }
            if (l > 0) {
                NativeMatrix.gemm(dzNative[l].array, false, params.inputWeights[l].array, false, dInputNative[l].array, 0.0);
                dInputNative[l].read(0, dy, 0, rows * hidden[l - 1]);
            }
        }
    }

    private float[][] firstRowGradients() {
        if (gradFirstRows == null) {
            gradFirstRows = new float[inputSize][4 * hidden[0]];
        } else {
            for (float[] r : gradFirstRows) {
                Arrays.fill(r, 0f);
            }
        }
        return gradFirstRows;
    }

    /** Backward through the attention: adds to {@code dAbove} (the top outputs' gradient) and to {@code attention.W}'s. */
    private void attendBackward(LstmParams grads) {
        float[] y = dropped[layers - 1];
        float[] dy = dAbove;
        Arrays.fill(dKeys, 0f);
        int length = attentionLength;
        float[] da = new float[length];
        for (int t = 1; t < time; t++) {
            int first = Math.max(0, t - length);
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int wBase = row * length;
                int dctx = row * features + top;
                float mean = 0;
                for (int j = first; j < t; j++) {
                    int other = (j * batch + b) * top;
                    float a = weights[wBase + j - first];
                    da[j - first] = Kernels.dot(top, dFeatures, dctx, y, other);
                    mean += a * da[j - first];
                    Kernels.axpy(top, a, dFeatures, dctx, dy, other);
                }
                for (int j = first; j < t; j++) {
                    int other = (j * batch + b) * top;
                    float ds = weights[wBase + j - first] * (da[j - first] - mean);
                    Kernels.axpy(top, ds, keys, other, dy, row * top);
                    Kernels.axpy(top, ds, y, row * top, dKeys, other);
                }
            }
        }
        dKeysNative.write(dKeys);
        NativeMatrix.gemm(dKeysNative.array, false, params.attention.array, false, dAttentionInput.array, 0.0);
        float[] extra = new float[rows * top];
        dAttentionInput.read(extra);
        for (int i = 0; i < extra.length; i++) {
            dy[i] += extra[i];
        }
        NativeMatrix.gemm(dKeysNative.array, true, yNative[layers - 1].array, false, gradAttention.array, 0.0);
        gradAttention.addTo(grads.attentionWeights());
    }

    private void release() {
        NativeMatrix.closeAll(zinNative);
        NativeMatrix.closeAll(hNative);
        if (dropout) {
            NativeMatrix.closeAll(yNative);
        }
        NativeMatrix.closeAll(recurrentNative);
        NativeMatrix.closeAll(dRecurrentNative);
        NativeMatrix.closeAll(dzNative);
        NativeMatrix.closeAll(dInputNative);
        NativeMatrix.closeAll(gradW);
        NativeMatrix.closeAll(gradR);
        NativeMatrix.closeAll(inputNative, keysNative, attentionLength > 0 ? featuresNative : null, logitsNative,
                dLogitsNative, dFeaturesNative, dKeysNative, dAttentionInput, gradAttention, gradOutput);
        zinNative = hNative = yNative = dzNative = dInputNative = gradW = gradR = recurrentNative = dRecurrentNative = null;
        inputNative = keysNative = featuresNative = logitsNative = null;
        dLogitsNative = dFeaturesNative = dKeysNative = dAttentionInput = null;
        gradAttention = gradOutput = null;
        gradFirstRows = null;
        batch = 0;
        time = 0;
    }

    @Override
    public void close() {
        release();
    }
}
