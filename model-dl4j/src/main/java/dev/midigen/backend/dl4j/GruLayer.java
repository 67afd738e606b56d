package dev.midigen.backend.dl4j;

import java.util.Arrays;

/**
 * One GRU layer of {@link Seq2SeqEngine}, forward and backward over a block of {@code batch} sequences of
 * {@code time} steps, rows time-major ({@code row = t · batch + b}). Equations: {@link
 * dev.midigen.model.weights.GruLayout} (ONNX, gate blocks z, r, h, {@code linear_before_reset = 1}). nd4j's GEMM
 * computes the input projections of a range of steps at once, the recurrent product of each step, and in the
 * backward pass the recurrent carry of each step and the weight and input gradients of all steps at once; the
 * element-wise gate math is Java.
 *
 * <p>{@link #forward} may be called on consecutive step ranges (the decoder runs the steps whose inputs depend on
 * its own predictions one at a time); {@link #backward} then runs over all steps. One layer belongs to one thread.
 */
final class GruLayer implements AutoCloseable {
    private final int n;
    private final int h;
    private final int g;
    private int batch;
    private int time;
    private int rows;

    /** Outputs {@code [rows, H]}, on nd4j and in Java. */
    NativeMatrix out;
    float[] outJ;
    /** The state each step starts from, {@code [rows, H]}: {@code h0} for step 0, else the previous output. */
    private NativeMatrix prev;
    private NativeMatrix xw;
    private float[] xwJ;
    private NativeMatrix rec;
    private float[] recJ;
    private float[] gates;
    private float[] rhh;
    private float[] h0;
    private boolean zeroStart;
    private NativeMatrix input;
    private final GruKernels.Rows scratch;
    private final ScratchMatrices segments = new ScratchMatrices();

    private NativeMatrix dxw;
    private NativeMatrix drh;
    private float[] dxwJ;
    private float[] drhJ;
    private NativeMatrix carryN;
    private float[] carryJ;
    private float[] carryTmp;
    /** The gradient of the inputs {@code [rows, n]} after {@link #backward} with {@code inputGradient}. */
    NativeMatrix dInput;
    private NativeMatrix gradW;
    private NativeMatrix gradR;

    GruLayer(int inputSize, int hidden) {
        this.n = inputSize;
        this.h = hidden;
        this.g = 3 * hidden;
        this.scratch = new GruKernels.Rows(hidden);
    }

    int hidden() {
        return h;
    }

    /** Sizes the buffers for {@code batch × time} steps (its engine calls it when its shapes change). */
    void allocate(int newBatch, int newTime, boolean training) {
        release();
        batch = newBatch;
        time = newTime;
        rows = batch * time;
        out = new NativeMatrix(rows, h);
        outJ = new float[rows * h];
        prev = new NativeMatrix(rows, h);
        xw = new NativeMatrix(rows, g);
        xwJ = new float[rows * g];
        rec = new NativeMatrix(batch, g);
        recJ = new float[batch * g];
        gates = new float[rows * g];
        rhh = new float[rows * h];
        h0 = new float[batch * h];
        if (training) {
            dxw = new NativeMatrix(rows, g);
            drh = new NativeMatrix(rows, g);
            dxwJ = new float[rows * g];
            drhJ = new float[rows * g];
            carryN = new NativeMatrix(batch, h);
            carryJ = new float[batch * h];
            carryTmp = new float[batch * h];
            dInput = new NativeMatrix(rows, n);
            gradW = new NativeMatrix(g, n);
            gradR = new NativeMatrix(g, h);
        }
    }

