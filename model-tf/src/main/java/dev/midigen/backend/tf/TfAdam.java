package dev.midigen.backend.tf;

import dev.midigen.model.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Adam on the tf backend: the moments {@code m} and {@code v} as variables beside the weights, named and laid out as
 * they are (so {@link #state} gives them in the canonical layout, by the weights' own mapping), the training graphs'
 * update ops, and the step count here. PyTorch's form, as every backend: β1 = 0.9, β2 = 0.999, and ε = 1e-8 added
 * outside the bias-corrected root — TensorFlow's {@code ApplyAdam} adds its ε inside
 * ({@code lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε̂)}), so each step feeds {@code ε̂ = ε·√(1−β2ᵗ)}, which makes the two the
 * same update. The constants are {@link OptimizerState}'s.
 */
final class TfAdam {
    private final TfVariables weights;
    private final TfVariables m;
    private final TfVariables v;
    private final double learningRate;
    private long step;

    TfAdam(TfNet net, double learningRate) {
        this.learningRate = learningRate;
        this.weights = net.weights;
        this.m = weights.like(net.tf, "adam_m");
        this.v = weights.like(net.tf, "adam_v");
        m.zero(net.session);
        v.zero(net.session);
    }

    long step() {
        return step;
    }

    void advance() {
        step++;
    }

    /** A training graph's update: its scalars' feeds and the op that applies it. */
    record Update(Placeholder<TFloat32> learningRate, Placeholder<TFloat32> beta1Power, Placeholder<TFloat32> beta2Power,
                  Placeholder<TFloat32> epsilon, Op op) {
    }

    /** The global norm of the gradients {@code g}, {@code sqrt(Σ g²)}, as an op named {@code norm}. */
    static Operand<TFloat32> globalNorm(Ops opt, List<Operand<TFloat32>> g) {
        List<Operand<TFloat32>> squares = new ArrayList<>();
        for (Operand<TFloat32> gi : g) {
            squares.add(opt.sum(opt.math.square(gi), opt.range(opt.constant(0), opt.rank(gi), opt.constant(1))));
        }
        return opt.withName("norm").math.sqrt(opt.math.addN(squares));
    }

    /**
     * The update of every weight from its gradient {@code g} (in the variables' order and layout): clipped to the
     * global norm {@code clipNorm} (0 = no clipping) by their {@code norm}, then {@code ApplyAdam} into {@code m} and
     * {@code v} — each after every gradient (and so every read of the weights) is computed.
     */
    Update update(Ops opt, List<Operand<TFloat32>> g, Operand<TFloat32> norm, double clipNorm) {
        if (clipNorm > 0) {
            Operand<TFloat32> clip = opt.constant((float) clipNorm);
            Operand<TFloat32> scale = opt.math.div(clip, opt.math.maximum(norm, clip));
            List<Operand<TFloat32>> clipped = new ArrayList<>();
            for (Operand<TFloat32> gi : g) {
                clipped.add(opt.math.mul(gi, scale));
            }
            g = clipped;
        }
        Placeholder<TFloat32> lr = opt.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> beta1Power = opt.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> beta2Power = opt.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> epsilon = opt.withName("epsilon").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> beta1 = opt.constant((float) OptimizerState.BETA1);
        Operand<TFloat32> beta2 = opt.constant((float) OptimizerState.BETA2);
        Ops after = opt.withControlDependencies(List.of(norm));
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            updates.add(after.train.applyAdam(weights.variables.get(i), m.variables.get(i), v.variables.get(i), beta1Power,
                    beta2Power, lr, beta1, beta2, epsilon, g.get(i)));
        }
        return new Update(lr, beta1Power, beta2Power, epsilon, opt.withControlDependencies(updates).withName("update").noOp());
    }

    /**
     * Feeds the scalars of the next update (t = step + 1): the learning rate, β1ᵗ, β2ᵗ and TensorFlow's
     * ε̂ = ε·√(1−β2ᵗ); the tensors go to {@code owned}.
     */
    void feed(Session.Runner runner, Update update, List<Tensor> owned) {
        long t = step + 1;
        double beta2Power = Math.pow(OptimizerState.BETA2, t);
        float[] scalars = {(float) learningRate, (float) Math.pow(OptimizerState.BETA1, t), (float) beta2Power,
            (float) (OptimizerState.EPSILON * Math.sqrt(1 - beta2Power))};
        List<Placeholder<TFloat32>> feeds = List.of(update.learningRate(), update.beta1Power(), update.beta2Power(),
                update.epsilon());
        for (int i = 0; i < scalars.length; i++) {
            runner.feed(feeds.get(i), InputFeed.own(owned, Tensors.scalar(scalars[i])));
        }
    }

    /** The step count and the moments in the canonical layout. */
    OptimizerState state(Session session) {
        return new OptimizerState(step, m.read(session), v.read(session));
    }

    /** Takes back a state that fits the weights (checked by the caller). */
    void restore(Session session, OptimizerState state) {
        m.load(session, state.firstMoments());
        v.load(session, state.secondMoments());
        step = state.step();
    }
}
