package dev.midigen.backend.tf;

import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Named float tensors of a network held as TensorFlow variables — its weights, or one of Adam's moments, which are
 * named and laid out as the weights are — with the ops that load and read them all in one session run each. Each
 * variable has its tensor's canonical shape ({@code [out, in]} matrices, vectors), except the matrices named in
 * {@code transposed}, which TensorFlow keeps as {@code [in, out]} (an LSTM's output layer: its head is batch-major,
 * {@code logits = features · W}); loading and reading convert them, so values go in and come out canonical.
 */
final class TfVariables {
    final List<String> names;
    /** The canonical shapes, in {@link #names} order. */
    final List<int[]> shapes;
    final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final Map<String, int[]> canonicalShapes;
    private final Set<String> transposed;
    private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
    private final List<Op> assigns = new ArrayList<>();

    TfVariables(Ops tf, Map<String, int[]> canonicalShapes, Set<String> transposed, String prefix) {
        this.canonicalShapes = canonicalShapes;
        this.transposed = transposed;
        this.names = List.copyOf(canonicalShapes.keySet());
        this.shapes = List.copyOf(canonicalShapes.values());
        Ops scope = tf.withSubScope(prefix);
        for (int i = 0; i < names.size(); i++) {
            String opName = names.get(i).replace('.', '_');
            Shape shape = Shape.of(longs(tfShape(i)));
            Variable<TFloat32> variable = scope.withName(opName).variable(shape, TFloat32.class);
            Placeholder<TFloat32> feed = scope.withName(opName + "_feed").placeholder(TFloat32.class, Placeholder.shape(shape));
            variables.add(variable);
            feeds.add(feed);
            assigns.add(scope.withName(opName + "_load").assign(variable, feed));
        }
    }

    /** Variables named, shaped and laid out as these (Adam's moments of the weights). */
    TfVariables like(Ops tf, String prefix) {
        return new TfVariables(tf, canonicalShapes, transposed, prefix);
    }

    int size() {
        return names.size();
    }

    int index(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no variable " + name);
        }
        return index;
    }

    Variable<TFloat32> get(String name) {
        return variables.get(index(name));
    }

    /** Whether TensorFlow keeps tensor {@code i} transposed. */
    private boolean transposed(int i) {
        return shapes.get(i).length == 2 && transposed.contains(names.get(i));
    }

    private int[] tfShape(int i) {
        int[] shape = shapes.get(i);
        return transposed(i) ? new int[] {shape[1], shape[0]} : shape;
    }

    /** Values of tensor {@code i} in TensorFlow's layout (a variable's, a gradient's) → the canonical layout. */
    float[] canonical(int i, float[] values) {
        int[] shape = shapes.get(i);
        return transposed(i) ? transpose(values, shape[1], shape[0]) : values;
    }

    /** Loads canonical tensors (already checked) into the variables, in one run. */
    void load(Session session, Weights weights) {
        List<float[]> values = new ArrayList<>();
        for (String name : names) {
            values.add(weights.get(name).toArray());
        }
        loadValues(session, values);
    }

    /** Loads canonical values in {@link #names} order. */
    void loadValues(Session session, List<float[]> values) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < names.size(); i++) {
                int[] shape = shapes.get(i);
                float[] tf = transposed(i) ? transpose(values.get(i), shape[0], shape[1]) : values.get(i);
                TFloat32 tensor = Tensors.floats(tf, longs(tfShape(i)));
                tensors.add(tensor);
                runner.feed(feeds.get(i), tensor);
                runner.addTarget(assigns.get(i));
            }
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** The variables as canonical {@link Weights}, read in one run. */
    Weights read(Session session) {
        Session.Runner runner = session.runner();
        variables.forEach(runner::fetch);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
                tensors.put(names.get(i), Tensor.wrap(canonical(i, Tensors.read((TFloat32) result.get(i))), shapes.get(i)));
            }
        }
        return Weights.of(tensors);
    }

    void zero(Session session) {
        List<float[]> zeros = new ArrayList<>();
        for (int[] shape : shapes) {
            zeros.add(new float[length(shape)]);
        }
        loadValues(session, zeros);
    }

    static long[] longs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    static int length(int[] shape) {
        int length = 1;
        for (int dim : shape) {
            length = Math.multiplyExact(length, dim);
        }
        return length;
    }

    /** {@code rows × cols} row-major → {@code cols × rows} row-major. */
    static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[base + c];
            }
        }
        return out;
    }
}
