package dev.midigen.model.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a frame evaluation counted, as sums (so batches add up exactly, {@link #plus}): frames (steps of one
 * sequence), and over every key of every frame the true positives (predicted and sounding), false positives
 * and false negatives, plus the loss summed over values when logits were evaluated.
 *
 * <ul>
 *   <li>{@link #precision} {@code = tp / (tp + fp)}, {@link #recall} {@code = tp / (tp + fn)},
 *       {@link #f1} {@code = 2 tp / (2 tp + fp + fn)} — frame-level, over all keys;</li>
 *   <li>{@link #predictedDensity} {@code = (tp + fp) / frames} and {@link #targetDensity}
 *       {@code = (tp + fn) / frames}: active notes per step (DeepMusician's guard against "all silence");
 *       {@link #densityRatio} is their quotient;</li>
 *   <li>{@link #loss}: the mean loss per value ({@code lossSum / values}), NaN for predictions without logits
 *       (baselines).</li>
 * </ul>
 * A rate with nothing to divide by is NaN here and {@code null} in JSON. Immutable.
 */
public record MultiLabelMetrics(long frames, long values, long truePositives, long falsePositives, long falseNegatives,
                           double lossSum, long lossValues) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final MultiLabelMetrics EMPTY = new MultiLabelMetrics(0, 0, 0, 0, 0, 0, 0);

    public MultiLabelMetrics {
        if (frames < 0 || values < 0 || truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || lossValues < 0
                || truePositives + falsePositives + falseNegatives > values) {
            throw new IllegalArgumentException("inconsistent frame counts: " + frames + " frames, " + values + " values, tp "
                    + truePositives + ", fp " + falsePositives + ", fn " + falseNegatives);
        }
    }

    /** Both evaluations' counts together. */
    public MultiLabelMetrics plus(MultiLabelMetrics other) {
        return new MultiLabelMetrics(frames + other.frames, values + other.values, truePositives + other.truePositives,
                falsePositives + other.falsePositives, falseNegatives + other.falseNegatives, lossSum + other.lossSum,
                lossValues + other.lossValues);
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    public double predictedDensity() {
        return ratio(truePositives + falsePositives, frames);
    }

    public double targetDensity() {
        return ratio(truePositives + falseNegatives, frames);
    }

    /** {@link #predictedDensity} / {@link #targetDensity}: 1 is the target's density, 0 silence. */
    public double densityRatio() {
        return predictedDensity() / targetDensity();
    }

    public double loss() {
        return lossValues == 0 ? Double.NaN : lossSum / lossValues;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** The rates then the counts, in this order; NaN as null. */
    public ObjectNode toJsonNode() {
        ObjectNode node = JSON.createObjectNode();
        put(node, "f1", f1());
        put(node, "precision", precision());
        put(node, "recall", recall());
        put(node, "predictedDensity", predictedDensity());
        put(node, "targetDensity", targetDensity());
        put(node, "densityRatio", densityRatio());
        put(node, "loss", loss());
        node.put("frames", frames);
        node.put("values", values);
        node.put("truePositives", truePositives);
        node.put("falsePositives", falsePositives);
        node.put("falseNegatives", falseNegatives);
        return node;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }
}
