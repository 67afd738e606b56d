package dev.midigen.backend.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.backend.onnx.OnnxContract.InputKind;
import dev.midigen.backend.onnx.OnnxContract.Layout;
import dev.midigen.backend.onnx.OnnxContract.StateShape;
import dev.midigen.backend.onnx.OnnxSignature.StateTensor;
import dev.midigen.model.DecoderState;
import dev.midigen.model.spi.DecoderBase;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One step per call on ONNX Runtime, for every model the backend runs: on the model's step graph (made from canonical
 * weights: dense or sparse input) or, for a foreign model, on its own graph with a time axis of 1 (features or token
 * ids, batch- or time-major, states {@code [batch, width]} or {@code [layers, batch, hidden]}). The input, the state
 * going in and the outputs (logits and the state coming out) live in direct buffers that ONNX Runtime reads and writes
 * in place — the output tensors are pinned — so a step allocates nothing on either side but the logits array it
 * returns. The state is kept as rows, {@code batch × width} per tensor, with the contract's state input names (for
 * graphs made here the reference's: {@code lstm.l.h}, …, {@code decoder.gru.l.h}, {@code latent.z}, so a state moves
 * between backends). Not thread-safe.
 */
final class OnnxDecoder extends DecoderBase {
    private final OnnxModel model;
    private final OnnxSignature signature;
    private final int batch;
    private final int featureWidth;
    private final int labels;
    private final float[][] rows;
    private final List<String> names;
    private final FloatBuffer[] stateIn;
    private final FloatBuffer[] stateOut;
    private final FloatBuffer features;
    private final LongBuffer longIds;
    private final IntBuffer intIds;
    private final FloatBuffer logits;
    /** The session steps run on: the model's step graph, else its (contract's) graph with a time axis of 1. */
    private final OrtSession session;
    /** With a sparse step graph: the non-zero features' indices and values, room for {@code nonzeros} per row. */
    private final boolean sparse;
    private LongBuffer sparseIndex;
    private FloatBuffer sparseValue;
    private int nonzeros;
    private final Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    private final Consumer<DecoderState> stateCheck;

    OnnxDecoder(OnnxModel model, int batch) {
        super(model, batch);
        this.model = model;
        this.signature = model.signature();
        this.batch = batch;
        OnnxContract contract = signature.contract;
        this.featureWidth = signature.featureWidth();
        this.labels = contract.outputWidth();
        int count = signature.states.size();
        this.rows = new float[count][];
        this.stateIn = new FloatBuffer[count];
        this.stateOut = new FloatBuffer[count];
        List<String> stateNames = new ArrayList<>();
        OrtEnvironment env = OnnxRuntime.environment();
        OnnxModel.StepGraph step = model.stepGraph();
        this.session = step != null ? step.session() : model.session();
        this.sparse = step != null && step.sparse();
        boolean timeMajor = contract.input().layout() == Layout.TIME_MAJOR;
        try {
            InputKind kind = contract.input().kind();
            if (step != null) {
                longIds = null;
                intIds = null;
                if (sparse) {
                    features = null;
                    sparseTensors(env, 8);
                } else {
                    features = OnnxModel.directFloats(batch * featureWidth);
                    feed.put(OnnxExporter.INPUT, OnnxTensor.createTensor(env, features, new long[] {batch, featureWidth}));
                }
            } else if (kind == InputKind.TOKEN_IDS) {
                long[] shape = timeMajor ? new long[] {1, batch} : new long[] {batch, 1};
                features = null;
                if (signature.inputType == OnnxJavaType.INT32) {
                    longIds = null;
                    intIds = OnnxModel.directInts(batch);
                    feed.put(contract.input().name(), OnnxTensor.createTensor(env, intIds, shape));
                } else {
                    intIds = null;
                    longIds = OnnxModel.directLongs(batch);
                    feed.put(contract.input().name(), OnnxTensor.createTensor(env, longIds, shape));
                }
            } else {
                longIds = null;
                intIds = null;
                int width = signature.inputWidth();
                features = OnnxModel.directFloats(batch * width);
                long[] shape = timeMajor ? new long[] {1, batch, width} : new long[] {batch, 1, width};
                feed.put(contract.input().name(), OnnxTensor.createTensor(env, features, shape));
            }
            for (int i = 0; i < count; i++) {
                StateTensor state = signature.states.get(i);
                rows[i] = new float[batch * state.width()];
                stateNames.add(state.in());
                long[] shape = state.shape(contract.stateShape(), batch);
                stateIn[i] = OnnxModel.directFloats(batch * state.width());
                stateOut[i] = OnnxModel.directFloats(batch * state.width());
                feed.put(state.in(), OnnxTensor.createTensor(env, stateIn[i], shape));
                pinned.put(state.out(), OnnxTensor.createTensor(env, stateOut[i], shape));
            }
            logits = OnnxModel.directFloats(batch * labels);
            long[] shape = step != null ? new long[] {batch, labels}
                    : timeMajor ? new long[] {1, batch, labels} : new long[] {batch, 1, labels};
            pinned.put(contract.output().name(), OnnxTensor.createTensor(env, logits, shape));
        } catch (OrtException e) {
            release();
            throw new IllegalStateException("ONNX Runtime failed to make a decoder's tensors: " + e.getMessage(), e);
        }
        this.names = List.copyOf(stateNames);
        this.stateCheck = model.graphs() == null ? null : model.graphs().stateCheck(model.spec(), batch);
    }

