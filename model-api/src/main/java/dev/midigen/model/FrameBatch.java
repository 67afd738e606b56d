package dev.midigen.model;

import java.util.Objects;

/**
 * Source and target windows of frames for a seq2seq frame model ({@link FrameModel}): {@code source}
 * {@code batch × S × K} (what the encoder reads) and {@code target} {@code batch × T × K} (what the decoder
 * should write next), row-major, {@code K} the frame size (88 keys for the piano roll).
 *
 * <p>Teacher forcing, everywhere: decoder step 0 reads the last source frame and step {@code t > 0} reads
 * {@link #decoderInput target frame t − 1}; each step's logits predict target frame {@code t}.
 */
public record FrameBatch(SequenceBatch source, SequenceBatch target) {
    public FrameBatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (source.batch() != target.batch() || source.width() != target.width()) {
            throw new IllegalArgumentException("source " + source + " and target " + target
                    + " must have the same batch and frame size");
        }
    }

    public int batch() {
        return source.batch();
    }

    public int frameSize() {
        return source.width();
    }

    public int sourceSteps() {
        return source.time();
    }

    public int targetSteps() {
        return target.time();
    }

    /** The frame decoder step {@code t} reads under teacher forcing: the last source frame at 0, else target {@code t − 1}. */
    public float[] decoderInput(int b, int t) {
        return t == 0 ? source.vector(b, source.time() - 1) : target.vector(b, t - 1);
    }

    /** All decoder inputs under teacher forcing, {@code batch × T × K}. */
    public SequenceBatch decoderInputs() {
        int k = frameSize();
        int time = targetSteps();
        float[] values = new float[batch() * time * k];
        for (int b = 0; b < batch(); b++) {
            for (int t = 0; t < time; t++) {
                System.arraycopy(decoderInput(b, t), 0, values, (b * time + t) * k, k);
            }
        }
        return SequenceBatch.wrap(batch(), time, k, values);
    }
}
