package dev.midigen.model.spi;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.ModelSpec;
import java.util.Objects;

/**
 * What every backend's decoder does around its numbers, written once: it fails once it or its model is closed, and
 * checks the size of each step's input and of a state put back. A decoder of a model with a variational latent (a drum
 * VAE) has no zero state: it refuses to step or give its state until one is set, and again after {@link #reset}. A
 * backend implements the {@code *Checked} methods.
 */
public abstract class DecoderBase implements Decoder {
    /** Why a drum VAE's decoder refuses to step before a state is set. */
    public static final String NO_STATE = "a drum-vae decoder starts from a latent, not from zeros:"
            + " setState(model.encode(source)) or setState(DrumVaeLatents.stateFromLatent(z)) first";

    private final ModelBase model;
    private final boolean startsFromLatent;
    private boolean hasState;
    private final int batchSize;
    private final int inputSize;
    private final Lifecycle lifecycle;

    protected DecoderBase(ModelBase model, int batchSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.batchSize = batchSize;
        this.inputSize = model.spec().decoderInputSize();
        this.lifecycle = new Lifecycle("this " + model.backend() + " decoder");
        this.startsFromLatent = startsFromLatent(model.spec());
        this.hasState = !startsFromLatent;
    }

    private static boolean startsFromLatent(ModelSpec spec) {
        return !(spec.family() instanceof ForeignModel) && spec.architecture().latent() != null;
    }

    @Override
    public final int batchSize() {
        return batchSize;
    }

    @Override
    public final float[] step(float[] inputs) {
        check();
        requireState();
        BatchChecks.checkStep(inputs, batchSize, inputSize);
        return stepChecked(inputs);
    }

    @Override
    public final DecoderState state() {
        check();
        requireState();
        return stateChecked();
    }

    @Override
    public final void setState(DecoderState state) {
        check();
        if (state.batch() != batchSize) {
            throw new IllegalArgumentException("a state of " + state.batch() + " rows for a decoder of " + batchSize);
        }
        setStateChecked(state);
        hasState = true;
    }

    @Override
    public final void reset() {
        check();
        resetChecked();
        hasState = !startsFromLatent;
    }

    private void requireState() {
        if (!hasState) {
            throw new IllegalStateException(NO_STATE);
        }
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
