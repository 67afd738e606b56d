package dev.midigen.backend.tf;

import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Named float tensors held as TensorFlow variables in their canonical shapes ({@code [out, in]} matrices and
 * vectors, used as they are) — a frame model's weights, or one of Adam's moments — with the ops that load and
 * read them all in one session run each.
 */
final class TfVariables {
    final List<String> names;
    final List<int[]> shapes;
    final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
    private final List<Op> assigns = new ArrayList<>();

    TfVariables(Ops tf, Map<String, int[]> canonicalShapes, String prefix) {
        this.names = List.copyOf(canonicalShapes.keySet());
        this.shapes = List.copyOf(canonicalShapes.values());
        Ops scope = tf.withSubScope(prefix);
        for (int i = 0; i < names.size(); i++) {
            String opName = names.get(i).replace('.', '_');
            Shape shape = Shape.of(longs(shapes.get(i)));
            Variable<TFloat32> variable = scope.withName(opName).variable(shape, TFloat32.class);
            Placeholder<TFloat32> feed = scope.withName(opName + "_feed").placeholder(TFloat32.class, Placeholder.shape(shape));
            variables.add(variable);
            feeds.add(feed);
            assigns.add(scope.withName(opName + "_load").assign(variable, feed));
        }
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

    /** Loads canonical tensors (already checked) into the variables, in one run. */
    void load(Session session, Weights weights) {
        List<float[]> values = new ArrayList<>();
        for (String name : names) {
            values.add(weights.get(name).toArray());
        }
        loadValues(session, values);
    }

    /** Loads values in {@link #names} order. */
    void loadValues(Session session, List<float[]> values) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < names.size(); i++) {
                TFloat32 tensor = Tensors.floats(values.get(i), longs(shapes.get(i)));
                tensors.add(tensor);
                runner.feed(feeds.get(i), tensor);
                runner.addTarget(assigns.get(i));
            }
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** The values in {@link #names} order, read in one run. */
    List<float[]> readValues(Session session) {
        Session.Runner runner = session.runner();
        variables.forEach(runner::fetch);
        List<float[]> out = new ArrayList<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
                out.add(Tensors.read((TFloat32) result.get(i)));
            }
        }
        return out;
    }

    Weights read(Session session) {
        List<float[]> values = readValues(session);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            tensors.put(names.get(i), Tensor.wrap(values.get(i), shapes.get(i)));
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
}
