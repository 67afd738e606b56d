package dev.midigen.backend.tf;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Dropout masks drawn inside the graph from a fed seed ({@code int64 [2]}: the training seed and the optimizer step), so
 * step {@code n} drops the same units however training was interrupted and resumed: TensorFlow's stateless uniform
 * draws, one stream per mask.
 */
final class StatelessDropout {
    private StatelessDropout() {
    }

    /**
     * A keep mask {@code [width, steps, batch]} of stream {@code stream}: {@code 1 / (1 − p)} where a unit is kept, 0
     * where it is dropped (probability {@code p}); null when {@code p ≤ 0}.
     */
    static Operand<TFloat32> mask(Ops d, Operand<TInt64> seed, Operand<TInt32> batch, int stream, int width, int steps,
                                  float p) {
        if (p <= 0) {
            return null;
        }
        Operand<TInt64> streamSeed = d.math.add(seed, d.constant(new long[] {0, 0x9E3779B97F4A7C15L * stream}));
        Operand<TInt32> shape = d.stack(List.of(d.constant(width), d.constant(steps), batch));
        Operand<TFloat32> uniform = d.random.statelessRandomUniform(shape, streamSeed, TFloat32.class);
        return d.math.mul(d.dtypes.cast(d.math.greaterEqual(uniform, d.constant(p)), TFloat32.class), d.constant(1f / (1f - p)));
    }
}
