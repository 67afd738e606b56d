package dev.midigen.backend.dl4j;

import java.util.Arrays;

/**
 * One LSTM layer over a block of {@code batch} sequences of {@code time} steps, forward and backward, rows time-major
 * ({@code row = t · batch + b}), from a given state or zeros: the drum VAE's encoder directions (a backward direction
 * is this layer over the time-reversed rows) and decoder layers. Equations: {@link
 * dev.midigen.model.weights.LstmLayout}; the gate math is {@link Kernels#lstmForward} and {@link Kernels#lstmBackward};
 * nd4j's GEMM computes every step's input projection at once, each step's recurrent product, and the weight and input
 * gradients of all steps at once. One layer belongs to one thread.
 */
final class LstmLayer implements AutoCloseable {
    private final int n;
    private final int h;
    private final int g;
    private int batch;
    private int time;
    private int rows;

    /** Outputs {@code [rows, H]}, on nd4j and in Java. */
    NativeMatrix out;
    float[] outJ;
    /** The output each step starts from, {@code [rows, H]}: {@code h0} (or zeros) for step 0, else the previous output. */
    private NativeMatrix prev;
    private float[] h0;
    private float[] c0;
    private boolean zeroStart;
    private NativeMatrix input;
    private NativeMatrix xw;
    private float[] xwJ;
    private NativeMatrix rec;
    private float[] recJ;
    private float[] act;
    private float[] cell;
    private float[] tanhCell;
    private final Kernels.Rows scratch;

    private NativeMatrix dz;
    private float[] dzJ;
    private float[] dh;
    private float[] dc;
    private NativeMatrix carryN;
    private float[] carryJ;
    /** The gradient of the inputs {@code [rows, n]} after {@link #backward} with {@code inputGradient}. */
    NativeMatrix dInput;
    private NativeMatrix gradW;
    private NativeMatrix gradR;

    LstmLayer(int inputSize, int hidden) {
        this.n = inputSize;
        this.h = hidden;
        this.g = 4 * hidden;
        this.scratch = new Kernels.Rows(hidden);
    }

    /** Sizes the buffers for {@code batch × time} steps (its owner calls it when its shapes change). */
    void allocate(int newBatch, int newTime, boolean training) {
        release();
        batch = newBatch;
        time = newTime;
        rows = batch * time;
        out = new NativeMatrix(rows, h);
        outJ = new float[rows * h];
        prev = new NativeMatrix(rows, h);
        h0 = new float[batch * h];
        c0 = new float[batch * h];
        xw = new NativeMatrix(rows, g);
        xwJ = new float[rows * g];
        rec = new NativeMatrix(batch, g);
        recJ = new float[batch * g];
        act = new float[rows * g];
        cell = new float[rows * h];
        tanhCell = new float[rows * h];
        if (training) {
            dz = new NativeMatrix(rows, g);
            dzJ = new float[rows * g];
            dh = new float[batch * h];
            dc = new float[batch * h];
            carryN = new NativeMatrix(batch, h);
            carryJ = new float[batch * h];
            dInput = new NativeMatrix(rows, n);
            gradW = new NativeMatrix(g, n);
            gradR = new NativeMatrix(g, h);
        }
    }

