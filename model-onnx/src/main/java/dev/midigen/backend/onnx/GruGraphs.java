package dev.midigen.backend.onnx;

import static dev.midigen.backend.onnx.OnnxExporter.BATCH;
import static dev.midigen.backend.onnx.OnnxExporter.INPUT;
import static dev.midigen.backend.onnx.OnnxExporter.NEXT;
import static dev.midigen.backend.onnx.OnnxExporter.OUTPUT;
import static dev.midigen.backend.onnx.OnnxExporter.SOURCE;
import static dev.midigen.backend.onnx.OnnxExporter.SOURCE_TIME;
import static dev.midigen.backend.onnx.OnnxExporter.TIME;
import static dev.midigen.backend.onnx.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.GruLayout;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seq2seq GRU family ({@link Seq2SeqGru}) as ONNX graphs, from canonical weights ({@link Seq2SeqLayout}). The
 * file holds the encoder and the decoder side by side in one graph:
 *
 * <ul>
 *   <li>the encoder reads {@value OnnxExporter#SOURCE} {@code [batch, source_time, K]} from the zero state through one
 *       ONNX {@code GRU} node per layer and gives each layer's final state, {@code encoder.gru.l.h} {@code [batch, H]};</li>
 *   <li>the decoder reads {@value OnnxExporter#INPUT} {@code [batch, time, K]} (at step 0 the last source frame, then
 *       each previous target or generated frame) from the state inputs {@code decoder.gru.l.h} {@code [batch, H]}
 *       (the encoder's outputs to start from the source) through one {@code GRU} node per layer, and gives
 *       {@value OnnxExporter#OUTPUT} {@code [batch, time, K]} (classifier MatMul + Add → Relu → MatMul + Add) and the
 *       state after the last step, {@code decoder.gru.l.h.next};</li>
 *   <li>{@code metadata_props}: the spec and, when given, the provenance.</li>
 * </ul>
 *
 * The {@code GRU} nodes read the canonical tensors as they are: ONNX's GRU is the canonical layout (gate blocks
 * z, r, h; {@code B} = input biases then recurrent biases) with {@code linear_before_reset = 1}. ONNX Runtime wants
 * every input fed, so a caller that needs only one half feeds the other a one-step frame of zeros (and zero
 * states). Decoders step {@link #step}, the decoder's equations in Gemm and element-wise ops (one step, no time
 * axis), which is what the LSTM decoders found fastest at small batches.
 */
final class GruGraphs implements NetworkGraphs {
    static final GruGraphs INSTANCE = new GruGraphs();

    private GruGraphs() {
    }

    /** The name of encoder layer {@code l}'s final state among the graphs' outputs. */
    static String encoderStateName(int layer) {
        return Seq2SeqLayout.ENCODER + "gru." + layer + ".h";
    }

    @Override
    public List<String> stateNames(ModelSpec spec) {
        return Seq2SeqLayout.stateNames(family(spec));
    }

    @Override
    public List<String> encoderOutputs(ModelSpec spec) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < family(spec).layers(); l++) {
            names.add(encoderStateName(l));
        }
        return names;
    }

    @Override
    public boolean sparseStep() {
        return false;
    }

    @Override
    public ModelProto file(ModelSpec spec, Weights weights, Provenance provenance) {
        Seq2SeqGru family = family(spec);
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru");
        int keys = Seq2SeqLayout.keys(spec);
        decoder(graph, family, keys, weights);
        encoder(graph, family, keys, weights);
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, provenance));
    }

    /** The encoder alone: {@value OnnxExporter#SOURCE} in, {@code encoder.gru.l.h} out. For this JVM's runtime. */
    @Override
    public ModelProto encoder(ModelSpec spec, Weights weights) {
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru encoder");
        encoder(graph, family(spec), Seq2SeqLayout.keys(spec), weights);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }

    /** The decoder over a sequence alone: {@code x} and the state in, logits and the state out. For this JVM's runtime. */
    @Override
    public ModelProto sequence(ModelSpec spec, Weights weights) {
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru decoder");
        decoder(graph, family(spec), Seq2SeqLayout.keys(spec), weights);
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }

    private static Seq2SeqGru family(ModelSpec spec) {
        if (!(spec.family() instanceof Seq2SeqGru family)) {
            throw new IllegalArgumentException("not a seq2seq-gru: " + spec.family().typeName());
        }
        return family;
    }

    private static void encoder(OnnxGraph graph, Seq2SeqGru family, int keys, Weights weights) {
        String source = graph.floatInput(SOURCE, BATCH, SOURCE_TIME, keys);
        String sequence = graph.node("Transpose", List.of(source), attribute("perm", 1L, 0L, 2L)); // [S, B, K]
        String zeroAxis = graph.axes(0);
        int layers = family.layers();
        for (int l = 0; l < layers; l++) {
            List<String> wrb = gruWeights(graph, weights, Seq2SeqLayout.ENCODER, l, zeroAxis);
            boolean top = l == layers - 1;
            String y = top ? "" : graph.fresh("encoder_" + l + "_Y");
            String yh = graph.fresh("encoder_" + l + "_Y_h");
            graph.nodes("GRU", List.of(sequence, wrb.get(0), wrb.get(1), wrb.get(2)), List.of(y, yh), gruAttributes(family));
            if (!top) {
                sequence = graph.node("Squeeze", List.of(y, graph.axes(1)));                  // [S, B, H]
            }
            graph.floatOutput(graph.node("Squeeze", List.of(yh, zeroAxis)), encoderStateName(l), BATCH, family.hidden());
        }
    }

    private static void decoder(OnnxGraph graph, Seq2SeqGru family, int keys, Weights weights) {
        String x = graph.floatInput(INPUT, BATCH, TIME, keys);
        int layers = family.layers();
        for (int l = 0; l < layers; l++) {
            graph.floatInput(Seq2SeqLayout.stateName(l), BATCH, family.hidden());
        }
        String sequence = graph.node("Transpose", List.of(x), attribute("perm", 1L, 0L, 2L)); // [T, B, K]
        String zeroAxis = graph.axes(0);
        for (int l = 0; l < layers; l++) {
            List<String> wrb = gruWeights(graph, weights, Seq2SeqLayout.DECODER, l, zeroAxis);
            String h0 = graph.node("Unsqueeze", List.of(Seq2SeqLayout.stateName(l), zeroAxis));
            String y = graph.fresh("decoder_" + l + "_Y");
            String yh = graph.fresh("decoder_" + l + "_Y_h");
            graph.nodes("GRU", List.of(sequence, wrb.get(0), wrb.get(1), wrb.get(2), "", h0), List.of(y, yh),
                    gruAttributes(family));
            sequence = graph.node("Squeeze", List.of(y, graph.axes(1)));                      // [T, B, H]
            graph.floatOutput(graph.node("Squeeze", List.of(yh, zeroAxis)), Seq2SeqLayout.stateName(l) + NEXT,
                    BATCH, family.hidden());
        }
        String outputs = graph.node("Transpose", List.of(sequence), attribute("perm", 1L, 0L, 2L)); // [B, T, H]
        String logits = classifier(graph, weights, outputs, false);
        graph.floatOutput(logits, OUTPUT, BATCH, TIME, keys);
    }

    /** Linear → ReLU → Linear on the last axis: MatMul by the transposed canonical matrices and Add, or Gemm for rows. */
    private static String classifier(OnnxGraph graph, Weights weights, String features, boolean rows) {
        String hiddenW = graph.floats(rows ? graph.fresh("classifier_0_W") : Seq2SeqLayout.HIDDEN_WEIGHTS,
                weights.get(Seq2SeqLayout.HIDDEN_WEIGHTS));
        String hiddenB = graph.floats(rows ? graph.fresh("classifier_0_b") : Seq2SeqLayout.HIDDEN_BIAS,
                weights.get(Seq2SeqLayout.HIDDEN_BIAS));
        String outputW = graph.floats(rows ? graph.fresh("classifier_1_W") : Seq2SeqLayout.OUTPUT_WEIGHTS,
                weights.get(Seq2SeqLayout.OUTPUT_WEIGHTS));
        String outputB = graph.floats(rows ? graph.fresh("classifier_1_b") : Seq2SeqLayout.OUTPUT_BIAS,
                weights.get(Seq2SeqLayout.OUTPUT_BIAS));
        String hidden = graph.node("Relu", List.of(graph.dense(features, hiddenW, hiddenB, rows)));
        return graph.dense(hidden, outputW, outputB, rows);
    }

    /** W, R, B of a layer under their canonical names, each with the leading axis of 1 (num_directions) the GRU node reads. */
    private static List<String> gruWeights(OnnxGraph graph, Weights weights, String prefix, int layer, String zeroAxis) {
        String w = GruLayout.inputWeights(prefix, layer);
        String r = GruLayout.recurrentWeights(prefix, layer);
        String b = GruLayout.biases(prefix, layer);
        return List.of(graph.unsqueezed(w, weights.get(w), zeroAxis), graph.unsqueezed(r, weights.get(r), zeroAxis),
                graph.unsqueezed(b, weights.get(b), zeroAxis));
    }

    private static AttributeProto[] gruAttributes(Seq2SeqGru family) {
        return new AttributeProto[] {attribute("hidden_size", (long) family.hidden()), attribute("direction", "forward"),
            attribute("linear_before_reset", 1L)};
    }

    /**
     * The decoder's step graph: {@code x} {@code [batch, K]} and {@code decoder.gru.l.h} {@code [batch, H]} in;
     * {@value OnnxExporter#OUTPUT} {@code [batch, K]} and {@code decoder.gru.l.h.next} out. Each layer is
     * {@link GruLayout}'s equations: {@code Gemm(x, W, Wb)} and {@code Gemm(h, R, Rb)} ({@code [batch, 3H]} each),
     * σ over the z and r blocks of their sum, {@code h~ = tanh(x_h + r ⊙ h_h)}, {@code h' = (1 − z) ⊙ h~ + z ⊙ h}.
     * For this JVM's runtime only; there is no sparse form.
     */
    @Override
    public ModelProto step(ModelSpec spec, Weights weights, boolean sparse) {
        Seq2SeqGru family = family(spec);
        int keys = Seq2SeqLayout.keys(spec);
        int h = family.hidden();
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru step");
        String below = graph.floatInput(INPUT, BATCH, keys);
        for (int l = 0; l < family.layers(); l++) {
            graph.floatInput(Seq2SeqLayout.stateName(l), BATCH, h);
        }
        String one = graph.scalar(1f);
        for (int l = 0; l < family.layers(); l++) {
            String state = Seq2SeqLayout.stateName(l);
            Tensor w = weights.get(GruLayout.inputWeights(Seq2SeqLayout.DECODER, l));
            Tensor r = weights.get(GruLayout.recurrentWeights(Seq2SeqLayout.DECODER, l));
            float[] b = weights.get(GruLayout.biases(Seq2SeqLayout.DECODER, l)).toArray();
            float[] wb = Arrays.copyOfRange(b, 0, 3 * h);
            float[] rb = Arrays.copyOfRange(b, 3 * h, 6 * h);
            String wName = graph.floats(graph.fresh("gru_" + l + "_W"), w);
            String rName = graph.floats(graph.fresh("gru_" + l + "_R"), r);
            String fromInput = graph.dense(below, wName, graph.floats(graph.fresh("gru_" + l + "_Wb"), wb, 3L * h), true); // [N, 3H]
            String fromState = graph.dense(state, rName, graph.floats(graph.fresh("gru_" + l + "_Rb"), rb, 3L * h), true); // [N, 3H]
            String inputGates = graph.fresh("x_zr");
            String inputCandidate = graph.fresh("x_h");
            graph.nodes("Split", List.of(fromInput, graph.axes(2L * h, h)), List.of(inputGates, inputCandidate),
                    attribute("axis", 1L));
            String stateGates = graph.fresh("h_zr");
            String stateCandidate = graph.fresh("h_h");
            graph.nodes("Split", List.of(fromState, graph.axes(2L * h, h)), List.of(stateGates, stateCandidate),
                    attribute("axis", 1L));
            String z = graph.fresh("gate_z");
            String reset = graph.fresh("gate_r");
            graph.nodes("Split", List.of(graph.node("Sigmoid", List.of(graph.node("Add", List.of(inputGates, stateGates))))),
                    List.of(z, reset), attribute("axis", 1L));
            String candidate = graph.node("Tanh", List.of(graph.node("Add", List.of(inputCandidate,
                    graph.node("Mul", List.of(reset, stateCandidate))))));
            String next = graph.node("Add", List.of(graph.node("Mul", List.of(graph.node("Sub", List.of(one, z)), candidate)),
                    graph.node("Mul", List.of(z, state))));
            below = graph.floatOutput(next, state + NEXT, BATCH, h);
        }
        graph.floatOutput(classifier(graph, weights, below, true), OUTPUT, BATCH, keys);
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }
}
