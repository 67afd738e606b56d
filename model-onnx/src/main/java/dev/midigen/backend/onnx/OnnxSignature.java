package dev.midigen.backend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.midigen.backend.onnx.OnnxContract.InputKind;
import dev.midigen.backend.onnx.OnnxContract.Layout;
import dev.midigen.backend.onnx.OnnxContract.StateShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A contract checked against a model's declared inputs and outputs, with what running it needs: the input's
 * element type, whether the time axis is dynamic, and each state tensor's fixed sizes. Immutable.
 */
final class OnnxSignature {
    final OnnxContract contract;
    /** The input's element type: FLOAT, or INT64 / INT32 for token ids. */
    final OnnxJavaType inputType;
    /** False when the model's time axis is fixed at 1 (a step model; scoring then steps it). */
    final boolean dynamicTime;
    final List<StateTensor> states;
    /**
     * Values after the codec's in each step's input: a drum VAE's hit controls ({@code ModelSpec.decoderInputSize()} less
     * the codec's features); 0 for a foreign model, whose contract says what it reads.
     */
    final int controls;

    /**
     * One state tensor: {@code layers × batch × size} ({@code layers-batch-hidden}) or {@code batch × size}
     * ({@code batch-hidden}, layers = 1). A decoder state row holds {@code layers · size} values, layer by layer.
     */
    record StateTensor(String in, String out, int layers, int size) {
        int width() {
            return layers * size;
        }

        long[] shape(StateShape shape, int batch) {
            return shape == StateShape.LAYERS_BATCH_HIDDEN ? new long[] {layers, batch, size} : new long[] {batch, size};
        }
    }

    private OnnxSignature(OnnxContract contract, OnnxJavaType inputType, boolean dynamicTime, List<StateTensor> states,
                          int controls) {
        this.contract = contract;
        this.inputType = inputType;
        this.dynamicTime = dynamicTime;
        this.states = List.copyOf(states);
        this.controls = controls;
    }

    /** Values per step and sequence of the model's input: the contract's, then the controls. */
    int inputWidth() {
        return contract.inputWidth() + controls;
    }

    /** Values per step and sequence of midigen's side (what {@code Decoder.step} takes): the contract's, then the controls. */
    int featureWidth() {
        return contract.featureWidth() + controls;
    }

    /**
     * Checks {@code contract} against a model's declared inputs and outputs.
     *
     * @throws OnnxContractException naming the tensor that does not fit: a missing or unexpected input, a missing
     *                               output, a wrong element type, rank or fixed size, a fixed batch
     */
    static OnnxSignature check(OnnxContract contract, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        return check(contract, 0, inputs, outputs);
    }

    /** {@link #check} of a model whose input holds {@code controls} more values each step than the contract's. */
    static OnnxSignature check(OnnxContract contract, int controls, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        Layout layout = contract.input().layout();
        int batchAxis = layout == Layout.TIME_MAJOR ? 1 : 0;
        int timeAxis = 1 - batchAxis;

        String inputName = contract.input().name();
        TensorInfo input = tensor(inputs, inputName, "input", "inputs");
        InputKind kind = contract.input().kind();
        OnnxJavaType inputType = input.type;
        long[] shape = input.getShape();
        int width = contract.inputWidth() + controls;
        if (kind == InputKind.TOKEN_IDS) {
            if (inputType != OnnxJavaType.INT64 && inputType != OnnxJavaType.INT32) {
                throw new OnnxContractException("input '" + inputName + "' is " + describe(input) + ", but token-ids are int64 (or int32)"
                        + " [" + axes(layout) + "]");
            }
            if (shape.length != 2) {
                throw new OnnxContractException("input '" + inputName + "' is " + describe(input) + ", but token-ids are [" + axes(layout)
                        + "] (rank 2)");
            }
        } else {
            if (inputType != OnnxJavaType.FLOAT) {
                throw new OnnxContractException("input '" + inputName + "' is " + describe(input) + ", but " + kind.label()
                        + " inputs are float [" + axes(layout) + ", " + width + "]");
            }
            if (shape.length != 3) {
                throw new OnnxContractException("input '" + inputName + "' is " + describe(input) + ", but " + kind.label()
                        + " inputs are float [" + axes(layout) + ", " + width + "] (rank 3)");
            }
            if (shape[2] >= 0 && shape[2] != width) {
                throw new OnnxContractException("input '" + inputName + "' is " + describe(input) + ": its last dimension is " + shape[2]
                        + ", but the encoding's " + kind.label() + " " + (kind == InputKind.FRAMES ? "frames are " : "features are ")
                        + contract.inputWidth() + " wide" + (controls == 0 ? "" : " and " + controls + " controls follow"));
            }
        }
        checkBatch(inputName, "input", input, batchAxis);
        checkLayout(inputName, "input", input, layout);
        boolean dynamicTime = shape[timeAxis] < 0;
        if (!dynamicTime && shape[timeAxis] != 1) {
            throw new OnnxContractException("input '" + inputName + "' has a fixed time axis of " + shape[timeAxis]
                    + " steps; midigen needs a dynamic time axis, or 1 (a step model)");
        }

        String outputName = contract.output().name();
        TensorInfo output = tensor(outputs, outputName, "output", "outputs");
        long[] outShape = output.getShape();
        if (output.type != OnnxJavaType.FLOAT || outShape.length != 3) {
            throw new OnnxContractException("output '" + outputName + "' is " + describe(output) + ", but " + contract.output().kind().label()
                    + " are float [" + axes(layout) + ", " + contract.outputWidth() + "]");
        }
        if (outShape[2] >= 0 && outShape[2] != contract.outputWidth()) {
            throw new OnnxContractException("output '" + outputName + "' is " + describe(output) + ": its last dimension is " + outShape[2]
                    + ", but the encoding has " + contract.outputWidth() + (contract.family() == OnnxContract.Family.NEXT_TOKEN ? " labels"
                    : " values a frame"));
        }
        checkBatch(outputName, "output", output, batchAxis);
        checkLayout(outputName, "output", output, layout);

        List<StateTensor> states = new ArrayList<>();
        StateShape stateShape = contract.stateShape();
        for (OnnxContract.State pair : contract.state()) {
            TensorInfo in = tensor(inputs, pair.in(), "state input", "inputs");
            TensorInfo out = tensor(outputs, pair.out(), "state output", "outputs");
            int[] sizes = stateSizes(pair.in(), "state input", in, stateShape);
            int[] outSizes = stateSizes(pair.out(), "state output", out, stateShape);
            if (!Arrays.equals(sizes, outSizes)) {
                throw new OnnxContractException("state output '" + pair.out() + "' is " + describe(out) + ", but its input '" + pair.in()
                        + "' is " + describe(in) + "; a state goes out as it came in");
            }
            states.add(new StateTensor(pair.in(), pair.out(), sizes[0], sizes[1]));
        }
        Set<String> expected = new HashSet<>();
        expected.add(contract.input().name());
        for (OnnxContract.State state : contract.state()) {
            expected.add(state.in());
        }
        for (String name : inputs.keySet()) {
            if (!expected.contains(name)) {
                throw new OnnxContractException("the model's input '" + name + "' is not in the contract (it names input '"
                        + contract.input().name() + "' and state inputs " + stateNames(contract, true) + ")");
            }
        }
        return new OnnxSignature(contract, inputType, dynamicTime, states, controls);
    }

