package dev.midigen.backend.onnx;

import static dev.midigen.backend.onnx.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.GruLayout;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The seq2seq GRU family ({@link Seq2SeqGru}) as ONNX graphs, from canonical weights ({@link Seq2SeqLayout}). The
 * exported file ({@link #export}) holds the encoder and the decoder side by side in one graph:
 *
 * <ul>
 *   <li>the encoder reads {@value #SOURCE} {@code [batch, source_time, K]} from the zero state through one ONNX
 *       {@code GRU} node per layer and gives each layer's final state, {@code encoder.gru.l.h} {@code [batch, H]};</li>
 *   <li>the decoder reads {@value OnnxExporter#INPUT} {@code [batch, time, K]} (at step 0 the last source frame, then
 *       each previous target or generated frame) from the state inputs {@code decoder.gru.l.h} {@code [batch, H]}
 *       (the encoder's outputs to start from the source) through one {@code GRU} node per layer, and gives
 *       {@value OnnxExporter#OUTPUT} {@code [batch, time, K]} (classifier MatMul + Add → Relu → MatMul + Add) and the
 *       state after the last step, {@code decoder.gru.l.h.next};</li>
 *   <li>{@code metadata_props}: {@value OnnxExporter#SPEC_KEY} and, when given, {@value OnnxExporter#PROVENANCE_KEY}.</li>
 * </ul>
 *
 * The {@code GRU} nodes read the canonical tensors as they are: ONNX's GRU is the canonical layout (gate blocks
 * z, r, h; {@code B} = input biases then recurrent biases) with {@code linear_before_reset = 1}. ONNX Runtime wants
 * every input fed, so a caller that needs only one half feeds the other a one-step frame of zeros (and zero
 * states). Decoders step {@link #stepGraph}, the decoder's equations in Gemm and element-wise ops (one step, no
 * time axis), which is what the LSTM decoders found fastest at small batches.
 */
public final class Seq2SeqExporter {
    /** The encoder's input. */
    public static final String SOURCE = "source";

    private static final String BATCH = "batch";
    private static final String TIME = "time";
    private static final String SOURCE_TIME = "source_time";

    private Seq2SeqExporter() {
    }

    /** The name of encoder layer {@code l}'s final state among the exported graph's outputs. */
    public static String encoderStateName(int layer) {
        return Seq2SeqLayout.ENCODER + "gru." + layer + ".h";
    }

    /**
     * The ONNX model of a seq2seq spec with canonical weights: encoder and decoder in one graph (see the class).
     *
     * @param provenance where the weights came from, written to the metadata (null: none)
     * @throws IllegalArgumentException when the spec is not a seq2seq-gru or the weights do not fit it (naming the tensors)
     */
    public static ModelProto export(ModelSpec spec, Weights weights, Provenance provenance) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        Seq2SeqGru family = family(spec);
        Seq2SeqLayout.check(weights, spec);
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru");
        int keys = Seq2SeqLayout.keys(spec);
        decoder(graph, family, keys, weights);
        encoder(graph, family, keys, weights);
        graph.outputFirst(OnnxExporter.OUTPUT);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(OnnxExporter.SPEC_KEY, spec.toJson());
        if (provenance != null) {
            metadata.put(OnnxExporter.PROVENANCE_KEY, OnnxExporter.json(provenance));
        }
        return OnnxExporter.model(graph, metadata);
    }

    /**
     * Teacher-forced logits of an exported file ({@link #export}'s bytes) on ONNX Runtime, run as any user of the file
     * would: once for the encoder's final states (the decoder half reading a frame of zeros), then the decoder from
     * them over {@link FrameBatch#decoderInputs} (the encoder half reading a frame of zeros). For checks of exported
     * files ({@code midigen export-onnx}, tests).
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load the bytes ({@link OnnxFormatException})
     */
    public static SequenceBatch scoreExported(byte[] file, FrameBatch batch) {
        ModelSpec spec;
        OrtSession session;
        try {
            ModelProto model = ModelProto.parseFrom(file);
            String json = model.getMetadataPropsList().stream().filter(entry -> entry.getKey().equals(OnnxExporter.SPEC_KEY))
                    .map(entry -> entry.getValue()).findFirst()
                    .orElseThrow(() -> new OnnxFormatException("the file has no " + OnnxExporter.SPEC_KEY, null));
            spec = ModelSpec.fromJson(json);
            session = OnnxRuntime.session(file, 1);
        } catch (com.google.protobuf.InvalidProtocolBufferException | OrtException e) {
            throw new OnnxFormatException("not an ONNX model ONNX Runtime can load: " + e.getMessage(), e);
        }
        Seq2SeqGru family = family(spec);
        int keys = Seq2SeqLayout.keys(spec);
        int rows = batch.batch();
        int time = batch.targetSteps();
        int h = family.hidden();
        OrtEnvironment env = OnnxRuntime.environment();
        List<OnnxTensor> owned = new ArrayList<>();
        try (session) {
            float[][] encoded = new float[family.layers()][];
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            feed.put(SOURCE, own(owned, OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.source().toArray()),
                    new long[] {rows, batch.sourceSteps(), keys})));
            feed.put(OnnxExporter.INPUT, own(owned, OnnxTensor.createTensor(env, FloatBuffer.allocate(rows * keys),
                    new long[] {rows, 1, keys})));
            Set<String> outputs = new java.util.LinkedHashSet<>();
            for (int l = 0; l < family.layers(); l++) {
                feed.put(Seq2SeqLayout.stateName(l), own(owned, OnnxTensor.createTensor(env, FloatBuffer.allocate(rows * h),
                        new long[] {rows, h})));
                outputs.add(encoderStateName(l));
            }
            try (OrtSession.Result result = session.run(feed, outputs)) {
                for (int l = 0; l < family.layers(); l++) {
                    encoded[l] = floats(OnnxModel.tensor(result, encoderStateName(l)));
                }
            }
            feed.put(SOURCE, own(owned, OnnxTensor.createTensor(env, FloatBuffer.allocate(rows * keys), new long[] {rows, 1, keys})));
            feed.put(OnnxExporter.INPUT, own(owned, OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.decoderInputs().toArray()),
                    new long[] {rows, time, keys})));
            for (int l = 0; l < family.layers(); l++) {
                feed.put(Seq2SeqLayout.stateName(l), own(owned, OnnxTensor.createTensor(env, FloatBuffer.wrap(encoded[l]),
                        new long[] {rows, h})));
            }
            try (OrtSession.Result result = session.run(feed, Set.of(OnnxExporter.OUTPUT))) {
                return SequenceBatch.wrap(rows, time, keys, floats(OnnxModel.tensor(result, OnnxExporter.OUTPUT)));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the exported file: " + e.getMessage(), e);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
        owned.add(tensor);
        return tensor;
    }

    private static float[] floats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /** The encoder alone: {@value #SOURCE} in, {@code encoder.gru.l.h} out. For this JVM's runtime. */
    static ModelProto encoderGraph(ModelSpec spec, Weights weights) {
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru encoder");
        encoder(graph, family(spec), Seq2SeqLayout.keys(spec), weights);
        return OnnxExporter.model(graph, Map.of(OnnxExporter.SPEC_KEY, spec.toJson()));
    }

    /** The decoder over a sequence alone: {@code x} and the state in, logits and the state out. For this JVM's runtime. */
    static ModelProto decoderGraph(ModelSpec spec, Weights weights) {
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru decoder");
        decoder(graph, family(spec), Seq2SeqLayout.keys(spec), weights);
        graph.outputFirst(OnnxExporter.OUTPUT);
        return OnnxExporter.model(graph, Map.of(OnnxExporter.SPEC_KEY, spec.toJson()));
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
        String x = graph.floatInput(OnnxExporter.INPUT, BATCH, TIME, keys);
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
            graph.floatOutput(graph.node("Squeeze", List.of(yh, zeroAxis)), Seq2SeqLayout.stateName(l) + OnnxExporter.NEXT,
                    BATCH, family.hidden());
        }
        String outputs = graph.node("Transpose", List.of(sequence), attribute("perm", 1L, 0L, 2L)); // [B, T, H]
        String logits = classifier(graph, weights, outputs, false);
        graph.floatOutput(logits, OnnxExporter.OUTPUT, BATCH, TIME, keys);
    }

    /** Linear → ReLU → Linear on the last axis: MatMul by the transposed canonical matrices and Add, or Gemm for rows. */
    private static String classifier(OnnxGraph graph, Weights weights, String features, boolean rows) {
        Tensor w0 = weights.get(Seq2SeqLayout.HIDDEN_WEIGHTS);
        Tensor w1 = weights.get(Seq2SeqLayout.OUTPUT_WEIGHTS);
        String hiddenW = graph.floats(rows ? graph.fresh("classifier_0_W") : Seq2SeqLayout.HIDDEN_WEIGHTS, w0.toArray(),
                w0.dim(0), w0.dim(1));
        String hiddenB = graph.floats(rows ? graph.fresh("classifier_0_b") : Seq2SeqLayout.HIDDEN_BIAS,
                weights.get(Seq2SeqLayout.HIDDEN_BIAS).toArray(), w0.dim(0));
        String outputW = graph.floats(rows ? graph.fresh("classifier_1_W") : Seq2SeqLayout.OUTPUT_WEIGHTS, w1.toArray(),
                w1.dim(0), w1.dim(1));
        String outputB = graph.floats(rows ? graph.fresh("classifier_1_b") : Seq2SeqLayout.OUTPUT_BIAS,
                weights.get(Seq2SeqLayout.OUTPUT_BIAS).toArray(), w1.dim(0));
        if (rows) {
            String hidden = graph.node("Relu", List.of(graph.node("Gemm", List.of(features, hiddenW, hiddenB),
                    attribute("transB", 1L))));
            return graph.node("Gemm", List.of(hidden, outputW, outputB), attribute("transB", 1L));
        }
        String hidden = graph.node("Relu", List.of(graph.node("Add", List.of(graph.node("MatMul", List.of(features,
                graph.node("Transpose", List.of(hiddenW), attribute("perm", 1L, 0L)))), hiddenB))));
        return graph.node("Add", List.of(graph.node("MatMul", List.of(hidden,
                graph.node("Transpose", List.of(outputW), attribute("perm", 1L, 0L)))), outputB));
    }

    /** W, R, B of a layer under their canonical names, each with the leading axis of 1 (num_directions) the GRU node reads. */
    private static List<String> gruWeights(OnnxGraph graph, Weights weights, String prefix, int layer, String zeroAxis) {
        return List.of(unsqueezed(graph, weights, GruLayout.inputWeights(prefix, layer), zeroAxis),
                unsqueezed(graph, weights, GruLayout.recurrentWeights(prefix, layer), zeroAxis),
                unsqueezed(graph, weights, GruLayout.biases(prefix, layer), zeroAxis));
    }

    private static String unsqueezed(OnnxGraph graph, Weights weights, String name, String zeroAxis) {
        Tensor tensor = weights.get(name);
        graph.floats(name, tensor.toArray(), dims(tensor));
        return graph.node("Unsqueeze", List.of(name, zeroAxis));
    }

    private static long[] dims(Tensor tensor) {
        long[] dims = new long[tensor.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = tensor.dim(i);
        }
        return dims;
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto[] gruAttributes(Seq2SeqGru family) {
        return new ai.onnx.proto.OnnxMl.AttributeProto[] {attribute("hidden_size", (long) family.hidden()),
            attribute("direction", "forward"), attribute("linear_before_reset", 1L)};
    }

    /**
     * The decoder's step graph: {@code x} {@code [batch, K]} and {@code decoder.gru.l.h} {@code [batch, H]} in;
     * {@value OnnxExporter#OUTPUT} {@code [batch, K]} and {@code decoder.gru.l.h.next} out. Each layer is
     * {@link GruLayout}'s equations: {@code Gemm(x, W, Wb)} and {@code Gemm(h, R, Rb)} ({@code [batch, 3H]} each),
     * σ over the z and r blocks of their sum, {@code h~ = tanh(x_h + r ⊙ h_h)}, {@code h' = (1 − z) ⊙ h~ + z ⊙ h}.
     * For this JVM's runtime only.
     */
    static ModelProto stepGraph(ModelSpec spec, Weights weights) {
        Seq2SeqGru family = family(spec);
        Seq2SeqLayout.check(weights, spec);
        int keys = Seq2SeqLayout.keys(spec);
        int h = family.hidden();
        OnnxGraph graph = new OnnxGraph("midigen seq2seq-gru step");
        String below = graph.floatInput(OnnxExporter.INPUT, BATCH, keys);
        for (int l = 0; l < family.layers(); l++) {
            graph.floatInput(Seq2SeqLayout.stateName(l), BATCH, h);
        }
        String one = graph.scalar(1f);
        for (int l = 0; l < family.layers(); l++) {
            String state = Seq2SeqLayout.stateName(l);
            Tensor w = weights.get(GruLayout.inputWeights(Seq2SeqLayout.DECODER, l));
            Tensor r = weights.get(GruLayout.recurrentWeights(Seq2SeqLayout.DECODER, l));
            float[] b = weights.get(GruLayout.biases(Seq2SeqLayout.DECODER, l)).toArray();
            float[] wb = java.util.Arrays.copyOfRange(b, 0, 3 * h);
            float[] rb = java.util.Arrays.copyOfRange(b, 3 * h, 6 * h);
            String wName = graph.floats(graph.fresh("gru_" + l + "_W"), w.toArray(), w.dim(0), w.dim(1));
            String rName = graph.floats(graph.fresh("gru_" + l + "_R"), r.toArray(), r.dim(0), r.dim(1));
            String fromInput = graph.node("Gemm", List.of(below, wName, graph.floats(graph.fresh("gru_" + l + "_Wb"), wb, 3L * h)),
                    attribute("transB", 1L));                                                   // [N, 3H]
            String fromState = graph.node("Gemm", List.of(state, rName, graph.floats(graph.fresh("gru_" + l + "_Rb"), rb, 3L * h)),
                    attribute("transB", 1L));                                                   // [N, 3H]
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
            below = graph.floatOutput(next, state + OnnxExporter.NEXT, BATCH, h);
        }
        graph.floatOutput(classifier(graph, weights, below, true), OnnxExporter.OUTPUT, BATCH, keys);
        graph.outputFirst(OnnxExporter.OUTPUT);
        return OnnxExporter.model(graph, Map.of(OnnxExporter.SPEC_KEY, spec.toJson()));
    }
}
