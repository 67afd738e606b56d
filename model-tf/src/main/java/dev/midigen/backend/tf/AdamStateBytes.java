package dev.midigen.backend.tf;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tf backend's two Adam states ({@link TfAdam} for the LSTM families, {@link TfFrameAdam} for frame
 * models) share: PyTorch's form of the update's scalars, and the optimizer-state bytes — little-endian: magic,
 * version, learning rate, step, tensor count, then per tensor its length, m and v (in the canonical layout).
 */
final class AdamStateBytes {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    private static final int VERSION = 1;

    /** A restored state: the step count and the moments, in tensor order. */
    record Restored(long step, List<float[]> m, List<float[]> v) {
    }

    private AdamStateBytes() {
    }

    /**
     * The scalars of the update after {@code step}: learning rate, β1ᵗ, β2ᵗ and TensorFlow's ε̂ = ε·√(1−β2ᵗ),
     * for t = step + 1 ({@code ApplyAdam} adds its ε inside the bias-corrected root; this makes it PyTorch's).
     */
    static float[] nextScalars(double learningRate, long step) {
        long t = step + 1;
        double beta2Power = Math.pow(BETA2, t);
        return new float[] {(float) learningRate, (float) Math.pow(BETA1, t), (float) beta2Power,
            (float) (EPSILON * Math.sqrt(1 - beta2Power))};
    }

    static byte[] write(int magic, double learningRate, long step, List<float[]> ms, List<float[]> vs) {
        long size = 4 + 4 + 8 + 8 + 4;
        for (float[] values : ms) {
            size += 4 + 8L * values.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("optimizer state over 2 GB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(magic).putInt(VERSION).putDouble(learningRate).putLong(step).putInt(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            out.putInt(ms.get(i).length);
            out.asFloatBuffer().put(ms.get(i)).put(vs.get(i));
            out.position(out.position() + 8 * ms.get(i).length);
        }
        return out.array();
    }

    /**
     * @param kind    what the state should be, for the message ("tf backend", "tf backend frame-model")
     * @param names   the tensors' names, in order
     * @param lengths their value counts
     * @throws IllegalArgumentException when {@code state} is not such a state for these tensors
     */
    static Restored read(byte[] state, int magic, String kind, List<String> names, List<Integer> lengths) {
        ByteBuffer in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (in.getInt() != magic || in.getInt() != VERSION) {
                throw new IllegalArgumentException("not a " + kind + " optimizer state");
            }
            in.getDouble();
            long step = in.getLong();
            int count = in.getInt();
            if (count != names.size() || step < 0) {
                throw new IllegalArgumentException("optimizer state of " + count + " tensors, this model has " + names.size());
            }
            List<float[]> m = new ArrayList<>();
            List<float[]> v = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                int expected = lengths.get(i);
                if (length != expected) {
                    throw new IllegalArgumentException("optimizer state for " + names.get(i) + " has " + length
                            + " values, expected " + expected);
                }
                float[] mi = new float[length];
                float[] vi = new float[length];
                FloatBuffer floats = in.asFloatBuffer();
                floats.get(mi).get(vi);
                in.position(in.position() + 8 * length);
                m.add(mi);
                v.add(vi);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("optimizer state has trailing bytes");
            }
            return new Restored(step, m, v);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated optimizer state", e);
        }
    }
}
