package dev.midigen.backend.dl4j;

import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.weights.LstmLayout;

/**
 * An LSTM family's parameters (or their gradients) on the Java heap, in the canonical
 * layout and order of {@link LstmLayout}: per layer {@code W [4H, n]}, {@code R [4H, H]}, {@code B [8H]}
 * (gate blocks i, o, f, c; input then recurrent biases), then {@code attention.W [H, H]} when there is
 * attention, {@code output.W [O, m]} and {@code output.b [O]}. Mutable; not thread-safe.
 */
final class LstmParams extends HeapParams {
    final LstmNetwork network;

    LstmParams(ModelSpec spec, float[][] values) {
        super(spec, LstmLayout.shapes(spec.lstmNetwork()), values);
        this.network = spec.lstmNetwork();
    }

    @Override
    NativeParams natives() {
        return new NativeParams(this);
    }

    int layers() {
        return network.layerSizes().size();
    }

    int hidden(int layer) {
        return network.layerSizes().get(layer);
    }

    int layerInput(int layer) {
        return layer == 0 ? network.inputSize() : hidden(layer - 1);
    }

    float[] inputWeights(int layer) {
        return values[3 * layer];
    }

    float[] recurrentWeights(int layer) {
        return values[3 * layer + 1];
    }

    float[] biases(int layer) {
        return values[3 * layer + 2];
    }

    boolean attention() {
        return network.attentionLength() > 0;
    }

    /** {@code attention.W} or null. */
    float[] attentionWeights() {
        return attention() ? values[3 * layers()] : null;
    }

    float[] outputWeights() {
        return values[values.length - 2];
    }

    float[] outputBias() {
        return values[values.length - 1];
    }

    /** The input and recurrent biases of a layer summed ({@code 4H}): what the gates add. */
    float[] combinedBias(int layer) {
        return summedBiases(biases(layer));
    }

    /** An LSTM's {@code B} ({@code [8H]}: input then recurrent biases) summed ({@code 4H}). */
    static float[] summedBiases(float[] b) {
        int gates = b.length / 2;
        float[] sum = new float[gates];
        for (int k = 0; k < gates; k++) {
            sum[k] = b[k] + b[gates + k];
        }
        return sum;
    }

    /** The rows of the transpose of a row-major {@code [rows, cols]} matrix: {@code cols} arrays of {@code rows}. */
    static float[][] transposedRows(float[] matrix, int rows, int cols) {
        float[][] t = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                t[c][r] = matrix[base + c];
            }
        }
        return t;
    }

    /** A row-major {@code [rows, cols]} matrix as {@code rows} arrays. */
    static float[][] rows(float[] matrix, int rows, int cols) {
        float[][] result = new float[rows][];
        for (int r = 0; r < rows; r++) {
            result[r] = java.util.Arrays.copyOfRange(matrix, r * cols, (r + 1) * cols);
        }
        return result;
    }
}
