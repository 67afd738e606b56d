package dev.midigen.backend.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seq2seq GRU on ONNX Runtime, from canonical weights: three sessions of {@link Seq2SeqExporter}'s graphs — the
 * encoder and the decoder over a sequence (ONNX {@code GRU} nodes; {@link #encode}, {@link #score}) and the
 * decoder's step graph ({@link #newDecoder}). Sessions are safe to share between threads; decoders are not.
 */
final class OnnxFrameModel implements FrameModel {
    private final ModelSpec spec;
    private final Weights weights;
    private final int keys;
    private final int hidden;
    private final List<String> stateNames;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final OrtSession step;
    private volatile boolean closed;

    OnnxFrameModel(ModelSpec spec, Weights weights, OrtSession encoder, OrtSession decoder, OrtSession step) {
        this.spec = spec;
        this.weights = weights;
        this.keys = Seq2SeqLayout.keys(spec);
        Seq2SeqGru family = (Seq2SeqGru) spec.family();
        this.hidden = family.hidden();
        this.stateNames = Seq2SeqLayout.stateNames(family);
        this.encoder = encoder;
        this.decoder = decoder;
        this.step = step;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return OnnxBackend.NAME;
    }

    int keys() {
        return keys;
    }

    int hidden() {
        return hidden;
    }

    List<String> stateNames() {
        return stateNames;
    }

    OrtSession stepSession() {
        return step;
    }

    @Override
    public DecoderState encode(SequenceBatch source) {
        checkOpen();
        checkWidth(source.width());
        int batch = source.batch();
        OrtEnvironment env = OnnxRuntime.environment();
        List<String> outputs = new ArrayList<>();
        for (int l = 0; l < stateNames.size(); l++) {
            outputs.add(Seq2SeqExporter.encoderStateName(l));
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(source.toArray()),
                new long[] {batch, source.time(), keys});
             OrtSession.Result result = encoder.run(Map.of(Seq2SeqExporter.SOURCE, input), Set.copyOf(outputs))) {
            List<float[]> states = new ArrayList<>();
            for (String name : outputs) {
                states.add(read(result, name, batch * hidden));
            }
            return DecoderState.of(batch, stateNames, states);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the encoder: " + e.getMessage(), e);
        }
    }

    @Override
    public Decoder newDecoder(int batchSize) {
        checkOpen();
        return new OnnxFrameDecoder(this, batchSize);
    }

    @Override
    public SequenceBatch score(FrameBatch batch) {
        checkOpen();
        checkWidth(batch.frameSize());
        int rows = batch.batch();
        int time = batch.targetSteps();
        DecoderState start = encode(batch.source());
        OrtEnvironment env = OnnxRuntime.environment();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            feed.put(OnnxExporter.INPUT, OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.decoderInputs().toArray()),
                    new long[] {rows, time, keys}));
            for (String name : stateNames) {
                feed.put(name, OnnxTensor.createTensor(env, FloatBuffer.wrap(start.tensor(name)), new long[] {rows, hidden}));
            }
            try (OrtSession.Result result = decoder.run(feed, Set.of(OnnxExporter.OUTPUT))) {
                return SequenceBatch.wrap(rows, time, keys, read(result, OnnxExporter.OUTPUT, rows * time * keys));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the decoder: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] read(OrtSession.Result result, String name, int length) {
        OnnxTensor tensor = OnnxModel.tensor(result, name);
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer.remaining() != length) {
            throw new IllegalStateException("output '" + name + "' has " + buffer.remaining() + " values, expected " + length);
        }
        float[] values = new float[length];
        buffer.get(values);
        return values;
    }

    @Override
    public Weights exportWeights() {
        checkOpen();
        return weights;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OrtException failure = null;
        for (OrtSession session : new OrtSession[] {encoder, decoder, step}) {
            try {
                session.close();
            } catch (OrtException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("ONNX Runtime failed to close a session: " + failure.getMessage(), failure);
        }
    }

    void checkOpen() {
        SequenceModel.checkOpen(closed, "this " + OnnxBackend.NAME + " frame model");
    }

    void checkWidth(int width) {
        if (width != keys) {
            throw new IllegalArgumentException("frames are " + width + " wide; this model reads " + keys + " keys");
        }
    }
}
