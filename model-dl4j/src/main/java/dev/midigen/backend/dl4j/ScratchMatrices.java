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
    private final Map<Long, NativeMatrix> others = new HashMap<>();

    /**
     * A matrix of {@code rows × cols} (its contents are whatever was left in it), from one of three pools, so that a
     * product's operands and output are never the same matrix when their shapes agree.
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

    /**
     * {@code c = op(a) · op(b)} for row-major Java arrays {@code a} ({@code [aRows, aCols]} before {@code op}) and
     * {@code c} ({@code [cRows, cCols]}) and a matrix {@code b}, through scratch matrices.
     */
    void gemm(float[] a, int aRows, int aCols, boolean transposeA, NativeMatrix b, boolean transposeB, float[] c,
              int cRows, int cCols) {
        NativeMatrix left = get(inputs, aRows, aCols);
        NativeMatrix product = get(outputs, cRows, cCols);
        left.write(0, a, 0, aRows * aCols);
        NativeMatrix.gemm(left.array, transposeA, b.array, transposeB, product.array, 0.0);
        product.read(0, c, 0, cRows * cCols);
    }

    /** {@link #gemm(float[], int, int, boolean, NativeMatrix, boolean, float[], int, int)} with {@code b} in Java too. */
    void gemm(float[] a, int aRows, int aCols, boolean transposeA, float[] b, int bRows, int bCols, boolean transposeB,
              float[] c, int cRows, int cCols) {
        NativeMatrix right = get(others, bRows, bCols);
        right.write(0, b, 0, bRows * bCols);
        gemm(a, aRows, aCols, transposeA, right, transposeB, c, cRows, cCols);
    }

    @Override
    public void close() {
        for (Map<Long, NativeMatrix> pool : List.of(inputs, outputs, others)) {
            for (NativeMatrix m : pool.values()) {
                m.close();
            }
            pool.clear();
        }
    }
}
