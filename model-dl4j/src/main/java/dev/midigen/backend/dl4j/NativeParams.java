package dev.midigen.backend.dl4j;

import dev.midigen.model.Decoder;
import dev.midigen.model.spi.ModelBase;

/**
 * The matrices of {@link LstmParams} copied to nd4j for the GEMMs ({@code W}, {@code R} per layer, the
 * attention and output weights), plus what the Java kernels read: each layer's summed biases and, for
 * sparse inputs, the first layer's input weights transposed into rows; and, made when a decoder first asks,
 * the weights as rows for {@link LstmDecoder}. Read concurrently by the trainer's engines; {@link #load} only
 * between steps.
 */
final class NativeParams implements NativeWeights {
    final LstmParams params;
    final NativeMatrix[] inputWeights;
    final NativeMatrix[] recurrentWeights;
    final NativeMatrix attention;
    final NativeMatrix output;
    final float[][] combinedBias;
    float[] outputBias;
    private float[] firstInputWeights;
    private float[][] firstInputRows;
    private LstmDecoder.Rows decoderRows;

    NativeParams(LstmParams params) {
        this.params = params;
        int layers = params.layers();
        inputWeights = new NativeMatrix[layers];
        recurrentWeights = new NativeMatrix[layers];
        combinedBias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int h = params.hidden(l);
            inputWeights[l] = new NativeMatrix(4 * h, params.layerInput(l));
            recurrentWeights[l] = new NativeMatrix(4 * h, h);
        }
        attention = params.attention() ? new NativeMatrix(params.network.topSize(), params.network.topSize()) : null;
        output = new NativeMatrix(params.network.outputSize(), params.network.outputInputSize());
        load();
    }

    @Override
    public void load() {
        for (int l = 0; l < inputWeights.length; l++) {
            inputWeights[l].write(params.inputWeights(l));
            recurrentWeights[l].write(params.recurrentWeights(l));
            combinedBias[l] = params.combinedBias(l);
        }
        if (attention != null) {
            attention.write(params.attentionWeights());
        }
        output.write(params.outputWeights());
        outputBias = params.outputBias().clone();
        firstInputWeights = params.inputWeights(0);
        firstInputRows = null;
        decoderRows = null;
    }

    /** Layer 0's {@code W} transposed: one array of {@code 4H} per input feature (for sparse inputs). */
    synchronized float[][] firstInputRows() {
        if (firstInputRows == null) {
            firstInputRows = LstmParams.transposedRows(firstInputWeights, inputWeights[0].rows, inputWeights[0].cols);
        }
        return firstInputRows;
    }

    @Override
    public LstmEngine engine() {
        return new LstmEngine(this);
    }

    @Override
    public synchronized Decoder decoder(ModelBase model, int batchSize) {
        if (decoderRows == null) {
            decoderRows = new LstmDecoder.Rows(params);
        }
        return new LstmDecoder(model, decoderRows, batchSize);
    }

    @Override
    public void close() {
        for (int l = 0; l < inputWeights.length; l++) {
            inputWeights[l].close();
            recurrentWeights[l].close();
        }
        if (attention != null) {
            attention.close();
        }
        output.close();
    }
}
