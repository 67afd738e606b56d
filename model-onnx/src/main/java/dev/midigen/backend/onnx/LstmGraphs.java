package dev.midigen.backend.onnx;

import static dev.midigen.backend.onnx.OnnxExporter.BATCH;
import static dev.midigen.backend.onnx.OnnxExporter.INPUT;
import static dev.midigen.backend.onnx.OnnxExporter.NEXT;
import static dev.midigen.backend.onnx.OnnxExporter.OUTPUT;
import static dev.midigen.backend.onnx.OnnxExporter.TIME;
import static dev.midigen.backend.onnx.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.midigen.model.DecoderState;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.reference.LstmStateBuffers;
import dev.midigen.model.reference.LstmStateNames;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The LSTM families (next-token-lstm, drum-rnn) as ONNX graphs. The file, which is also what {@code score} runs:
 *
 * <ul>
 *   <li>input {@code x} {@code [batch, time, inputSize]} (the codec's features, batch-major), and the decoder
 *       state as inputs with {@link LstmStateNames}' names: {@code lstm.l.h}, {@code lstm.l.c}
 *       {@code [batch, H_l]}, with attention {@code attention.memory} {@code [batch, L·H]} and
 *       {@code attention.count} {@code [batch, 1]};</li>
 *   <li>output {@code logits} {@code [batch, time, outputSize]} and the state after the last step, each state
 *       input's name plus {@value OnnxExporter#NEXT};</li>
 *   <li>one ONNX {@code LSTM} node per layer (its W, R, B are the canonical tensors: ONNX's layout is ours),
 *       whose {@code initial_h}/{@code initial_c} are the state inputs and {@code Y_h}/{@code Y_c} the state
 *       outputs; midigen's attention from standard ops (MatMul, Where, Softmax, GatherElements, …) over the
 *       remembered outputs and the new ones; the dense output layer as MatMul + Add;</li>
 *   <li>{@code metadata_props}: the spec, the provenance (when given) and the model's {@link OnnxContract}.</li>
 * </ul>
 *
 * The time axis is dynamic: one step with a state is a decoder step, a whole sequence from the zero state is
 * {@code score}. Initializers keep the canonical names and shapes ({@code lstm.0.W} {@code [4H, n]}, …; reshaping
 * them for the LSTM node is constant-folded by the runtime).
 */
final class LstmGraphs implements NetworkGraphs {
    static final LstmGraphs INSTANCE = new LstmGraphs();

    /** The step graph's sparse input: the indices of the non-zero features, and their values. */
    static final String SPARSE_INDEX = "x.index";
    static final String SPARSE_VALUE = "x.value";
    private static final String NONZEROS = "nonzeros";
    /** What masked attention scores become before the softmax (finite, so no NaN even when all are masked). */
    private static final float MASKED = -1e30f;

    private LstmGraphs() {
    }

    @Override
    public List<String> stateNames(ModelSpec spec) {
        LstmNetwork network = spec.lstmNetwork();
        return LstmStateNames.all(network.layerSizes().size(), network.attentionLength() > 0);
    }

    /** The reference's checks (sizes, whole attention counts 0..L), with its messages. */
    @Override
    public Consumer<DecoderState> stateCheck(ModelSpec spec, int batch) {
        return new LstmStateBuffers(batch, spec.lstmNetwork())::restore;
    }

    @Override
    public boolean sparseStep() {
        return true;
    }

    @Override
    public ModelProto sequence(ModelSpec spec, Weights weights) {
        return file(spec, weights, null);
    }

    @Override
    public ModelProto file(ModelSpec spec, Weights weights, Provenance provenance) {
        LstmNetwork network = spec.lstmNetwork();
        OnnxGraph graph = new OnnxGraph("midigen " + spec.family().typeName());

        String x = graph.floatInput(INPUT, BATCH, TIME, network.inputSize());
        stateInputs(graph, network);
        int top = network.topSize();
        int memory = network.attentionLength();

        // The LSTM stack, time-major as ONNX's LSTM reads it.
        String sequence = graph.node("Transpose", List.of(x), attribute("perm", 1L, 0L, 2L));
        String zeroAxis = graph.axes(0);
        for (int l = 0; l < network.layerSizes().size(); l++) {
            sequence = sequenceLayer(graph, weights, LstmLayout.inputWeights(l), LstmLayout.recurrentWeights(l),
                    LstmLayout.biases(l), sequence, LstmStateNames.h(l), LstmStateNames.c(l), network.layerSizes().get(l),
                    zeroAxis);
        }
        String outputs = graph.node("Transpose", List.of(sequence), attribute("perm", 1L, 0L, 2L)); // [B, T, H]

        String features = outputs;
        if (memory > 0) {
            features = attention(graph, weights.get(LstmLayout.ATTENTION), outputs, memory, top);
        }
        String denseW = graph.floats(LstmLayout.OUTPUT_WEIGHTS, weights.get(LstmLayout.OUTPUT_WEIGHTS));
        String denseB = graph.floats(LstmLayout.OUTPUT_BIAS, weights.get(LstmLayout.OUTPUT_BIAS));
        graph.floatOutput(graph.dense(features, denseW, denseB, false), OUTPUT, BATCH, TIME, network.outputSize());
        graph.outputFirst(OUTPUT);

        Map<String, String> metadata = OnnxExporter.metadata(spec, provenance);
        if (spec.architecture().controlSize() == 0) {
            // a contract drives a model from its codec's features alone: a style-conditioned model reads more
            metadata.put(OnnxExporter.CONTRACT_KEY, OnnxContract.ofExported(spec, stateNames(spec)).toJson());
        }
        return OnnxExporter.model(graph, metadata);
    }

    /** {@code lstm.l.h}, {@code lstm.l.c} of each layer, and with attention its memory and count. */
    private static void stateInputs(OnnxGraph graph, LstmNetwork network) {
        for (int l = 0; l < network.layerSizes().size(); l++) {
            int h = network.layerSizes().get(l);
            graph.floatInput(LstmStateNames.h(l), BATCH, h);
            graph.floatInput(LstmStateNames.c(l), BATCH, h);
        }
        if (network.attentionLength() > 0) {
            graph.floatInput(LstmStateNames.ATTENTION_MEMORY, BATCH, network.attentionLength() * network.topSize());
            graph.floatInput(LstmStateNames.ATTENTION_COUNT, BATCH, 1);
        }
    }

    /**
     * The decoder's step graph, what the backend samples with: one step, no time axis, the same state inputs and
     * outputs as the file, logits {@code [batch, outputSize]}; each LSTM layer as its equations in standard ops (Gemm
     * with the canonical {@code [4H, n]} matrices, Split, Sigmoid, Tanh, Mul, Add) rather than the LSTM operator, whose
     * batch-1 products run at half the speed (measured). With {@code sparse}, the input is the non-zero features,
     * {@value #SPARSE_INDEX} {@code [batch, nonzeros]} (int64) and {@value #SPARSE_VALUE} {@code [batch, 1, nonzeros]},
     * and the first layer's input product a sum of the gathered rows of {@code Wᵀ} (a drum-kit step reads 7 of 518
     * rows); otherwise {@code x} {@code [batch, inputSize]}. For this JVM's runtime only: not written to files.
     */
    @Override
    public ModelProto step(ModelSpec spec, Weights weights, boolean sparse) {
        LstmNetwork network = spec.lstmNetwork();
        OnnxGraph graph = new OnnxGraph("midigen step " + spec.family().typeName());
        String input;
        String index = null;
        String value = null;
        if (sparse) {
            index = SPARSE_INDEX;
            graph.graphInput(index, TensorProto.DataType.INT64_VALUE, BATCH, NONZEROS);
            value = graph.floatInput(SPARSE_VALUE, BATCH, 1, NONZEROS);
            input = null;
        } else {
            input = graph.floatInput(INPUT, BATCH, network.inputSize());
        }
        stateInputs(graph, network);
        int top = network.topSize();
        int memory = network.attentionLength();
        String below = input;
        for (int l = 0; l < network.layerSizes().size(); l++) {
            int h = network.layerSizes().get(l);
            Tensor w = weights.get(LstmLayout.inputWeights(l));
            Tensor r = weights.get(LstmLayout.recurrentWeights(l));
            String biasName = stepBias(graph, weights.get(LstmLayout.biases(l)), h);
            String projected;
            if (l == 0 && sparse) {
                int n = w.dim(1);
                float[] values = w.toArray();
                float[] transposed = new float[values.length];
                for (int row = 0; row < 4 * h; row++) {
                    for (int col = 0; col < n; col++) {
                        transposed[col * 4 * h + row] = values[row * n + col];
                    }
                }
                String wt = graph.floats(graph.fresh("lstm_0_Wt"), transposed, n, 4L * h);
                String rows = graph.node("Gather", List.of(wt, index), attribute("axis", 0L));   // [B, K, 4H]
                String summed = graph.node("MatMul", List.of(value, rows));                      // [B, 1, 4H]
                projected = graph.node("Add", List.of(graph.node("Squeeze", List.of(summed, graph.axes(1))), biasName));
            } else {
                String wName = graph.floats(graph.fresh("lstm_" + l + "_W"), w);
                projected = graph.dense(below, wName, biasName, true);
            }
            below = stepLayer(graph, projected, r, LstmStateNames.h(l), LstmStateNames.c(l), h);
        }
        String features = below;
        if (memory > 0) {
            features = stepAttention(graph, weights.get(LstmLayout.ATTENTION), below, memory, top);
        }
        String denseW = graph.floats(graph.fresh("output_W"), weights.get(LstmLayout.OUTPUT_WEIGHTS));
        String denseB = graph.floats(graph.fresh("output_b"), weights.get(LstmLayout.OUTPUT_BIAS));
        graph.floatOutput(graph.dense(features, denseW, denseB, true), OUTPUT, BATCH, network.outputSize());
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }

    /**
     * One forward ONNX {@code LSTM} layer over {@code sequence} {@code [T, B, n]} from the state inputs {@code h},
     * {@code c} {@code [B, units]}: W, R, B are initializers under their canonical names (with the num_directions axis
     * the node reads added by Unsqueeze); writes the state after the last step as outputs {@code h} and {@code c} plus
     * {@value OnnxExporter#NEXT}; returns the layer's outputs {@code [T, B, units]}.
     */
    static String sequenceLayer(OnnxGraph graph, Weights weights, String w, String r, String b, String sequence, String h,
                                String c, int units, String zeroAxis) {
        String wName = graph.unsqueezed(w, weights.get(w), zeroAxis);
        String rName = graph.unsqueezed(r, weights.get(r), zeroAxis);
        String bName = graph.unsqueezed(b, weights.get(b), zeroAxis);
        String h0 = graph.node("Unsqueeze", List.of(h, zeroAxis));
        String c0 = graph.node("Unsqueeze", List.of(c, zeroAxis));
        String y = graph.fresh("lstm_Y");
        String yh = graph.fresh("lstm_Y_h");
        String yc = graph.fresh("lstm_Y_c");
        graph.nodes("LSTM", List.of(sequence, wName, rName, bName, "", h0, c0), List.of(y, yh, yc),
                attribute("hidden_size", (long) units), attribute("direction", "forward"));
        graph.floatOutput(graph.node("Squeeze", List.of(yh, zeroAxis)), h + NEXT, BATCH, units);
        graph.floatOutput(graph.node("Squeeze", List.of(yc, zeroAxis)), c + NEXT, BATCH, units);
        return graph.node("Squeeze", List.of(y, graph.axes(1)));                                 // [T, B, H]
    }

    /** A step's one bias {@code [4H]}: an LSTM layer's canonical {@code B}, its input and recurrent halves summed. */
    static String stepBias(OnnxGraph graph, Tensor biases, int units) {
        float[] b = biases.toArray();
        float[] bias = new float[4 * units];
        for (int k = 0; k < 4 * units; k++) {
            bias[k] = b[k] + b[4 * units + k];
        }
        return graph.floats(graph.fresh("lstm_bias"), bias, 4L * units);
    }

    /**
     * One LSTM step of a layer ({@link LstmLayout}'s equations) from its input's product {@code projected}
     * ({@code x Wᵀ} plus {@link #stepBias}, {@code [B, 4H]}) and the state inputs {@code h}, {@code c}: writes the new
     * state as outputs {@code h} and {@code c} plus {@value OnnxExporter#NEXT} and returns the new {@code h}'s name.
     */
    static String stepLayer(OnnxGraph graph, String projected, Tensor recurrent, String h, String c, int units) {
        String rName = graph.floats(graph.fresh("lstm_R"), recurrent);
        String gates = graph.dense(h, rName, projected, true);
        // i, o, f are the first 3H (σ in one node), c the last H (tanh)
        String sigmoidPart = graph.fresh("gates_iof");
        String tanhPart = graph.fresh("gates_c");
        graph.nodes("Split", List.of(gates, graph.axes(3L * units, units)), List.of(sigmoidPart, tanhPart), attribute("axis", 1L));
        String i = graph.fresh("gate_i");
        String o = graph.fresh("gate_o");
        String f = graph.fresh("gate_f");
        graph.nodes("Split", List.of(graph.node("Sigmoid", List.of(sigmoidPart))), List.of(i, o, f), attribute("axis", 1L));
        String g = graph.node("Tanh", List.of(tanhPart));
        String cNext = graph.node("Add", List.of(graph.node("Mul", List.of(f, c)), graph.node("Mul", List.of(i, g))));
        String hNext = graph.node("Mul", List.of(o, graph.node("Tanh", List.of(cNext))));
        String next = graph.floatOutput(hNext, h + NEXT, BATCH, units);
        graph.floatOutput(cNext, c + NEXT, BATCH, units);
        return next;
    }

    /** Slot numbers {@code 0 … L−1} as a {@code [1, L]} constant. */
    private static String slots(OnnxGraph graph, int length) {
        float[] slotValues = new float[length];
        for (int j = 0; j < length; j++) {
            slotValues[j] = j;
        }
        return graph.floats(graph.fresh("slots"), slotValues, 1, length);
    }

    /**
     * midigen's attention over the remembered outputs ({@code attention.memory}, {@code attention.count}) and
     * this call's outputs {@code y} {@code [B, T, H]}: step {@code t} attends to the outputs at positions
     * {@code t − L … t − 1}, where the new outputs are at {@code 0 … T − 1} and remembered slot {@code j} of
     * {@code count} is at {@code j − count}. Writes the state outputs; returns the features {@code [h ; context]}.
     */
    private static String attention(OnnxGraph graph, Tensor weights, String y, int length, int size) {
        String w = graph.floats(LstmLayout.ATTENTION, weights.toArray(), size, size);
        String count = LstmStateNames.ATTENTION_COUNT;                                        // [B, 1]
        String remembered = graph.node("Reshape", List.of(LstmStateNames.ATTENTION_MEMORY, graph.axes(0, length, size)));
        String keys = graph.node("Concat", List.of(remembered, y), attribute("axis", 1L));     // [B, L+T, H]

        String time = graph.node("Cast", List.of(graph.node("Gather", List.of(graph.node("Shape", List.of(y)), graph.scalar(1L)))),
                attribute("to", (long) TensorProto.DataType.FLOAT_VALUE));                   // T, a float scalar
        String steps = graph.node("Range", List.of(graph.scalar(0f), time, graph.scalar(1f))); // [T]: 0 … T−1
        String slots = slots(graph, length);                                                   // [1, L]

        // Key positions [B, L+T]: remembered slots at j − count (empty slots far away), new outputs at 0 … T−1.
        String rememberedAt = graph.node("Sub", List.of(slots, count));                        // [B, L]
        String filled = graph.node("Less", List.of(rememberedAt, graph.scalar(0f)));
        rememberedAt = graph.node("Where", List.of(filled, rememberedAt, graph.scalar(1e9f)));
        String zeroRows = graph.node("Mul", List.of(count, graph.scalar(0f)));                // [B, 1]
        String newAt = graph.node("Add", List.of(zeroRows, graph.node("Unsqueeze", List.of(steps, graph.axes(0))))); // [B, T]
        String positions = graph.node("Concat", List.of(rememberedAt, newAt), attribute("axis", 1L));
        String keyAt = graph.node("Unsqueeze", List.of(positions, graph.axes(1)));             // [B, 1, L+T]
        String queryAt = graph.node("Unsqueeze", List.of(steps, graph.axes(0, 2)));            // [1, T, 1]
        String before = graph.node("Less", List.of(keyAt, queryAt));                           // p < t
        String tooOld = graph.node("Less", List.of(keyAt, graph.node("Sub", List.of(queryAt, graph.scalar((float) length)))));
        String visible = graph.node("And", List.of(before, graph.node("Not", List.of(tooOld)))); // [B, T, L+T]

        // s_tj = (Wᵀ h_t) · h_j; softmax over the visible keys; context = Σ a_j h_j (0 when none is visible).
        String queries = graph.node("MatMul", List.of(y, w));                                  // [B, T, H]
        String scores = graph.node("MatMul", List.of(queries, graph.node("Transpose", List.of(keys), attribute("perm", 0L, 2L, 1L))));
        String masked = graph.node("Where", List.of(visible, scores, graph.scalar(MASKED)));
        String weightsOf = graph.node("Softmax", List.of(masked), attribute("axis", -1L));
        weightsOf = graph.node("Where", List.of(visible, weightsOf, graph.scalar(0f)));
        String context = graph.node("MatMul", List.of(weightsOf, keys));                      // [B, T, H]
        String features = graph.node("Concat", List.of(y, context), attribute("axis", 2L));   // [B, T, 2H]

        // The memory after the call: the last min(L, count + T) outputs, oldest first, zeros after.
        String total = graph.node("Add", List.of(count, time));
        String newCount = graph.node("Min", List.of(total, graph.scalar((float) length)));   // [B, 1]
        String at = graph.node("Add", List.of(slots, graph.node("Sub", List.of(time, newCount)))); // [B, L]: slot s holds position at
        String fromMemory = graph.node("Less", List.of(at, graph.scalar(0f)));
        String index = graph.node("Where", List.of(fromMemory, graph.node("Add", List.of(at, count)),
                graph.node("Add", List.of(at, graph.scalar((float) length)))));
        String kept = graph.node("Less", List.of(slots, newCount));                            // [B, L]
        index = graph.node("Where", List.of(kept, index, graph.scalar(0f)));
        index = graph.node("Cast", List.of(index), attribute("to", (long) TensorProto.DataType.INT64_VALUE));
        index = graph.node("Expand", List.of(graph.node("Unsqueeze", List.of(index, graph.axes(2))), graph.axes(1, 1, size)));
        String gathered = graph.node("GatherElements", List.of(keys, index), attribute("axis", 1L)); // [B, L, H]
        String keep = graph.node("Unsqueeze", List.of(graph.node("Cast", List.of(kept),
                attribute("to", (long) TensorProto.DataType.FLOAT_VALUE)), graph.axes(2)));
        String newMemory = graph.node("Reshape", List.of(graph.node("Mul", List.of(gathered, keep)), graph.axes(0, (long) length * size)));
        graph.floatOutput(newMemory, LstmStateNames.ATTENTION_MEMORY + NEXT, BATCH, length * size);
        graph.floatOutput(newCount, LstmStateNames.ATTENTION_COUNT + NEXT, BATCH, 1);
        return features;
    }

    /**
     * The attention of one step ({@link #attention} for a time axis of 1, with fewer and cheaper ops): scores over the
     * {@code count} remembered outputs, the context, and the memory after the step — {@code h} written into slot
     * {@code count} while there is room, else the memory shifted by one with {@code h} last. Returns {@code [h ; context]}.
     */
    private static String stepAttention(OnnxGraph graph, Tensor weights, String h, int length, int size) {
        String w = graph.floats(graph.fresh("attention_W"), weights.toArray(), size, size);
        String count = LstmStateNames.ATTENTION_COUNT;                                        // [B, 1]
        String remembered = graph.node("Reshape", List.of(LstmStateNames.ATTENTION_MEMORY, graph.axes(0, length, size))); // [B, L, H]
        String slots = slots(graph, length);                                                   // [1, L]
        String query = graph.node("Unsqueeze", List.of(graph.node("MatMul", List.of(h, w)), graph.axes(2)));  // [B, H, 1]: Wᵀh
        String scores = graph.node("Squeeze", List.of(graph.node("MatMul", List.of(remembered, query)), graph.axes(2))); // [B, L]
        String filled = graph.node("Less", List.of(slots, count));                            // [B, L]
        String weightsOf = graph.node("Softmax", List.of(graph.node("Where", List.of(filled, scores, graph.scalar(MASKED)))),
                attribute("axis", -1L));
        weightsOf = graph.node("Where", List.of(filled, weightsOf, graph.scalar(0f)));
        String context = graph.node("Squeeze", List.of(graph.node("MatMul", List.of(graph.node("Unsqueeze",
                List.of(weightsOf, graph.axes(1))), remembered)), graph.axes(1)));          // [B, H]
        String features = graph.node("Concat", List.of(h, context), attribute("axis", 1L));   // [B, 2H]

        String row = graph.node("Unsqueeze", List.of(h, graph.axes(1)));                      // [B, 1, H]
        String shifted = graph.node("Concat", List.of(graph.node("Slice", List.of(remembered, graph.axes(1),
                graph.axes(length), graph.axes(1))), row), attribute("axis", 1L));          // [B, L, H]: oldest out, h last
        String at = graph.node("Unsqueeze", List.of(graph.node("Equal", List.of(slots, count)), graph.axes(2))); // [B, L, 1]
        String inserted = graph.node("Where", List.of(at, row, remembered));                 // h in slot count
        String full = graph.node("Unsqueeze", List.of(graph.node("Equal", List.of(count, graph.scalar((float) length))),
                graph.axes(2)));                                                               // [B, 1, 1]
        String newMemory = graph.node("Reshape", List.of(graph.node("Where", List.of(full, shifted, inserted)),
                graph.axes(0, (long) length * size)));
        graph.floatOutput(newMemory, LstmStateNames.ATTENTION_MEMORY + NEXT, BATCH, length * size);
        String newCount = graph.node("Min", List.of(graph.node("Add", List.of(count, graph.scalar(1f))), graph.scalar((float) length)));
        graph.floatOutput(newCount, LstmStateNames.ATTENTION_COUNT + NEXT, BATCH, 1);
        return features;
    }
}
