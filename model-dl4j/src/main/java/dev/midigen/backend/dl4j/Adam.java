package dev.midigen.backend.dl4j;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Adam with global-norm gradient clipping, PyTorch's form: {@code m = β1 m + (1−β1) g},
 * {@code v = β2 v + (1−β2) g²}, {@code p −= lr · m̂ / (√v̂ + ε)} with bias-corrected {@code m̂}, {@code v̂};
 * β1 = 0.9, β2 = 0.999, ε = 1e-8. When {@code clipNorm > 0} and the gradients' global L2 norm exceeds it,
 * every gradient is scaled by {@code clipNorm / norm} first (TensorFlow's {@code clip_by_global_norm}).
 */
final class Adam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    private static final int MAGIC = 0x444A4144; // "DJAD"
    private static final int VERSION = 1;

    private final double learningRate;
    private final double clipNorm;
    private final java.util.List<String> names;
    private final Moments m;
    private final Moments v;
    private long step;

    /** Adam's first or second moments, one array per tensor. */
    private record Moments(float[][] values) {
        static Moments zeros(float[][] shapeOf) {
            float[][] values = new float[shapeOf.length][];
            for (int i = 0; i < values.length; i++) {
                values[i] = new float[shapeOf[i].length];
            }
            return new Moments(values);
        }
    }

    Adam(LstmParams shape, double learningRate, double clipNorm) {
        this(shape.names, shape.values, learningRate, clipNorm);
    }

    /** Adam for tensors named {@code names} of the sizes of {@code shapeOf}'s arrays. */
    Adam(java.util.List<String> names, float[][] shapeOf, double learningRate, double clipNorm) {
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.names = java.util.List.copyOf(names);
        this.m = Moments.zeros(shapeOf);
        this.v = Moments.zeros(shapeOf);
    }

    long step() {
        return step;
    }

    /** Global L2 norm of {@code grads}. */
    static double norm(LstmParams grads) {
        return norm(grads.values);
    }

    /** Global L2 norm of gradient arrays. */
    static double norm(float[][] grads) {
        double sum = 0;
        for (float[] g : grads) {
            double part = 0;
            for (float x : g) {
                part += (double) x * x;
            }
            sum += part;
        }
        return Math.sqrt(sum);
    }

    /** One update of {@code params} from {@code grads} (which it may scale). */
    void update(LstmParams params, LstmParams grads) {
        update(params.values, grads.values);
    }

    /** One update of {@code params} from {@code grads} (arrays in the constructor's order). */
    void update(float[][] params, float[][] grads) {
        float scale = 1f;
        if (clipNorm > 0) {
            double norm = norm(grads);
            if (norm > clipNorm) {
                scale = (float) (clipNorm / norm);
            }
        }
        step++;
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float c1 = (float) (1 - BETA1);
        float c2 = (float) (1 - BETA2);
        float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)));
        float vCorrection = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, step)));
        float eps = (float) EPSILON;
        for (int i = 0; i < params.length; i++) {
            float[] p = params[i];
            float[] g = grads[i];
            float[] mi = m.values[i];
            float[] vi = v.values[i];
            for (int j = 0; j < p.length; j++) {
                float gj = g[j] * scale;
                float mj = b1 * mi[j] + c1 * gj;
                float vj = b2 * vi[j] + c2 * gj * gj;
                mi[j] = mj;
                vi[j] = vj;
                p[j] -= stepSize * mj / ((float) Math.sqrt(vj) * vCorrection + eps);
            }
        }
    }

    /**
     * Step count and moments, little-endian: magic, version, learning rate, step, tensor count, then per
     * tensor its length, m and v.
     */
    byte[] save() {
        long size = 4 + 4 + 8 + 8 + 4;
        for (float[] values : m.values) {
            size += 4 + 8L * values.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("optimizer state over 2 GB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(VERSION).putDouble(learningRate).putLong(step).putInt(m.values.length);
        for (int i = 0; i < m.values.length; i++) {
            out.putInt(m.values[i].length);
            out.asFloatBuffer().put(m.values[i]).put(v.values[i]);
            out.position(out.position() + 8 * m.values[i].length);
        }
        return out.array();
    }

    /**
     * @throws IllegalArgumentException when {@code state} is not this backend's Adam state for these shapes
     */
    void restore(byte[] state) {
        ByteBuffer in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (in.getInt() != MAGIC || in.getInt() != VERSION) {
                throw new IllegalArgumentException("not a dl4j backend optimizer state");
            }
            in.getDouble();
            long newStep = in.getLong();
            int count = in.getInt();
            if (count != m.values.length || newStep < 0) {
                throw new IllegalArgumentException("optimizer state of " + count + " tensors, this model has "
                        + m.values.length);
            }
            float[][] newM = new float[count][];
            float[][] newV = new float[count][];
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length != m.values[i].length) {
                    throw new IllegalArgumentException("optimizer state for " + names.get(i) + " has " + length
                            + " values, expected " + m.values[i].length);
                }
                newM[i] = new float[length];
                newV[i] = new float[length];
                FloatBuffer floats = in.asFloatBuffer();
                floats.get(newM[i]).get(newV[i]);
                in.position(in.position() + 8 * length);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("optimizer state has trailing bytes");
            }
            for (int i = 0; i < count; i++) {
                m.values[i] = newM[i];
                v.values[i] = newV[i];
            }
            step = newStep;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated optimizer state", e);
        }
    }
}
