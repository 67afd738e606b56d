package dev.midigen.model.spi;

import dev.midigen.model.Head;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;

/**
 * The checks every backend makes of what it is given, before any native work, so that a batch that does not fit a
 * model fails the same way on every engine: with an {@link IllegalArgumentException} that says what was expected.
 */
public final class BatchChecks {
    private BatchChecks() {
    }

    /**
     * Inputs as wide as the model's decoder reads (its control included); a source exactly when it has an encoder, as
     * wide as its frames.
     */
    public static void check(ModelSpec spec, ModelBatch batch) {
        int width = spec.decoderInputSize();
        if (batch.inputs().width() != width) {
            throw new IllegalArgumentException("inputs are " + batch.inputs().width() + " wide; this model reads " + width
                    + " features a step");
        }
        boolean encoder = spec.hasEncoder();
        if (encoder && !batch.hasSource()) {
            throw new IllegalArgumentException("a " + spec.family().typeName() + " reads a source sequence first; the batch has none");
        }
        if (!encoder && batch.hasSource()) {
            throw new IllegalArgumentException("a " + spec.family().typeName() + " has no encoder; the batch has a source");
        }
        if (encoder) {
            checkSource(spec, batch.source());
        }
    }

    /** A source as wide as the model's frames. */
    public static void checkSource(ModelSpec spec, SequenceBatch source) {
        if (source.width() != spec.inputSize()) {
            throw new IllegalArgumentException("source frames are " + source.width() + " wide; this model reads "
                    + spec.inputSize());
        }
    }

    /** {@link #check(ModelSpec, ModelBatch)}, and targets of the head's kind and width. */
    public static void check(ModelSpec spec, TrainingBatch batch) {
        check(spec, batch.inputs());
        Head head = spec.head();
        if (head instanceof Head.Categorical && !(batch.targets() instanceof Targets.Categorical)) {
            throw new IllegalArgumentException("a categorical head learns from labels, not " + batch.targets().getClass().getSimpleName());
        }
        if (head instanceof Head.MultiLabel && !(batch.targets() instanceof Targets.MultiLabel m
                && m.values().width() == head.outputSize())) {
            throw new IllegalArgumentException("a multi-label head of " + head.outputSize()
                    + " units learns from a value per unit");
        }
        if (head instanceof Head.Groove && !(batch.targets() instanceof Targets.Groove g
                && g.frames().width() == head.outputSize())) {
            throw new IllegalArgumentException("a groove head learns from groove frames " + head.outputSize() + " wide");
        }
    }

    /**
     * Checks categorical targets over {@code classes} labels: every mask value a finite weight ≥ 0, every unmasked label
     * a class, not every step masked. Returns the mask's sum (what a mean loss divides by).
     *
     * @throws IllegalArgumentException naming the first entry that is wrong
     */
    public static double maskTotal(Targets.Categorical targets, int classes) {
        int[] labels = targets.labels();
        float[] mask = targets.mask();
        double total = 0;
        for (int i = 0; i < mask.length; i++) {
            float m = mask[i];
            if (!(m >= 0) || Float.isInfinite(m)) {
                throw new IllegalArgumentException("mask values are weights >= 0, got " + m + " at " + i);
            }
            if (m > 0 && (labels[i] < 0 || labels[i] >= classes)) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is not a class 0.." + (classes - 1));
            }
            total += m;
        }
        if (total == 0) {
            throw new IllegalArgumentException("the batch has no unmasked step");
        }
        return total;
    }

    /** A decoder step of {@code batch} rows of {@code width} features. */
    public static void checkStep(float[] inputs, int batch, int width) {
        if (inputs.length != batch * width) {
            throw new IllegalArgumentException("a step reads " + batch + " × " + width + " = " + batch * width
                    + " values, got " + inputs.length);
        }
    }
}