    @Override
    protected float[] stepChecked(float[] inputs) {
        if (sparse) {
            putSparse(inputs);
        } else if (features != null) {
            features.clear();
            features.put(inputs, 0, inputs.length);
        } else {
            for (int b = 0; b < batch; b++) {
                int token = model.tokenOf(inputs, b * featureWidth, b, 0);
                if (longIds != null) {
                    longIds.put(b, token);
                } else {
                    intIds.put(b, token);
                }
            }
        }
        moveState(true);
        try (OrtSession.Result ignored = session.run(feed, pinned)) {
            // the outputs are in the pinned buffers
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run a step: " + e.getMessage(), e);
        }
        moveState(false);
        float[] out = new float[batch * labels];
        logits.clear();
        logits.get(out);
        model.toLogits(out, out.length);
        return out;
    }

    /** The sparse input tensors, {@code nonzeros} wide (replacing narrower ones). */
    private void sparseTensors(OrtEnvironment env, int width) throws OrtException {
        OnnxTensor old = feed.remove(LstmGraphs.SPARSE_INDEX);
        if (old != null) {
            old.close();
            feed.remove(LstmGraphs.SPARSE_VALUE).close();
        }
        nonzeros = width;
        sparseIndex = OnnxModel.directLongs(batch * width);
        sparseValue = OnnxModel.directFloats(batch * width);
        feed.put(LstmGraphs.SPARSE_INDEX, OnnxTensor.createTensor(env, sparseIndex, new long[] {batch, width}));
        feed.put(LstmGraphs.SPARSE_VALUE, OnnxTensor.createTensor(env, sparseValue, new long[] {batch, 1, width}));
    }

    /** Each row's non-zero features as (index, value) pairs, padded with (0, 0). */
    private void putSparse(float[] inputs) {
        int most = 0;
        for (int b = 0; b < batch; b++) {
            int count = 0;
            for (int i = b * featureWidth, end = i + featureWidth; i < end; i++) {
                if (inputs[i] != 0f) {
                    count++;
                }
            }
            most = Math.max(most, count);
        }
        if (most > nonzeros) {
            try {
                sparseTensors(OnnxRuntime.environment(), Math.max(most, 2 * nonzeros));
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to make a decoder's tensors: " + e.getMessage(), e);
            }
        }
        for (int b = 0; b < batch; b++) {
            int at = b * nonzeros;
            int end = at + nonzeros;
            for (int i = 0; i < featureWidth; i++) {
                float value = inputs[b * featureWidth + i];
                if (value != 0f) {
                    sparseIndex.put(at, i);
                    sparseValue.put(at, value);
                    at++;
                }
            }
            for (; at < end; at++) {
                sparseIndex.put(at, 0);
                sparseValue.put(at, 0f);
            }
        }
    }

    /**
     * The rows into the state inputs ({@code in}), or the state outputs into the rows. A row holds {@code layers · size}
     * values, layer by layer; a {@code [layers, batch, size]} tensor holds slice {@code l} of row {@code b} at
     * {@code (l · batch + b) · size}, a {@code [batch, width]} one (and one of a single layer) the rows as they are.
     */
    private void moveState(boolean in) {
        boolean layered = signature.contract.stateShape() == StateShape.LAYERS_BATCH_HIDDEN;
        for (int i = 0; i < rows.length; i++) {
            StateTensor state = signature.states.get(i);
            FloatBuffer buffer = in ? stateIn[i] : stateOut[i];
            int layers = layered ? state.layers() : 1;
            int size = state.width() / layers;
            for (int slice = 0; slice < (layers == 1 ? 1 : layers * batch); slice++) {
                int l = slice / batch;
                int b = slice % batch;
                buffer.position(slice * size);
                int at = layers == 1 ? 0 : b * state.width() + l * size;
                int length = layers == 1 ? rows[i].length : size;
                if (in) {
                    buffer.put(rows[i], at, length);
                } else {
                    buffer.get(rows[i], at, length);
                }
            }
        }
    }

    @Override
    protected DecoderState stateChecked() {
        return DecoderState.of(batch, names, Arrays.asList(rows));
    }

    @Override
    protected void setStateChecked(DecoderState state) {
        if (!new HashSet<>(state.names()).equals(new HashSet<>(names))) {
            throw new IllegalArgumentException("state tensors " + state.names() + " are not this decoder's " + names);
        }
        if (stateCheck != null) {
            stateCheck.accept(state);
        }
        state.copyInto(names, rows);
    }

    @Override
    protected void resetChecked() {
        Arrays.stream(rows).forEach(row -> Arrays.fill(row, 0f));
    }

    @Override
    protected void release() {
        feed.values().forEach(OnnxTensor::close);
        pinned.values().forEach(OnnxTensor::close);
    }
}