    /**
     * Steps {@code [t0, t1)}: reads {@code input}'s rows of those steps ({@code [rows, n]}, mirrored in Java by
     * {@code inputJ}, which is read for ranges shorter than the whole), starts step 0 from
     * {@code start} ({@code [batch, H]}, null = zeros), writes the outputs.
     */
    void forward(NativeMatrix w, NativeMatrix r, GruKernels.Biases biases, NativeMatrix input, float[] inputJ, float[] start,
                 int t0, int t1) {
        this.input = input;
        if (t0 == 0) {
            zeroStart = start == null;
            if (zeroStart) {
                Arrays.fill(h0, 0f);
            } else {
                System.arraycopy(start, 0, h0, 0, batch * h);
            }
        }
        int r0 = t0 * batch;
        int r1 = t1 * batch;
        if (r0 == 0 && r1 == rows) {
            NativeMatrix.gemm(input.array, false, w.array, true, xw.array, 0.0);
            xw.read(xwJ);
        } else {
            segments.gemmRows(inputJ, n, w, xwJ, g, r0, r1);
        }
        for (int t = t0; t < t1; t++) {
            float[] p = t == 0 ? h0 : outJ;
            int po = t == 0 ? 0 : (t - 1) * batch * h;
            prev.write(t * batch * h, p, po, batch * h);
            if (t == 0 && zeroStart) {
                Arrays.fill(recJ, 0f);
            } else {
                NativeMatrix.gemm(prev.block(t, batch), false, r.array, true, rec.array, 0.0);
                rec.read(0, recJ, 0, batch * g);
            }
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                GruKernels.forward(h, xwJ, row * g, recJ, b * g, biases, p, po + b * h, gates, row * g, rhh, outJ, row * h,
                        scratch);
            }
            out.write(t * batch * h, outJ, t * batch * h, batch * h);
        }
    }

    /** The output of step {@code t} ({@code [batch, H]}, a copy). */
    float[] output(int t) {
        return Arrays.copyOfRange(outJ, t * batch * h, (t + 1) * batch * h);
    }

    /**
     * Backward over all steps: {@code dOut} is the gradient of every output ({@code [rows, H]}, null = none),
     * {@code dLast} that of the last step's output beyond it ({@code [batch, H]}, null = none; the decoder's
     * initial-state gradient for an encoder layer). Adds the weight and bias gradients to {@code gW}, {@code gR},
     * {@code gB}; leaves the inputs' gradient in {@link #dInput} when {@code inputGradient}, and returns the
     * gradient of the starting state ({@code [batch, H]}).
     */
    float[] backward(NativeMatrix w, NativeMatrix r, float[] dOut, float[] dLast, boolean inputGradient, float[] gW, float[] gR,
                     float[] gB) {
        if (dLast == null) {
            Arrays.fill(carryJ, 0f);
        } else {
            System.arraycopy(dLast, 0, carryJ, 0, batch * h);
        }
        for (int t = time - 1; t >= 0; t--) {
            float[] p = t == 0 ? h0 : outJ;
            int po = t == 0 ? 0 : (t - 1) * batch * h;
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                GruKernels.backward(h, dOut, row * h, carryJ, b * h, gates, row * g, rhh, row * h, p, po + b * h, dxwJ, drhJ,
                        scratch);
            }
            drh.write(t * batch * g, drhJ, t * batch * g, batch * g);
            if (t > 0 || !zeroStart) {
                NativeMatrix.gemm(drh.block(t, batch), false, r.array, false, carryN.array, 0.0);
                carryN.read(0, carryTmp, 0, batch * h);
                for (int i = 0; i < batch * h; i++) {
                    carryJ[i] += carryTmp[i];
                }
            }
        }
        dxw.write(dxwJ);
        NativeMatrix.gemm(dxw.array, true, input.array, false, gradW.array, 0.0);
        gradW.addTo(gW);
        NativeMatrix.gemm(drh.array, true, prev.array, false, gradR.array, 0.0);
        gradR.addTo(gR);
        float[] sumX = new float[g];
        float[] sumR = new float[g];
        for (int row = 0; row < rows; row++) {
            Kernels.axpy(g, 1f, dxwJ, row * g, sumX, 0);
            Kernels.axpy(g, 1f, drhJ, row * g, sumR, 0);
        }
        for (int k = 0; k < g; k++) {
            gB[k] += sumX[k];
            gB[g + k] += sumR[k];
        }
        if (inputGradient) {
            NativeMatrix.gemm(dxw.array, false, w.array, false, dInput.array, 0.0);
        }
        return carryJ.clone();
    }

    private void release() {
        NativeMatrix.closeAll(out, prev, xw, rec, dxw, drh, carryN, dInput, gradW, gradR);
        out = prev = xw = rec = dxw = drh = carryN = dInput = gradW = gradR = null;
    }

    @Override
    public void close() {
        release();
        segments.close();
    }
}
