package dev.midigen.model;

import dev.midigen.model.weights.Weights;

/**
 * A seq2seq frame model ({@link Seq2SeqGru}) on one backend: an encoder reads source frames into a state,
 * a decoder starts from that state (or from zeros, or any state) and writes frames' logits one step at a
 * time. Numbers in, numbers out — frames of the encoding ({@code K} values, 88 keys for the piano roll) in,
 * one logit per key out (probability {@code σ(logit)} that the key sounds); sampling, evaluation and MIDI
 * live above. Weights in the canonical layout of {@link dev.midigen.model.weights.Seq2SeqLayout}. The
 * weights do not change; closing frees the backend's memory, after which every call throws
 * {@link IllegalStateException}.
 */
public interface FrameModel extends AutoCloseable {

    ModelSpec spec();

    /** The backend's name ({@code dl4j}, {@code tf}, {@code onnx}, {@code java}, …). */
    String backend();

    /**
     * Runs the encoder over {@code source} ({@code batch × S × K}) from the zero state and returns its final
     * state: one tensor per layer, {@link dev.midigen.model.weights.Seq2SeqLayout#stateName} {@code (l)}, of
     * {@code batch × hidden} — the decoder's initial state ({@link Decoder#setState}).
     *
     * @throws IllegalArgumentException when the frames are not {@code K} wide
     */
    DecoderState encode(SequenceBatch source);

    /**
     * A decoder of {@code batchSize} rows starting from the zero state; {@link Decoder#step} reads one frame
     * per row ({@code batchSize × K}) and returns the logits of the next ({@code batchSize × K}). Start it from
     * an encoding with {@link Decoder#setState}{@code (encode(source))}; {@link Decoder#reset} goes back to zeros.
     */
    Decoder newDecoder(int batchSize);

    /**
     * Teacher-forced logits {@code batch × T × K}: the encoder reads the source, the decoder starts from its
     * final state and reads {@link FrameBatch#decoderInput} at each step (no dropout).
     */
    SequenceBatch score(FrameBatch batch);

    /** The weights in the canonical layout. */
    Weights exportWeights();

    @Override
    void close();
}
