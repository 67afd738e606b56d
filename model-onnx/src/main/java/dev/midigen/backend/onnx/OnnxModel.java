package dev.midigen.backend.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.backend.onnx.OnnxContract.InputKind;
import dev.midigen.backend.onnx.OnnxContract.Layout;
import dev.midigen.backend.onnx.OnnxContract.OutputKind;
import dev.midigen.backend.onnx.OnnxSignature.StateTensor;
import dev.midigen.codec.encoding.Codecs;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model on ONNX Runtime, of any family: a session of a decoder graph over sequences and the {@link OnnxSignature}
 * that says how to feed it — {@link NetworkGraphs}' graph made from canonical weights (kept for
 * {@link #exportWeights}), or a foreign one driven through its {@link OnnxContract}. A model with an encoder has a
 * session of its encoder too ({@link #encode}). {@link #score} runs whole sequences in one call, from the zero state
 * or the encoding of the batch's source (or step by step for a model whose time axis is fixed at 1); decoders run one
 * step per call, on the step graph made from the weights or on the foreign graph itself. Sessions are shared by the
 * model's decoders and safe to use from several threads; decoders are not.
 */
final class OnnxModel extends ModelBase {
    private final OrtSession session;
    private final OnnxSignature signature;
    private final NetworkGraphs graphs;
    private final Weights weights;
    private final StepGraph stepGraph;
    private final Encoder encoder;
    private final TokenCodec<?> tokens;

    /** A session of {@link NetworkGraphs#step} (sparse or dense input) that decoders step with. */
    record StepGraph(OrtSession session, boolean sparse) {
    }

    /** A session of {@link NetworkGraphs#encoder} and its outputs, one per state tensor in the signature's order. */
    record Encoder(OrtSession session, List<String> outputs) {
    }

    /** A model made elsewhere: decoders step its graph (a time axis of 1). */
    OnnxModel(ModelSpec spec, OrtSession session, OnnxSignature signature) {
        this(spec, session, signature, null, null, null, null);
    }

    /**
     * @param graphs    the graphs the sessions run, or null for a foreign model
     * @param weights   the canonical weights they were made from, or null for a foreign model
     * @param stepGraph the step graph decoders use, or null to step the graph itself (a time axis of 1)
     * @param encoder   the encoder, or null for a model without one
     */
    OnnxModel(ModelSpec spec, OrtSession session, OnnxSignature signature, NetworkGraphs graphs, Weights weights,
              StepGraph stepGraph, Encoder encoder) {
        super(spec, OnnxBackend.NAME);
        this.session = session;
        this.signature = signature;
        this.graphs = graphs;
        this.weights = weights;
        this.stepGraph = stepGraph;
        this.encoder = encoder;
        this.tokens = Codecs.of(signature.contract.encoding()) instanceof TokenCodec<?> token ? token : null;
    }

    OnnxSignature signature() {
        return signature;
    }

    OrtSession session() {
        return session;
    }

    StepGraph stepGraph() {
        return stepGraph;
    }

    /** The graphs made from canonical weights here, or null for a foreign model. */
    NetworkGraphs graphs() {
        return graphs;
    }

    @Override
    protected Decoder decoderChecked(int batchSize) {
        return new OnnxDecoder(this, batchSize);
    }

    @Override
    protected DecoderState encodeChecked(SequenceBatch source) {
        int batch = source.batch();
        List<String> names = new ArrayList<>();
        List<float[]> states = new ArrayList<>();
        try (OnnxTensor input = OnnxTensor.createTensor(OnnxRuntime.environment(), FloatBuffer.wrap(source.toArray()),
                new long[] {batch, source.time(), source.width()});
             OrtSession.Result result = encoder.session().run(Map.of(OnnxExporter.SOURCE, input), Set.copyOf(encoder.outputs()))) {
            for (int i = 0; i < encoder.outputs().size(); i++) {
                StateTensor state = signature.states.get(i);
                names.add(state.in());
                states.add(read(result, encoder.outputs().get(i), batch * state.width()));
            }
            return DecoderState.of(batch, names, states);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the encoder: " + e.getMessage(), e);
        }
    }

    @Override
    protected SequenceBatch scoreChecked(ModelBatch batch) {
        if (!signature.dynamicTime) {
            return scoreByStepping(batch); // a step model: its decoder over the sequence
        }
        DecoderState start = batch.hasSource() ? encodeChecked(batch.source()) : null;
        SequenceBatch inputs = batch.inputs();
        int rows = inputs.batch();
        int time = inputs.time();
        OrtEnvironment env = OnnxRuntime.environment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            boolean timeMajor = signature.contract.input().layout() == Layout.TIME_MAJOR;
            feed.put(signature.contract.input().name(), inputTensor(env, inputs.toArray(), rows, time, timeMajor));
            for (StateTensor state : signature.states) {
                long[] shape = state.shape(signature.contract.stateShape(), rows);
                FloatBuffer values = start == null ? FloatBuffer.allocate(rows * state.width())
                        : FloatBuffer.wrap(start.tensor(state.in()));
                feed.put(state.in(), OnnxTensor.createTensor(env, values, shape));
            }
            try (OrtSession.Result result = session.run(feed, Set.of(signature.contract.output().name()))) {
                OnnxTensor logits = tensor(result, signature.contract.output().name());
                int labels = signature.contract.outputWidth();
                long[] shape = logits.getInfo().getShape();
                long[] expected = timeMajor ? new long[] {time, rows, labels} : new long[] {rows, time, labels};
                if (!Arrays.equals(shape, expected)) {
                    throw new IllegalStateException("output '" + signature.contract.output().name() + "' came out "
                            + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
                }
                float[] values = new float[rows * time * labels];
                FloatBuffer buffer = logits.getFloatBuffer();
                if (timeMajor) {
                    for (int t = 0; t < time; t++) {
                        for (int b = 0; b < rows; b++) {
                            buffer.get(values, (b * time + t) * labels, labels);
                        }
                    }
                } else {
                    buffer.get(values);
                }
                toLogits(values, values.length);
                return SequenceBatch.wrap(rows, time, labels, values);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** The input tensor of {@code batch × time} steps of codec features (batch-major in {@code features}). */
    private OnnxTensor inputTensor(OrtEnvironment env, float[] features, int batch, int time, boolean timeMajor) throws OrtException {
        int width = signature.featureWidth();
        long[] shape;
        if (signature.contract.input().kind() == InputKind.TOKEN_IDS) {
            shape = timeMajor ? new long[] {time, batch} : new long[] {batch, time};
            long[] ids = new long[batch * time];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < time; t++) {
                    ids[timeMajor ? t * batch + b : b * time + t] = tokenOf(features, (b * time + t) * width, b, t);
                }
            }
            if (signature.inputType == OnnxJavaType.INT32) {
                int[] narrow = new int[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    narrow[i] = (int) ids[i];
                }
                return OnnxTensor.createTensor(env, IntBuffer.wrap(narrow), shape);
            }
            return OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        }
        shape = timeMajor ? new long[] {time, batch, width} : new long[] {batch, time, width};
        if (!timeMajor) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(features), shape);
        }
        float[] transposed = new float[features.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                System.arraycopy(features, (b * time + t) * width, transposed, (t * batch + b) * width, width);
            }
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(transposed), shape);
    }

    /**
     * The token whose features start at {@code offset}: every token codec's features begin with the token's one-hot
     * over its vocabulary. All zeros — the padding after a sequence's end in a batch of windows, whose outputs are
     * masked — reads as token 0. Refuses anything else.
     */
    int tokenOf(float[] features, int offset, int row, int step) {
        int vocabulary = tokens.vocabularySize();
        int token = -1;
        boolean zeros = true;
        for (int i = 0; i < vocabulary; i++) {
            float value = features[offset + i];
            if (value == 1f && token == -1) {
                token = i;
                zeros = false;
            } else if (value != 0f) {
                token = -2;
                zeros = false;
                break;
            }
        }
        if (zeros) {
            return 0;
        }
        if (token < 0) {
            throw new IllegalArgumentException("sequence " + row + " step " + step + ": this model reads token ids, and the features"
                    + " do not start with a one-hot token of " + vocabulary + " (as the " + signature.contract.encoding().typeName()
                    + " codec writes them)");
        }
        return token;
    }

    /** Probabilities to logits, in place (nothing to do for logits). */
    void toLogits(float[] values, int length) {
        if (signature.contract.output().kind() != OutputKind.PROBABILITIES) {
            return;
        }
        boolean frames = signature.contract.family() == OnnxContract.Family.FRAME_DECODER;
        for (int i = 0; i < length; i++) {
            double p = values[i];
            values[i] = (float) (frames ? Math.log(p) - Math.log1p(-p) : Math.log(p));
        }
    }

    static OnnxTensor tensor(OrtSession.Result result, String name) {
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("the model gave no tensor '" + name + "'");
        }
        return tensor;
    }

    /** The {@code length} values of output {@code name}. */
    static float[] read(OrtSession.Result result, String name, int length) {
        FloatBuffer buffer = tensor(result, name).getFloatBuffer();
        if (buffer.remaining() != length) {
            throw new IllegalStateException("output '" + name + "' has " + buffer.remaining() + " values, expected " + length);
        }
        float[] values = new float[length];
        buffer.get(values);
        return values;
    }

    /** A direct, native-order float buffer (ONNX Runtime reads and writes it in place). */
    static FloatBuffer directFloats(int length) {
        return ByteBuffer.allocateDirect(Math.max(4, length * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static LongBuffer directLongs(int length) {
        return ByteBuffer.allocateDirect(Math.max(8, length * 8)).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    static IntBuffer directInts(int length) {
        return ByteBuffer.allocateDirect(Math.max(4, length * 4)).order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    @Override
    protected Weights weightsChecked() {
        if (weights == null) {
            throw new UnsupportedCapabilityException(OnnxBackend.NAME, Capability.EXPORT,
                    "this model was made elsewhere and runs from its ONNX file; it has no canonical weights");
        }
        return weights;
    }

    @Override
    protected void release() {
        OrtException failure = null;
        for (OrtSession open : new OrtSession[] {session, stepGraph == null ? null : stepGraph.session(),
            encoder == null ? null : encoder.session()}) {
            try {
                if (open != null) {
                    open.close();
                }
            } catch (OrtException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("ONNX Runtime failed to close a session: " + failure.getMessage(), failure);
        }
    }
}
