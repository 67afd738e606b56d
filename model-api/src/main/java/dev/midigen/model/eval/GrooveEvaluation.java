package dev.midigen.model.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A groove head's evaluation ({@code drum-vae}), teacher-forced from the encoding of each window's source with
 * {@code z = μ}: the reconstruction loss as {@link GrooveLoss} sums it per sequence (hits, velocities, offsets; the
 * KL term is not in it — the contract's {@code score} does not expose the latent's distribution), hit
 * precision/recall/F1 (a hit predicted where {@code σ(logit) ≥ 0.5}), and on the hits both have the velocity error
 * in MIDI units and the timing error in steps ({@code |tanh(out) − offset|}). Sums, so windows add up.
 *
 * @param sequences    windows
 * @param steps        steps in all windows
 * @param hitLoss      sum over windows of the hits' BCE (per-window sums)
 * @param velocityLoss sum over windows of the velocities' errors, as the head's {@link FeelLoss} scores them
 * @param offsetLoss   sum over windows of the offsets' errors, likewise
 * @param truePositive hits predicted and played
 * @param falsePositive hits predicted, not played
 * @param falseNegative hits played, not predicted
 * @param velocityError sum over matched hits of |predicted − played| velocity, MIDI units
 * @param offsetError  sum over matched hits of |predicted − played| offset, steps
 */
public record GrooveEvaluation(long sequences, long steps, double hitLoss, double velocityLoss, double offsetLoss,
                               long truePositive, long falsePositive, long falseNegative, double velocityError,
                               double offsetError) implements Evaluation {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final GrooveEvaluation EMPTY = new GrooveEvaluation(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * One batch: {@code outputs} (raw, {@code batch × time × 3·classes}) against {@code targets}, velocities and offsets
     * scored by {@code feel}.
     */
    public static GrooveEvaluation of(SequenceBatch outputs, Targets.Groove targets, FeelLoss feel) {
        SequenceBatch frames = targets.frames();
        if (outputs.batch() != frames.batch() || outputs.time() != frames.time() || outputs.width() != frames.width()
                || frames.width() % 3 != 0) {
            throw new IllegalArgumentException("outputs " + outputs.batch() + " × " + outputs.time() + " × "
                    + outputs.width() + " against groove targets " + frames.batch() + " × " + frames.time() + " × "
                    + frames.width());
        }
        int classes = frames.width() / 3;
        GrooveLoss.Parts parts = GrooveLoss.reconstruction(outputs, targets, feel);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        double velocity = 0;
        double offset = 0;
        for (int b = 0; b < frames.batch(); b++) {
            for (int t = 0; t < frames.time(); t++) {
                float[] out = outputs.vector(b, t);
                float[] target = frames.vector(b, t);
                for (int c = 0; c < classes; c++) {
                    boolean predicted = out[c] >= 0;
                    boolean played = target[c] >= 0.5f;
                    if (predicted && played) {
                        tp++;
                        velocity += Math.abs(sigmoid(out[classes + c]) - target[classes + c]) * 127;
                        offset += Math.abs(Math.tanh(out[2 * classes + c]) - target[2 * classes + c]);
                    } else if (predicted) {
                        fp++;
                    } else if (played) {
                        fn++;
                    }
                }
            }
        }
        int n = frames.batch();
        return new GrooveEvaluation(n, (long) n * frames.time(), parts.hits() * n, parts.velocity() * n,
                parts.offset() * n, tp, fp, fn, velocity, offset);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    public GrooveEvaluation plus(GrooveEvaluation other) {
        return new GrooveEvaluation(sequences + other.sequences, steps + other.steps, hitLoss + other.hitLoss,
                velocityLoss + other.velocityLoss, offsetLoss + other.offsetLoss, truePositive + other.truePositive,
                falsePositive + other.falsePositive, falseNegative + other.falseNegative,
                velocityError + other.velocityError, offsetError + other.offsetError);
    }

    /** The reconstruction loss per window (hits + velocities + offsets); NaN for no windows. */
    @Override
    public double loss() {
        return sequences == 0 ? Double.NaN : (hitLoss + velocityLoss + offsetLoss) / sequences;
    }

    public double precision() {
        return ratio(truePositive, truePositive + falsePositive);
    }

    public double recall() {
        return ratio(truePositive, truePositive + falseNegative);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean velocity error of the matched hits, MIDI units. */
    public double velocityMae() {
        return truePositive == 0 ? Double.NaN : velocityError / truePositive;
    }

    /** Mean timing error of the matched hits, in steps (16ths). */
    public double offsetMae() {
        return truePositive == 0 ? Double.NaN : offsetError / truePositive;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : part / (double) whole;
    }

    @Override
    public Map<String, Double> summary() {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("validationLoss", loss());
        summary.put("validationHitF1", f1());
        summary.put("validationHitPrecision", precision());
        summary.put("validationHitRecall", recall());
        summary.put("validationVelocityMae", velocityMae());
        summary.put("validationOffsetMaeSteps", offsetMae());
        summary.put("validationWindows", (double) sequences);
        return summary;
    }

    @Override
    public JsonNode toJsonNode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("loss", loss());
        node.put("hitLoss", sequences == 0 ? Double.NaN : hitLoss / sequences);
        node.put("velocityLoss", sequences == 0 ? Double.NaN : velocityLoss / sequences);
        node.put("offsetLoss", sequences == 0 ? Double.NaN : offsetLoss / sequences);
        node.put("hitF1", f1());
        node.put("hitPrecision", precision());
        node.put("hitRecall", recall());
        node.put("velocityMae", velocityMae());
        node.put("offsetMaeSteps", offsetMae());
        node.put("windows", sequences);
        node.put("steps", steps);
        return node;
    }
}
