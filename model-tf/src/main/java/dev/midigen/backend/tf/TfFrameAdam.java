package dev.midigen.backend.tf;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
    private static final int VERSION = 1;

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
        long t = step + 1;
        double beta2Power = Math.pow(TfAdam.BETA2, t);
        return new float[] {(float) learningRate, (float) Math.pow(TfAdam.BETA1, t), (float) beta2Power,
            (float) (TfAdam.EPSILON * Math.sqrt(1 - beta2Power))};
    }

    void advance() {
        step++;
    }

    /** Magic, version, learning rate, step, tensor count, then per tensor its length, m and v; little-endian. */
    byte[] save(Session session) {
        List<float[]> ms = m.readValues(session);
        List<float[]> vs = v.readValues(session);
        long size = 4 + 4 + 8 + 8 + 4;
        for (float[] values : ms) {
            size += 4 + 8L * values.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("optimizer state over 2 GB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(VERSION).putDouble(learningRate).putLong(step).putInt(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            out.putInt(ms.get(i).length);
            out.asFloatBuffer().put(ms.get(i)).put(vs.get(i));
            out.position(out.position() + 8 * ms.get(i).length);
        }
        return out.array();
    }

    /**
     * @throws IllegalArgumentException when {@code state} is not this backend's frame-model Adam state for these shapes
     */
    void restore(Session session, byte[] state) {
        ByteBuffer in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (in.getInt() != MAGIC || in.getInt() != VERSION) {
                throw new IllegalArgumentException("not a tf backend frame-model optimizer state");
            }
            in.getDouble();
            long newStep = in.getLong();
            int count = in.getInt();
            if (count != m.size() || newStep < 0) {
                throw new IllegalArgumentException("optimizer state of " + count + " tensors, this model has " + m.size());
            }
            List<float[]> newM = new ArrayList<>();
            List<float[]> newV = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                int expected = TfVariables.length(m.shapes.get(i));
                if (length != expected) {
                    throw new IllegalArgumentException("optimizer state for " + m.names.get(i) + " has " + length
                            + " values, expected " + expected);
                }
                float[] mi = new float[length];
                float[] vi = new float[length];
                FloatBuffer floats = in.asFloatBuffer();
                floats.get(mi).get(vi);
                in.position(in.position() + 8 * length);
                newM.add(mi);
                newV.add(vi);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("optimizer state has trailing bytes");
            }
            m.loadValues(session, newM);
            v.loadValues(session, newV);
            step = newStep;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated optimizer state", e);
        }
    }
}
