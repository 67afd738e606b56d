package dev.midigen.backend.tf;

import dev.midigen.model.DecoderState;
import dev.midigen.model.spi.DecoderBase;
import java.util.Arrays;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Step-by-step decoding with the model's one-step graph ({@link StepGraph}): each step is one {@code Session.run}
 * feeding the inputs and the whole state packed in one tensor, and fetching the logits and the new state in one
 * tensor. The state stays packed here; {@link #state()} and {@link #setState} give and take it in the reference
 * backend's names and layout (the network's: {@link TfNet#state}), so a state moves between backends. Not
 * thread-safe.
 */
final class TfDecoder extends DecoderBase {
    private final TfNet net;
    private final StepGraph graph;
    private final int batch;
    private final int inputs;
    private final int outputs;
    private final float[] packed;
    private final float[] output;

    TfDecoder(TfModel model, TfNet net, int batch) {
        super(model, batch);
        this.net = net;
        this.graph = net.step();
        this.batch = batch;
        this.inputs = model.spec().decoderInputSize();
        this.outputs = model.spec().head().outputSize();
        this.packed = new float[batch * graph.stateWidth];
        this.output = new float[batch * (graph.outputWidth + graph.stateWidth)];
    }

    @Override
    protected float[] stepChecked(float[] values) {
        Session.Runner runner = net.session.runner();
        try (TFloat32 in = Tensors.floats(values, batch, inputs); TFloat32 st = Tensors.floats(packed, batch, graph.stateWidth)) {
            runner.feed(graph.inputs, in).feed(graph.state, st).fetch(graph.output);
            try (Result result = runner.run()) {
                Tensors.read((TFloat32) result.get(0), output, 0, output.length);
            }
        }
        int row = graph.outputWidth + graph.stateWidth;
        float[] logits = new float[batch * outputs];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(output, b * row, logits, b * outputs, outputs);
            System.arraycopy(output, b * row + graph.outputWidth, packed, b * graph.stateWidth, graph.stateWidth);
        }
        return logits;
    }

    @Override
    protected DecoderState stateChecked() {
        return net.state(packed, batch);
    }

    @Override
    protected void setStateChecked(DecoderState state) {
        net.setState(state, packed, batch);
    }

    @Override
    protected void resetChecked() {
        Arrays.fill(packed, 0f);
    }
}
