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
