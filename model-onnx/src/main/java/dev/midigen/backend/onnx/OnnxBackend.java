package dev.midigen.backend.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.FrameModel;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ONNX Runtime backend, {@code onnx}: a serving engine. It samples and scores the LSTM families from canonical
 * weights (exported to an ONNX graph by {@link OnnxExporter} and run in an ONNX Runtime session), and runs models
 * made elsewhere — an ONNX file and its {@link OnnxContract} ({@link #foreign}, {@link #loadForeign}); the seq2seq GRU
 * family runs as a {@link FrameModel} ({@link #frameModel}: {@link Seq2SeqExporter}'s graphs with ONNX GRU nodes). It does not
 * train: ONNX Runtime's Java build has no training, so TRAIN is not among its capabilities and
 * {@link #newTrainer} throws {@link UnsupportedCapabilityException}. Thread-safe; its models' decoders are not.
 */
public final class OnnxBackend implements Backend {
    public static final String NAME = "onnx";
    /** A foreign model's files in its bundle. */
    public static final String MODEL_FILE = "model.onnx";
    public static final String CONTRACT_FILE = "contract.json";
    /** The format of the foreign models it runs ({@link ForeignModel#format()}). */
    public static final String FORMAT = "onnx";

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SAMPLE, Capability.SCORE,
            Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS, Capability.LOAD_FOREIGN, Capability.FRAME_MODEL));

    private final int threads;

    /**
     * @throws IllegalStateException when ONNX Runtime cannot run here
     */
    public OnnxBackend() {
        this(OnnxRuntime.threads());
    }

    /**
     * @param threads intra-op threads of each session (0 = every core)
     * @throws IllegalStateException when ONNX Runtime cannot run here
     */
    public OnnxBackend(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        OnnxRuntime.environment();
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "onnxruntime " + OnnxRuntime.version();
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String unsupported(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.family() instanceof LstmFamily || spec.family() instanceof Seq2SeqGru) {
            return null;
        }
        if (spec.family() instanceof ForeignModel foreign) {
            return foreign.format().equals(FORMAT) ? null
                    : "it runs foreign models in the onnx format, not " + foreign.format();
        }
        return "it runs the LSTM families (next-token-lstm, drum-rnn), seq2seq-gru and foreign ONNX models; "
                + spec.family().typeName() + " is not built on it yet";
    }

    /**
     * @throws UnsupportedCapabilityException always: ONNX Runtime's Java build does not train (train on dl4j or tf,
     *                                        then run the model here)
     */
    @Override
    public Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        throw new UnsupportedCapabilityException(NAME, Capability.TRAIN,
                "ONNX Runtime's Java build has no training; train on dl4j or tf and run the model here");
    }

    @Override
    public SequenceModel fromWeights(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        if (spec.family() instanceof ForeignModel) {
            throw new UnsupportedCapabilityException(NAME, Capability.IMPORT_WEIGHTS,
                    "a foreign model has no canonical weights; open its bundle (model.onnx and contract.json)");
        }
        if (spec.family() instanceof Seq2SeqGru) {
            throw new UnsupportedCapabilityException(NAME, Capability.IMPORT_WEIGHTS,
                    "a seq2seq-gru is a frame model: build it with frameModel");
        }
        require(Capability.IMPORT_WEIGHTS, spec);
        Weights ordered = canonicalOrder(weights, spec);
        byte[] bytes = OnnxExporter.toBytes(spec, ordered, null);
        OrtSession session = session(bytes, "the exported graph");
        OrtSession step = null;
        try {
            boolean sparse = OnnxRuntime.sparseInput(spec.lstmNetwork().inputSize());
            step = OnnxRuntime.session(OnnxExporter.stepGraph(spec, ordered, sparse).toByteArray(), threads, false);
            OnnxContract contract = OnnxContract.ofExported(spec, stateNames(spec));
            OnnxSignature signature = OnnxSignature.check(contract, session.getInputInfo(), session.getOutputInfo());
            return new OnnxModel(spec, session, signature, ordered, new OnnxModel.StepGraph(step, sparse));
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (step != null) {
                closeQuietly(step);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("ONNX Runtime failed to describe the exported graph: " + e.getMessage(), e);
        }
    }

    /**
     * A seq2seq GRU from canonical weights: sessions of {@link Seq2SeqExporter}'s encoder and decoder graphs (ONNX GRU
     * nodes) for {@code encode} and {@code score}, and of its step graph for decoders.
     *
     * @throws IllegalArgumentException when the weights do not fit the spec, naming the tensors
     */
    @Override
    public FrameModel frameModel(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        if (!(spec.family() instanceof Seq2SeqGru)) {
            throw new UnsupportedCapabilityException(NAME, Capability.FRAME_MODEL, spec.family().typeName()
                    + " is not a frame model (seq2seq-gru)");
        }
        Seq2SeqLayout.check(weights, spec);
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : Seq2SeqLayout.shapes(spec).keySet()) {
            ordered.put(name, weights.get(name));
        }
        Weights canonical = Weights.of(ordered);
        java.util.List<OrtSession> sessions = new java.util.ArrayList<>();
        try {
            sessions.add(session(Seq2SeqExporter.encoderGraph(spec, canonical).toByteArray(), "the seq2seq encoder graph"));
            sessions.add(session(Seq2SeqExporter.decoderGraph(spec, canonical).toByteArray(), "the seq2seq decoder graph"));
            sessions.add(OnnxRuntime.session(Seq2SeqExporter.stepGraph(spec, canonical).toByteArray(), threads, false));
            return new OnnxFrameModel(spec, canonical, sessions.get(0), sessions.get(1), sessions.get(2));
        } catch (OrtException | RuntimeException e) {
            sessions.forEach(OnnxBackend::closeQuietly);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new OnnxFormatException("ONNX Runtime cannot load the seq2seq step graph: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * A model made elsewhere: the ONNX file's bytes and the contract that says how to drive it. Its spec is a
     * {@link ForeignModel} of the contract's family over the contract's encoding.
     *
     * @throws IllegalArgumentException      when ONNX Runtime cannot load the bytes ({@link OnnxFormatException})
     * @throws OnnxContractException         when the contract does not fit the model, naming the tensor
     */
    public SequenceModel foreign(byte[] onnx, OnnxContract contract) {
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(contract, "contract");
        return foreign(specOf(contract), onnx, contract);
    }

    /** The spec of a foreign model driven through {@code contract}. */
    public static ModelSpec specOf(OnnxContract contract) {
        return new ModelSpec(new ForeignModel(contract.family().label(), FORMAT), contract.encoding(), 0);
    }

    /**
     * A foreign model from its bundle's files, {@value #MODEL_FILE} and {@value #CONTRACT_FILE}.
     *
     * @throws IllegalArgumentException naming what is wrong: a missing file, a contract that does not parse or does
     *                                  not fit the model or the spec, a file ONNX Runtime cannot load
     */
    @Override
    public SequenceModel loadForeign(ModelSpec spec, Map<String, byte[]> files) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(files, "files");
        require(Capability.LOAD_FOREIGN, spec);
        if (!(spec.family() instanceof ForeignModel)) {
            throw new IllegalArgumentException(spec.family().typeName() + " is not a foreign model; use fromWeights");
        }
        byte[] onnx = files.get(MODEL_FILE);
        byte[] contractBytes = files.get(CONTRACT_FILE);
        if (onnx == null || contractBytes == null) {
            throw new IllegalArgumentException("a foreign ONNX model's bundle holds " + MODEL_FILE + " and " + CONTRACT_FILE
                    + "; it has " + files.keySet());
        }
        OnnxContract contract;
        try {
            contract = OnnxContract.parse(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(contractBytes)).toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(CONTRACT_FILE + " is not UTF-8 text", e);
        }
        ModelSpec expected = specOf(contract);
        if (!expected.family().equals(spec.family()) || !expected.encoding().equals(spec.encoding())) {
            throw new IllegalArgumentException(CONTRACT_FILE + " describes a " + contract.family().label() + " model over "
                    + contract.encoding().toJson() + ", but the bundle's spec is " + spec.toJson());
        }
        return foreign(spec, onnx, contract);
    }

    private SequenceModel foreign(ModelSpec spec, byte[] onnx, OnnxContract contract) {
        OrtSession session = session(onnx, "the ONNX file");
        try {
            OnnxSignature signature = OnnxSignature.check(contract, session.getInputInfo(), session.getOutputInfo());
            return new OnnxModel(spec, session, signature, null, null);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new OnnxFormatException("ONNX Runtime cannot describe the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private OrtSession session(byte[] bytes, String what) {
        try {
            return OnnxRuntime.session(bytes, threads);
        } catch (OrtException e) {
            throw new OnnxFormatException(what + " is not an ONNX model ONNX Runtime " + OnnxRuntime.version() + " can load: "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing
        }
    }

    /** The weights checked against the spec's network, in the canonical order. */
    private static Weights canonicalOrder(Weights weights, ModelSpec spec) {
        LstmLayout.check(weights, spec.lstmNetwork());
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : LstmLayout.shapes(spec.lstmNetwork()).keySet()) {
            ordered.put(name, weights.get(name));
        }
        return Weights.of(ordered);
    }

    private static java.util.List<String> stateNames(ModelSpec spec) {
        return dev.midigen.model.reference.LstmStateNames.all(spec.lstmNetwork().layerSizes().size(),
                spec.lstmNetwork().attentionLength() > 0);
    }

    @Override
    public String toString() {
        return "onnx backend (" + version() + ", " + threads + " intra-op thread" + (threads == 1 ? "" : "s") + ")";
    }
}
