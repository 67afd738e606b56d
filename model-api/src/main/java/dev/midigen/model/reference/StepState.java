package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;

/**
 * The recurrent state of a reference decoder for a batch, and its step: the part of a decoder that differs between
 * an LSTM stack ({@link LstmSteps}) and a GRU stack ({@link GruSteps}). Not thread-safe.
 */
interface StepState {

    /** One step: {@code batch × inputSize} in, {@code batch × outputSize} logits out; the state advances. */
    float[] step(float[] inputs);

    DecoderState snapshot();

    /** Puts back a state of this batch (its names and sizes are checked here). */
    void restore(DecoderState state);

    void reset();
}
