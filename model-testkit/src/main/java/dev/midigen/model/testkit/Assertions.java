package dev.midigen.model.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.midigen.model.DecoderState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.weights.Weights;
import java.util.Locale;

/** Comparisons of logits, states and weights that name the first value out of tolerance, for backend tests. */
public final class Assertions {
    private Assertions() {
    }

    /**
     * Fails naming the first logit (sequence, step, class) further than {@code tolerance} from the expected one, and the
     * largest difference of all.
     */
    public static void assertLogits(String what, SequenceBatch expected, SequenceBatch actual, double tolerance) {
        assertThat(new int[] {actual.batch(), actual.time(), actual.width()}).as(what + ": shape")
                .containsExactly(expected.batch(), expected.time(), expected.width());
        double largest = 0;
        for (int b = 0; b < expected.batch(); b++) {
            for (int t = 0; t < expected.time(); t++) {
                for (int i = 0; i < expected.width(); i++) {
                    largest = Math.max(largest, Math.abs((double) expected.get(b, t, i) - actual.get(b, t, i)));
                }
            }
        }
        String largestDifference = String.format(Locale.ROOT, " (largest difference %.3g)", largest);
        for (int b = 0; b < expected.batch(); b++) {
            for (int t = 0; t < expected.time(); t++) {
                assertStep(what + largestDifference + String.format(Locale.ROOT, ", sequence %d step %d", b, t),
                        expected.vector(b, t), actual.vector(b, t), tolerance);
            }
        }
    }

    /** Fails naming the first value further than {@code tolerance} (0 = bit for bit) from the expected one. */
    public static void assertStep(String what, float[] expected, float[] actual, double tolerance) {
        assertThat(actual.length).as(what + ": number of values").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs((double) expected[i] - actual[i]);
            boolean same = tolerance == 0 ? Float.compare(expected[i], actual[i]) == 0 : difference <= tolerance;
            if (!same || Float.isNaN(actual[i])) {
                fail(String.format(Locale.ROOT, "%s, value %d: expected %.7f, got %.7f (difference %.3g, tolerance %.3g)",
                        what, i, expected[i], actual[i], difference, tolerance));
            }
        }
    }

    /** The same tensor names in the same order, each within {@code tolerance}. */
    public static void assertWeights(String what, Weights expected, Weights actual, double tolerance) {
        assertThat(actual.names()).as(what + ": tensor names").isEqualTo(expected.names());
        for (String name : expected.names()) {
            assertStep(what + ", tensor " + name, expected.get(name).toArray(), actual.get(name).toArray(), tolerance);
        }
    }

    /** The same state tensors, rows and values within {@code tolerance}. */
    public static void assertState(String what, DecoderState expected, DecoderState actual, double tolerance) {
        assertThat(actual.names()).as(what + ": state names").isEqualTo(expected.names());
        assertThat(actual.batch()).as(what + ": state rows").isEqualTo(expected.batch());
        for (String name : expected.names()) {
            assertStep(what + ", " + name, expected.tensor(name), actual.tensor(name), tolerance);
        }
    }

    /** Mean cross-entropy of the labels over the unmasked steps, in double. */
    public static double crossEntropy(SequenceBatch logits, Targets.Categorical targets) {
        double total = 0;
        double count = 0;
        for (int b = 0; b < logits.batch(); b++) {
            for (int t = 0; t < logits.time(); t++) {
                int index = b * logits.time() + t;
                if (targets.mask()[index] == 0) {
                    continue;
                }
                float[] row = logits.vector(b, t);
                double max = Double.NEGATIVE_INFINITY;
                for (float value : row) {
                    max = Math.max(max, value);
                }
                double sum = 0;
                for (float value : row) {
                    sum += Math.exp(value - max);
                }
                total += targets.mask()[index] * (Math.log(sum) + max - row[targets.labels()[index]]);
                count += targets.mask()[index];
            }
        }
        return total / count;
    }
}
