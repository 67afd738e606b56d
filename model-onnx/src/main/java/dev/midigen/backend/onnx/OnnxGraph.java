package dev.midigen.backend.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.midigen.model.weights.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small builder of ONNX graphs over ONNX's protobuf classes: nodes named in order, initializers
 * (float32 and int64, little-endian raw data), inputs and outputs with fixed or named dimensions.
 * Every value name is checked to be new, so a graph cannot silently shadow one of its own values.
 */
final class OnnxGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    GraphProto build() {
        return graph.build();
    }

    /** A fresh value name with {@code hint} in it. */
    String fresh(String hint) {
        String name;
        do {
            name = hint + "_" + counter++;
        } while (names.contains(name));
        return name;
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("the graph already has a value called " + name);
        }
        return name;
    }

    /** A float input; each dimension is an Integer (fixed) or a String (named, dynamic). */
    String floatInput(String name, Object... dims) {
        graph.addInput(valueInfo(claim(name), TensorProto.DataType.FLOAT_VALUE, dims));
        return name;
    }

    /** Moves the graph output {@code name} to the front of the outputs (callers that take outputs by position see it first). */
    void outputFirst(String name) {
        for (int i = 0; i < graph.getOutputCount(); i++) {
            if (graph.getOutput(i).getName().equals(name)) {
                ValueInfoProto output = graph.getOutput(i);
                graph.removeOutput(i);
                graph.addOutput(0, output);
                return;
            }
        }
        throw new IllegalStateException("no graph output " + name);
    }

    /** An input of element type {@code elementType} ({@code TensorProto.DataType}). */
    String graphInput(String name, int elementType, Object... dims) {
        graph.addInput(valueInfo(claim(name), elementType, dims));
        return name;
    }

    /**
     * Declares {@code value} (already computed) as a float output called {@code name}: the node computing it is renamed
     * to write {@code name} (and its readers to read it), so no Identity node is left to run; a value no node computes
     * (a graph input) is copied by an Identity node. Returns {@code name}, which later nodes must read instead of
     * {@code value}.
     */
    String floatOutput(String value, String name, Object... dims) {
        if (!value.equals(name)) {
            boolean computed = graph.getNodeList().stream().anyMatch(node -> node.getOutputList().contains(value));
            if (computed) {
                for (NodeProto.Builder node : graph.getNodeBuilderList()) {
                    for (int i = 0; i < node.getOutputCount(); i++) {
                        if (node.getOutput(i).equals(value)) {
                            node.setOutput(i, claim(name));
                        }
                    }
                    for (int i = 0; i < node.getInputCount(); i++) {
                        if (node.getInput(i).equals(value)) {
                            node.setInput(i, name);
                        }
                    }
                }
            } else {
                node("Identity", List.of(value), name);
            }
        }
        graph.addOutput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return name;
    }

    static ValueInfoProto valueInfo(String name, int elementType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            if (dim instanceof Integer fixed) {
                shape.addDimBuilder().setDimValue(fixed);
            } else if (dim instanceof Long fixed) {
                shape.addDimBuilder().setDimValue(fixed);
            } else {
                shape.addDimBuilder().setDimParam(dim.toString());
            }
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** A float32 initializer (the values are copied into the graph). */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(claim(name), TensorProto.DataType.FLOAT_VALUE, bytes, dims));
        return name;
    }

    /** A float32 initializer of {@code tensor}'s values and shape. */
    String floats(String name, Tensor tensor) {
        long[] dims = new long[tensor.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = tensor.dim(i);
        }
        return floats(name, tensor.toArray(), dims);
    }

    /** The tensor as an initializer under {@code name}, then an Unsqueeze of it on {@code axis} (ONNX's num_directions). */
    String unsqueezed(String name, Tensor tensor, String axis) {
        floats(name, tensor);
        return node("Unsqueeze", List.of(name, axis));
    }

    /**
     * A dense layer {@code features · Wᵀ + b} with the canonical {@code [out, in]} matrix {@code w}: one Gemm for rows
     * ({@code [batch, in]}), or MatMul by its transpose and Add on the last axis of a sequence.
     */
    String dense(String features, String w, String b, boolean rows) {
        if (rows) {
            return node("Gemm", List.of(features, w, b), attribute("transB", 1L));
        }
        return node("Add", List.of(node("MatMul", List.of(features, node("Transpose", List.of(w), attribute("perm", 1L, 0L)))), b));
    }

    /** An int64 initializer. */
    String longs(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(claim(name), TensorProto.DataType.INT64_VALUE, bytes, dims));
        return name;
    }

    /** A 1-D int64 constant (axes, shapes, indices). */
    String axes(long... values) {
        return longs(fresh("const"), values, values.length);
    }

    /** A float scalar constant. */
    String scalar(float value) {
        return floats(fresh("const"), new float[] {value});
    }

    /** An int64 scalar constant. */
    String scalar(long value) {
        return longs(fresh("const"), new long[] {value});
    }

    private static TensorProto tensor(String name, int type, ByteBuffer bytes, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        bytes.rewind();
        return tensor.setRawData(ByteString.copyFrom(bytes)).build();
    }

    /** A node with one output, named {@code output} (or a fresh name when null); returns the output's name. */
    String node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        String name = output == null ? fresh(op.toLowerCase(java.util.Locale.ROOT)) : output;
        nodes(op, inputs, List.of(name), attributes);
        return name;
    }

    /** A node with one fresh output. */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        return node(op, inputs, null, attributes);
    }

    /** A node with several outputs (an empty name skips an optional output). */
    void nodes(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter++);
        node.addAllInput(inputs);
        for (String output : outputs) {
            node.addOutput(output.isEmpty() ? output : claim(output));
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
    }

    static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto attribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String value : values) {
            attribute.addStrings(ByteString.copyFromUtf8(value));
        }
        return attribute.build();
    }
}
