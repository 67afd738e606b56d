package dev.midigen.model.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The canonical weights of a GRU stack, ONNX's layout with {@code linear_before_reset = 1}, and the
 * equations every backend computes (the seq2seq family builds on it).
 *
 * <p>For GRU layer {@code l} with input width {@code n} and {@code H} units, under an optional name
 * prefix ({@code ""}, or {@code "encoder."} and {@code "decoder."} for two stacks):
 * <ul>
 *   <li>{@code gru.l.W} {@code [3H, n]} — input weights, gate blocks in the order z, r, h;</li>
 *   <li>{@code gru.l.R} {@code [3H, H]} — recurrent weights, same order;</li>
 *   <li>{@code gru.l.B} {@code [6H]} — input biases (z, r, h) then recurrent biases (z, r, h).</li>
 * </ul>
 * <pre>
 *   z  = σ(Wz x + Rz h + Wbz + Rbz)               (update gate)
 *   r  = σ(Wr x + Rr h + Wbr + Rbr)               (reset gate)
 *   h~ = tanh(Wh x + r ⊙ (Rh h + Rbh) + Wbh)      (the reset gate scales the recurrent product and its bias)
 *   h' = (1 − z) ⊙ h~ + z ⊙ h
 * </pre>
 * With {@code linear_before_reset = 0} (not used here) the candidate would be
 * {@code tanh(Wh x + Rh (r ⊙ h) + Rbh + Wbh)}; the two differ whenever {@code Rbh ≠ 0} or {@code r ≠ 1}.
 * nd4j's GRU is this form with blocks {@code r, u, c} (z←u, r←r, h←c); PyTorch's {@code nn.GRU} is
 * this form with blocks {@code r, z, n}. State starts at zero unless the family says otherwise.
 */
public final class GruLayout {
    private GruLayout() {
    }

    /** Gate block indices in the canonical order. */
    public static final int GATE_Z = 0;
    public static final int GATE_R = 1;
    public static final int GATE_H = 2;

    public static String inputWeights(int layer) {
        return inputWeights("", layer);
    }

    public static String recurrentWeights(int layer) {
        return recurrentWeights("", layer);
    }

    public static String biases(int layer) {
        return biases("", layer);
    }

    public static String inputWeights(String prefix, int layer) {
        return prefix + "gru." + layer + ".W";
    }

    public static String recurrentWeights(String prefix, int layer) {
        return prefix + "gru." + layer + ".R";
    }

    public static String biases(String prefix, int layer) {
        return prefix + "gru." + layer + ".B";
    }

    /** Every tensor's name and shape for a stack over {@code inputSize} features, bottom layer first. */
    public static Map<String, int[]> shapes(String prefix, int inputSize, List<Integer> layerSizes) {
        if (inputSize < 1 || layerSizes.isEmpty()) {
            throw new IllegalArgumentException("a GRU stack needs an input size >= 1 and at least one layer");
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        int in = inputSize;
        for (int l = 0; l < layerSizes.size(); l++) {
            int h = layerSizes.get(l);
            if (h < 1) {
                throw new IllegalArgumentException("GRU layer sizes must be >= 1, got " + h);
            }
            shapes.put(inputWeights(prefix, l), new int[] {3 * h, in});
            shapes.put(recurrentWeights(prefix, l), new int[] {3 * h, h});
            shapes.put(biases(prefix, l), new int[] {6 * h});
            in = h;
        }
        return shapes;
    }

    /**
     * Checks that {@code weights} hold the stack's tensors with the right shapes (other tensors, such as
     * a classifier's, may be there too).
     *
     * @throws IllegalArgumentException naming each missing or misshapen tensor
     */
    public static void check(Weights weights, String prefix, int inputSize, List<Integer> layerSizes) {
        Layouts.check(weights, shapes(prefix, inputSize, layerSizes), true, "GRU stack");
    }

    /** Seeded initial weights: Glorot-uniform matrices (as {@link LstmLayout#initial}), zero biases. */
    public static Weights initial(String prefix, int inputSize, List<Integer> layerSizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> entry : shapes(prefix, inputSize, layerSizes).entrySet()) {
            int[] shape = entry.getValue();
            float[] values = shape.length == 2 ? Layouts.glorot(shape[0], shape[1], random) : new float[shape[0]];
            tensors.put(entry.getKey(), Tensor.wrap(values, shape));
        }
        return Weights.of(tensors);
    }
}
