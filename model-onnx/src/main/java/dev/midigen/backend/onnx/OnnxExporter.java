package dev.midigen.backend.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.midigen.codec.io.AtomicFile;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.bundle.LibraryVersion;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.spi.BatchChecks;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Canonical weights and a spec → an ONNX file that ONNX Runtime (or any ONNX runtime) runs, for every family the onnx
 * backend builds — one entry point ({@link #export}, {@link #toBytes}, {@link #write}), the graphs per family behind it:
 *
 * <ul>
 *   <li>the LSTM families (next-token-lstm, drum-rnn): input {@value #INPUT} {@code [batch, time, inputSize]} and the
 *       decoder state ({@code lstm.l.h}, {@code lstm.l.c}, with attention {@code attention.memory},
 *       {@code attention.count}, {@code [batch, width]}); outputs {@value #OUTPUT} {@code [batch, time, outputSize]} and
 *       the state after the last step (each name plus {@value #NEXT}); ONNX {@code LSTM} nodes over the canonical
 *       tensors; the file carries its {@link OnnxContract} ({@value #CONTRACT_KEY}), so it runs as a foreign model —
 *       unless the model reads controls (a style and tempo after the codec's features), which a contract cannot say;</li>
 *   <li>seq2seq-gru: the encoder ({@value #SOURCE} {@code [batch, source_time, K]} → {@code encoder.gru.l.h}) and the
 *       decoder ({@value #INPUT} and {@code decoder.gru.l.h} → {@value #OUTPUT} and {@code decoder.gru.l.h.next}) side
 *       by side in one graph, ONNX {@code GRU} nodes with {@code linear_before_reset = 1} over the canonical tensors;</li>
 *   <li>drum-vae: the encoder ({@value #SOURCE} {@code [batch, source_time, F]} → {@code latent.mu}, {@code latent.sigma}
 *       and the decoder's initial state {@code encoded.decoder.lstm.l.h}, {@code .c}) and the decoder ({@value #INPUT}
 *       {@code [batch, time, F + C]}, {@code decoder.lstm.l.h}, {@code .c} and {@code latent.z} → {@value #OUTPUT} and
 *       the state after the last step) side by side in one graph, bidirectional and forward ONNX {@code LSTM} nodes
 *       over the canonical tensors ({@link VaeGraphs}).</li>
 * </ul>
 *
 * Every file's {@code metadata_props} hold {@value #SPEC_KEY} (the spec's JSON) and, when given,
 * {@value #PROVENANCE_KEY}. Initializers keep the canonical names and shapes. The time axes are dynamic. Opset
 * {@value #OPSET}. The same spec and weights give the same bytes. {@link #scoreExported} runs a file as its users would.
 */
public final class OnnxExporter {
    /** The ONNX operator set the exported graphs use. */
    public static final int OPSET = 17;
    /** IR version 8 (ONNX 1.10+), what opset 17 needs at least. */
    public static final int IR_VERSION = 8;
    public static final String INPUT = "x";
    public static final String OUTPUT = "logits";
    /** A seq2seq file's encoder input. */
    public static final String SOURCE = "source";
    /** Suffix of a state output's name: {@code lstm.0.h} → {@code lstm.0.h.next}. */
    public static final String NEXT = ".next";
    public static final String SPEC_KEY = "midigen.spec";
    public static final String PROVENANCE_KEY = "midigen.provenance";
    public static final String CONTRACT_KEY = "midigen.contract";

    static final String BATCH = "batch";
    static final String TIME = "time";
    /** The time axis of a source ({@value #SOURCE}), which need not be as long as the decoder's. */
    static final String SOURCE_TIME = "source_time";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExporter() {
    }

    /**
     * The ONNX model of {@code spec} with canonical {@code weights}.
     *
     * @param provenance where the weights came from, written to the metadata (null: none)
     * @throws IllegalArgumentException when the family is not one the onnx backend builds (a foreign model), or the
     *                                  weights do not fit it (naming the tensors)
     */
    public static ModelProto export(ModelSpec spec, Weights weights, Provenance provenance) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        NetworkGraphs graphs = NetworkGraphs.of(spec);
        CanonicalLayout.check(weights, spec);
        return graphs.file(spec, weights, provenance);
    }

    /** {@link #export} as the bytes of a {@code .onnx} file. */
    public static byte[] toBytes(ModelSpec spec, Weights weights, Provenance provenance) {
        return export(spec, weights, provenance).toByteArray();
    }

    /** Writes {@link #export} to {@code file}, whole ({@link AtomicFile}); refuses an existing file unless {@code overwrite}. */
    public static void write(ModelSpec spec, Weights weights, Provenance provenance, Path file, boolean overwrite)
            throws IOException {
        AtomicFile.write(file, toBytes(spec, weights, provenance), overwrite);
    }

    /**
     * The logits of an exported file ({@link #export}'s bytes) on ONNX Runtime under teacher forcing, run as any user of
     * the file would: from the zero state; for a file with an encoder (seq2seq-gru, drum-vae), first its encoder over
     * the batch's source (the decoder half reading a frame of zeros), then its decoder from the state the encoder gives
     * (the encoder half reading a frame of zeros). For checks of exported files ({@code midigen export-onnx}, tests).
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load the bytes ({@link OnnxFormatException}), or the
     *                                  batch does not fit the file's spec (a source exactly for a file with an encoder)
     */
    public static SequenceBatch scoreExported(byte[] file, ModelBatch batch) {
        ModelSpec spec;
        OrtSession session;
        try {
            ModelProto model = ModelProto.parseFrom(file);
            String json = model.getMetadataPropsList().stream().filter(entry -> entry.getKey().equals(SPEC_KEY))
                    .map(StringStringEntryProto::getValue).findFirst()
                    .orElseThrow(() -> new OnnxFormatException("the file has no " + SPEC_KEY, null));
            spec = ModelSpec.fromJson(json);
            BatchChecks.check(spec, batch);
            session = OnnxRuntime.session(file, 1);
        } catch (InvalidProtocolBufferException | OrtException e) {
            throw new OnnxFormatException("not an ONNX model ONNX Runtime can load: " + e.getMessage(), e);
        }
        NetworkGraphs graphs = NetworkGraphs.of(spec);
        int rows = batch.batch();
        int width = batch.inputs().width();
        OrtEnvironment env = OnnxRuntime.environment();
        List<OnnxTensor> owned = new ArrayList<>();
        try (session) {
            List<String> states = graphs.stateNames(spec);
            float[][] start = new float[states.size()][];
            Map<String, NodeInfo> inputs = session.getInputInfo();
            for (int i = 0; i < start.length; i++) {
                start[i] = new float[rows * (int) ((TensorInfo) inputs.get(states.get(i)).getInfo()).getShape()[1]];
            }
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            if (batch.hasSource()) {
                SequenceBatch source = batch.source();
                feed.put(SOURCE, own(owned, floats(env, source.toArray(), rows, source.time(), source.width())));
                feed.put(INPUT, own(owned, floats(env, new float[rows * width], rows, 1, width)));
                feed(env, owned, feed, states, start, rows);
                List<String> encoded = graphs.encoderOutputs(spec);
                try (OrtSession.Result result = session.run(feed, new java.util.LinkedHashSet<>(encoded))) {
                    for (int l = 0; l < encoded.size(); l++) {
                        start[l] = OnnxModel.read(result, encoded.get(l), start[l].length);
                    }
                }
                feed.put(SOURCE, own(owned, floats(env, new float[rows * source.width()], rows, 1, source.width())));
            }
            feed.put(INPUT, own(owned, floats(env, batch.inputs().toArray(), rows, batch.time(), width)));
            feed(env, owned, feed, states, start, rows);
            try (OrtSession.Result result = session.run(feed, java.util.Set.of(OUTPUT))) {
                int labels = spec.head().outputSize();
                return SequenceBatch.wrap(rows, batch.time(), labels,
                        OnnxModel.read(result, OUTPUT, rows * batch.time() * labels));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the exported file: " + e.getMessage(), e);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    private static void feed(OrtEnvironment env, List<OnnxTensor> owned, Map<String, OnnxTensor> feed, List<String> names,
                             float[][] values, int rows) throws OrtException {
        for (int i = 0; i < names.size(); i++) {
            feed.put(names.get(i), own(owned, OnnxTensor.createTensor(env, FloatBuffer.wrap(values[i]),
                    new long[] {rows, values[i].length / rows})));
        }
    }

    private static OnnxTensor floats(OrtEnvironment env, float[] values, int rows, int time, int width) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {rows, time, width});
    }

    private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
        owned.add(tensor);
        return tensor;
    }

    /** {@value #SPEC_KEY} and, when given, {@value #PROVENANCE_KEY}: every file's metadata (a map to add to). */
    static Map<String, String> metadata(ModelSpec spec, Provenance provenance) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SPEC_KEY, spec.toJson());
        if (provenance != null) {
            try {
                metadata.put(PROVENANCE_KEY, JSON.writeValueAsString(provenance));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return metadata;
    }

    static ModelProto model(OnnxGraph graph, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("midigen")
                .setProducerVersion(LibraryVersion.current())
                .setDomain("dev.midigen")
                .setModelVersion(1)
                .setDocString("A midigen model exported by OnnxExporter: see docs/models.md, 'The ONNX Runtime backend'.")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph.build());
        metadata.forEach((key, value) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }
}
