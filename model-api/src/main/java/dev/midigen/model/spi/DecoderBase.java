package dev.midigen.model.spi;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import java.util.Objects;

/**
 * What every backend's decoder does around its numbers, written once: it fails once it or its model is closed, and
 * checks the size of each step's input and of a state put back. A backend implements the {@code *Checked} methods.
 */
public abstract class DecoderBase implements Decoder {
    private final ModelBase model;
    private final int batchSize;
    private final int inputSize;
    private final Lifecycle lifecycle;

    protected DecoderBase(ModelBase model, int batchSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.batchSize = batchSize;
        this.inputSize = model.spec().inputSize();
        this.lifecycle = new Lifecycle("this " + model.backend() + " decoder");
    }

    @Override
    public final int batchSize() {
        return batchSize;
    }

    @Override
    public final float[] step(float[] inputs) {
        check();
        BatchChecks.checkStep(inputs, batchSize, inputSize);
        return stepChecked(inputs);
    }

    @Override
    public final DecoderState state() {
        check();
        return stateChecked();
    }

    @Override
    public final void setState(DecoderState state) {
        check();
        if (state.batch() != batchSize) {
            throw new IllegalArgumentException("a state of " + state.batch() + " rows for a decoder of " + batchSize);
        }
        setStateChecked(state);
    }

    @Override
    public final void reset() {
        check();
        resetChecked();
    }

    @Override
    public final void close() {
        if (lifecycle.close()) {
            release();
        }
    }

    protected final void check() {
        lifecycle.check();
        model.checkOpen();
    }

    protected abstract float[] stepChecked(float[] inputs);

    protected abstract DecoderState stateChecked();

    /** Puts back a state of {@link #batchSize()} rows (its tensors' names and sizes are for the subclass to check). */
    protected abstract void setStateChecked(DecoderState state);

    protected abstract void resetChecked();

    /** Frees what the decoder holds; called once. */
    protected void release() {
    }
}
