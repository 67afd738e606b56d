package dev.midigen.model.weights;

import dev.midigen.model.Architecture;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical weights of the drum VAE ({@link DrumVae}) over groove frames of {@code F = 3 · classes} values, in this
 * order (LSTM layers as {@link LstmLayout}: gate blocks i, o, f, c; input then recurrent biases; dense {@code [out, in]}):
 * <ul>
 *   <li>{@code encoder.fw.lstm.l.W / .R / .B} and {@code encoder.bw.lstm.l.W / .R / .B} for each encoder layer
 *       {@code l}: the forward and backward directions; layer 0 reads {@code F}, layer {@code l > 0} the two
 *       directions' outputs of layer {@code l − 1} side by side ({@code 2 · E_{l−1}});</li>
 *   <li>{@code latent.mu.W} {@code [Z, 2·E_top]}, {@code latent.mu.b}, {@code latent.sigma.W}, {@code latent.sigma.b}:
 *       from the final outputs of the top layer's two directions ({@code [forward at the last step ; backward at the
 *       first]}), {@code μ} and {@code σ = softplus(·)};</li>
 *   <li>{@code bridge.W} {@code [Σ 2·D_l, Z]}, {@code bridge.b}: {@code tanh(bridge.W z + bridge.b)} is the decoder's
 *       initial state, layer by layer, each layer's {@code h} then {@code c};</li>
 *   <li>{@code decoder.lstm.l.W / .R / .B}: layer 0 reads {@code [previous frame ; control ; z]}
 *       ({@code F + C + Z}: {@code C} is the hit controls' width, the classes, or 0 without them), layer
 *       {@code l > 0} layer {@code l − 1}'s output;</li>
 *   <li>{@code head.W} {@code [F, D_top]}, {@code head.b} {@code [F]}: per class a hit logit, a velocity (through
 *       {@code sigmoid}) and an offset (through {@code tanh}), in the frame's order.</li>
 * </ul>
 */
public final class VaeLayout {
    public static final String ENCODER_FORWARD = "encoder.fw.";
    public static final String ENCODER_BACKWARD = "encoder.bw.";
    public static final String DECODER = "decoder.";
    public static final String MU_WEIGHTS = "latent.mu.W";
    public static final String MU_BIAS = "latent.mu.b";
    public static final String SIGMA_WEIGHTS = "latent.sigma.W";
    public static final String SIGMA_BIAS = "latent.sigma.b";
    public static final String BRIDGE_WEIGHTS = "bridge.W";
    public static final String BRIDGE_BIAS = "bridge.b";
    public static final String HEAD_WEIGHTS = "head.W";
    public static final String HEAD_BIAS = "head.b";

    private VaeLayout() {
    }

    public static String inputWeights(String prefix, int layer) {
        return prefix + "lstm." + layer + ".W";
    }

    public static String recurrentWeights(String prefix, int layer) {
        return prefix + "lstm." + layer + ".R";
    }

    public static String biases(String prefix, int layer) {
        return prefix + "lstm." + layer + ".B";
    }

    /** Every tensor's name and shape for a drum-vae spec, in the canonical order. */
    public static Map<String, int[]> shapes(ModelSpec spec) {
        Architecture parts = parts(spec);
        int frame = parts.inputSize();
        int z = parts.latent().size();
        List<Integer> encoder = parts.encoder().sizes();
        List<Integer> decoder = parts.decoder().sizes();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (String direction : List.of(ENCODER_FORWARD, ENCODER_BACKWARD)) {
            int in = frame;
            for (int l = 0; l < encoder.size(); l++) {
                lstm(shapes, direction, l, in, encoder.get(l));
                in = 2 * encoder.get(l);
            }
        }
        int summary = parts.encoder().outputSize();
        shapes.put(MU_WEIGHTS, new int[] {z, summary});
        shapes.put(MU_BIAS, new int[] {z});
        shapes.put(SIGMA_WEIGHTS, new int[] {z, summary});
        shapes.put(SIGMA_BIAS, new int[] {z});
        int state = 2 * decoder.stream().mapToInt(Integer::intValue).sum();
        shapes.put(BRIDGE_WEIGHTS, new int[] {state, z});
        shapes.put(BRIDGE_BIAS, new int[] {state});
        int in = parts.decoderInputSize() + z;
        for (int l = 0; l < decoder.size(); l++) {
            lstm(shapes, DECODER, l, in, decoder.get(l));
            in = decoder.get(l);
        }
        shapes.put(HEAD_WEIGHTS, new int[] {frame, in});
        shapes.put(HEAD_BIAS, new int[] {frame});
        return shapes;
    }

    private static void lstm(Map<String, int[]> shapes, String prefix, int layer, int in, int units) {
        shapes.put(inputWeights(prefix, layer), new int[] {4 * units, in});
        shapes.put(recurrentWeights(prefix, layer), new int[] {4 * units, units});
        shapes.put(biases(prefix, layer), new int[] {8 * units});
    }

    /**
     * @throws IllegalArgumentException naming each missing, extra or misshapen tensor
     */
    public static void check(Weights weights, ModelSpec spec) {
        Layouts.check(weights, shapes(spec), false, "drum VAE");
    }

    /**
     * Seeded initial weights: Glorot-uniform matrices; zero biases except each LSTM forget gate's input bias of 1 (as
     * {@link LstmLayout#initial}) and the scale's bias of −3 ({@code softplus(−3) ≈ 0.05}: training starts close to an
     * autoencoder and the KL term opens the latent up).
     */
    public static Weights initial(ModelSpec spec, long seed) {
        return Layouts.initial(shapes(spec), seed, (name, length) -> {
            if (name.contains("lstm.")) {
                return Layouts.lstmBiases(length);
            }
            if (name.equals(SIGMA_BIAS)) {
                float[] values = new float[length];
                Arrays.fill(values, INITIAL_SIGMA_BIAS);
                return values;
            }
            return null;
        });
    }

    /** The scale's initial bias (see {@link #initial}). */
    public static final float INITIAL_SIGMA_BIAS = -3f;

    /** The decoder state's tensor names, each layer's {@code h} then {@code c} ({@code batch × D_l}), then {@code z}. */
    public static List<String> stateNames(ModelSpec spec) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < parts(spec).decoder().layers(); l++) {
            names.add(DECODER + "lstm." + l + ".h");
            names.add(DECODER + "lstm." + l + ".c");
        }
        names.add(LATENT_STATE);
        return names;
    }

    /** The latent {@code z} in a decoder state ({@code batch × Z}): what every step reads beside its input. */
    public static final String LATENT_STATE = "latent.z";

    private static Architecture parts(ModelSpec spec) {
        if (!(spec.family() instanceof DrumVae)) {
            throw new IllegalArgumentException("not a drum-vae: " + spec.toJson());
        }
        return spec.architecture();
    }
}
