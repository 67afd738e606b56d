package dev.midigen.backend.onnx;

import static dev.midigen.backend.onnx.OnnxExporter.BATCH;
import static dev.midigen.backend.onnx.OnnxExporter.INPUT;
import static dev.midigen.backend.onnx.OnnxExporter.NEXT;
import static dev.midigen.backend.onnx.OnnxExporter.OUTPUT;
import static dev.midigen.backend.onnx.OnnxExporter.SOURCE;
import static dev.midigen.backend.onnx.OnnxExporter.SOURCE_TIME;
import static dev.midigen.backend.onnx.OnnxExporter.TIME;
import static dev.midigen.backend.onnx.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.midigen.model.Architecture;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The drum VAE ({@link DrumVae}) as ONNX graphs, from canonical weights ({@link VaeLayout}); {@code F} is the frame
 * width, {@code C} the hit controls' (0 without them), {@code Z} the latent size. The file holds the encoder and the
 * decoder side by side in one graph:
 *
 * <ul>
 *   <li>the encoder reads {@value OnnxExporter#SOURCE} {@code [batch, source_time, F]} through one bidirectional ONNX
 *       {@code LSTM} node per layer (W, R, B: the forward direction's canonical tensors stacked on the backward's; a
 *       layer above reads both directions' outputs side by side), and from the top layer's final outputs
 *       {@code [forward ; backward]} gives {@value #MU} {@code [batch, Z]}, {@value #SIGMA} (softplus) and the decoder's
 *       initial state {@code tanh(bridge.W μ + bridge.b)}, {@code encoded.decoder.lstm.l.h} and {@code .c};</li>
 *   <li>the decoder reads {@value OnnxExporter#INPUT} {@code [batch, time, F + C]} (the previous frame, then the step's
 *       hit controls) and the state inputs {@code decoder.lstm.l.h}, {@code decoder.lstm.l.c} {@code [batch, D_l]} and
 *       {@code latent.z} {@code [batch, Z]} (the encoder's outputs, {@value #MU} as {@code z}, to decode the source;
 *       any {@code z} through the bridge to decode a latent), its first layer reading {@code [input ; z]} at every
 *       step, through one forward {@code LSTM} node per layer, and gives {@value OnnxExporter#OUTPUT}
 *       {@code [batch, time, F]} (the head's raw outputs: hit logits, velocities before sigmoid, offsets before tanh)
 *       and the state after the last step, each name plus {@value OnnxExporter#NEXT} ({@code z} unchanged);</li>
 *   <li>{@code metadata_props}: the spec and, when given, the provenance.</li>
 * </ul>
 *
 * ONNX's LSTM is the canonical layout (gates i, o, f, c; input then recurrent biases), so the nodes read the canonical
 * tensors as they are. ONNX Runtime wants every input fed: a caller that needs one half feeds the other a one-step frame
 * of zeros and zero states. Decoders step {@link #step}, the decoder's equations in Gemm and element-wise ops.
 */
final class VaeGraphs implements NetworkGraphs {
    static final VaeGraphs INSTANCE = new VaeGraphs();

    /** The encoder's {@code μ} (the {@code z} its initial state is bridged from) and {@code σ} among the file's outputs. */
    static final String MU = "latent.mu";
    static final String SIGMA = "latent.sigma";
    /** Prefix of the encoder's initial decoder state among the outputs: {@code encoded.decoder.lstm.0.h}, … */
    static final String ENCODED = "encoded.";

    private VaeGraphs() {
    }

    @Override
    public List<String> stateNames(ModelSpec spec) {
        return VaeLayout.stateNames(spec);
    }

    /** The encoder's outputs in {@link #stateNames}' order: each layer's {@code encoded.…h} and {@code .c}, then {@value #MU}. */
    @Override
    public List<String> encoderOutputs(ModelSpec spec) {
        List<String> names = new ArrayList<>();
        for (String state : stateNames(spec)) {
            names.add(state.equals(VaeLayout.LATENT_STATE) ? MU : ENCODED + state);
        }
        return names;
    }

    @Override
    public boolean sparseStep() {
        return false;
    }

    @Override
    public ModelProto file(ModelSpec spec, Weights weights, Provenance provenance) {
        OnnxGraph graph = new OnnxGraph("midigen drum-vae");
        decoder(graph, spec, weights);
        encoder(graph, spec, weights, true);
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, provenance));
    }

    /** The encoder alone, without {@value #SIGMA}. For this JVM's runtime. */
    @Override
    public ModelProto encoder(ModelSpec spec, Weights weights) {
        OnnxGraph graph = new OnnxGraph("midigen drum-vae encoder");
        encoder(graph, spec, weights, false);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }

    /** The decoder over a sequence alone. For this JVM's runtime. */
    @Override
    public ModelProto sequence(ModelSpec spec, Weights weights) {
        OnnxGraph graph = new OnnxGraph("midigen drum-vae decoder");
        decoder(graph, spec, weights);
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }

    private static Architecture parts(ModelSpec spec) {
        if (!(spec.family() instanceof DrumVae)) {
            throw new IllegalArgumentException("not a drum-vae: " + spec.family().typeName());
        }
        return spec.architecture();
    }

    private static void encoder(OnnxGraph graph, ModelSpec spec, Weights weights, boolean sigma) {
        Architecture parts = parts(spec);
        String source = graph.floatInput(SOURCE, BATCH, SOURCE_TIME, parts.inputSize());
        String sequence = graph.node("Transpose", List.of(source), attribute("perm", 1L, 0L, 2L)); // [S, B, F]
        String zeroAxis = graph.axes(0);
        List<Integer> sizes = parts.encoder().sizes();
        String finals = null;
        for (int l = 0; l < sizes.size(); l++) {
            boolean top = l == sizes.size() - 1;
            String y = top ? "" : graph.fresh("encoder_" + l + "_Y");
            finals = graph.fresh("encoder_" + l + "_Y_h");
            graph.nodes("LSTM", List.of(sequence, bothWays(graph, weights, l, VaeLayout::inputWeights, zeroAxis),
                            bothWays(graph, weights, l, VaeLayout::recurrentWeights, zeroAxis),
                            bothWays(graph, weights, l, VaeLayout::biases, zeroAxis)), List.of(y, finals),
                    attribute("hidden_size", (long) sizes.get(l)), attribute("direction", "bidirectional"));
            if (!top) { // [S, 2, B, E] → [S, B, 2E]: each step's forward output, then its backward one
                sequence = graph.node("Reshape", List.of(graph.node("Transpose", List.of(y), attribute("perm", 0L, 2L, 1L, 3L)),
                        graph.axes(0, 0, -1)));
            }
        }
        // Y_h [2, B, E]: the forward direction's output at the last step and the backward's at the first → [B, 2E]
        String summary = graph.node("Reshape", List.of(graph.node("Transpose", List.of(finals), attribute("perm", 1L, 0L, 2L)),
                graph.axes(0, -1)));
        String mu = graph.dense(summary, graph.floats(VaeLayout.MU_WEIGHTS, weights.get(VaeLayout.MU_WEIGHTS)),
                graph.floats(VaeLayout.MU_BIAS, weights.get(VaeLayout.MU_BIAS)), true);
        if (sigma) {
            String scale = graph.node("Softplus", List.of(graph.dense(summary,
                    graph.floats(VaeLayout.SIGMA_WEIGHTS, weights.get(VaeLayout.SIGMA_WEIGHTS)),
                    graph.floats(VaeLayout.SIGMA_BIAS, weights.get(VaeLayout.SIGMA_BIAS)), true)));
            graph.floatOutput(scale, SIGMA, BATCH, parts.latent().size());
        }
        String bridged = graph.node("Tanh", List.of(graph.dense(mu,
                graph.floats(VaeLayout.BRIDGE_WEIGHTS, weights.get(VaeLayout.BRIDGE_WEIGHTS)),
                graph.floats(VaeLayout.BRIDGE_BIAS, weights.get(VaeLayout.BRIDGE_BIAS)), true)));
        List<String> outputs = INSTANCE.encoderOutputs(spec);
        List<Long> splits = new ArrayList<>();
        for (int size : parts.decoder().sizes()) {
            splits.add((long) size);
            splits.add((long) size);
        }
        List<String> states = outputs.subList(0, splits.size());
        graph.nodes("Split", List.of(bridged, graph.axes(splits.stream().mapToLong(Long::longValue).toArray())), states,
                attribute("axis", 1L));
        for (int i = 0; i < states.size(); i++) {
            graph.floatOutput(states.get(i), states.get(i), BATCH, splits.get(i).intValue());
        }
        graph.floatOutput(mu, MU, BATCH, parts.latent().size());
    }

    /** Layer {@code l}'s tensor of both directions, forward then backward: {@code [2, …]} as the bidirectional node reads it. */
    private static String bothWays(OnnxGraph graph, Weights weights, int layer, Name name, String zeroAxis) {
        String forward = name.of(VaeLayout.ENCODER_FORWARD, layer);
        String backward = name.of(VaeLayout.ENCODER_BACKWARD, layer);
        return graph.node("Concat", List.of(graph.unsqueezed(forward, weights.get(forward), zeroAxis),
                graph.unsqueezed(backward, weights.get(backward), zeroAxis)), attribute("axis", 0L));
    }

    /** A canonical tensor's name by prefix and layer ({@link VaeLayout#inputWeights}, …). */
    private interface Name {
        String of(String prefix, int layer);
    }

    /** The decoder's state inputs, bottom layer first, then {@code latent.z}; returns its name. */
    private static String stateInputs(OnnxGraph graph, ModelSpec spec, Architecture parts) {
        List<String> names = VaeLayout.stateNames(spec);
        List<Integer> sizes = parts.decoder().sizes();
        for (int i = 0; i < names.size() - 1; i++) {
            graph.floatInput(names.get(i), BATCH, sizes.get(i / 2));
        }
        return graph.floatInput(VaeLayout.LATENT_STATE, BATCH, parts.latent().size());
    }

    private static void decoder(OnnxGraph graph, ModelSpec spec, Weights weights) {
        Architecture parts = parts(spec);
        String x = graph.floatInput(INPUT, BATCH, TIME, parts.decoderInputSize());
        String z = stateInputs(graph, spec, parts);
        String sequence = graph.node("Transpose", List.of(x), attribute("perm", 1L, 0L, 2L)); // [T, B, F + C]
        // z at every step: [1, B, Z] expanded by [T, 1, 1]
        String steps = graph.node("Concat", List.of(graph.node("Slice", List.of(graph.node("Shape", List.of(sequence)),
                graph.axes(0), graph.axes(1))), graph.axes(1, 1)), attribute("axis", 0L));
        String zs = graph.node("Expand", List.of(graph.node("Unsqueeze", List.of(z, graph.axes(0))), steps));
        sequence = graph.node("Concat", List.of(sequence, zs), attribute("axis", 2L));            // [T, B, F + C + Z]
        String zeroAxis = graph.axes(0);
        List<String> names = VaeLayout.stateNames(spec);
        List<Integer> sizes = parts.decoder().sizes();
        for (int l = 0; l < sizes.size(); l++) {
            sequence = LstmGraphs.sequenceLayer(graph, weights, VaeLayout.inputWeights(VaeLayout.DECODER, l),
                    VaeLayout.recurrentWeights(VaeLayout.DECODER, l), VaeLayout.biases(VaeLayout.DECODER, l), sequence,
                    names.get(2 * l), names.get(2 * l + 1), sizes.get(l), zeroAxis);
        }
        String outputs = graph.node("Transpose", List.of(sequence), attribute("perm", 1L, 0L, 2L)); // [B, T, D]
        String head = graph.dense(outputs, graph.floats(VaeLayout.HEAD_WEIGHTS, weights.get(VaeLayout.HEAD_WEIGHTS)),
                graph.floats(VaeLayout.HEAD_BIAS, weights.get(VaeLayout.HEAD_BIAS)), false);
        graph.floatOutput(head, OUTPUT, BATCH, TIME, parts.inputSize());
        graph.floatOutput(z, VaeLayout.LATENT_STATE + NEXT, BATCH, parts.latent().size());
    }

    /**
     * The decoder's step graph: {@code x} {@code [batch, F + C]} and the state in, {@value OnnxExporter#OUTPUT}
     * {@code [batch, F]} and the state out; each layer {@link LstmGraphs#stepLayer}, the first reading {@code [x ; z]}.
     * For this JVM's runtime only; there is no sparse form.
     */
    @Override
    public ModelProto step(ModelSpec spec, Weights weights, boolean sparse) {
        Architecture parts = parts(spec);
        OnnxGraph graph = new OnnxGraph("midigen drum-vae step");
        String x = graph.floatInput(INPUT, BATCH, parts.decoderInputSize());
        String z = stateInputs(graph, spec, parts);
        String below = graph.node("Concat", List.of(x, z), attribute("axis", 1L));               // [B, F + C + Z]
        List<String> names = VaeLayout.stateNames(spec);
        List<Integer> sizes = parts.decoder().sizes();
        for (int l = 0; l < sizes.size(); l++) {
            int units = sizes.get(l);
            String w = graph.floats(graph.fresh("lstm_W"), weights.get(VaeLayout.inputWeights(VaeLayout.DECODER, l)));
            String bias = LstmGraphs.stepBias(graph, weights.get(VaeLayout.biases(VaeLayout.DECODER, l)), units);
            below = LstmGraphs.stepLayer(graph, graph.dense(below, w, bias, true),
                    weights.get(VaeLayout.recurrentWeights(VaeLayout.DECODER, l)), names.get(2 * l), names.get(2 * l + 1), units);
        }
        String head = graph.dense(below, graph.floats(graph.fresh("head_W"), weights.get(VaeLayout.HEAD_WEIGHTS)),
                graph.floats(graph.fresh("head_b"), weights.get(VaeLayout.HEAD_BIAS)), true);
        graph.floatOutput(head, OUTPUT, BATCH, parts.inputSize());
        graph.floatOutput(z, VaeLayout.LATENT_STATE + NEXT, BATCH, parts.latent().size());
        graph.outputFirst(OUTPUT);
        return OnnxExporter.model(graph, OnnxExporter.metadata(spec, null));
    }
}
