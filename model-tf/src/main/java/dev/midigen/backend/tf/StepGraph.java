package dev.midigen.backend.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * The ops of one decoder step for any batch, whatever the cell ({@link LstmGraph#step}, {@link GruGraph#step}): the
 * inputs {@code [N, inputSize]} and the whole state packed in one padded tensor {@code [N, stateWidth]} in, the logits
 * (padded to {@code outputWidth}) and the new state in one tensor {@code [N, outputWidth + stateWidth]} out — every feed
 * and fetch costs a round through the C API. Batch-major, with padded copies of the weights ({@code x · W}) that
 * {@link #prepare} fills.
 *
 * <p>Widths are padded to a multiple of {@value #LANES}: TensorFlow's element-wise kernels (Eigen) round the vectorised
 * body of a tensor and its scalar tail differently, so with a width that is not a multiple of the vector length a row's
 * results would depend on how many rows share the tensor (measured: 1e-8–6e-8 between batches of 3 and 4 for 5 units,
 * none for 8 or 256). Padded, every row starts on a vector boundary and no tensor has a tail; padded units have zero
 * weights and biases and stay zero. Products are row by row ({@link #rowProduct}) for the same reason.
 */
final class StepGraph {
    static final int LANES = 8;

    Placeholder<TFloat32> inputs;
    Placeholder<TFloat32> state;
    Operand<TFloat32> output;
    int outputWidth;
    int stateWidth;
    /** Ops copying the weights into the step graph's layout (run before the first step and after the weights change). */
    final List<Op> prepare = new ArrayList<>();

    static int padded(int width) {
        return (width + LANES - 1) / LANES * LANES;
    }

    /** A variable of the step graph holding {@code value}, filled by {@link #prepare}. */
    Operand<TFloat32> snapshot(Ops tf, Operand<TFloat32> value, String name, long... shape) {
        Variable<TFloat32> variable = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        prepare.add(tf.withName(name + "_fill").assign(variable, value));
        return variable;
    }

    /**
     * {@code x · w} for {@code x} {@code [N, K]} computed row by row ({@code BatchMatMul} of {@code [N, 1, K]} by
     * {@code [K, J]}), so that a row's result does not depend on how many rows there are: a plain {@code MatMul} blocks
     * 3 rows differently from 4 and rounds a row's sums differently (measured up to 3e-7 on 2 × 256).
     */
    static Operand<TFloat32> rowProduct(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w) {
        Operand<TFloat32> product = tf.train.batchMatMul(tf.expandDims(x, tf.constant(1)), w, TFloat32.class,
                BatchMatMul.adjX(false), BatchMatMul.adjY(false));
        return tf.squeeze(product, Squeeze.axis(List.of(1L)));
    }

    static Operand<TFloat32> transpose(Ops tf, Operand<TFloat32> matrix) {
        return tf.linalg.transpose(matrix, tf.constant(new int[] {1, 0}));
    }
}
