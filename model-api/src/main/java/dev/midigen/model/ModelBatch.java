package dev.midigen.model;

import java.util.Objects;

/**
 * What a model reads for a batch of sequences: the decoder's {@code inputs} ({@code batch × time × inputSize}) and,
 * for a model with an encoder ({@link Architecture#hasEncoder()}), the {@code source} sequence it encodes first
 * ({@code batch × S × width}; null otherwise). A per-sequence control vector joins it with conditioned models.
 *
 * <p>For a seq2seq model under teacher forcing, decoder step 0 reads the last source frame and step {@code t > 0}
 * reads target frame {@code t − 1}: {@link #teacherForced} builds those inputs.
 */
public record ModelBatch(SequenceBatch inputs, SequenceBatch source) {
    public ModelBatch {
        Objects.requireNonNull(inputs, "inputs");
        if (source != null && source.batch() != inputs.batch()) {
            throw new IllegalArgumentException("source " + source + " and inputs " + inputs + " differ in batch");
        }
    }

    /** Inputs alone (a model without an encoder). */
    public static ModelBatch of(SequenceBatch inputs) {
        return new ModelBatch(inputs, null);
    }

    /**
     * A seq2seq batch under teacher forcing: the encoder reads {@code source}; decoder step 0 reads its last frame and
     * step {@code t > 0} reads {@code target} frame {@code t − 1}.
     */
    public static ModelBatch teacherForced(SequenceBatch source, SequenceBatch target) {
        if (source.batch() != target.batch() || source.width() != target.width()) {
            throw new IllegalArgumentException("source " + source + " and target " + target
                    + " must have the same batch and frame size");
        }
        int k = source.width();
        int time = target.time();
        float[] values = new float[target.batch() * time * k];
        float[] src = source.toArray();
        float[] tgt = target.toArray();
        for (int b = 0; b < target.batch(); b++) {
            System.arraycopy(src, (b * source.time() + source.time() - 1) * k, values, b * time * k, k);
            System.arraycopy(tgt, b * time * k, values, (b * time + 1) * k, (time - 1) * k);
        }
        return new ModelBatch(SequenceBatch.wrap(target.batch(), time, k, values), source);
    }

    public int batch() {
        return inputs.batch();
    }

    public int time() {
        return inputs.time();
    }

    public boolean hasSource() {
        return source != null;
    }
}
