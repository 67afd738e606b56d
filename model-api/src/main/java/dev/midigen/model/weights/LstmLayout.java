package dev.midigen.model.weights;

import dev.midigen.model.LstmNetwork;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical weights of an LSTM family, ONNX's layout, and the equations every backend computes.
 *
 * <p>For LSTM layer {@code l} with input width {@code n} and {@code H} units (layer 0 reads {@code [input ; control]}:
 * the codec's features, then a conditioned model's per-sequence control, {@code ModelSpec.decoderInputSize()} wide;
 * the control's columns of {@code lstm.0.W} are its last ones):
 * <ul>
 *   <li>{@code lstm.l.W} {@code [4H, n]} — input weights, gate blocks in the order i, o, f, c;</li>
 *   <li>{@code lstm.l.R} {@code [4H, H]} — recurrent weights, same order;</li>
 *   <li>{@code lstm.l.B} {@code [8H]} — input biases (i, o, f, c) then recurrent biases (i, o, f, c).</li>
 * </ul>
 * <pre>
 *   i = σ(Wi x + Ri h + Wbi + Rbi)      o = σ(Wo x + Ro h + Wbo + Rbo)
 *   f = σ(Wf x + Rf h + Wbf + Rbf)      g = tanh(Wc x + Rc h + Wbc + Rbc)
 *   c' = f ⊙ c + i ⊙ g                  h' = o ⊙ tanh(c')
 * </pre>
 * No peepholes, no cell clipping, and no forget bias added at run time (engines that add one must have
 * it subtracted). State starts at zero.
 *
 * <p>Attention (when {@link LstmNetwork#attentionLength()} {@code L > 0}): {@code attention.W}
 * {@code [H, H]} over the top layer's outputs. At step t, with the top outputs {@code h_j} of the
 * previous {@code min(L, t)} steps (none at t = 0): {@code u_j = W h_j}, {@code s_j = h_t · u_j},
 * {@code a = softmax(s)}, {@code context = Σ a_j h_j} (zero when there are no previous steps).
 *
 * <p>Output: {@code output.W} {@code [outputSize, m]} and {@code output.b} {@code [outputSize]}, with
 * {@code m = H} or, with attention, {@code 2H} reading {@code [h_t ; context]}:
 * {@code logits = output.W · features + output.b}. Dense weights are {@code [out, in]}, row-major.
 */
public final class LstmLayout {
    private LstmLayout() {
    }

    public static String inputWeights(int layer) {
        return "lstm." + layer + ".W";
    }

    public static String recurrentWeights(int layer) {
        return "lstm." + layer + ".R";
    }

    public static String biases(int layer) {
        return "lstm." + layer + ".B";
    }

    public static final String ATTENTION = "attention.W";
    public static final String OUTPUT_WEIGHTS = "output.W";
    public static final String OUTPUT_BIAS = "output.b";

    /** Gate block indices in the canonical order. */
    public static final int GATE_I = 0;
    public static final int GATE_O = 1;
    public static final int GATE_F = 2;
    public static final int GATE_C = 3;

    /** Every tensor's name and shape, in the canonical order. */
    public static Map<String, int[]> shapes(LstmNetwork network) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        int in = network.inputSize();
        for (int l = 0; l < network.layerSizes().size(); l++) {
            int h = network.layerSizes().get(l);
            shapes.put(inputWeights(l), new int[] {4 * h, in});
            shapes.put(recurrentWeights(l), new int[] {4 * h, h});
            shapes.put(biases(l), new int[] {8 * h});
            in = h;
        }
        if (network.attentionLength() > 0) {
            shapes.put(ATTENTION, new int[] {network.topSize(), network.topSize()});
        }
        shapes.put(OUTPUT_WEIGHTS, new int[] {network.outputSize(), network.outputInputSize()});
        shapes.put(OUTPUT_BIAS, new int[] {network.outputSize()});
        return shapes;
    }

    /**
     * Checks that {@code weights} hold exactly the network's tensors with the right shapes.
     *
     * @throws IllegalArgumentException naming each missing, extra or misshapen tensor
     */
    public static void check(Weights weights, LstmNetwork network) {
        Layouts.check(weights, shapes(network), false, "network");
    }

    /**
     * Seeded initial weights, the same on every backend: Glorot-uniform matrices, zero biases except
     * the forget gates' input bias of 1 (the usual forget bias, here a real weight).
     */
    public static Weights initial(LstmNetwork network, long seed) {
        return Layouts.initial(shapes(network), seed,
                (name, length) -> name.startsWith("lstm.") ? Layouts.lstmBiases(length) : null);
    }
}
