package dev.midigen.backend.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;

/**
 * Adam's state on the tf backend: the moments {@code m} and {@code v} as variables beside the weights (the
 * graph's {@code ApplyAdam} ops update them) and the step count here. PyTorch's form, as the dl4j backend:
 * β1 = 0.9, β2 = 0.999, and ε = 1e-8 added outside the bias-corrected root — TensorFlow's {@code ApplyAdam}
 * adds its ε inside ({@code lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε̂)}), so each step feeds
 * {@code ε̂ = ε·√(1−β2ᵗ)}, which makes the two the same update.
 */
final class TfAdam {
    static final double BETA1 = AdamStateBytes.BETA1;
    static final double BETA2 = AdamStateBytes.BETA2;
    private static final int MAGIC = 0x44414654; // "TFAD"

    final TfParams m;
    final TfParams v;
    private final double learningRate;
    private long step;

    TfAdam(TfNet net, double learningRate) {
        this.learningRate = learningRate;
        this.m = new TfParams(net.tf, net.network, "adam_m");
        this.v = new TfParams(net.tf, net.network, "adam_v");
        m.zero(net.session);
        v.zero(net.session);
    }

    long step() {
        return step;
    }

    /** The scalars of the next update: learning rate, β1ᵗ, β2ᵗ and TensorFlow's ε̂, for t = step + 1. */
    float[] nextScalars() {
        return AdamStateBytes.nextScalars(learningRate, step);
    }

    void advance() {
        step++;
    }

    /** Step count and moments (canonical layout), as {@link AdamStateBytes} writes them. */
    byte[] save(Session session) {
        return AdamStateBytes.write(MAGIC, learningRate, step, m.readCanonical(session), v.readCanonical(session));
    }

    /**
     * @throws IllegalArgumentException when {@code state} is not this backend's Adam state for these shapes
     */
    void restore(Session session, byte[] state) {
        List<Integer> lengths = new ArrayList<>();
        for (int[] shape : m.canonicalShapes) {
            lengths.add(shape.length == 2 ? shape[0] * shape[1] : shape[0]);
        }
        AdamStateBytes.Restored restored = AdamStateBytes.read(state, MAGIC, "tf backend", m.names, lengths);
        m.loadCanonical(session, restored.m());
        v.loadCanonical(session, restored.v());
        step = restored.step();
    }
}
