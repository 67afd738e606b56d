package dev.midigen.backend.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.encoding.Codecs;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.FrameCodec;
import dev.midigen.codec.encoding.SequenceCodec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.io.JsonProblems;
import dev.midigen.model.Head;
import dev.midigen.model.ModelSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How to drive an ONNX model made elsewhere (PyTorch, Keras, …) with midigen's codecs, sampler and evaluator:
 *
 * <pre>
 * {"family": "next-token" | "frame-decoder",
 *  "encoding": {…EncodingSpec…},
 *  "input": {"name": "x", "kind": "one-hot" | "token-ids" | "frames", "layout": "time-major" | "batch-major"},
 *  "output": {"name": "logits", "kind": "logits" | "probabilities"},
 *  "state": [{"in": "h0", "out": "hn"}, {"in": "c0", "out": "cn"}],
 *  "stateShape": "layers-batch-hidden" | "batch-hidden"}
 * </pre>
 *
 * <ul>
 *   <li>{@code next-token} models read a token encoding (drum-kit, trap-text, melody) and give the next token's
 *       scores over the codec's labels; {@code frame-decoder} models read and write frames (piano-roll, groove).</li>
 *   <li>Input kinds: {@code one-hot} — float {@code [time, batch, F]} (or batch-major), the codec's input features
 *       ({@code TokenCodec.input}: the token's one-hot, then the encoding's counters or lookback features, exactly
 *       what midigen's own models read); {@code token-ids} — int64 (or int32) {@code [time, batch]}, the current
 *       token; {@code frames} — float {@code [time, batch, frameSize]}.</li>
 *   <li>The output is {@code [time, batch, labels]} in the input's layout; {@code probabilities} are turned into
 *       logits ({@code log p} for next-token models, {@code log(p / (1 − p))} for frames).</li>
 *   <li>Each state pair names an input the model reads its recurrent state from and the output it writes the state
 *       after the call to; {@code layers-batch-hidden} tensors are {@code [layers, batch, hidden]} (PyTorch's and
 *       ONNX's LSTM/GRU state), {@code batch-hidden} ones {@code [batch, width]} (midigen's exported models).
 *       Their sizes but the batch must be fixed in the model. The state starts at zero.</li>
 * </ul>
 *
 * Immutable. {@link #parse} refuses unknown fields, values and mismatches with the encoding naming the field;
 * {@link OnnxSignature#check} checks a contract against a model's declared inputs and outputs.
 */
public record OnnxContract(Family family, EncodingSpec encoding, Input input, Output output, List<State> state,
                           StateShape stateShape) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A value of the contract's enums, named in its JSON by its Java name in lower case with hyphens ({@code TIME_MAJOR}: {@code time-major}). */
    public interface Labelled {
        String name();

        default String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What the model does. */
    public enum Family implements Labelled { NEXT_TOKEN, FRAME_DECODER }

    /** What the model's input holds. */
    public enum InputKind implements Labelled { ONE_HOT, TOKEN_IDS, FRAMES }

    /** Which axis comes first: time ({@code [time, batch, …]}, PyTorch's default) or batch. */
    public enum Layout implements Labelled { TIME_MAJOR, BATCH_MAJOR }

    /** What the model's output holds. */
    public enum OutputKind implements Labelled { LOGITS, PROBABILITIES }

    /** The shape of state tensors. */
    public enum StateShape implements Labelled { LAYERS_BATCH_HIDDEN, BATCH_HIDDEN }

    public record Input(String name, InputKind kind, Layout layout) {
        public Input {
            Objects.requireNonNull(name, "input name");
            Objects.requireNonNull(kind, "input kind");
            Objects.requireNonNull(layout, "input layout");
        }
    }

    public record Output(String name, OutputKind kind) {
        public Output {
            Objects.requireNonNull(name, "output name");
            Objects.requireNonNull(kind, "output kind");
        }
    }

    /** A recurrent state tensor: the model reads it from input {@code in} and writes the next one to output {@code out}. */
    public record State(String in, String out) {
        public State {
            Objects.requireNonNull(in, "state in");
            Objects.requireNonNull(out, "state out");
        }
    }

    /**
     * @throws IllegalArgumentException when the parts do not fit together (an input kind the family does not
     *                                  read, an encoding of the other kind, repeated or empty names)
     */
    public OnnxContract {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(stateShape, "stateShape");
        state = List.copyOf(state);
        SequenceCodec<?> codec = Codecs.of(encoding);
        if (family == Family.NEXT_TOKEN) {
            if (!(codec instanceof TokenCodec)) {
                throw new IllegalArgumentException("contract: a next-token model reads a token encoding (drum-kit, trap-text, melody),"
                        + " not " + encoding.typeName());
            }
            if (input.kind() == InputKind.FRAMES) {
                throw new IllegalArgumentException("contract: input.kind frames is for frame-decoder models; a next-token model reads"
                        + " one-hot or token-ids");
            }
        } else {
            if (!(codec instanceof FrameCodec)) {
                throw new IllegalArgumentException("contract: a frame-decoder model reads a frame encoding (piano-roll, groove), not "
                        + encoding.typeName());
            }
            if (input.kind() != InputKind.FRAMES) {
                throw new IllegalArgumentException("contract: a frame-decoder model reads input.kind frames, not " + input.kind().label());
            }
        }
        if (state.isEmpty()) {
            throw new IllegalArgumentException("contract: state is empty; midigen steps a model by carrying its recurrent state"
                    + " (name each state input and output)");
        }
        Set<String> names = new HashSet<>();
        checkName(names, input.name(), "input.name");
        checkName(names, output.name(), "output.name");
        for (int i = 0; i < state.size(); i++) {
            checkName(names, state.get(i).in(), "state[" + i + "].in");
            checkName(names, state.get(i).out(), "state[" + i + "].out");
        }
    }

    private static void checkName(Set<String> names, String name, String field) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("contract: " + field + " is empty");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("contract: " + field + " '" + name + "' names a tensor the contract already names");
        }
    }

    /**
     * The contract of a decoder graph {@link OnnxExporter} wrote: the codec's features (one-hot and the encoding's own for
     * a categorical head, frames for a multi-label or groove one), batch-major, logits, {@code [batch, width]} states.
     */
    public static OnnxContract ofExported(ModelSpec spec, List<String> stateNames) {
        List<State> states = new ArrayList<>();
        for (String name : stateNames) {
            states.add(new State(name, name + OnnxExporter.NEXT));
        }
        boolean frames = !(spec.head() instanceof Head.Categorical);
        return new OnnxContract(frames ? Family.FRAME_DECODER : Family.NEXT_TOKEN, spec.encoding(),
                new Input(OnnxExporter.INPUT, frames ? InputKind.FRAMES : InputKind.ONE_HOT, Layout.BATCH_MAJOR),
                new Output(OnnxExporter.OUTPUT, OutputKind.LOGITS), states, StateShape.BATCH_HIDDEN);
    }

    /** Values per step and sequence of the model's input: the codec's input features, 1 token id, or a frame. */
    public int inputWidth() {
        SequenceCodec<?> codec = Codecs.of(encoding);
        if (codec instanceof TokenCodec<?> tokens) {
            return input.kind() == InputKind.TOKEN_IDS ? 1 : tokens.inputSize();
        }
        return ((FrameCodec<?>) codec).frameSize();
    }

    /** Values per step and sequence of midigen's side: the codec's input features (what {@code Decoder.step} takes). */
    public int featureWidth() {
        SequenceCodec<?> codec = Codecs.of(encoding);
        return codec instanceof TokenCodec<?> tokens ? tokens.inputSize() : ((FrameCodec<?>) codec).frameSize();
    }

    /** Scores per step and sequence: the codec's labels, or a frame. */
    public int outputWidth() {
        SequenceCodec<?> codec = Codecs.of(encoding);
        return codec instanceof TokenCodec<?> tokens ? tokens.labelCount() : ((FrameCodec<?>) codec).frameSize();
    }

    /** The contract as JSON, fields in the documented order. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("family", family.label());
        try {
            root.set("encoding", JSON.readTree(encoding.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode in = root.putObject("input");
        in.put("name", input.name());
        in.put("kind", input.kind().label());
        in.put("layout", input.layout().label());
        ObjectNode out = root.putObject("output");
        out.put("name", output.name());
        out.put("kind", output.kind().label());
        ArrayNode states = root.putArray("state");
        for (State pair : state) {
            states.addObject().put("in", pair.in()).put("out", pair.out());
        }
        root.put("stateShape", stateShape.label());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a contract.
     *
     * @throws IllegalArgumentException naming the field that is missing, unknown or wrong
     */
    public static OnnxContract parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("contract: not valid JSON: " + JsonProblems.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("contract: not a JSON object");
        }
        fields(root, "", "family", "encoding", "input", "output", "state", "stateShape");
        Family family = choice(text(root, "family"), "family", Family.values());
        JsonNode encodingNode = object(root, "encoding");
        EncodingSpec encoding;
        try {
            encoding = EncodingSpec.fromJson(encodingNode.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("contract: encoding: " + e.getMessage(), e);
        }
        JsonNode inputNode = object(root, "input");
        fields(inputNode, "input.", "name", "kind", "layout");
        Input input = new Input(text(inputNode, "input.name"),
                choice(text(inputNode, "input.kind"), "input.kind", InputKind.values()),
                choice(text(inputNode, "input.layout"), "input.layout", Layout.values()));
        JsonNode outputNode = object(root, "output");
        fields(outputNode, "output.", "name", "kind");
        Output output = new Output(text(outputNode, "output.name"),
                choice(text(outputNode, "output.kind"), "output.kind", OutputKind.values()));
        JsonNode stateNode = root.get("state");
        if (stateNode == null || !stateNode.isArray()) {
            throw new IllegalArgumentException("contract: state is missing or not a list of {\"in\": …, \"out\": …}");
        }
        List<State> states = new ArrayList<>();
        for (int i = 0; i < stateNode.size(); i++) {
            JsonNode pair = stateNode.get(i);
            if (!pair.isObject()) {
                throw new IllegalArgumentException("contract: state[" + i + "] is not an object {\"in\": …, \"out\": …}");
            }
            fields(pair, "state[" + i + "].", "in", "out");
            states.add(new State(text(pair, "state[" + i + "].in"), text(pair, "state[" + i + "].out")));
        }
        StateShape shape = choice(text(root, "stateShape"), "stateShape", StateShape.values());
        return new OnnxContract(family, encoding, input, output, states, shape);
    }

    private static void fields(JsonNode node, String prefix, String... allowed) {
        Set<String> known = Set.of(allowed);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("contract: unknown field " + prefix + name + " (expected " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("contract: " + field + " is missing or not an object");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("contract: " + field + " is missing or not a string");
        }
        return value.textValue();
    }

    private static <E extends Labelled> E choice(String value, String field, E[] options) {
        List<String> labels = new ArrayList<>();
        for (E option : options) {
            if (option.label().equals(value.toLowerCase(Locale.ROOT))) {
                return option;
            }
            labels.add(option.label());
        }
        throw new IllegalArgumentException("contract: " + field + " is '" + value + "'; it takes " + String.join(" or ", labels));
    }
}
