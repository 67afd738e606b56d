package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;

/**
 * {@link LstmStack}'s equations one step at a time for a batch, its state held in the arrays {@link LstmStateNames}
 * describes. Not thread-safe.
 */
final class LstmSteps implements StepState {
    private final LstmStack stack;
    private final int batch;
    private final int memoryLength;
    private final int topSize;
    private final LstmStateBuffers state;
    private final float[][] h;
    private final float[][] c;
    private final float[] memory;
    private final int[] count;

    LstmSteps(LstmStack stack, int batch) {
        this.stack = stack;
        this.batch = batch;
        this.memoryLength = stack.attentionLength();
        this.topSize = stack.network.topSize();
        this.state = new LstmStateBuffers(batch, stack.network);
        int layers = stack.layers.length;
        this.h = new float[layers][];
        this.c = new float[layers][];
        for (int l = 0; l < layers; l++) {
            h[l] = state.h(l);
            c[l] = state.c(l);
        }
        this.memory = state.memory();
        this.count = state.count();
    }

    @Override
    public float[] step(float[] inputs) {
        int inputSize = stack.network.inputSize();
        int outputSize = stack.network.outputSize();
        float[] logits = new float[batch * outputSize];
        float[] row = new float[outputSize];
        for (int b = 0; b < batch; b++) {
            float[] x = new float[inputSize];
            System.arraycopy(inputs, b * inputSize, x, 0, inputSize);
            stepRow(b, x, row);
            System.arraycopy(row, 0, logits, b * outputSize, outputSize);
        }
        return logits;
    }

    private void stepRow(int b, float[] x, float[] logits) {
        float[] in = x;
        for (int l = 0; l < stack.layers.length; l++) {
            int size = stack.layers[l].hiddenSize();
            float[] hRow = new float[size];
            float[] cRow = new float[size];
            System.arraycopy(h[l], b * size, hRow, 0, size);
            System.arraycopy(c[l], b * size, cRow, 0, size);
            stack.layers[l].step(in, hRow, cRow, hRow, cRow);
            System.arraycopy(hRow, 0, h[l], b * size, size);
            System.arraycopy(cRow, 0, c[l], b * size, size);
            in = hRow;
        }
        if (stack.attention == null) {
            stack.output.apply(in, logits);
            return;
        }
        int rowLength = memoryLength * topSize;
        float[] remembered = new float[rowLength];
        System.arraycopy(memory, b * rowLength, remembered, 0, rowLength);
        float[] context = new float[topSize];
        stack.attention.context(remembered, count[b], in, context);
        float[] features = new float[2 * topSize];
        System.arraycopy(in, 0, features, 0, topSize);
        System.arraycopy(context, 0, features, topSize, topSize);
        stack.output.apply(features, logits);
        if (count[b] < memoryLength) {
            System.arraycopy(in, 0, memory, b * rowLength + count[b] * topSize, topSize);
            count[b]++;
        } else {
            System.arraycopy(memory, b * rowLength + topSize, memory, b * rowLength, rowLength - topSize);
            System.arraycopy(in, 0, memory, b * rowLength + rowLength - topSize, topSize);
        }
    }

    @Override
    public DecoderState snapshot() {
        return state.snapshot();
    }

    @Override
    public void restore(DecoderState newState) {
        state.restore(newState);
    }

    @Override
    public void reset() {
        state.reset();
    }
}
