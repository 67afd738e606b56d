package dev.midigen.model;

/**
 * Runs a model one step at a time for {@link #batchSize()} sequences, keeping their recurrent state.
 * The state is explicit: {@link #state()} snapshots it and {@link #setState} puts one back (for
 * sampling strategies that branch and backtrack). Not thread-safe.
 */
public interface Decoder extends AutoCloseable {

    int batchSize();

    /**
     * Feeds one step: {@code inputs} is {@code batchSize × inputSize} (row-major); returns the logits,
     * {@code batchSize × outputSize}, and advances the state.
     */
    float[] step(float[] inputs);

    /** A snapshot of the current state. */
    DecoderState state();

    /** Continues from {@code state} (whose batch must equal {@link #batchSize()}). */
    void setState(DecoderState state);

    /**
     * Back to the initial state: zeros; for a model with a variational latent (a drum VAE), no state at all — its
     * decoder refuses to step ({@link IllegalStateException}) until {@link #setState} gives it one (from
     * {@code encode(source)} or a latent).
     */
    void reset();

    @Override
    void close();
}
