package dev.midigen.model.eval;

import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.Decoder;
import dev.midigen.model.Head;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Targets;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The one evaluator of every family and backend; what it measures is chosen by the head's objective
 * ({@link #forSpec}): an {@link Evaluation}.
 *
 * <p><b>Categorical heads</b>: {@link Metrics} from logits ({@code batch × time × labels}), the label of each
 * step and a mask (1 = a real step, 0 = padding; any other value is refused).
 *
 * <p>Per unmasked step, in {@code double}: cross-entropy {@code = m + ln Σ_j exp(l_j − m) − l_label}
 * with {@code m} the largest logit (the sum over labels in ascending order), which is stable for any
 * logits; the prediction is the arg-max logit, the lowest label on ties. Steps are visited batch row by
 * row, time in order, and added up in that order. Logits that are NaN or +∞ are refused, naming the
 * step; −∞ is a probability of 0 (an infinite loss when it is the label's).
 *
 * <p><b>Multi-label heads</b>: a {@link MultiLabelEvaluation} — the head's loss and precision/recall/F1 of the
 * values at the threshold teacher-forced; the same free-running (threshold decoding from the encoder's state, each
 * step's frame fed back); and the repeat-the-last-source-frame baseline. A value counts as on when its probability
 * {@code σ(logit)} reaches the threshold; a target when it is {@code ≥ 0.5}.
 *
 * <p><b>Groove heads</b>: a {@link GrooveEvaluation} — the reconstruction loss, hit F1, velocity and timing errors,
 * teacher-forced.
 */
public final class Evaluator {
    public static final int DEFAULT_NO_EVENT_LABEL = 0;
    /** The threshold of a multi-label head's values (what training feeds back). */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final Head head;
    private final int labelCount;
    private final int noEventLabel;
    private final double threshold;
    private final double logitThreshold;
    private final BernoulliLoss loss;

    private Evaluator(Head head, int noEventLabel, double threshold) {
        this.head = head;
        if (head instanceof Head.Categorical categorical) {
            Metrics.empty(categorical.labels(), noEventLabel); // validates both
            this.labelCount = categorical.labels();
            this.loss = null;
        } else {
            this.labelCount = 0;
            this.loss = head instanceof Head.MultiLabel multiLabel ? multiLabel.loss() : null;
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the threshold is a probability in (0, 1), got " + threshold);
        }
        this.noEventLabel = noEventLabel;
        this.threshold = threshold;
        this.logitThreshold = Math.log(threshold / (1 - threshold));
    }

    /** A categorical evaluator over {@code labelCount} labels; label 0 is "no event". */
    public Evaluator(int labelCount) {
        this(labelCount, DEFAULT_NO_EVENT_LABEL);
    }

    /** A categorical evaluator over {@code labelCount} labels. */
    public Evaluator(int labelCount, int noEventLabel) {
        this(new Head.Categorical(labelCount), noEventLabel, DEFAULT_THRESHOLD);
    }

    /** A categorical evaluator for a token codec's labels. */
    public static Evaluator forCodec(TokenCodec<?> codec) {
        return new Evaluator(codec.labelCount());
    }

    /** A multi-label evaluator: values on from {@code threshold}, the loss {@code loss}. */
    public static Evaluator multiLabel(double threshold, BernoulliLoss loss) {
        Objects.requireNonNull(loss, "loss");
        return new Evaluator(new Head.MultiLabel(1, 0, loss), DEFAULT_NO_EVENT_LABEL, threshold);
    }

    /** The evaluator of a spec's head (the threshold {@value #DEFAULT_THRESHOLD} for a multi-label head). */
    public static Evaluator forSpec(ModelSpec spec) {
        return new Evaluator(spec.head(), DEFAULT_NO_EVENT_LABEL, DEFAULT_THRESHOLD);
    }

    public boolean categorical() {
        return head instanceof Head.Categorical;
    }

    public int labelCount() {
        return labelCount;
    }

    public int noEventLabel() {
        return noEventLabel;
    }

    public double threshold() {
        return threshold;
    }

    /** A multi-label head's loss (null for a categorical or groove head). */
    public BernoulliLoss loss() {
        return loss;
    }

    /** What an evaluation of no batches gives. */
    public Evaluation empty() {
        if (head instanceof Head.Groove) {
            return GrooveEvaluation.EMPTY;
        }
        return categorical() ? Metrics.empty(labelCount, noEventLabel) : MultiLabelEvaluation.EMPTY;
    }

    /** {@code model} on {@code batches}. */
    public Evaluation evaluate(SequenceModel model, Iterable<TrainingBatch> batches) {
        return evaluate(model::score, () -> model, false, batches);
    }

    /**
     * A trainer's current weights on {@code batches}: scored by the trainer; a multi-label head's free-running
     * decoding runs on {@link Trainer#toModel()}, made once and closed after.
     */
    public Evaluation evaluate(Trainer trainer, Iterable<TrainingBatch> batches) {
        return evaluate(trainer::score, trainer::toModel, true, batches);
    }

    private Evaluation evaluate(Function<ModelBatch, SequenceBatch> scorer, Supplier<SequenceModel> models, boolean owned,
                                Iterable<TrainingBatch> batches) {
        if (categorical()) {
            Metrics total = Metrics.empty(labelCount, noEventLabel);
            for (TrainingBatch batch : batches) {
                var targets = batch.categoricalTargets();
                total = total.plus(evaluate(scorer.apply(batch.inputs()), targets.labels(), targets.mask()));
            }
            return total;
        }
        if (head instanceof Head.Groove groove) {
            GrooveEvaluation total = GrooveEvaluation.EMPTY;
            for (TrainingBatch batch : batches) {
                total = total.plus(GrooveEvaluation.of(scorer.apply(batch.inputs()),
                        new Targets.Groove(batch.grooveTargets()), groove.feel()));
            }
            return total;
        }
        MultiLabelEvaluation total = MultiLabelEvaluation.EMPTY;
        SequenceModel model = null;
        try {
            for (TrainingBatch batch : batches) {
                SequenceBatch targets = batch.multiLabelTargets();
                MultiLabelMetrics forced = evaluateLogits(scorer.apply(batch.inputs()), targets);
                MultiLabelMetrics free = MultiLabelMetrics.EMPTY;
                if (batch.inputs().hasSource()) {
                    model = model == null ? models.get() : model;
                    free = evaluateFrames(decode(model, batch.inputs().source(), targets.time()), targets);
                }
                total = total.plus(new MultiLabelEvaluation(forced, free, repeatLastFrame(batch)));
            }
        } finally {
            if (owned && model != null) {
                model.close();
            }
        }
        return total;
    }

    /** A categorical model's metrics on one batch. */
    public Metrics evaluate(SequenceModel model, TrainingBatch batch) {
        var targets = batch.categoricalTargets();
        return evaluate(model.score(batch.inputs()), targets.labels(), targets.mask());
    }

    /**
     * Categorical metrics of {@code logits} against one label per step.
     *
     * @throws IllegalArgumentException for logits of another width, labels or mask of another length, a mask value
     *                                  other than 0 or 1, a label out of range, or a NaN or +∞ logit (naming the step)
     */
    public Metrics evaluate(SequenceBatch logits, int[] labels, float[] mask) {
        Objects.requireNonNull(logits, "logits");
        if (!categorical()) {
            throw new IllegalStateException("a multi-label evaluator measures values, not labels");
        }
        int steps = logits.batch() * logits.time();
        if (logits.width() != labelCount) {
            throw new IllegalArgumentException("logits have " + logits.width() + " labels, the evaluator " + labelCount);
        }
        if (labels.length != steps || mask.length != steps) {
            throw new IllegalArgumentException("labels and mask need " + steps + " entries (" + logits.batch() + " × "
                    + logits.time() + "), got " + labels.length + " and " + mask.length);
        }
        float[] values = logits.toArray();
        Metrics.Builder metrics = new Metrics.Builder(labelCount, noEventLabel);
        for (int i = 0; i < steps; i++) {
            if (mask[i] == 0) {
                continue;
            }
            String where = "sequence " + i / logits.time() + ", step " + i % logits.time();
            if (mask[i] != 1) {
                throw new IllegalArgumentException(where + ": mask value " + mask[i] + " is not 0 or 1");
            }
            int label = labels[i];
            if (label < 0 || label >= labelCount) {
                throw new IllegalArgumentException(where + ": label " + label + " is not 0.." + (labelCount - 1));
            }
            int offset = i * labelCount;
            int prediction = 0;
            for (int c = 0; c < labelCount; c++) {
                float logit = values[offset + c];
                if (Float.isNaN(logit) || logit == Float.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(where + ": the logit of label " + c + " is " + logit);
                }
                if (logit > values[offset + prediction]) {
                    prediction = c;
                }
            }
            metrics.add(label, prediction, crossEntropy(values, offset, labelCount, label));
        }
        return metrics.build();
    }

    /** Whether a multi-label value with this logit is on. @throws IllegalArgumentException for NaN */
    public boolean sounds(float logit) {
        if (Float.isNaN(logit)) {
            throw new IllegalArgumentException("a logit is NaN");
        }
        return logit >= logitThreshold;
    }

    /** Multi-label metrics of {@code logits} (loss, and counts at the threshold) against {@code targets}. */
    public MultiLabelMetrics evaluateLogits(SequenceBatch logits, SequenceBatch targets) {
        float[] x = logits.toArray();
        float[] y = targets.toArray();
        double lossSum = 0;
        for (int i = 0; i < x.length; i++) {
            lossSum += loss.value(x[i], y[i]);
        }
        return count(logits, targets, i -> sounds(x[i]), lossSum, x.length);
    }

    /** Counts of predicted frames (values ≥ ½ on) against targets; no loss. */
    public static MultiLabelMetrics evaluateFrames(SequenceBatch predictions, SequenceBatch targets) {
        float[] p = predictions.toArray();
        return count(predictions, targets, i -> p[i] >= 0.5f, 0, 0);
    }

    /** True and false positives and false negatives of {@code predicted(i)} against targets on from ½. */
    private static MultiLabelMetrics count(SequenceBatch predictions, SequenceBatch targets, IntPredicate predicted,
                                           double lossSum, long lossValues) {
        checkShape(predictions, targets);
        float[] y = targets.toArray();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < y.length; i++) {
            boolean on = predicted.test(i);
            boolean actual = y[i] >= 0.5f;
            tp += on && actual ? 1 : 0;
            fp += on && !actual ? 1 : 0;
            fn += !on && actual ? 1 : 0;
        }
        return new MultiLabelMetrics((long) predictions.batch() * predictions.time(), y.length, tp, fp, fn, lossSum,
                lossValues);
    }

    /** The baseline that predicts each step's frame to be the true previous one (the teacher-forced decoder input). */
    public static MultiLabelMetrics repeatPrevious(TrainingBatch batch) {
        return evaluateFrames(batch.inputs().inputs(), batch.multiLabelTargets());
    }

    /** The baseline that repeats the first decoder input (the last source frame) at every step. */
    public static MultiLabelMetrics repeatLastFrame(TrainingBatch batch) {
        SequenceBatch inputs = batch.inputs().inputs();
        SequenceBatch targets = batch.multiLabelTargets();
        int k = inputs.width();
        int time = targets.time();
        float[] values = new float[inputs.batch() * time * k];
        for (int b = 0; b < inputs.batch(); b++) {
            float[] last = inputs.vector(b, 0);
            for (int t = 0; t < time; t++) {
                System.arraycopy(last, 0, values, (b * time + t) * k, k);
            }
        }
        return evaluateFrames(SequenceBatch.wrap(inputs.batch(), time, k, values), targets);
    }

    /**
     * Free-running threshold decoding: the encoder reads {@code source}, the decoder starts from its state, reads the
     * last source frame first and then each step's own frame, for {@code steps} steps.
     */
    public SequenceBatch decode(SequenceModel model, SequenceBatch source, int steps) {
        int batch = source.batch();
        int k = source.width();
        float[] input = new float[batch * k];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(source.vector(b, source.time() - 1), 0, input, b * k, k);
        }
        float[] out = new float[batch * steps * k];
        try (Decoder decoder = model.newDecoder(batch)) {
            decoder.setState(model.encode(source));
            for (int t = 0; t < steps; t++) {
                float[] logits = decoder.step(input);
                for (int i = 0; i < logits.length; i++) {
                    input[i] = sounds(logits[i]) ? 1f : 0f;
                }
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(input, b * k, out, (b * steps + t) * k, k);
                }
            }
        }
        return SequenceBatch.wrap(batch, steps, k, out);
    }

    /**
     * The logits a trainer's step computes for {@code batch} (its teacher forcing included: a step that is not forced
     * reads the previous step's prediction at probability ½), computed step by step on {@code model}: the reference
     * that backends' training passes are checked against.
     */
    public static SequenceBatch trainingLogits(SequenceModel model, TrainingBatch batch) {
        SequenceBatch inputs = batch.inputs().inputs();
        int rows = inputs.batch();
        int time = inputs.time();
        int k = inputs.width();
        int outputs = model.spec().head().outputSize();
        float[] logits = new float[rows * time * outputs];
        float[] input = new float[rows * k];
        float[] previous = null;
        try (Decoder decoder = model.newDecoder(rows)) {
            if (batch.inputs().hasSource()) {
                decoder.setState(model.encode(batch.inputs().source()));
            }
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < rows; b++) {
                    if (batch.forced(t)) {
                        System.arraycopy(inputs.vector(b, t), 0, input, b * k, k);
                    } else {
                        for (int i = 0; i < k; i++) {
                            input[b * k + i] = previous[b * outputs + i] >= 0f ? 1f : 0f;
                        }
                    }
                }
                previous = decoder.step(input);
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(previous, b * outputs, logits, (b * time + t) * outputs, outputs);
                }
            }
        }
        return SequenceBatch.wrap(rows, time, outputs, logits);
    }

    private static void checkShape(SequenceBatch a, SequenceBatch b) {
        if (a.batch() != b.batch() || a.time() != b.time() || a.width() != b.width()) {
            throw new IllegalArgumentException(a + " and targets " + b + " differ in shape");
        }
    }

    static double crossEntropy(float[] logits, int offset, int count, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (int c = 0; c < count; c++) {
            sum += Math.exp(logits[offset + c] - max);
        }
        return max + Math.log(sum) - logits[offset + label];
    }
}
