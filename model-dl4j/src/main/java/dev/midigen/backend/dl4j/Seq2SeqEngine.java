package dev.midigen.backend.dl4j;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.DecoderState;
import dev.midigen.model.Head;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Forward and backward passes of the seq2seq GRU family ({@link Seq2SeqLayout}) over a block of sequences, on
 * {@link GruLayer}s and the classifier's GEMMs. The encoder runs layer by layer over the source; each decoder layer
 * starts from its encoder layer's final state. Decoder steps that read their given input
 * (teacher forcing) run layer by layer in ranges; a step that reads the decoder's own previous prediction
 * (thresholded at logit 0, no gradient through it) starts a new range, after the previous step's logits are known.
 *
 * <p>Dropout (training): inverted dropout on the outputs of every GRU layer but the top one, before they reach the
 * next layer (the recurrence and the decoder's initial states see the undropped outputs), and on the classifier's
 * hidden layer after its ReLU.
 */
final class Seq2SeqEngine implements Engine {
    private final NativeSeq2Seq p;
    private final BernoulliLoss loss;
    private final int keys;
    private final int layers;
    private final int hidden;
    private final int classes;
    private final GruLayer[] encoder;
    private final GruLayer[] decoder;

    private int batch;
    private int sourceSteps;
    private int targetSteps;
    private boolean training;
    private boolean dropout;

    private NativeMatrix sourceN;
    private float[] sourceJ;
    private NativeMatrix inputsN;
    private float[] inputsJ;
    private NativeMatrix[] encoderDropped;
    private NativeMatrix[] decoderDropped;
    private float[][] encoderDroppedJ;
    private float[][] decoderDroppedJ;
    private final ScratchMatrices segments = new ScratchMatrices();
    private float[][] encoderMasks;
    private float[][] decoderMasks;
    private float[] classifierMask;
    private NativeMatrix preN;
    private float[] preJ;
    private NativeMatrix hiddenN;
    private float[] hiddenJ;
    private NativeMatrix logitsN;
    private float[] logitsJ;
    private float[] targetJ;
    private NativeMatrix dLogitsN;
    private float[] dLogitsJ;
    private NativeMatrix dHiddenN;
    private float[] dHiddenJ;
    private NativeMatrix dTopN;
    private float[] dTopJ;
    private NativeMatrix gradHidden;
    private NativeMatrix gradOutput;

    Seq2SeqEngine(NativeSeq2Seq p) {
        this.p = p;
        Seq2SeqParams shape = p.params;
        this.loss = ((Head.MultiLabel) shape.spec.head()).loss();
        this.keys = shape.keys;
        this.layers = shape.layers;
        this.hidden = shape.hidden;
        this.classes = shape.classifier;
        this.encoder = new GruLayer[layers];
        this.decoder = new GruLayer[layers];
        for (int l = 0; l < layers; l++) {
            encoder[l] = new GruLayer(shape.layerInput(l), hidden);
            decoder[l] = new GruLayer(shape.layerInput(l), hidden);
        }
    }

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
        int sourceRows = batch * sourceSteps;
        int rows = batch * targetSteps;
        for (int l = 0; l < layers; l++) {
            encoder[l].allocate(batch, sourceSteps, training);
            decoder[l].allocate(batch, targetSteps, training);
        }
        sourceN = new NativeMatrix(sourceRows, keys);
        sourceJ = new float[sourceRows * keys];
        inputsN = new NativeMatrix(rows, keys);
        inputsJ = new float[rows * keys];
        encoderDropped = new NativeMatrix[layers];
        decoderDropped = new NativeMatrix[layers];
        encoderMasks = new float[layers][];
        decoderMasks = new float[layers][];
        encoderDroppedJ = new float[layers][];
        decoderDroppedJ = new float[layers][];
        if (dropout) {
            for (int l = 0; l + 1 < layers; l++) {
                encoderDropped[l] = new NativeMatrix(sourceRows, hidden);
                decoderDropped[l] = new NativeMatrix(rows, hidden);
                encoderMasks[l] = new float[sourceRows * hidden];
                decoderMasks[l] = new float[rows * hidden];
                encoderDroppedJ[l] = new float[sourceRows * hidden];
                decoderDroppedJ[l] = new float[rows * hidden];
            }
            classifierMask = new float[rows * classes];
        }
        preN = new NativeMatrix(rows, classes);
        preJ = new float[rows * classes];
        hiddenN = new NativeMatrix(rows, classes);
        hiddenJ = new float[rows * classes];
        logitsN = new NativeMatrix(rows, keys);
        logitsJ = new float[rows * keys];
        if (training) {
            targetJ = new float[rows * keys];
            dLogitsN = new NativeMatrix(rows, keys);
            dLogitsJ = new float[rows * keys];
            dHiddenN = new NativeMatrix(rows, classes);
            dHiddenJ = new float[rows * classes];
            dTopN = new NativeMatrix(rows, hidden);
            dTopJ = new float[rows * hidden];
            gradHidden = new NativeMatrix(classes, hidden);
            gradOutput = new NativeMatrix(keys, classes);
        }
    }

    /** Copies rows {@code [from, to)} of a batch-major {@code [B, time, K]} batch into time-major rows. */
    private void load(float[] values, int from, int time, float[] target) {
        for (int t = 0; t < time; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(values, ((from + b) * time + t) * keys, target, (t * batch + b) * keys, keys);
            }
        }
    }

    /** The encoder over the source: fills every encoder layer's outputs. */
    private void encode() {
        NativeMatrix in = sourceN;
        float[] inJ = sourceJ;
        for (int l = 0; l < layers; l++) {
            encoder[l].forward(p.inputWeights[0][l], p.recurrentWeights[0][l], p.biases[0][l], in, inJ, null, 0, sourceSteps);
            in = encoder[l].out;
            inJ = encoder[l].outJ;
            if (dropout && l + 1 < layers) {
                in = drop(encoder[l].outJ, encoderMasks[l], encoderDroppedJ[l], encoderDropped[l], 0, batch * sourceSteps);
                inJ = encoderDroppedJ[l];
            }
        }
    }

    /** Rows {@code [rowFrom, rowTo)} of {@code values ⊙ mask} into {@code dropped} and {@code target}. */
    private NativeMatrix drop(float[] values, float[] mask, float[] dropped, NativeMatrix target, int rowFrom, int rowTo) {
        int base = rowFrom * hidden;
        int end = rowTo * hidden;
        for (int i = base; i < end; i++) {
            dropped[i] = values[i] * mask[i];
        }
        target.write(base, dropped, base, end - base);
        return target;
    }

    /**
     * The decoder over its steps from the given inputs ({@code inputsJ}, time-major), with teacher forcing where
     * {@code forced[t]} (null = everywhere): a step that is not reads the previous step's logits thresholded at 0.
     */
    private void decode(boolean[] forced) {
        int t0 = 0;
        while (t0 < targetSteps) {
            int t1 = t0 + 1;
            while (t1 < targetSteps && (forced == null || forced[t1])) {
                t1++;
            }
            if (t0 > 0) { // a range after the first starts at a step that reads the previous prediction
                int at = t0 * batch * keys;
                int previous = (t0 - 1) * batch * keys;
                for (int i = 0; i < batch * keys; i++) {
                    inputsJ[at + i] = logitsJ[previous + i] >= 0f ? 1f : 0f;
                }
            }
            inputsN.write(t0 * batch * keys, inputsJ, t0 * batch * keys, (t1 - t0) * batch * keys);
            NativeMatrix in = inputsN;
            float[] inJ = inputsJ;
            for (int l = 0; l < layers; l++) {
                float[] start = t0 == 0 ? encoder[l].output(sourceSteps - 1) : null;
                decoder[l].forward(p.inputWeights[1][l], p.recurrentWeights[1][l], p.biases[1][l], in, inJ, start, t0, t1);
                in = decoder[l].out;
                inJ = decoder[l].outJ;
                if (dropout && l + 1 < layers) {
                    in = drop(decoder[l].outJ, decoderMasks[l], decoderDroppedJ[l], decoderDropped[l], t0 * batch,
                            t1 * batch);
                    inJ = decoderDroppedJ[l];
                }
            }
            classify(t0 * batch, t1 * batch);
            t0 = t1;
        }
    }

    /** The classifier over decoder rows {@code [r0, r1)}: logits (with their bias) into {@code logitsJ}. */
    private void classify(int r0, int r1) {
        boolean all = r0 == 0 && r1 == batch * targetSteps;
        if (all) {
            NativeMatrix.gemm(decoder[layers - 1].out.array, false, p.hiddenWeights.array, true, preN.array, 0.0);
            preN.read(preJ);
        } else {
            segments.gemmRows(decoder[layers - 1].outJ, hidden, p.hiddenWeights, preJ, classes, r0, r1);
        }
        float[] b0 = p.hiddenBias;
        for (int row = r0; row < r1; row++) {
            int base = row * classes;
            for (int c = 0; c < classes; c++) {
                float a = preJ[base + c] + b0[c];
                preJ[base + c] = a;
                float relu = a > 0f ? a : 0f;
                hiddenJ[base + c] = dropout ? relu * classifierMask[base + c] : relu;
            }
        }
        hiddenN.write(r0 * classes, hiddenJ, r0 * classes, (r1 - r0) * classes);
        if (all) {
            NativeMatrix.gemm(hiddenN.array, false, p.outputWeights.array, true, logitsN.array, 0.0);
            logitsN.read(logitsJ);
        } else {
            segments.gemmRows(hiddenJ, classes, p.outputWeights, logitsJ, keys, r0, r1);
        }
        float[] b1 = p.outputBias;
        for (int row = r0; row < r1; row++) {
            int base = row * keys;
            for (int i = 0; i < keys; i++) {
                logitsJ[base + i] += b1[i];
            }
        }
    }

    @Override
    public int outputSize() {
        return keys;
    }

    /** Reads the source and the decoder's inputs of sequences {@code [from, to)}. */
    private void load(ModelBatch in, int from) {
        load(in.source().toArray(), from, sourceSteps, sourceJ);
        sourceN.write(sourceJ);
        load(in.inputs().toArray(), from, targetSteps, inputsJ);
    }

    @Override
    public void score(ModelBatch in, int from, int to, float[] target) {
        int time = in.time();
        allocate(to - from, in.source().time(), time, false, false);
        load(in, from);
        encode();
        decode(null);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                System.arraycopy(logitsJ, (t * batch + b) * keys, target, ((from + b) * time + t) * keys, keys);
            }
        }
    }

    @Override
    public DecoderState encode(SequenceBatch source) {
        allocate(source.batch(), source.time(), 1, false, false);
        load(source.toArray(), 0, sourceSteps, sourceJ);
        sourceN.write(sourceJ);
        encode();
        List<float[]> states = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            states.add(encoder[l].output(sourceSteps - 1));
        }
        return DecoderState.of(batch, Seq2SeqLayout.stateNames((Seq2SeqGru) p.params.spec.family()), states);
    }

    /** Every target value. */
    @Override
    public double lossTotal(TrainingBatch batch) {
        SequenceBatch targets = batch.multiLabelTargets();
        return (double) targets.batch() * targets.time() * targets.width();
    }

    /** The batch's mean {@link BernoulliLoss} of the spec's head, with the batch's teacher forcing. */
    @Override
    public double train(TrainingBatch batchIn, int from, int to, double totalValues, float gruDropout,
                        float classifierDropout, long seed, long step, HeapParams grads) {
        ModelBatch in = batchIn.inputs();
        int time = in.time();
        allocate(to - from, in.source().time(), time, true, gruDropout > 0 || classifierDropout > 0);
        if (dropout) {
            drawMasks(gruDropout, classifierDropout, Engine.dropoutSeed(seed, step), from);
        }
        load(in, from);
        load(batchIn.multiLabelTargets().toArray(), from, time, targetJ);
        encode();
        decode(batchIn.teacherForced());
        double sum = 0;
        double scale = 1.0 / totalValues;
        for (int i = 0; i < logitsJ.length; i++) {
            sum += loss.value(logitsJ[i], targetJ[i]);
            dLogitsJ[i] = (float) (loss.gradient(logitsJ[i], targetJ[i]) * scale);
        }
        backward((Seq2SeqParams) grads);
        return sum * scale;
    }

    private void backward(Seq2SeqParams grads) {
        int rows = batch * targetSteps;
        // classifier: logits = hidden · W1ᵀ + b1, hidden = mask ⊙ relu(top · W0ᵀ + b0)
        dLogitsN.write(dLogitsJ);
        NativeMatrix.gemm(dLogitsN.array, true, hiddenN.array, false, gradOutput.array, 0.0);
        gradOutput.addTo(grads.outputWeights());
        float[] db1 = grads.outputBias();
        for (int row = 0; row < rows; row++) {
            Kernels.axpy(keys, 1f, dLogitsJ, row * keys, db1, 0);
        }
        NativeMatrix.gemm(dLogitsN.array, false, p.outputWeights.array, false, dHiddenN.array, 0.0);
        dHiddenN.read(dHiddenJ);
        for (int i = 0; i < dHiddenJ.length; i++) {
            float d = preJ[i] > 0f ? dHiddenJ[i] : 0f;
            dHiddenJ[i] = dropout ? d * classifierMask[i] : d;
        }
        dHiddenN.write(dHiddenJ);
        NativeMatrix.gemm(dHiddenN.array, true, decoder[layers - 1].out.array, false, gradHidden.array, 0.0);
        gradHidden.addTo(grads.hiddenWeights());
        float[] db0 = grads.hiddenBias();
        for (int row = 0; row < rows; row++) {
            Kernels.axpy(classes, 1f, dHiddenJ, row * classes, db0, 0);
        }
        NativeMatrix.gemm(dHiddenN.array, false, p.hiddenWeights.array, false, dTopN.array, 0.0);
        dTopN.read(dTopJ);
        // decoder, top down; each layer's start-state gradient goes to its encoder layer's last output
        float[][] dStart = new float[layers][];
        float[] dOut = dTopJ;
        for (int l = layers - 1; l >= 0; l--) {
            dStart[l] = decoder[l].backward(p.inputWeights[1][l], p.recurrentWeights[1][l], dOut, null, l > 0,
                    grads.inputWeights(1, l), grads.recurrentWeights(1, l), grads.biases(1, l));
            if (l > 0) {
                dOut = inputGradient(decoder[l], dropout ? decoderMasks[l - 1] : null, rows);
            }
        }
        // encoder, top down
        int sourceRows = batch * sourceSteps;
        dOut = null;
        for (int l = layers - 1; l >= 0; l--) {
            encoder[l].backward(p.inputWeights[0][l], p.recurrentWeights[0][l], dOut, dStart[l], l > 0,
                    grads.inputWeights(0, l), grads.recurrentWeights(0, l), grads.biases(0, l));
            if (l > 0) {
                dOut = inputGradient(encoder[l], dropout ? encoderMasks[l - 1] : null, sourceRows);
            }
        }
    }

    /** A layer's input gradient, through the dropout mask of the layer below's output. */
    private float[] inputGradient(GruLayer layer, float[] mask, int rows) {
        float[] d = new float[rows * hidden];
        layer.dInput.read(d);
        if (mask != null) {
            for (int i = 0; i < d.length; i++) {
                d[i] *= mask[i];
            }
        }
        return d;
    }

    /**
     * Inverted-dropout masks: 0 with probability {@code rate}, else {@code 1/(1−rate)}; one stream per sequence of the
     * whole batch (seeded by the step's seed and the sequence's index), drawn encoder layers, decoder layers, classifier.
     */
    private void drawMasks(float gruRate, float classifierRate, long seed, int from) {
        for (int b = 0; b < batch; b++) {
            SplittableRandom random = Dropout.stream(seed, from + b);
            for (int l = 0; l + 1 < layers; l++) {
                Dropout.fill(random, encoderMasks[l], gruRate, batch, sourceSteps, hidden, b);
            }
            for (int l = 0; l + 1 < layers; l++) {
                Dropout.fill(random, decoderMasks[l], gruRate, batch, targetSteps, hidden, b);
            }
            Dropout.fill(random, classifierMask, classifierRate, batch, targetSteps, classes, b);
        }
    }

    private void release() {
        NativeMatrix.closeAll(sourceN, inputsN, preN, hiddenN, logitsN, dLogitsN, dHiddenN, dTopN, gradHidden, gradOutput);
        NativeMatrix.closeAll(encoderDropped);
        NativeMatrix.closeAll(decoderDropped);
        sourceN = inputsN = preN = hiddenN = logitsN = dLogitsN = dHiddenN = dTopN = gradHidden = gradOutput = null;
        encoderDropped = decoderDropped = null;
        batch = 0;
    }

    @Override
    public void close() {
        release();
        segments.close();
        for (int l = 0; l < layers; l++) {
            encoder[l].close();
            decoder[l].close();
        }
    }
}
