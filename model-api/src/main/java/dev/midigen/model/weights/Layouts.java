package dev.midigen.model.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What {@link LstmLayout}, {@link GruLayout} and {@link Seq2SeqLayout} share: checking weights against a layout's
 * {@code name → shape} map, and seeded Glorot-uniform matrices.
 */
final class Layouts {
    private Layouts() {
    }

    /**
     * Checks that {@code weights} hold every tensor of {@code expected} with its shape and, unless {@code extrasAllowed},
     * nothing else.
     *
     * @param what the model named in the message ("weights do not fit the WHAT: …")
     * @throws IllegalArgumentException naming each missing, misshapen (and extra) tensor
     */
    static void check(Weights weights, Map<String, int[]> expected, boolean extrasAllowed, String what) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : expected.entrySet()) {
            if (!weights.has(entry.getKey())) {
                problems.add("missing " + entry.getKey() + " " + Arrays.toString(entry.getValue()));
            } else if (!Arrays.equals(weights.get(entry.getKey()).shape(), entry.getValue())) {
                problems.add(entry.getKey() + " is " + Arrays.toString(weights.get(entry.getKey()).shape()) + ", expected "
                        + Arrays.toString(entry.getValue()));
            }
        }
        if (!extrasAllowed) {
            for (String name : weights.names()) {
                if (!expected.containsKey(name)) {
                    problems.add("unexpected " + name);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit the " + what + ": " + String.join("; ", problems));
        }
    }

    /**
     * Seeded initial weights for {@code shapes}, in order: Glorot-uniform matrices; vectors from {@code bias} (name,
     * length → values; all zeros when it gives null). The LSTM families and the drum VAE share it.
     */
    static Weights initial(Map<String, int[]> shapes, long seed, java.util.function.BiFunction<String, Integer, float[]> bias) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            int[] shape = entry.getValue();
            float[] values;
            if (shape.length == 2) {
                values = glorot(shape[0], shape[1], random);
            } else {
                float[] given = bias.apply(entry.getKey(), shape[0]);
                values = given != null ? given : new float[shape[0]];
            }
            tensors.put(entry.getKey(), Tensor.wrap(values, shape));
        }
        return Weights.of(tensors);
    }

    /** An LSTM layer's biases {@code [8H]} with the forget gate's input bias at 1 (the usual forget bias, a real weight). */
    static float[] lstmBiases(int length) {
        float[] values = new float[length];
        int units = length / 8;
        Arrays.fill(values, LstmLayout.GATE_F * units, (LstmLayout.GATE_F + 1) * units, 1f);
        return values;
    }

    /**
     * A Glorot-uniform {@code [out, in]} matrix, row-major: each value uniform in ±√(6 / (in + out)), drawn from
     * {@code random} in order.
     */
    static float[] glorot(int out, int in, SplittableRandom random) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[] values = new float[out * in];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return values;
    }
}
