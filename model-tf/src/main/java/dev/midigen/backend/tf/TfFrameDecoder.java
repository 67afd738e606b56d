package dev.midigen.backend.tf;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Step-by-step decoding of a seq2seq GRU with the one-step graph: each step one {@code Session.run} feeding the frames
 * and the packed, padded state and fetching the logits and the new state in one tensor. The state lives here in rows of
 * the padded layout; {@link #state()} gives it in the reference's names ({@code decoder.gru.l.h}, {@code [B, H]}), so a
 * state moves between backends. Not thread-safe.
 */
final class TfFrameDecoder implements Decoder {
    private final TfFrameModel model;
    private final TfFrameNet net;
    private final GruGraph.Step graph;
    private final int batch;
    private final int keys;
    private final int hidden;
    private final int layers;
    private final List<String> names;
    private final float[] packed;
    private final float[] output;
    private boolean closed;

    TfFrameDecoder(TfFrameModel model, TfFrameNet net, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a decoder needs a batch of at least 1, got " + batch);
        }
        this.model = model;
        this.net = net;
        this.graph = net.step();
        this.batch = batch;
        this.keys = net.keys;
        this.hidden = net.family.hidden();
        this.layers = net.family.layers();
        this.names = Seq2SeqLayout.stateNames(net.family);
        this.packed = new float[batch * graph.stateWidth];
        this.output = new float[batch * (graph.outputWidth + graph.stateWidth)];
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public float[] step(float[] inputs) {
        check();
        if (inputs.length != batch * keys) {
            throw new IllegalArgumentException("a step reads " + batch + " × " + keys + " values, got " + inputs.length);
        }
        Session.Runner runner = net.session.runner();
        try (TFloat32 in = Tensors.floats(inputs, batch, keys); TFloat32 st = Tensors.floats(packed, batch, graph.stateWidth)) {
            runner.feed(graph.inputs, in).feed(graph.state, st).fetch(graph.output);
            try (Result result = runner.run()) {
                Tensors.read((TFloat32) result.get(0), output, 0, output.length);
            }
        }
        int row = graph.outputWidth + graph.stateWidth;
        float[] logits = new float[batch * keys];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(output, b * row, logits, b * keys, keys);
            System.arraycopy(output, b * row + graph.outputWidth, packed, b * graph.stateWidth, graph.stateWidth);
        }
        return logits;
    }

    @Override
    public DecoderState state() {
        check();
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            float[] tensor = new float[batch * hidden];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(packed, b * graph.stateWidth + l * graph.hiddenPadded, tensor, b * hidden, hidden);
            }
            tensors.add(tensor);
        }
        return DecoderState.of(batch, names, tensors);
    }

    @Override
    public void setState(DecoderState state) {
        check();
        if (state.batch() != batch) {
            throw new IllegalArgumentException("a state of " + state.batch() + " rows for a decoder of " + batch);
        }
        if (!state.names().equals(names)) {
            throw new IllegalArgumentException("state tensors " + state.names() + ", this decoder has " + names);
        }
        List<float[]> tensors = new ArrayList<>();
        for (String name : names) {
            float[] tensor = state.tensor(name);
            if (tensor.length != batch * hidden) {
                throw new IllegalArgumentException("state " + name + " has " + tensor.length / batch + " values per row, expected "
                        + hidden);
            }
            tensors.add(tensor);
        }
        java.util.Arrays.fill(packed, 0f);
        for (int l = 0; l < layers; l++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(tensors.get(l), b * hidden, packed, b * graph.stateWidth + l * graph.hiddenPadded, hidden);
            }
        }
    }

    @Override
    public void reset() {
        check();
        java.util.Arrays.fill(packed, 0f);
    }

    private void check() {
        SequenceModel.checkOpen(closed, "this tf decoder");
        model.check();
    }

    @Override
    public void close() {
        closed = true;
    }
}
