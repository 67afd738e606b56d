package dev.midigen.backend.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.spi.BackendBase;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The ONNX Runtime backend, {@code onnx}: a serving engine. It samples and scores every family it builds from canonical
 * weights — the LSTM families, seq2seq-gru and the drum VAE, as {@link NetworkGraphs}' graphs in ONNX Runtime sessions — and runs
 * models made elsewhere, an ONNX file and its {@link OnnxContract} ({@link #foreign}, {@link #loadForeign}); its files
 * are {@link OnnxExporter}'s. It does not train: ONNX Runtime's Java build has no training, so TRAIN is not among its
 * capabilities and {@link #newTrainer} throws {@link UnsupportedCapabilityException}. Thread-safe; its models'
 * decoders are not.
 */
public final class OnnxBackend extends BackendBase {
    public static final String NAME = "onnx";
    /** A foreign model's files in its bundle. */
    public static final String MODEL_FILE = "model.onnx";
    public static final String CONTRACT_FILE = "contract.json";
    /** The format of the foreign models it runs ({@link ForeignModel#format()}). */
    public static final String FORMAT = "onnx";

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
        super(NAME, EnumSet.of(Capability.SCORE, Capability.SAMPLE, Capability.EXPORT, Capability.LOAD_FOREIGN));
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        OnnxRuntime.environment();
        this.threads = threads;
    }

    @Override
    public String unsupported(ModelSpec spec) {
        if (spec.family() instanceof ForeignModel foreign) {
            return foreign.format().equals(FORMAT) ? null
                    : "it runs foreign models in the onnx format, not " + foreign.format();
        }
        return NetworkGraphs.find(spec) != null ? null
                : "it runs the LSTM families (next-token-lstm, drum-rnn), seq2seq-gru, drum-vae and foreign ONNX models; "
                + spec.family().typeName() + " is not built on it yet";
    }

    /**
     * Says why it does not train, and that a foreign model is opened from its files rather than from weights (what
     * {@link #fromWeights} meets before the weights are checked).
     */
    @Override
    public void require(Capability capability, ModelSpec spec) {
        if (capability == Capability.TRAIN) {
            throw new UnsupportedCapabilityException(NAME, Capability.TRAIN,
                    "ONNX Runtime's Java build has no training; train on dl4j or tf and run the model here");
        }
        if (capability == Capability.SCORE && spec.family() instanceof ForeignModel) {
            throw new UnsupportedCapabilityException(NAME, Capability.SCORE,
                    "a foreign model has no canonical weights; open its bundle (model.onnx and contract.json)");
        }
        super.require(capability, spec);
    }

    /**
     * A model from canonical weights: sessions of {@link NetworkGraphs}' decoder graph over a sequence (what
     * {@code score} runs, checked against its {@link OnnxContract}), its step graph (what decoders step) and, for a
     * model with an encoder, its encoder graph.
     */
    @Override
    protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
        NetworkGraphs graphs = NetworkGraphs.of(spec);
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : CanonicalLayout.shapes(spec).keySet()) {
            ordered.put(name, weights.get(name));
        }
        Weights canonical = Weights.of(ordered);
        boolean sparse = graphs.sparseStep() && OnnxRuntime.sparseInput(spec.inputSize());
        List<OrtSession> sessions = new ArrayList<>();
        // ONNX Runtime optimises each graph on the thread that creates its session: the sequence graph's on a thread of
        // its own while this one makes the step graph's (on 2 cores, a third off a cold generate's model loading).
        byte[] sequenceGraph = graphs.sequence(spec, canonical).toByteArray();
        CompletableFuture<OrtSession> sequenceSession = CompletableFuture.supplyAsync(
                () -> session(sequenceGraph, "the exported graph"), OnnxBackend::sessionThread);
        try {
            OrtSession step;
            OrtSession sequence;
            try {
                step = OnnxRuntime.session(graphs.step(spec, canonical, sparse).toByteArray(), threads, false);
                sessions.add(step);
            } finally {
                sequence = joined(sequenceSession); // always waited for, so that a failure closes it too
                sessions.add(sequence);
            }
            OnnxModel.Encoder encoder = null;
            var encoderGraph = graphs.encoder(spec, canonical);
            if (encoderGraph != null) {
                OrtSession session = session(encoderGraph.toByteArray(), "the encoder graph");
                sessions.add(session);
                encoder = new OnnxModel.Encoder(session, graphs.encoderOutputs(spec));
            }
            OnnxContract contract = OnnxContract.ofExported(spec, graphs.stateNames(spec));
            OnnxSignature signature = OnnxSignature.check(contract, spec.architecture().controlSize(),
                    sequence.getInputInfo(), sequence.getOutputInfo());
            return new OnnxModel(spec, sequence, signature, graphs, canonical, new OnnxModel.StepGraph(step, sparse), encoder);
        } catch (OrtException | RuntimeException e) {
            sessions.forEach(OnnxBackend::closeQuietly);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("ONNX Runtime failed to load the graphs made from the weights: " + e.getMessage(), e);
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
            contract = OnnxContract.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(contractBytes)).toString());
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
            return new OnnxModel(spec, session, OnnxSignature.check(contract, session.getInputInfo(), session.getOutputInfo()));
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
            String message = e.getMessage() == null ? "(no message)" : e.getMessage();
            int newline = message.indexOf('\n');
            throw new OnnxFormatException(what + " is not an ONNX model ONNX Runtime " + OnnxRuntime.version() + " can load: "
                    + (newline < 0 ? message : message.substring(0, newline)).trim(), e);
        }
    }

    private static void sessionThread(Runnable work) {
        Thread thread = new Thread(work, "midigen-onnx-session");
        thread.setDaemon(true);
        thread.start();
    }

    /** The session {@code future} made, or its failure as thrown. */
    private static OrtSession joined(CompletableFuture<OrtSession> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing
        }
    }

    @Override
    public String version() {
        return "onnxruntime " + OnnxRuntime.version();
    }

    @Override
    public String toString() {
        return "onnx backend (" + version() + ", " + threads + " intra-op thread" + (threads == 1 ? "" : "s") + ")";
    }
}