    private static int[] stateSizes(String name, String role, TensorInfo info, StateShape stateShape) {
        long[] shape = info.getShape();
        boolean layered = stateShape == StateShape.LAYERS_BATCH_HIDDEN;
        String expected = layered ? "float [layers, batch, hidden]" : "float [batch, width]";
        if (info.type != OnnxJavaType.FLOAT || shape.length != (layered ? 3 : 2)) {
            throw new OnnxContractException(role + " '" + name + "' is " + describe(info) + ", but stateShape " + stateShape.label()
                    + " means " + expected);
        }
        checkBatch(name, role, info, layered ? 1 : 0);
        long layers = layered ? shape[0] : 1;
        long size = shape[shape.length - 1];
        if (layers < 1 || size < 1) {
            throw new OnnxContractException(role + " '" + name + "' is " + describe(info) + ": midigen needs its "
                    + (layered ? "layer and hidden sizes" : "width") + " fixed in the model to start from a zero state");
        }
        return new int[] {(int) layers, (int) size};
    }

    private static void checkBatch(String name, String role, TensorInfo info, int axis) {
        long batch = info.getShape()[axis];
        if (batch >= 0) {
            throw new OnnxContractException(role + " '" + name + "' is " + describe(info) + ": its batch axis (dimension " + axis
                    + ") is fixed at " + batch + "; midigen runs several sequences at once, so export it with a dynamic batch axis"
                    + " (torch.onnx.export's dynamic_axes)");
        }
    }

    /**
     * Refuses a layout the model's own axis names contradict: a time-major contract for {@code [batch, time, …]} or the
     * other way round (names with "batch", and "time" or "seq", in them; unnamed axes say nothing).
     */
    private static void checkLayout(String name, String role, TensorInfo info, Layout layout) {
        String[] names = info.getDimensionNames();
        if (names == null || names.length < 2) {
            return;
        }
        String first = names[0] == null ? "" : names[0].toLowerCase(java.util.Locale.ROOT);
        String second = names[1] == null ? "" : names[1].toLowerCase(java.util.Locale.ROOT);
        boolean batchFirst = first.contains("batch") && (second.contains("time") || second.contains("seq"));
        boolean timeFirst = second.contains("batch") && (first.contains("time") || first.contains("seq"));
        if (layout == Layout.TIME_MAJOR && batchFirst || layout == Layout.BATCH_MAJOR && timeFirst) {
            throw new OnnxContractException(role + " '" + name + "' is " + describe(info) + ", but the contract's layout "
                    + layout.label() + " reads it as [" + axes(layout) + ", …]");
        }
    }

    private static TensorInfo tensor(Map<String, NodeInfo> values, String name, String role, String plural) {
        NodeInfo node = values.get(name);
        if (node == null) {
            throw new OnnxContractException("the model has no " + role + " '" + name + "' (its " + plural + ": "
                    + String.join(", ", values.keySet()) + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new OnnxContractException(role + " '" + name + "' is not a tensor but " + node.getInfo());
        }
        return tensor;
    }

    /** A tensor's type and shape in words: {@code int64 [time, batch]}, {@code float [-1, 1, 16]}. */
    static String describe(TensorInfo info) {
        long[] shape = info.getShape();
        String[] names = info.getDimensionNames();
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0) {
                dims.add(Long.toString(shape[i]));
            } else if (names != null && i < names.length && names[i] != null && !names[i].isEmpty()) {
                dims.add(names[i]);
            } else {
                dims.add("?");
            }
        }
        return info.type.name().toLowerCase(java.util.Locale.ROOT) + " [" + String.join(", ", dims) + "]";
    }

    private static String axes(Layout layout) {
        return layout == Layout.TIME_MAJOR ? "time, batch" : "batch, time";
    }

    private static List<String> stateNames(OnnxContract contract, boolean in) {
        List<String> names = new ArrayList<>();
        for (OnnxContract.State state : contract.state()) {
            names.add(in ? state.in() : state.out());
        }
        return names;
    }
}
