package dev.midigen.backend.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Adam's state for a frame model on the tf backend: the moments {@code m} and {@code v} as variables beside the
 * weights (the training graph's {@code ApplyAdam} ops update them) and the step count here. PyTorch's form, as
 * {@link TfAdam}: each step feeds TensorFlow's ε̂ = ε·√(1−β2ᵗ), which makes {@code ApplyAdam}'s update PyTorch's.
 */
final class TfFrameAdam {
    private static final int MAGIC = 0x41465446; // "FTFA"

    final TfVariables m;
    final TfVariables v;
    private final double learningRate;
    private long step;

    TfFrameAdam(Ops tf, Session session, java.util.Map<String, int[]> shapes, double learningRate) {
        this.learningRate = learningRate;
        this.m = new TfVariables(tf, shapes, "adam_m");
        this.v = new TfVariables(tf, shapes, "adam_v");
        m.zero(session);
        v.zero(session);
    }

    long step() {
        return step;
    }

    /** Learning rate, β1ᵗ, β2ᵗ and TensorFlow's ε̂ for t = step + 1. */
    float[] nextScalars() {
        return AdamStateBytes.nextScalars(learningRate, step);
    }

    void advance() {
        step++;
    }

    /** Step count and moments, as {@link AdamStateBytes} writes them. */
    byte[] save(Session session) {
        return AdamStateBytes.write(MAGIC, learningRate, step, m.readValues(session), v.readValues(session));
    }

    /**
     * @throws IllegalArgumentException when {@code state} is not this backend's frame-model Adam state for these shapes
     */
    void restore(Session session, byte[] state) {
        List<Integer> lengths = new ArrayList<>();
        for (int[] shape : m.shapes) {
            lengths.add(TfVariables.length(shape));
        }
        AdamStateBytes.Restored restored = AdamStateBytes.read(state, MAGIC, "tf backend frame-model", m.names, lengths);
        m.loadValues(session, restored.m());
        v.loadValues(session, restored.v());
        step = restored.step();
    }
}
