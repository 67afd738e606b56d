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
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.reference.LstmStateBuffers;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step per call on ONNX Runtime. The input, the state going in and the outputs (logits and the state coming
 * out) live in direct buffers that ONNX Runtime reads and writes in place — the output tensors are pinned — so a
 * step allocates nothing on either side but the logits array it returns. The state is kept as rows,
 * {@code batch × width} per tensor, with the contract's state input names ({@code lstm.l.h}, … for exported
 * graphs: the reference's {@code LstmStateNames}, so a state moves between backends). Not thread-safe.
 */
final class OnnxDecoder implements Decoder {
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
    private final LstmStateBuffers checker;
    private boolean closed;

    OnnxDecoder(OnnxModel model, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a decoder needs a batch of at least 1, got " + batch);
        }
        this.model = model;
        this.signature = model.signature();
        this.batch = batch;
        OnnxContract contract = signature.contract;
        this.featureWidth = contract.featureWidth();
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
                int width = contract.inputWidth();
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
            closeTensors();
            throw new IllegalStateException("ONNX Runtime failed to make a decoder's tensors: " + e.getMessage(), e);
        }
        this.names = List.copyOf(stateNames);
        this.checker = model.exported() ? new LstmStateBuffers(batch, model.spec().lstmNetwork()) : null;
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public float[] step(float[] inputs) {
        checkOpen();
        if (inputs.length != batch * featureWidth) {
            throw new IllegalArgumentException("a step takes " + batch + " × " + featureWidth + " = " + batch * featureWidth
                    + " input values, got " + inputs.length);
        }
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
        boolean layered = signature.contract.stateShape() == StateShape.LAYERS_BATCH_HIDDEN;
        for (int i = 0; i < rows.length; i++) {
            StateTensor state = signature.states.get(i);
            if (layered && state.layers() > 1) {
                toLayers(rows[i], stateIn[i], state);
            } else {
                stateIn[i].clear();
                stateIn[i].put(rows[i]);
            }
        }
        try (OrtSession.Result ignored = session.run(feed, pinned)) {
            // the outputs are in the pinned buffers
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run a step: " + e.getMessage(), e);
        }
        for (int i = 0; i < rows.length; i++) {
            StateTensor state = signature.states.get(i);
            if (layered && state.layers() > 1) {
                fromLayers(stateOut[i], rows[i], state);
            } else {
                stateOut[i].clear();
                stateOut[i].get(rows[i]);
            }
        }
        float[] out = new float[batch * labels];
        logits.clear();
        logits.get(out);
        model.toLogits(out, out.length);
        return out;
    }

    /** The sparse input tensors, {@code nonzeros} wide (replacing narrower ones). */
    private void sparseTensors(OrtEnvironment env, int width) throws OrtException {
        OnnxTensor old = feed.remove(OnnxExporter.SPARSE_INDEX);
        if (old != null) {
            old.close();
            feed.remove(OnnxExporter.SPARSE_VALUE).close();
        }
        nonzeros = width;
        sparseIndex = OnnxModel.directLongs(batch * width);
        sparseValue = OnnxModel.directFloats(batch * width);
        feed.put(OnnxExporter.SPARSE_INDEX, OnnxTensor.createTensor(env, sparseIndex, new long[] {batch, width}));
        feed.put(OnnxExporter.SPARSE_VALUE, OnnxTensor.createTensor(env, sparseValue, new long[] {batch, 1, width}));
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

    /** Rows {@code [batch, layers · size]} into a {@code [layers, batch, size]} tensor. */
    private void toLayers(float[] source, FloatBuffer target, StateTensor state) {
        int size = state.size();
        int width = state.width();
        for (int l = 0; l < state.layers(); l++) {
            for (int b = 0; b < batch; b++) {
                target.position((l * batch + b) * size);
                target.put(source, b * width + l * size, size);
            }
        }
    }

    private void fromLayers(FloatBuffer source, float[] target, StateTensor state) {
        int size = state.size();
        int width = state.width();
        for (int l = 0; l < state.layers(); l++) {
            for (int b = 0; b < batch; b++) {
                source.position((l * batch + b) * size);
                source.get(target, b * width + l * size, size);
            }
        }
    }

    @Override
    public DecoderState state() {
        checkOpen();
        return DecoderState.of(batch, names, Arrays.asList(rows));
    }

    @Override
    public void setState(DecoderState state) {
        checkOpen();
        if (state.batch() != batch) {
            throw new IllegalArgumentException("a state of " + state.batch() + " sequences does not fit a decoder of " + batch);
        }
        if (!new HashSet<>(state.names()).equals(new HashSet<>(names))) {
            throw new IllegalArgumentException("state tensors " + state.names() + " are not this decoder's " + names);
        }
        if (checker != null) {
            checker.restore(state); // the reference's checks (sizes, whole attention counts 0..L), same messages
        }
        state.copyInto(names, rows);
    }

    @Override
    public void reset() {
        checkOpen();
        for (float[] row : rows) {
            Arrays.fill(row, 0f);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeTensors();
        }
    }

    private void closeTensors() {
        feed.values().forEach(OnnxTensor::close);
        pinned.values().forEach(OnnxTensor::close);
    }

    private void checkOpen() {
        SequenceModel.checkOpen(closed, "this decoder");
        model.checkOpen();
    }
}
