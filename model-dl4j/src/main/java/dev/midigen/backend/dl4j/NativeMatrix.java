package dev.midigen.backend.dl4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A row-major float matrix in nd4j's off-heap memory, with bulk copies to and from Java arrays and views of
 * row blocks (time steps) for nd4j's GEMM. Owned by one thread at a time.
 */
final class NativeMatrix implements AutoCloseable {
    final int rows;
    final int cols;
    final INDArray array;
    private final FloatBuffer buffer;
    private INDArray[] blocks;
    private int blockRows;

    NativeMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.array = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
        this.buffer = array.data().asNioFloat();
    }

    /** Copies {@code length} values of {@code source} from {@code from} to this matrix at flat index {@code at}. */
    void write(int at, float[] source, int from, int length) {
        buffer.put(at, source, from, length);
    }

    void write(float[] source) {
        buffer.put(0, source, 0, rows * cols);
    }

    /** Copies {@code length} values from flat index {@code at} into {@code target} at {@code to}. */
    void read(int at, float[] target, int to, int length) {
        buffer.get(at, target, to, length);
    }

    void read(float[] target) {
        buffer.get(0, target, 0, rows * cols);
    }

    /** Rows {@code [from, to)} as a view. */
    INDArray rows(int from, int to) {
        if (from == 0 && to == rows) {
            return array;
        }
        return array.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Block {@code k} of {@code size} rows (cached views: block {@code k} is rows {@code [k·size, (k+1)·size)}). */
    INDArray block(int k, int size) {
        if (blocks == null || blockRows != size) {
            blocks = new INDArray[rows / size];
            blockRows = size;
        }
        INDArray view = blocks[k];
        if (view == null) {
            view = rows(k * size, (k + 1) * size);
            blocks[k] = view;
        }
        return view;
    }

    @Override
    public void close() {
        blocks = null;
        if (!array.wasClosed()) {
            array.close();
        }
    }

    /** Adds this matrix's values to {@code target} (of as many). */
    void addTo(float[] target) {
        float[] values = new float[target.length];
        read(values);
        for (int i = 0; i < values.length; i++) {
            target[i] += values[i];
        }
    }

    /** Closes every matrix given that is not null. */
    static void closeAll(NativeMatrix... matrices) {
        if (matrices != null) {
            for (NativeMatrix m : matrices) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    /** {@code c = alpha · op(a) · op(b) + beta · c} on nd4j (OpenBLAS on this platform). */
    static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double beta) {
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
    }
}
