package dev.midigen.model;

import dev.midigen.model.weights.Weights;

/**
 * A trained (or imported) model of any family on one backend. Numbers in, numbers out: codec features in, logits out
 * (what they mean is the spec's {@link Head}); the MIDI side lives above ({@code MusicGenerator}, {@code Sampler},
 * {@code Evaluator}). A model with an encoder ({@link Architecture#hasEncoder()}) reads a source sequence first:
 * {@link #encode} gives the decoder's initial state, {@link #score} takes the source in its batch. The weights do not
 * change; closing frees the backend's memory, after which every call fails with {@link IllegalStateException}.
 */
public interface SequenceModel extends AutoCloseable {

    ModelSpec spec();

    /** The backend's name ({@code dl4j}, {@code tf}, {@code onnx}, {@code java}, …). */
    String backend();

    /**
     * A decoder for {@code batchSize} sequences, starting from the zero state; {@link Decoder#step} reads
     * {@code batchSize × inputSize} and gives {@code batchSize × outputSize} logits. Start it from an encoding with
     * {@link Decoder#setState}{@code (encode(source))}. A drum VAE's decoder has no zero state: it steps only after
     * {@code setState}.
     */
    Decoder newDecoder(int batchSize);

    /**
     * Runs the encoder over {@code source} ({@code batch × S × width}) from the zero state and returns the decoder's
     * initial state (through the spec's bridge).
     *
     * @throws UnsupportedOperationException when the model has no encoder (the default)
     * @throws IllegalArgumentException      when the source is not as wide as the model reads
     */
    default DecoderState encode(SequenceBatch source) {
        throw new UnsupportedOperationException("a " + spec().family().typeName() + " has no encoder");
    }

    /**
     * Logits of whole sequences ({@code batch × time × outputSize}), every step reading its given input (teacher
     * forcing): from the zero state, or, with an encoder, from the encoding of the batch's source.
     *
     * @throws IllegalArgumentException when the batch does not fit the model (widths, a source missing or extra)
     */
    SequenceBatch score(ModelBatch batch);

    /** {@link #score(ModelBatch)} of inputs alone (a model without an encoder). */
    default SequenceBatch score(SequenceBatch inputs) {
        return score(ModelBatch.of(inputs));
    }

    /** The weights in the canonical layout. */
    Weights exportWeights();

    @Override
    void close();
}
