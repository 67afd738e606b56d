package dev.midigen.model.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.io.JsonProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation counted, as sums over every unmasked step, so that batches add up exactly
 * ({@link #plus}: sums, never averages of averages). The rates are Magenta's
 * ({@code events_rnn_graph.py}, eval mode):
 *
 * <ul>
 *   <li>{@link #loss}: mean cross-entropy per step, natural log ({@code tf.metrics.mean} of
 *       {@code sparse_softmax_cross_entropy_with_logits}); {@link #perplexity} = {@code exp(loss)};</li>
 *   <li>{@link #accuracy}: steps whose arg-max logit (lowest label on ties, as {@code tf.argmax}) is
 *       the label;</li>
 *   <li>{@link #eventAccuracy} / {@link #noEventAccuracy}: the same over steps whose label is not /
 *       is the no-event label ({@code tf.metrics.recall} of the event positions);</li>
 *   <li>{@link #meanPerClassAccuracy}: {@code tf.metrics.mean_per_class_accuracy} — each label's
 *       accuracy (0 for a label that never occurs), averaged over <em>all</em> {@code labelCount}
 *       labels; {@link #classAccuracy} gives one label's.</li>
 * </ul>
 *
 * A rate whose denominator is 0 (no steps, no event steps, …) is NaN here and {@code null} in JSON.
 * Immutable.
 *
 * @param labelCount    the number of labels
 * @param noEventLabel  the label that means "nothing happens" (0 for every token codec)
 * @param steps         unmasked steps
 * @param lossSum       sum of their cross-entropies (nats)
 * @param correct       steps predicted right
 * @param eventSteps    steps whose label is not the no-event label
 * @param eventCorrect  of those, predicted right
 * @param classSteps    steps per label
 * @param classCorrect  steps per label predicted right
 */
public record Metrics(int labelCount, int noEventLabel, long steps, double lossSum, long correct, long eventSteps,
                      long eventCorrect, List<Long> classSteps, List<Long> classCorrect) implements Evaluation {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Metrics {
        if (labelCount < 1) {
            throw new IllegalArgumentException("labelCount must be >= 1, got " + labelCount);
        }
        if (noEventLabel < 0 || noEventLabel >= labelCount) {
            throw new IllegalArgumentException("no-event label " + noEventLabel + " is not 0.." + (labelCount - 1));
        }
        classSteps = List.copyOf(classSteps);
        classCorrect = List.copyOf(classCorrect);
        if (classSteps.size() != labelCount || classCorrect.size() != labelCount) {
            throw new IllegalArgumentException("per-class counts need " + labelCount + " entries, got "
                    + classSteps.size() + " and " + classCorrect.size());
        }
        if (steps < 0 || correct < 0 || correct > steps || eventSteps < 0 || eventSteps > steps || eventCorrect < 0
                || eventCorrect > eventSteps || eventCorrect > correct) {
            throw new IllegalArgumentException("inconsistent counts: " + steps + " steps, " + correct + " correct, "
                    + eventSteps + " event steps, " + eventCorrect + " event steps correct");
        }
    }

    /** Nothing counted yet. */
    public static Metrics empty(int labelCount, int noEventLabel) {
        List<Long> zeros = Collections.nCopies(labelCount, 0L);
        return new Metrics(labelCount, noEventLabel, 0, 0, 0, 0, 0, zeros, zeros);
    }

    /** Both evaluations' counts together. */
    public Metrics plus(Metrics other) {
        if (other.labelCount != labelCount || other.noEventLabel != noEventLabel) {
            throw new IllegalArgumentException("cannot add metrics over " + other.labelCount + " labels (no-event "
                    + other.noEventLabel + ") to metrics over " + labelCount + " (no-event " + noEventLabel + ")");
        }
        List<Long> stepsPerClass = new ArrayList<>(labelCount);
        List<Long> correctPerClass = new ArrayList<>(labelCount);
        for (int c = 0; c < labelCount; c++) {
            stepsPerClass.add(classSteps.get(c) + other.classSteps.get(c));
            correctPerClass.add(classCorrect.get(c) + other.classCorrect.get(c));
        }
        return new Metrics(labelCount, noEventLabel, steps + other.steps, lossSum + other.lossSum,
                correct + other.correct, eventSteps + other.eventSteps, eventCorrect + other.eventCorrect, stepsPerClass,
                correctPerClass);
    }

    @Override
    public double loss() {
        return ratio(lossSum, steps);
    }

    public double perplexity() {
        return Math.exp(loss());
    }

    public double accuracy() {
        return ratio(correct, steps);
    }

    public double eventAccuracy() {
        return ratio(eventCorrect, eventSteps);
    }

    public long noEventSteps() {
        return steps - eventSteps;
    }

    public long noEventCorrect() {
        return correct - eventCorrect;
    }

    public double noEventAccuracy() {
        return ratio(noEventCorrect(), noEventSteps());
    }

    /** Accuracy over the steps labelled {@code label}; NaN when there are none. */
    public double classAccuracy(int label) {
        return ratio(classCorrect.get(label), classSteps.get(label));
    }

    /** The mean of every label's accuracy, a label that never occurs counting 0 (TensorFlow's definition). */
    public double meanPerClassAccuracy() {
        double sum = 0;
        for (int c = 0; c < labelCount; c++) {
            long total = classSteps.get(c);
            sum += total == 0 ? 0 : (double) classCorrect.get(c) / total;
        }
        return sum / labelCount;
    }

    private static double ratio(double numerator, long denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /**
     * JSON with keys in this fixed order: {@code steps, loss, perplexity, accuracy, eventAccuracy,
     * noEventAccuracy, meanPerClassAccuracy, labelCount, noEventLabel, lossSum, correct, eventSteps,
     * eventCorrect, classSteps, classCorrect}; a NaN or infinite rate is {@code null}.
     */
    @Override
    public Map<String, Double> summary() {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("validationLoss", loss());
        summary.put("validationPerplexity", perplexity());
        summary.put("validationAccuracy", accuracy());
        summary.put("validationEventAccuracy", eventAccuracy());
        summary.put("validationNoEventAccuracy", noEventAccuracy());
        summary.put("validationSteps", (double) steps);
        return summary;
    }

    @Override
    public JsonNode toJsonNode() {
        try {
            return JSON.readTree(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("steps", steps);
        putRate(node, "loss", loss());
        putRate(node, "perplexity", perplexity());
        putRate(node, "accuracy", accuracy());
        putRate(node, "eventAccuracy", eventAccuracy());
        putRate(node, "noEventAccuracy", noEventAccuracy());
        putRate(node, "meanPerClassAccuracy", meanPerClassAccuracy());
        node.put("labelCount", labelCount);
        node.put("noEventLabel", noEventLabel);
        node.put("lossSum", lossSum);
        node.put("correct", correct);
        node.put("eventSteps", eventSteps);
        node.put("eventCorrect", eventCorrect);
        ArrayNode perClassSteps = node.putArray("classSteps");
        classSteps.forEach(perClassSteps::add);
        ArrayNode perClassCorrect = node.putArray("classCorrect");
        classCorrect.forEach(perClassCorrect::add);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putRate(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /**
     * Reads {@link #toJson}'s counts back (the rates are recomputed from them).
     *
     * @throws IllegalArgumentException naming the missing or bad field
     */
    public static Metrics fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not metrics JSON: " + JsonProblems.describe(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not metrics JSON: expected an object");
        }
        return new Metrics((int) integer(node, "labelCount"), (int) integer(node, "noEventLabel"), integer(node, "steps"),
                number(node, "lossSum"), integer(node, "correct"), integer(node, "eventSteps"),
                integer(node, "eventCorrect"), integers(node, "classSteps"), integers(node, "classCorrect"));
    }

    private static long integer(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("metrics JSON: \"" + key + "\" must be an integer");
        }
        return value.asLong();
    }

    private static double number(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("metrics JSON: \"" + key + "\" must be a number");
        }
        return value.asDouble();
    }

    private static List<Long> integers(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("metrics JSON: \"" + key + "\" must be an array of integers");
        }
        List<Long> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isIntegralNumber()) {
                throw new IllegalArgumentException("metrics JSON: \"" + key + "\" must be an array of integers");
            }
            out.add(item.asLong());
        }
        return out;
    }

    /** Counts steps one at a time (for the evaluators); not thread-safe. */
    static final class Builder {
        private final int labelCount;
        private final int noEventLabel;
        private final long[] classSteps;
        private final long[] classCorrect;
        private long steps;
        private double lossSum;
        private long correct;
        private long eventSteps;
        private long eventCorrect;

        Builder(int labelCount, int noEventLabel) {
            Metrics.empty(labelCount, noEventLabel); // validates
            this.labelCount = labelCount;
            this.noEventLabel = noEventLabel;
            this.classSteps = new long[labelCount];
            this.classCorrect = new long[labelCount];
        }

        /** One unmasked step: its label, the predicted label and its cross-entropy. */
        void add(int label, int prediction, double crossEntropy) {
            boolean right = label == prediction;
            steps++;
            lossSum += crossEntropy;
            classSteps[label]++;
            if (right) {
                correct++;
                classCorrect[label]++;
            }
            if (label != noEventLabel) {
                eventSteps++;
                if (right) {
                    eventCorrect++;
                }
            }
        }

        Metrics build() {
            List<Long> stepsPerClass = new ArrayList<>(labelCount);
            List<Long> correctPerClass = new ArrayList<>(labelCount);
            for (int c = 0; c < labelCount; c++) {
                stepsPerClass.add(classSteps[c]);
                correctPerClass.add(classCorrect[c]);
            }
            return new Metrics(labelCount, noEventLabel, steps, lossSum, correct, eventSteps, eventCorrect, stepsPerClass,
                    correctPerClass);
        }
    }
}