    /**
     * Every step: reads {@code input} ({@code [rows, n]}), starts from {@code start} ({@code h} then {@code c}, each
     * {@code [batch, H]}; null = zeros), writes the outputs and keeps what {@link #backward} needs.
     */
    void forward(NativeMatrix w, NativeMatrix r, float[] bias, NativeMatrix input, float[] startH, float[] startC) {
        this.input = input;
        zeroStart = startH == null;
        if (zeroStart) {
            Arrays.fill(h0, 0f);
            Arrays.fill(c0, 0f);
        } else {
            System.arraycopy(startH, 0, h0, 0, batch * h);
            System.arraycopy(startC, 0, c0, 0, batch * h);
        }
        NativeMatrix.gemm(input.array, false, w.array, true, xw.array, 0.0);
        xw.read(xwJ);
        for (int t = 0; t < time; t++) {
            float[] p = t == 0 ? h0 : outJ;
            int po = t == 0 ? 0 : (t - 1) * batch * h;
            prev.write(t * batch * h, p, po, batch * h);
            if (t == 0 && zeroStart) {
                Arrays.fill(recJ, 0f);
            } else {
                NativeMatrix.gemm(prev.block(t, batch), false, r.array, true, rec.array, 0.0);
                rec.read(0, recJ, 0, batch * g);
            }
            float[] cPrev = t == 0 ? (zeroStart ? null : c0) : cell;
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int co = t == 0 ? b * h : (row - batch) * h;
                Kernels.lstmForward(h, xwJ, row * g, recJ, b * g, bias, cPrev, co, act, row * g, cell, tanhCell, row * h,
                        outJ, row * h, scratch);
            }
            out.write(t * batch * h, outJ, t * batch * h, batch * h);
        }
    }

    /** The output of step {@code t} ({@code [batch, H]}, a copy). */
    float[] output(int t) {
        return Arrays.copyOfRange(outJ, t * batch * h, (t + 1) * batch * h);
    }

    /** The cell of step {@code t} ({@code [batch, H]}, a copy). */
    float[] cell(int t) {
        return Arrays.copyOfRange(cell, t * batch * h, (t + 1) * batch * h);
    }

    /**
     * Backward over all steps: {@code dOut} is the gradient of every output ({@code [rows, H]}). Adds the weight and
     * bias gradients to {@code gW}, {@code gR}, {@code gB}; leaves the inputs' gradient in {@link #dInput} when
     * {@code inputGradient}. Afterwards {@link #startGradientH} and {@link #startGradientC} hold the gradients of the
     * starting state.
     */
    void backward(NativeMatrix w, NativeMatrix r, float[] dOut, boolean inputGradient, float[] gW, float[] gR,
                  float[] gB) {
        Arrays.fill(carryJ, 0f);
        Arrays.fill(dc, 0f);
        for (int t = time - 1; t >= 0; t--) {
            int base = t * batch * h;
            for (int i = 0; i < batch * h; i++) {
                dh[i] = dOut[base + i] + carryJ[i];
            }
            float[] cPrev = t == 0 ? (zeroStart ? null : c0) : cell;
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int co = t == 0 ? b * h : (row - batch) * h;
                Kernels.lstmBackward(h, dh, b * h, dc, b * h, act, row * g, tanhCell, row * h, cPrev, co, dzJ, row * g,
                        scratch);
            }
            dz.write(t * batch * g, dzJ, t * batch * g, batch * g);
            if (t > 0 || !zeroStart) {
                NativeMatrix.gemm(dz.block(t, batch), false, r.array, false, carryN.array, 0.0);
                carryN.read(0, carryJ, 0, batch * h);
            } else {
                Arrays.fill(carryJ, 0f);
            }
        }
        NativeMatrix.gemm(dz.array, true, input.array, false, gradW.array, 0.0);
        gradW.addTo(gW);
        NativeMatrix.gemm(dz.array, true, prev.array, false, gradR.array, 0.0);
        gradR.addTo(gR);
        float[] sum = new float[g];
        for (int row = 0; row < rows; row++) {
            Kernels.axpy(g, 1f, dzJ, row * g, sum, 0);
        }
        for (int k = 0; k < g; k++) {
            gB[k] += sum[k];
            gB[g + k] += sum[k];
        }
        if (inputGradient) {
            NativeMatrix.gemm(dz.array, false, w.array, false, dInput.array, 0.0);
        }
    }

    /** After {@link #backward}: the gradient of the starting output {@code h0} ({@code [batch, H]}, a copy). */
    float[] startGradientH() {
        return carryJ.clone();
    }

    /** After {@link #backward}: the gradient of the starting cell {@code c0} ({@code [batch, H]}, a copy). */
    float[] startGradientC() {
        return dc.clone();
    }

    private void release() {
        NativeMatrix.closeAll(out, prev, xw, rec, dz, carryN, dInput, gradW, gradR);
        out = prev = xw = rec = dz = carryN = dInput = gradW = gradR = null;
    }

    @Override
    public void close() {
        release();
    }
}
