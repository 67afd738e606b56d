package dev.midigen.model.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.io.JsonProblems;
import dev.midigen.dataset.StagedFolder;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.SafeTensors;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model on disk: a folder holding {@code bundle.json} and {@code weights.safetensors} (the canonical
 * weights), so that any backend that imports weights runs a model trained by any other.
 *
 * <pre>
 * {"formatVersion": 2,
 *  "spec": {…ModelSpec…},
 *  "provenance": {…Provenance…},
 *  "metrics": {"name": number, …},
 *  "weights": {"file": "weights.safetensors", "sha256": "…64 hex digits…"},
 *  "optimizer": {"file": "optimizer.safetensors", "sha256": "…"}}      (optional)
 * </pre>
 *
 * The optimizer file holds Adam's canonical state ({@link OptimizerState}) when training kept it, so that
 * {@code train --from} continues the run on any engine. Format 1 (before every family shared one contract) is read
 * too: a seq2seq model's training settings, then in a separate {@code frameTraining} field of the provenance, move into
 * its {@code training} and its loss into the spec's head.
 *
 * The folder is written whole (staged beside it, then renamed) and checked whole when read: its format
 * version, both files, the weights' checksum, and that the weights fit the spec's network. Immutable.
 *
 * <p>A model made elsewhere ({@link ForeignModel}: an ONNX file from PyTorch, …) has no canonical weights: its
 * bundle holds the files of its format instead, each with its checksum, and no weights file —
 * {@code "files": {"contract.json": "…", "model.onnx": "…"}} in place of {@code "weights"}. Only a backend that
 * runs the format opens it ({@link Backend#loadForeign}); the others refuse it.
 *
 * @param spec       the model
 * @param provenance where it came from
 * @param metrics    evaluation results by name (sorted by name; NaN allowed for a diverged loss)
 * @param weights    its weights in the canonical layout (none for a foreign model)
 * @param files      a foreign model's files by name (sorted; none for the others); the arrays are not copied
 * @param optimizer  Adam's state at the end of training, or null
 */
public record ModelBundle(ModelSpec spec, Provenance provenance, Map<String, Double> metrics, Weights weights,
                          Map<String, byte[]> files, OptimizerState optimizer) {
    /** The format this midigen writes; it reads this one and format 1. */
    public static final int FORMAT_VERSION = 2;
    public static final String BUNDLE_FILE = "bundle.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);
    private static final long MAX_JSON_BYTES = 16L << 20;
    private static final long MAX_WEIGHTS_BYTES = Integer.MAX_VALUE - 8;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @throws IllegalArgumentException when the weights do not fit the spec's network (naming the tensors), or a
     *                                  foreign model comes with weights or without files, another with files
     */
    public ModelBundle {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(weights, "weights");
        TreeMap<String, Double> sorted = new TreeMap<>();
        metrics.forEach((name, value) -> sorted.put(Objects.requireNonNull(name, "metric name"),
                Objects.requireNonNull(value, () -> "metric " + name)));
        metrics = Collections.unmodifiableMap(sorted);
        TreeMap<String, byte[]> sortedFiles = new TreeMap<>();
        files.forEach((name, bytes) -> sortedFiles.put(checkFileName(name), Objects.requireNonNull(bytes, () -> "file " + name)));
        files = Collections.unmodifiableMap(sortedFiles);
        if (spec.family() instanceof LstmFamily || spec.family() instanceof Seq2SeqGru) {
            CanonicalLayout.check(weights, spec);
        }
        if (optimizer != null) {
            if (spec.family() instanceof ForeignModel) {
                throw new IllegalArgumentException("a foreign model's bundle holds no optimizer state");
            }
            optimizer.checkFits(weights);
        }
        if (spec.family() instanceof ForeignModel foreign) {
            if (!weights.names().isEmpty()) {
                throw new IllegalArgumentException("a foreign " + foreign.format() + " model has no canonical weights, got "
                        + weights.names());
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("a foreign " + foreign.format() + " model's bundle holds its files; none given");
            }
        } else if (!files.isEmpty()) {
            throw new IllegalArgumentException("only a foreign model's bundle holds model files; a " + spec.family().typeName()
                    + " has its weights");
        }
    }

    /** A bundle of canonical weights (no foreign files). */
    public ModelBundle(ModelSpec spec, Provenance provenance, Map<String, Double> metrics, Weights weights) {
        this(spec, provenance, metrics, weights, Map.of(), null);
    }

    /** A bundle without optimizer state. */
    public ModelBundle(ModelSpec spec, Provenance provenance, Map<String, Double> metrics, Weights weights,
                       Map<String, byte[]> files) {
        this(spec, provenance, metrics, weights, files, null);
    }

    /** This bundle keeping {@code state} as its optimizer state (null: none). */
    public ModelBundle withOptimizer(OptimizerState state) {
        return new ModelBundle(spec, provenance, metrics, weights, files, state);
    }

    /** The bundle of a model made elsewhere: its files by name ({@code model.onnx}, {@code contract.json}), no weights. */
    public static ModelBundle foreign(ModelSpec spec, Provenance provenance, Map<String, Double> metrics, Map<String, byte[]> files) {
        return new ModelBundle(spec, provenance, metrics, Weights.of(Map.of()), files);
    }

    /** Whether this bundle holds a model made elsewhere ({@link ForeignModel}) rather than canonical weights. */
    public boolean isForeign() {
        return spec.family() instanceof ForeignModel;
    }

    private static String checkFileName(String name) {
        Objects.requireNonNull(name, "file name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".") || name.contains(":")
                || name.equals(BUNDLE_FILE) || name.equals(WEIGHTS_FILE)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain file name a bundle can hold beside "
                    + BUNDLE_FILE);
        }
        return name;
    }

    /** The bundle of a model as it stands (its spec and exported weights). */
    public static ModelBundle of(SequenceModel model, Provenance provenance, Map<String, Double> metrics) {
        return new ModelBundle(model.spec(), provenance, metrics, model.exportWeights());
    }

    /**
     * The model on {@code backend}: from the weights, or for a foreign model from its files.
     *
     * @throws dev.midigen.model.spi.UnsupportedCapabilityException when the backend does not run this family, or the
     *                                                              foreign model's format
     */
    public SequenceModel open(Backend backend) {
        if (isForeign()) {
            return backend.loadForeign(spec, files);
        }
        return backend.fromWeights(spec, weights);
    }

    /**
     * Writes the bundle to the folder {@code dir}, whole: nobody sees a half-written bundle, and a failed
     * write leaves an old one as it was.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code dir} exists and {@code overwrite} is false
     */
    public void write(Path dir, boolean overwrite) throws IOException {
        write(dir, overwrite, Map.of());
    }

    /**
     * Writes the bundle with extra files beside it (a training run's {@code metrics.jsonl}), all in one
     * staged folder: they appear together or not at all.
     *
     * @throws IllegalArgumentException when an extra file would replace the bundle's own
     */
    public void write(Path dir, boolean overwrite, Map<String, byte[]> extraFiles) throws IOException {
        if (extraFiles.containsKey(BUNDLE_FILE) || extraFiles.containsKey(WEIGHTS_FILE)
                || extraFiles.containsKey(OPTIMIZER_FILE)) {
            throw new IllegalArgumentException("extra files cannot be named " + BUNDLE_FILE + ", " + WEIGHTS_FILE + " or "
                    + OPTIMIZER_FILE);
        }
        for (String name : extraFiles.keySet()) {
            if (files.containsKey(name)) {
                throw new IllegalArgumentException("an extra file cannot replace the model's own " + name);
            }
        }
        byte[] weightBytes = isForeign() ? null : SafeTensors.toBytes(weights, Map.of("midigen.family", spec.family().typeName()));
        byte[] optimizerBytes = optimizer == null ? null : optimizer.toBytes();
        byte[] json = json(weightBytes == null ? null : sha256(weightBytes),
                optimizerBytes == null ? null : sha256(optimizerBytes));
        try (StagedFolder staged = StagedFolder.create(dir, overwrite)) {
            if (weightBytes != null) {
                Files.write(staged.file(WEIGHTS_FILE), weightBytes);
            }
            if (optimizerBytes != null) {
                Files.write(staged.file(OPTIMIZER_FILE), optimizerBytes);
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(staged.file(file.getKey()), file.getValue());
            }
            Files.write(staged.file(BUNDLE_FILE), json);
            for (Map.Entry<String, byte[]> extra : new java.util.TreeMap<>(extraFiles).entrySet()) {
                Files.write(staged.file(extra.getKey()), extra.getValue());
            }
            staged.commit();
        }
        LOG.debug("wrote model bundle {} ({} parameters)", dir, weights.parameterCount());
    }

    private byte[] json(String sha256, String optimizerSha256) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.set("spec", JSON.readTree(spec.toJson()));
        root.set("provenance", JSON.valueToTree(provenance));
        root.set("metrics", JSON.valueToTree(metrics));
        if (isForeign()) {
            ObjectNode filesNode = root.putObject("files");
            files.forEach((name, bytes) -> filesNode.put(name, sha256(bytes)));
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode weightsNode = root.putObject("weights");
        weightsNode.put("file", WEIGHTS_FILE);
        weightsNode.put("sha256", sha256);
        if (optimizerSha256 != null) {
            ObjectNode optimizerNode = root.putObject("optimizer");
            optimizerNode.put("file", OPTIMIZER_FILE);
            optimizerNode.put("sha256", optimizerSha256);
        }
        return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the bundle in the folder {@code dir}.
     *
     * @throws NoSuchFileException    when there is no such folder
     * @throws BundleFormatException  naming the folder and the problem: not a bundle, an unknown format
     *                                version, a missing or damaged weights file, weights that do not fit
     * @throws dev.midigen.model.weights.SafeTensorsFormatException when the weights file is not safetensors
     */
    public static ModelBundle read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new BundleFormatException(dir, "not a folder (a model bundle is a folder holding " + BUNDLE_FILE
                        + " and " + WEIGHTS_FILE + ")");
            }
            throw new NoSuchFileException(dir.toString(), null, "no such model bundle folder");
        }
        Path jsonFile = dir.resolve(BUNDLE_FILE);
        if (!Files.isRegularFile(jsonFile)) {
            throw new BundleFormatException(dir, "not a model bundle: no " + BUNDLE_FILE);
        }
        if (Files.size(jsonFile) > MAX_JSON_BYTES) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " is " + Files.size(jsonFile) + " bytes, too large for a bundle description");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(jsonFile));
        } catch (JsonProcessingException e) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " is not valid JSON: " + JsonProblems.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " is not a JSON object");
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isIntegralNumber()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " has no formatVersion");
        }
        if (version.asLong() != FORMAT_VERSION && version.asLong() != 1) {
            throw new BundleFormatException(dir, "bundle format " + version.asText() + ", this midigen reads 1 and "
                    + FORMAT_VERSION);
        }
        ModelSpec spec = spec(dir, root.get("spec"));
        BundleMigration.Migrated migrated = BundleMigration.fromVersion1(spec, root.get("provenance"));
        spec = migrated.spec();
        Provenance provenance = provenance(dir, migrated.provenance());
        Map<String, Double> metrics = metrics(dir, root.get("metrics"));
        if (spec.family() instanceof ForeignModel) {
            try {
                return foreign(spec, provenance, metrics, foreignFiles(dir, root.get("files")));
            } catch (IllegalArgumentException e) {
                throw new BundleFormatException(dir, e.getMessage(), e);
            }
        }
        String file = weightsFile(dir, root.get("weights"), "file");
        String expected = weightsFile(dir, root.get("weights"), "sha256");
        Path weightsPath = dir.resolve(file);
        if (!Files.isRegularFile(weightsPath)) {
            throw new BundleFormatException(dir, "no " + file);
        }
        if (Files.size(weightsPath) > MAX_WEIGHTS_BYTES) {
            throw new BundleFormatException(dir, file + " is " + Files.size(weightsPath) + " bytes; midigen reads weights up to 2 GB");
        }
        byte[] bytes = Files.readAllBytes(weightsPath);
        if (!sha256(bytes).equalsIgnoreCase(expected)) {
            throw new BundleFormatException(dir, file + " does not match its checksum in " + BUNDLE_FILE + " (changed or damaged)");
        }
        Weights weights = SafeTensors.fromBytes(bytes, weightsPath.toString()).weights();
        Optional<String> nonFinite = weights.nonFinite();
        if (nonFinite.isPresent()) {
            throw new BundleFormatException(dir, file + " holds weights that are not finite numbers: "
                    + nonFinite.get() + " (a diverged training run?); the model cannot make music from them");
        }
        OptimizerState optimizer = root.has("optimizer") ? optimizer(dir, root.get("optimizer")) : null;
        try {
            return new ModelBundle(spec, provenance, metrics, weights, Map.of(), optimizer);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(dir, file + " does not fit the spec's network: " + e.getMessage(), e);
        }
    }

    private static OptimizerState optimizer(Path dir, JsonNode node) throws IOException {
        String file = weightsFile(dir, node, "file");
        String expected = weightsFile(dir, node, "sha256");
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new BundleFormatException(dir, "no " + file);
        }
        if (Files.size(path) > MAX_WEIGHTS_BYTES) {
            throw new BundleFormatException(dir, file + " is " + Files.size(path) + " bytes; midigen reads files up to 2 GB");
        }
        byte[] bytes = Files.readAllBytes(path);
        if (!sha256(bytes).equalsIgnoreCase(expected)) {
            throw new BundleFormatException(dir, file + " does not match its checksum in " + BUNDLE_FILE + " (changed or damaged)");
        }
        try {
            return OptimizerState.fromBytes(bytes, path.toString());
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(dir, e.getMessage(), e);
        }
    }

    private static ModelSpec spec(Path dir, JsonNode node) throws BundleFormatException {
        if (node == null || !node.isObject()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " has no spec");
        }
        try {
            return ModelSpec.fromJson(node.toString());
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(dir, BUNDLE_FILE + "'s spec: " + e.getMessage(), e);
        }
    }

    private static Provenance provenance(Path dir, JsonNode node) throws BundleFormatException {
        if (node == null || !node.isObject()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " has no provenance");
        }
        try {
            return JSON.treeToValue(node, Provenance.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException json ? JsonProblems.describe(json) : e.getMessage();
            throw new BundleFormatException(dir, BUNDLE_FILE + "'s provenance: " + message, e);
        }
    }

    private static Map<String, Double> metrics(Path dir, JsonNode node) throws BundleFormatException {
        Map<String, Double> metrics = new TreeMap<>();
        if (node == null || node.isNull()) {
            return metrics;
        }
        if (!node.isObject()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + "'s metrics are not an object of numbers");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isNumber()) {
                metrics.put(field.getKey(), value.doubleValue());
            } else if (value.isTextual() && isNonFinite(value.textValue())) {
                metrics.put(field.getKey(), Double.valueOf(value.textValue()));
            } else {
                throw new BundleFormatException(dir, BUNDLE_FILE + "'s metric " + field.getKey() + " is not a number: " + value);
            }
        }
        return metrics;
    }

    /** A foreign model's files: each a plain name in the folder, present, and matching its checksum. */
    private static Map<String, byte[]> foreignFiles(Path dir, JsonNode node) throws IOException {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " holds a foreign model but no files (\"files\": {name: sha256})");
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            try {
                checkFileName(name);
            } catch (IllegalArgumentException e) {
                throw new BundleFormatException(dir, BUNDLE_FILE + " names the file '" + name
                        + "', which is not a plain file name in the bundle", e);
            }
            if (!entry.getValue().isTextual() || !entry.getValue().textValue().matches("[0-9a-fA-F]{64}")) {
                throw new BundleFormatException(dir, BUNDLE_FILE + "'s checksum of " + name + " is not 64 hex digits");
            }
            Path path = dir.resolve(name);
            if (!Files.isRegularFile(path)) {
                throw new BundleFormatException(dir, "no " + name);
            }
            if (Files.size(path) > MAX_WEIGHTS_BYTES) {
                throw new BundleFormatException(dir, name + " is " + Files.size(path) + " bytes; midigen reads model files up to 2 GB");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (!sha256(bytes).equalsIgnoreCase(entry.getValue().textValue())) {
                throw new BundleFormatException(dir, name + " does not match its checksum in " + BUNDLE_FILE + " (changed or damaged)");
            }
            files.put(name, bytes);
        }
        return files;
    }

    private static boolean isNonFinite(String text) {
        return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
    }

    private static String weightsFile(Path dir, JsonNode node, String field) throws BundleFormatException {
        if (node == null || !node.isObject() || node.get(field) == null || !node.get(field).isTextual()) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " has no weights." + field);
        }
        String value = node.get(field).textValue();
        if (field.equals("file") && (value.isEmpty() || value.contains("/") || value.contains("\\") || value.startsWith(".")
                || value.contains(":"))) {
            throw new BundleFormatException(dir, BUNDLE_FILE + " names the weights file '" + value
                    + "', which is not a plain file name in the bundle");
        }
        if (field.equals("sha256") && !value.matches("[0-9a-fA-F]{64}")) {
            throw new BundleFormatException(dir, BUNDLE_FILE + "'s weights.sha256 is not 64 hex digits: '" + value + "'");
        }
        return value;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
