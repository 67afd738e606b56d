package dev.midigen.backend.tf;

import dev.midigen.model.DecoderState;
import dev.midigen.model.spi.DecoderBase;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * A drum VAE's step-by-step decoder: {@link TfDecoder}'s one run a step over the one-step graph ({@link VaeGraph#step}),
 * its state packed as {@code [h⁰ c⁰ h¹ c¹ … z]} — but, like the reference's, it starts with no state and refuses to
 * step (or give its state) until one is set: {@code setState(model.encode(source))}, or a state made from any latent
 * ({@code DrumVaeLatents.stateFromLatent}). {@link #reset} goes back to no state. Not thread-safe.
 */
final class VaeDecoder extends DecoderBase {
    static final String NO_STATE = "a drum-vae decoder starts from a latent, not from zeros: setState(model.encode(source))"
            + " or setState(DrumVaeLatents.stateFromLatent(z)) first";

    private final VaeNet net;
    private final StepGraph graph;
    private final int batch;
    private final int frame;
    private final float[] packed;
    private final float[] output;
    private boolean started;

    VaeDecoder(TfModel model, VaeNet net, int batch) {
        super(model, batch);
        this.net = net;
        this.graph = net.step();
        this.batch = batch;
        this.frame = model.spec().inputSize();
        this.packed = new float[batch * graph.stateWidth];
        this.output = new float[batch * (graph.outputWidth + graph.stateWidth)];
    }

    @Override
    protected float[] stepChecked(float[] values) {
        requireStarted();
        Session.Runner runner = net.session.runner();
        try (TFloat32 in = Tensors.floats(values, batch, frame); TFloat32 st = Tensors.floats(packed, batch, graph.stateWidth)) {
            runner.feed(graph.inputs, in).feed(graph.state, st).fetch(graph.output);
            try (Result result = runner.run()) {
                Tensors.read((TFloat32) result.get(0), output, 0, output.length);
            }
        }
        int row = graph.outputWidth + graph.stateWidth;
        float[] outputs = new float[batch * frame];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(output, b * row, outputs, b * frame, frame);
            System.arraycopy(output, b * row + graph.outputWidth, packed, b * graph.stateWidth, graph.stateWidth);
        }
        return outputs;
    }

    @Override
    protected DecoderState stateChecked() {
        requireStarted();
        return net.state(packed, batch);
    }

    @Override
    protected void setStateChecked(DecoderState state) {
        net.setState(state, packed, batch);
        started = true;
    }

    @Override
    protected void resetChecked() {
        java.util.Arrays.fill(packed, 0f);
        started = false;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException(NO_STATE);
        }
    }
}
