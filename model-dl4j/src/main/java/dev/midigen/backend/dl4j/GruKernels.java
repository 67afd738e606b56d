package dev.midigen.backend.dl4j;

/**
 * The element-wise GRU math of one row (one sequence at one step) for {@link GruLayer}, ONNX's equations with
 * {@code linear_before_reset = 1}. As in {@link Kernels}, C2 (JDK 17) vectorises these loops only when they read and
 * write one index of offset-free arrays, so rows go through per-thread scratch arrays and {@link System#arraycopy}.
 */
final class GruKernels {
    private GruKernels() {
    }

    /** Per-thread scratch rows of {@code H}. */
    static final class Rows {
        final float[] z;
        final float[] r;
        final float[] n;
        final float[] rh;
        final float[] prev;
        final float[] out;
        final float[] dh;
        final float[] dz;
        final float[] dr;
        final float[] dn;

        Rows(int hidden) {
            z = new float[hidden];
            r = new float[hidden];
            n = new float[hidden];
            rh = new float[hidden];
            prev = new float[hidden];
            out = new float[hidden];
            dh = new float[hidden];
            dz = new float[hidden];
            dr = new float[hidden];
            dn = new float[hidden];
        }
    }

    /**
     * The biases as the kernels add them: {@code z} and {@code r} gates' input and recurrent biases summed, the
     * candidate's input bias, the candidate's recurrent bias (inside the reset gate's product).
     */
    record Biases(float[] z, float[] r, float[] inputH, float[] recurrentH) {
        static Biases of(float[] inputBias, float[] recurrentBias, int hidden) {
            float[] z = new float[hidden];
            float[] r = new float[hidden];
            float[] ih = new float[hidden];
            float[] rh = new float[hidden];
            for (int u = 0; u < hidden; u++) {
                z[u] = inputBias[u] + recurrentBias[u];
                r[u] = inputBias[hidden + u] + recurrentBias[hidden + u];
                ih[u] = inputBias[2 * hidden + u];
                rh[u] = recurrentBias[2 * hidden + u];
            }
            return new Biases(z, r, ih, rh);
        }
    }

    /**
     * Forward of one row: input projections {@code xw[xo..xo+3H)} (without bias), recurrent products
     * {@code rec[ro..ro+3H)} (without bias), previous state {@code prev[po..po+H)}. Writes z, r, the candidate to
     * {@code gates[go..go+3H)}, the candidate's recurrent term {@code Rh h + Rbh} to {@code rhh[ho..)} and the new
     * state to {@code out[ho..)}.
     */
    static void forward(int h, float[] xw, int xo, float[] rec, int ro, Biases b, float[] prev, int po, float[] gates,
                        int go, float[] rhh, float[] out, int ho, Rows s) {
        float[] z = s.z;
        float[] r = s.r;
        float[] n = s.n;
        float[] rh = s.rh;
        System.arraycopy(xw, xo, z, 0, h);
        System.arraycopy(xw, xo + h, r, 0, h);
        System.arraycopy(xw, xo + 2 * h, n, 0, h);
        System.arraycopy(rec, ro + 2 * h, rh, 0, h);
        System.arraycopy(prev, po, s.prev, 0, h);
        System.arraycopy(rec, ro, s.dz, 0, h);
        System.arraycopy(rec, ro + h, s.dr, 0, h);
        gates(h, z, r, n, rh, s.dz, s.dr, b.z(), b.r(), b.inputH(), b.recurrentH(), s.prev, s.out);
        System.arraycopy(z, 0, gates, go, h);
        System.arraycopy(r, 0, gates, go + h, h);
        System.arraycopy(n, 0, gates, go + 2 * h, h);
        System.arraycopy(rh, 0, rhh, ho, h);
        System.arraycopy(s.out, 0, out, ho, h);
    }

