package dev.midigen.model.eval;

import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.TrainingBatch;
import java.util.Arrays;
import java.util.Objects;

/**
 * The model that ignores its input and predicts the training split's label frequencies, add-one
 * smoothed: {@code p(c) = (count(c) + 1) / (N + labelCount)}. A trained model should beat its
 * {@link Metrics}; its loss is {@code −mean ln p(label)} and it always predicts the most frequent
 * training label (the lowest on ties). Immutable.
 *
 * <p>The labels counted are those training sees: for a token sequence {@code t_0 … t_{n−1}},
 * {@code codec.label(t, i)} for {@code i = 1 … n − 1} (step {@code i − 1} reads token {@code i − 1}
 * and predicts token {@code i}), or the unmasked labels of training batches.
 */
public final class UnigramBaseline {
    private final long[] counts;
    private final double[] probabilities;
    private final int noEventLabel;
    private final int prediction;

    private UnigramBaseline(long[] counts, int noEventLabel) {
        Metrics.empty(counts.length, noEventLabel); // validates
        this.counts = counts.clone();
        this.noEventLabel = noEventLabel;
        long total = 0;
        int most = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < 0) {
                throw new IllegalArgumentException("label " + c + " has a negative count " + counts[c]);
            }
            total += counts[c];
            if (counts[c] > counts[most]) {
                most = c;
            }
        }
        this.prediction = most;
        this.probabilities = new double[counts.length];
        double denominator = (double) total + counts.length;
        for (int c = 0; c < counts.length; c++) {
            probabilities[c] = (counts[c] + 1) / denominator;
        }
    }

    /** The baseline of these label counts (index = label), no-event label 0. */
    public static UnigramBaseline ofCounts(long[] counts) {
        return ofCounts(counts, Evaluator.DEFAULT_NO_EVENT_LABEL);
    }

    public static UnigramBaseline ofCounts(long[] counts, int noEventLabel) {
        return new UnigramBaseline(counts, noEventLabel);
    }

    /** The baseline of the labels training reads from these token sequences (no-event label 0). */
    public static UnigramBaseline ofSequences(TokenCodec<?> codec, Iterable<IntSeq> trainingSequences) {
        long[] counts = new long[codec.labelCount()];
        for (IntSeq sequence : trainingSequences) {
            int[] tokens = sequence.toArray();
            for (int i = 1; i < tokens.length; i++) {
                counts[codec.label(tokens, i)]++;
            }
        }
        return new UnigramBaseline(counts, Evaluator.DEFAULT_NO_EVENT_LABEL);
    }

    /** The baseline of the unmasked labels of training batches. */
    public static UnigramBaseline ofBatches(Iterable<TrainingBatch> trainingBatches, int labelCount, int noEventLabel) {
        long[] counts = new long[labelCount];
        for (TrainingBatch batch : trainingBatches) {
            int[] labels = batch.categoricalTargets().labels();
            float[] mask = batch.categoricalTargets().mask();
            for (int i = 0; i < labels.length; i++) {
                if (mask[i] != 0) {
                    checkLabel(labels[i], labelCount, i);
                    counts[labels[i]]++;
                }
            }
        }
        return new UnigramBaseline(counts, noEventLabel);
    }

    public int labelCount() {
        return counts.length;
    }

    /** The training count of {@code label}. */
    public long count(int label) {
        return counts[label];
    }

    /** The smoothed probability of {@code label}. */
    public double probability(int label) {
        return probabilities[label];
    }

    /** The label always predicted: the most frequent in training, the lowest on ties. */
    public int prediction() {
        return prediction;
    }

    /** The probabilities' natural logs as logits, for anything that wants them as a model's output. */
    public float[] logits() {
        float[] logits = new float[probabilities.length];
        for (int c = 0; c < logits.length; c++) {
            logits[c] = (float) Math.log(probabilities[c]);
        }
        return logits;
    }

    /** The baseline's metrics on these labels (mask 1 = counted, 0 = padding), computed in double. */
    public Metrics evaluate(int[] labels, float[] mask) {
        if (labels.length != mask.length) {
            throw new IllegalArgumentException(labels.length + " labels and " + mask.length + " mask values");
        }
        Metrics.Builder metrics = new Metrics.Builder(counts.length, noEventLabel);
        for (int i = 0; i < labels.length; i++) {
            if (mask[i] == 0) {
                continue;
            }
            if (mask[i] != 1) {
                throw new IllegalArgumentException("step " + i + ": mask value " + mask[i] + " is not 0 or 1");
            }
            checkLabel(labels[i], counts.length, i);
            metrics.add(labels[i], prediction, -Math.log(probabilities[labels[i]]));
        }
        return metrics.build();
    }

    /** The baseline's metrics on the batches' labels (for comparison with a model's on the same batches). */
    public Metrics evaluate(Iterable<TrainingBatch> batches) {
        Metrics total = Metrics.empty(counts.length, noEventLabel);
        for (TrainingBatch batch : batches) {
            total = total.plus(evaluate(batch.categoricalTargets().labels(), batch.categoricalTargets().mask()));
        }
        return total;
    }

    /** The baseline's metrics on the labels of token sequences (positions 1 … n − 1 of each). */
    public Metrics evaluate(TokenCodec<?> codec, Iterable<IntSeq> sequences) {
        Objects.requireNonNull(codec, "codec");
        if (codec.labelCount() != counts.length) {
            throw new IllegalArgumentException("the codec has " + codec.labelCount() + " labels, the baseline " + counts.length);
        }
        Metrics total = Metrics.empty(counts.length, noEventLabel);
        for (IntSeq sequence : sequences) {
            int[] tokens = sequence.toArray();
            if (tokens.length < 2) {
                continue;
            }
            int[] labels = new int[tokens.length - 1];
            for (int i = 1; i < tokens.length; i++) {
                labels[i - 1] = codec.label(tokens, i);
            }
            float[] mask = new float[labels.length];
            Arrays.fill(mask, 1f);
            total = total.plus(evaluate(labels, mask));
        }
        return total;
    }

    private static void checkLabel(int label, int labelCount, int index) {
        if (label < 0 || label >= labelCount) {
            throw new IllegalArgumentException("step " + index + ": label " + label + " is not 0.." + (labelCount - 1));
        }
    }
}
