package dev.midigen.backend.dl4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * nd4j matrices of given shapes, made once and reused, for GEMMs over a range of rows. Measured: views of row ranges
 * ({@code INDArray.get(interval)}) made anew for every short range — the decoder's ranges between steps that read its
 * own predictions — took a training step with two threads from 830 to 2,200 ms (nd4j's view creation contends between
 * threads); copying the rows through Java arrays into these matrices costs nothing like that. One per thread.
 */
final class ScratchMatrices implements AutoCloseable {
    private final Map<Long, NativeMatrix> inputs = new HashMap<>();
    private final Map<Long, NativeMatrix> outputs = new HashMap<>();

    /**
     * A matrix of {@code rows × cols} (its contents are whatever was left in it), from one of two pools, so that a
     * product's input and output are never the same matrix when their shapes agree.
     */
    private static NativeMatrix get(Map<Long, NativeMatrix> pool, int rows, int cols) {
        return pool.computeIfAbsent(((long) rows << 32) | cols, key -> new NativeMatrix(rows, cols));
    }

    /**
     * {@code out[r0..r1) = in[r0..r1) · Wᵀ} for row-major Java mirrors {@code in} ({@code [rows, n]}) and {@code out}
     * ({@code [rows, m]}), through scratch matrices ({@code w} is {@code [m, n]}).
     */
    void gemmRows(float[] in, int n, NativeMatrix w, float[] out, int m, int r0, int r1) {
        int rows = r1 - r0;
        NativeMatrix a = get(inputs, rows, n);
        NativeMatrix c = get(outputs, rows, m);
        a.write(0, in, r0 * n, rows * n);
        NativeMatrix.gemm(a.array, false, w.array, true, c.array, 0.0);
        c.read(0, out, r0 * m, rows * m);
    }

    @Override
    public void close() {
        for (Map<Long, NativeMatrix> pool : List.of(inputs, outputs)) {
            for (NativeMatrix m : pool.values()) {
                m.close();
            }
            pool.clear();
        }
    }
}
