package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;
import dev.midigen.model.spi.DecoderBase;

/** The reference decoder of every family: the checks of {@link DecoderBase} around a {@link StepState}. */
final class JavaDecoder extends DecoderBase {
    private final StepState steps;

    JavaDecoder(JavaModel model, StepState steps, int batchSize) {
        super(model, batchSize);
        this.steps = steps;
    }

    @Override
    protected float[] stepChecked(float[] inputs) {
        return steps.step(inputs);
    }

    @Override
    protected DecoderState stateChecked() {
        return steps.snapshot();
    }

    @Override
    protected void setStateChecked(DecoderState state) {
        steps.restore(state);
    }

    @Override
    protected void resetChecked() {
        steps.reset();
    }
}
