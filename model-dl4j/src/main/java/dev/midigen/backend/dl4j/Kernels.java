package dev.midigen.backend.dl4j;

/**
 * The element-wise parts of the LSTM, in loops HotSpot's C2 compiles to AVX2 (measured here: nd4j's own
 * sigmoid costs about 4 ns per element, {@link Math#tanh} 39 ns, these 0.8 ns). Matrix products go to nd4j.
 *
 * <p>{@code tanh} is Eigen's rational approximation (odd 13th / even 6th degree polynomials, input clamped to
 * ±7.905): its error against {@link Math#tanh} is below 4e-7 everywhere ({@code KernelsTest}); the sigmoid is
 * {@code ½ + ½ tanh(x/2)}. {@code exp} is Cody–Waite range reduction with a degree-6 polynomial (relative
 * error below 1e-7 on [-87, 88]).
 *
 * <p>Each loop reads and writes arrays at one running index plus fixed offsets, the shape C2 vectorises.
 */
final class Kernels {
    private Kernels() {
    }

    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;
    private static final float CLAMP = 7.90531110763549805f;

    static float tanh(float value) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, value));
        float x2 = x * x;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = x * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return p / q;
    }

    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 × 2^23: adding it rounds to an integer

    static float exp(float value) {
        float x = Math.max(-87.3f, Math.min(88.3f, value));
        float shifted = x * LOG2E + ROUND;
        float k = shifted - ROUND;
        float r = x - k * LN2_HI - k * LN2_LO;
        float p = 1.9875691500E-4f;
        p = p * r + 1.3981999507E-3f;
        p = p * r + 8.3334519073E-3f;
        p = p * r + 4.1665795894E-2f;
        p = p * r + 1.6666665459E-1f;
        p = p * r + 5.0000001201E-1f;
        p = p * r * r + r + 1f;
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) + (127 - 0x4B400000)) << 23);
    }

    /** Per-thread scratch rows for the LSTM kernels: the four gates, the cell, its tanh and the output. */
    static final class Rows {
        final float[] i;
        final float[] o;
        final float[] f;
        final float[] g;
        final float[] c;
        final float[] t;
        final float[] h;
        final float[] row;

        Rows(int hidden) {
            i = new float[hidden];
            o = new float[hidden];
            f = new float[hidden];
            g = new float[hidden];
            c = new float[hidden];
            t = new float[hidden];
            h = new float[hidden];
            row = new float[4 * hidden];
        }
    }

    /**
     * One row of LSTM steps: pre-activations {@code x[xo..xo+4H) + r[ro..ro+4H) + bias} in gate blocks
     * i, o, f, c; the previous cell {@code cPrev[po..po+H)} (null = zeros). Writes the activated gates to
     * {@code act[ao..ao+4H)}, the cell to {@code c[co..)}, {@code tanh(c)} to {@code tc[co..)} and the output to
     * {@code h[ho..)}.
     *
     * <p>C2 (JDK 17) vectorises a loop that evaluates {@link #tanh} only when it reads and writes one index of
     * offset-free arrays, so the gates go through the scratch rows and {@link System#arraycopy}.
     */
    static void lstmForward(int hidden, float[] x, int xo, float[] r, int ro, float[] bias, float[] cPrev, int po,
                            float[] act, int ao, float[] c, float[] tc, int co, float[] h, int ho, Rows s) {
        int h1 = hidden;
        int h2 = 2 * hidden;
        int h3 = 3 * hidden;
        sum(hidden, x, xo, r, ro, bias, 0, s.i);
        sum(hidden, x, xo + h1, r, ro + h1, bias, h1, s.o);
        sum(hidden, x, xo + h2, r, ro + h2, bias, h2, s.f);
        sum(hidden, x, xo + h3, r, ro + h3, bias, h3, s.g);
        sigmoid(hidden, s.i);
        sigmoid(hidden, s.o);
        sigmoid(hidden, s.f);
        tanh(hidden, s.g, s.g);
        if (cPrev == null) {
            multiply(hidden, s.i, s.g, s.c);
        } else {
            cell(hidden, s.f, cPrev, po, s.i, s.g, s.c);
        }
        tanh(hidden, s.c, s.t);
        multiply(hidden, s.o, s.t, s.h);
        System.arraycopy(s.i, 0, act, ao, hidden);
        System.arraycopy(s.o, 0, act, ao + h1, hidden);
        System.arraycopy(s.f, 0, act, ao + h2, hidden);
        System.arraycopy(s.g, 0, act, ao + h3, hidden);
        System.arraycopy(s.c, 0, c, co, hidden);
        System.arraycopy(s.t, 0, tc, co, hidden);
        System.arraycopy(s.h, 0, h, ho, hidden);
    }

    private static void sum(int n, float[] x, int xo, float[] r, int ro, float[] b, int bo, float[] out) {
        for (int u = 0; u < n; u++) {
            out[u] = x[xo + u] + r[ro + u] + b[bo + u];
        }
    }

    private static void sigmoid(int n, float[] values) {
        for (int u = 0; u < n; u++) {
            values[u] = sigmoid(values[u]);
        }
    }

    private static void tanh(int n, float[] in, float[] out) {
        for (int u = 0; u < n; u++) {
            out[u] = tanh(in[u]);
        }
    }

    private static void multiply(int n, float[] a, float[] b, float[] out) {
        for (int u = 0; u < n; u++) {
            out[u] = a[u] * b[u];
        }
    }

    private static void cell(int n, float[] f, float[] cPrev, int po, float[] i, float[] g, float[] out) {
        for (int u = 0; u < n; u++) {
            out[u] = f[u] * cPrev[po + u] + i[u] * g[u];
        }
    }

    /**
     * One row of the LSTM's backward step. {@code dh[dho..)}: the gradient reaching this step's output;
     * {@code dc[dco..)}: on entry the gradient reaching this step's cell from the next step (0 at the last),
     * on exit the gradient reaching the previous cell. Writes the pre-activation gradients to
     * {@code dz[zo..zo+4H)}.
     */
    static void lstmBackward(int hidden, float[] dh, int dho, float[] dc, int dco, float[] act, int ao, float[] tc,
                             int co, float[] cPrev, int po, float[] dz, int zo, Rows s) {
        int h1 = hidden;
        int h2 = 2 * hidden;
        int h3 = 3 * hidden;
        System.arraycopy(act, ao, s.i, 0, hidden);
        System.arraycopy(act, ao + h1, s.o, 0, hidden);
        System.arraycopy(act, ao + h2, s.f, 0, hidden);
        System.arraycopy(act, ao + h3, s.g, 0, hidden);
        System.arraycopy(tc, co, s.t, 0, hidden);
        System.arraycopy(dh, dho, s.h, 0, hidden);
        System.arraycopy(dc, dco, s.c, 0, hidden);
        float[] row = s.row;
        backwardOutput(hidden, s.h, s.t, s.o, s.c, row);
        backwardCell(hidden, s.c, s.i, s.g, s.f, row);
        if (cPrev == null) {
            java.util.Arrays.fill(row, h2, h3, 0f);
        } else {
            for (int u = 0; u < hidden; u++) {
                row[h2 + u] *= cPrev[po + u];
            }
        }
        System.arraycopy(row, 0, dz, zo, 4 * hidden);
        System.arraycopy(s.c, 0, dc, dco, hidden);
    }

    /** {@code dz_o = dh·tanh(c)·o(1−o)} into {@code row[H..2H)}; {@code dc += dh·o·(1−tanh²c)}. */
    private static void backwardOutput(int n, float[] dh, float[] t, float[] o, float[] dc, float[] row) {
        for (int u = 0; u < n; u++) {
            float dOut = dh[u];
            float ou = o[u];
            float tu = t[u];
            row[n + u] = dOut * tu * ou * (1f - ou);
            dc[u] += dOut * ou * (1f - tu * tu);
        }
    }

    /** The i, f (before ×c_prev) and c gates' gradients into {@code row}; {@code dc} becomes {@code dc·f}. */
    private static void backwardCell(int n, float[] dc, float[] i, float[] g, float[] f, float[] row) {
        for (int u = 0; u < n; u++) {
            float d = dc[u];
            float iu = i[u];
            float gu = g[u];
            float fu = f[u];
            row[u] = d * gu * iu * (1f - iu);
            row[2 * n + u] = d * fu * (1f - fu);
            row[3 * n + u] = d * iu * (1f - gu * gu);
            dc[u] = d * fu;
        }
    }

    /**
     * One LSTM step from summed pre-activations {@code z[0..4H)} (gate blocks i, o, f, c, biases included):
     * updates the cell {@code c[co..co+H)} and output {@code h[ho..ho+H)} in place. {@code z} is overwritten.
     */
    static void lstmCell(int hidden, float[] z, float[] c, int co, float[] h, int ho) {
        int h1 = hidden;
        int h2 = 2 * hidden;
        int h3 = 3 * hidden;
        for (int u = 0; u < hidden; u++) {
            z[u] = sigmoid(z[u]);
            z[h1 + u] = sigmoid(z[h1 + u]);
            z[h2 + u] = sigmoid(z[h2 + u]);
            z[h3 + u] = tanh(z[h3 + u]);
        }
        for (int u = 0; u < hidden; u++) {
            float cell = z[h2 + u] * c[co + u] + z[u] * z[h3 + u];
            c[co + u] = cell;
            h[ho + u] = z[h1 + u] * tanh(cell);
        }
    }

    /** {@code y[yo..yo+n) += a · x[xo..xo+n)}. */
    static void axpy(int n, float a, float[] x, int xo, float[] y, int yo) {
        for (int j = 0; j < n; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }

    /**
     * {@code out[0..g) += Σ_k x[xo + k] · rows[first + k]} for {@code k < n}, skipping zero inputs: a matrix–vector
     * product over a weight matrix transposed into rows (a one-hot input reads one row).
     */
    static void addRows(int g, float[][] rows, int first, float[] x, int xo, int n, float[] out) {
        for (int k = 0; k < n; k++) {
            float v = x[xo + k];
            if (v != 0f) {
                axpy(g, v, rows[first + k], out);
            }
        }
    }

    /** {@code y[0..n) += a · x[0..n)} for separate arrays (the fastest form). */
    static void axpy(int n, float a, float[] x, float[] y) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** {@code x[xo..xo+n) · y[yo..yo+n)}, eight partial sums. */
    static float dot(int n, float[] x, int xo, float[] y, int yo) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            s0 += x[xo + j] * y[yo + j];
            s1 += x[xo + j + 1] * y[yo + j + 1];
            s2 += x[xo + j + 2] * y[yo + j + 2];
            s3 += x[xo + j + 3] * y[yo + j + 3];
            s4 += x[xo + j + 4] * y[yo + j + 4];
            s5 += x[xo + j + 5] * y[yo + j + 5];
            s6 += x[xo + j + 6] * y[yo + j + 6];
            s7 += x[xo + j + 7] * y[yo + j + 7];
        }
        for (; j < n; j++) {
            s0 += x[xo + j] * y[yo + j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** {@code y[yo..yo+n) *= m[mo..mo+n)}. */
    static void multiply(int n, float[] m, int mo, float[] y, int yo) {
        for (int j = 0; j < n; j++) {
            y[yo + j] *= m[mo + j];
        }
    }

    /** Scratch rows for {@link #crossEntropy}. */
    static final class Softmax {
        final float[] z;
        final float[] p;
        final float[] k;

        Softmax(int classes) {
            z = new float[classes];
            p = new float[classes];
            k = new float[classes];
        }
    }

    /**
     * Softmax cross-entropy of one row of logits {@code z[zo..zo+n)} against {@code label}: writes
     * {@code weight · (softmax − onehot)} to {@code grad[zo..)} and returns {@code −log softmax[label]}.
     * The exponentials are {@link #exp} split into two loops C2 vectorises (polynomial, then the power of 2).
     */
    static double crossEntropy(int n, float[] logits, int zo, int label, float weight, float[] grad, Softmax s) {
        float[] z = s.z;
        System.arraycopy(logits, zo, z, 0, n);
        float m0 = Float.NEGATIVE_INFINITY;
        float m1 = Float.NEGATIVE_INFINITY;
        int j = 0;
        for (; j + 2 <= n; j += 2) {
            m0 = Math.max(m0, z[j]);
            m1 = Math.max(m1, z[j + 1]);
        }
        for (; j < n; j++) {
            m0 = Math.max(m0, z[j]);
        }
        float max = Math.max(m0, m1);
        expPolynomial(n, z, max, s.p, s.k);
        expScale(n, s.p, s.k, z);
        float sum = sum(n, z);
        double logSum = Math.log(sum) + max;
        float scale = weight / sum;
        for (int u = 0; u < n; u++) {
            z[u] *= scale;
        }
        System.arraycopy(z, 0, grad, zo, n);
        grad[zo + label] -= weight;
        return logSum - logits[zo + label];
    }

    /** {@code x = z − shift}: the polynomial part of {@code exp(x)} into {@code p}, the shifted exponent into {@code k}. */
    private static void expPolynomial(int n, float[] z, float shift, float[] p, float[] k) {
        for (int u = 0; u < n; u++) {
            float x = Math.max(-87.3f, Math.min(88.3f, z[u] - shift));
            float shifted = x * LOG2E + ROUND;
            float kf = shifted - ROUND;
            float r = x - kf * LN2_HI - kf * LN2_LO;
            float q = 1.9875691500E-4f;
            q = q * r + 1.3981999507E-3f;
            q = q * r + 8.3334519073E-3f;
            q = q * r + 4.1665795894E-2f;
            q = q * r + 1.6666665459E-1f;
            q = q * r + 5.0000001201E-1f;
            p[u] = q * r * r + r + 1f;
            k[u] = shifted;
        }
    }

    private static void expScale(int n, float[] p, float[] k, float[] out) {
        for (int u = 0; u < n; u++) {
            out[u] = p[u] * Float.intBitsToFloat((Float.floatToRawIntBits(k[u]) + (127 - 0x4B400000)) << 23);
        }
    }

    /** Sum with eight partial sums. */
    private static float sum(int n, float[] x) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
            s4 += x[j + 4];
            s5 += x[j + 5];
            s6 += x[j + 6];
            s7 += x[j + 7];
        }
        for (; j < n; j++) {
            s0 += x[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