    private static void gates(int h, float[] z, float[] r, float[] n, float[] rh, float[] recZ, float[] recR, float[] bz,
                              float[] br, float[] bih, float[] brh, float[] prev, float[] out) {
        for (int u = 0; u < h; u++) {
            z[u] = Kernels.sigmoid(z[u] + recZ[u] + bz[u]);
        }
        for (int u = 0; u < h; u++) {
            r[u] = Kernels.sigmoid(r[u] + recR[u] + br[u]);
        }
        for (int u = 0; u < h; u++) {
            rh[u] = rh[u] + brh[u];
        }
        for (int u = 0; u < h; u++) {
            n[u] = Kernels.tanh(n[u] + bih[u] + r[u] * rh[u]);
        }
        for (int u = 0; u < h; u++) {
            out[u] = n[u] + z[u] * (prev[u] - n[u]);
        }
    }

    /**
     * Backward of one row: the state's gradient {@code dOut[oo..oo+H)} (null = none) plus {@code carry[co..co+H)};
     * the forward's gates, {@code rhh} and previous state. Writes the input projections' gradient
     * {@code dxw[go..go+3H)}, the recurrent products' {@code drh[go..go+3H)}, and into {@code carry[co..)} the part of
     * the previous state's gradient that does not pass through {@code R} ({@code dh ⊙ z}).
     */
    static void backward(int h, float[] dOut, int oo, float[] carry, int co, float[] gates, int go, float[] rhh, int ho,
                         float[] prev, int po, float[] dxw, float[] drh, Rows s) {
        float[] dh = s.dh;
        System.arraycopy(carry, co, dh, 0, h);
        if (dOut != null) {
            System.arraycopy(dOut, oo, s.out, 0, h);
            add(h, s.out, dh);
        }
        System.arraycopy(gates, go, s.z, 0, h);
        System.arraycopy(gates, go + h, s.r, 0, h);
        System.arraycopy(gates, go + 2 * h, s.n, 0, h);
        System.arraycopy(rhh, ho, s.rh, 0, h);
        System.arraycopy(prev, po, s.prev, 0, h);
        gradients(h, dh, s.z, s.r, s.n, s.rh, s.prev, s.dz, s.dr, s.dn, s.out);
        System.arraycopy(s.dz, 0, dxw, go, h);
        System.arraycopy(s.dr, 0, dxw, go + h, h);
        System.arraycopy(s.dn, 0, dxw, go + 2 * h, h);
        System.arraycopy(s.dz, 0, drh, go, h);
        System.arraycopy(s.dr, 0, drh, go + h, h);
        multiply(h, s.dn, s.r, s.rh);
        System.arraycopy(s.rh, 0, drh, go + 2 * h, h);
        System.arraycopy(s.out, 0, carry, co, h);
    }

    private static void add(int h, float[] a, float[] target) {
        for (int u = 0; u < h; u++) {
            target[u] += a[u];
        }
    }

    private static void multiply(int h, float[] a, float[] b, float[] out) {
        for (int u = 0; u < h; u++) {
            out[u] = a[u] * b[u];
        }
    }

    /** daz, dar, dan (pre-activation gradients) and the carry {@code dh ⊙ z} into {@code direct}. */
    private static void gradients(int h, float[] dh, float[] z, float[] r, float[] n, float[] rh, float[] prev, float[] daz,
                                  float[] dar, float[] dan, float[] direct) {
        for (int u = 0; u < h; u++) {
            float dn = dh[u] * (1 - z[u]);
            dan[u] = dn * (1 - n[u] * n[u]);
        }
        for (int u = 0; u < h; u++) {
            dar[u] = dan[u] * rh[u] * r[u] * (1 - r[u]);
        }
        for (int u = 0; u < h; u++) {
            daz[u] = dh[u] * (prev[u] - n[u]) * z[u] * (1 - z[u]);
        }
        for (int u = 0; u < h; u++) {
            direct[u] = dh[u] * z[u];
        }
    }
}
