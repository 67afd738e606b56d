package dev.midigen.backend.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.SequenceModel;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seq2seq decoder on ONNX Runtime: one frame per row and call through the model's step graph. The input, the
 * state going in and the outputs live in direct buffers that ONNX Runtime reads and writes in place (the outputs
 * are pinned). The state is one {@code batch × H} tensor per layer named {@code decoder.gru.l.h}, the reference's
 * names, so a state moves between backends. Not thread-safe.
 */
final class OnnxFrameDecoder implements Decoder {
    private final OnnxFrameModel model;
    private final int batch;
    private final int keys;
    private final int hidden;
    private final List<String> names;
    private final float[][] rows;
    private final FloatBuffer input;
    private final FloatBuffer[] stateIn;
    private final FloatBuffer[] stateOut;
    private final FloatBuffer logits;
    private final Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    private boolean closed;

    OnnxFrameDecoder(OnnxFrameModel model, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a decoder needs a batch of at least 1, got " + batch);
        }
        this.model = model;
        this.batch = batch;
        this.keys = model.keys();
        this.hidden = model.hidden();
        this.names = model.stateNames();
        int layers = names.size();
        this.rows = new float[layers][batch * hidden];
        this.stateIn = new FloatBuffer[layers];
        this.stateOut = new FloatBuffer[layers];
        this.input = OnnxModel.directFloats(batch * keys);
        this.logits = OnnxModel.directFloats(batch * keys);
        OrtEnvironment env = OnnxRuntime.environment();
        try {
            feed.put(OnnxExporter.INPUT, OnnxTensor.createTensor(env, input, new long[] {batch, keys}));
            pinned.put(OnnxExporter.OUTPUT, OnnxTensor.createTensor(env, logits, new long[] {batch, keys}));
            for (int l = 0; l < layers; l++) {
                stateIn[l] = OnnxModel.directFloats(batch * hidden);
                stateOut[l] = OnnxModel.directFloats(batch * hidden);
                feed.put(names.get(l), OnnxTensor.createTensor(env, stateIn[l], new long[] {batch, hidden}));
                pinned.put(names.get(l) + OnnxExporter.NEXT, OnnxTensor.createTensor(env, stateOut[l], new long[] {batch, hidden}));
            }
        } catch (OrtException e) {
            closeTensors();
            throw new IllegalStateException("ONNX Runtime failed to make a decoder's tensors: " + e.getMessage(), e);
        }
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public float[] step(float[] inputs) {
        checkOpen();
        if (inputs.length != batch * keys) {
            throw new IllegalArgumentException("a step reads " + batch + " × " + keys + " values, got " + inputs.length);
        }
        input.clear();
        input.put(inputs);
        for (int l = 0; l < rows.length; l++) {
            stateIn[l].clear();
            stateIn[l].put(rows[l]);
        }
        try (OrtSession.Result ignored = model.stepSession().run(feed, pinned)) {
            // the outputs are in the pinned buffers
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run a step: " + e.getMessage(), e);
        }
        for (int l = 0; l < rows.length; l++) {
            stateOut[l].clear();
            stateOut[l].get(rows[l]);
        }
        float[] out = new float[batch * keys];
        logits.clear();
        logits.get(out);
        return out;
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
            throw new IllegalArgumentException("a state of " + state.batch() + " rows for a decoder of " + batch);
        }
        if (!state.names().equals(names)) {
            throw new IllegalArgumentException("state tensors " + state.names() + ", this decoder has " + names);
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
