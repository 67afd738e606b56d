package dev.midigen.backend.dl4j;

import static dev.midigen.model.OptimizerState.BETA1;
import static dev.midigen.model.OptimizerState.BETA2;
import static dev.midigen.model.OptimizerState.EPSILON;

import dev.midigen.model.OptimizerState;

/**
 * Adam with global-norm gradient clipping, PyTorch's form: {@code m = β1 m + (1−β1) g},
 * {@code v = β2 v + (1−β2) g²}, {@code p −= lr · m̂ / (√v̂ + ε)} with bias-corrected {@code m̂}, {@code v̂};
 * β1, β2 and ε are {@link OptimizerState}'s (0.9, 0.999, 1e-8). When {@code clipNorm > 0} and the gradients'
 * global L2 norm exceeds it, every gradient is scaled by {@code clipNorm / norm} first (TensorFlow's {@code clip_by_global_norm}). Its state
 * is canonical ({@link OptimizerState}): the engines keep every tensor in the canonical layout, so the moments are
 * named and shaped as the weights with no conversion.
 */
final class Adam {
    private final double learningRate;
    private final double clipNorm;
    private final HeapParams shape;
    private final float[][] m;
    private final float[][] v;
    private long step;

    /** Adam for tensors named and shaped as {@code shape}'s. */
    Adam(HeapParams shape, double learningRate, double clipNorm) {
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.shape = shape;
        this.m = HeapParams.zeros(shape.shapes);
        this.v = HeapParams.zeros(shape.shapes);
    }

    long step() {
        return step;
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

    /** One update of {@code params} from {@code grads} (which it may scale), arrays in the layout's order. */
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
            float[] mi = m[i];
            float[] vi = v[i];
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

    /** The step count and copies of the moments. */
    OptimizerState state() {
        return new OptimizerState(step, shape.toWeights(m), shape.toWeights(v));
    }

    /** Takes a state's step count and moments (already checked to fit the layout). */
    void restore(OptimizerState state) {
        shape.read(state.firstMoments(), m);
        shape.read(state.secondMoments(), v);
        step = state.step();
    }
}
