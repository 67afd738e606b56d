package dev.midigen.backend.dl4j;

import java.util.Arrays;

/**
 * The matrices of {@link Seq2SeqParams} copied to nd4j for the GEMMs (each GRU layer's {@code W} and {@code R},
 * the classifier's two weight matrices), and the biases the Java kernels add (each GRU layer's input and
 * recurrent biases, apart). Read concurrently by the trainer's engines; {@link #load} only between steps.
 */
final class NativeSeq2Seq implements AutoCloseable {
    final int layers;
    /** {@code [stack][layer]}. */
    final NativeMatrix[][] inputWeights;
    final NativeMatrix[][] recurrentWeights;
    final float[][][] inputBias;
    final float[][][] recurrentBias;
    /** {@code [stack][layer]}: the biases as {@link GruKernels} add them. */
    final GruKernels.Biases[][] biases;
    final NativeMatrix hiddenWeights;
    final NativeMatrix outputWeights;
    float[] hiddenBias;
    float[] outputBias;

    NativeSeq2Seq(Seq2SeqParams params) {
        layers = params.layers;
        int h = params.hidden;
        inputWeights = new NativeMatrix[2][layers];
        recurrentWeights = new NativeMatrix[2][layers];
        inputBias = new float[2][layers][];
        recurrentBias = new float[2][layers][];
        biases = new GruKernels.Biases[2][layers];
        for (int stack = 0; stack < 2; stack++) {
            for (int l = 0; l < layers; l++) {
                inputWeights[stack][l] = new NativeMatrix(3 * h, params.layerInput(l));
                recurrentWeights[stack][l] = new NativeMatrix(3 * h, h);
            }
        }
        hiddenWeights = new NativeMatrix(params.classifier, h);
        outputWeights = new NativeMatrix(params.keys, params.classifier);
        load(params);
    }

    void load(Seq2SeqParams params) {
        int g = 3 * params.hidden;
        for (int stack = 0; stack < 2; stack++) {
            for (int l = 0; l < layers; l++) {
                inputWeights[stack][l].write(params.inputWeights(stack, l));
                recurrentWeights[stack][l].write(params.recurrentWeights(stack, l));
                float[] b = params.biases(stack, l);
                inputBias[stack][l] = Arrays.copyOfRange(b, 0, g);
                recurrentBias[stack][l] = Arrays.copyOfRange(b, g, 2 * g);
                biases[stack][l] = GruKernels.Biases.of(inputBias[stack][l], recurrentBias[stack][l], params.hidden);
            }
        }
        hiddenWeights.write(params.hiddenWeights());
        outputWeights.write(params.outputWeights());
        hiddenBias = params.hiddenBias().clone();
        outputBias = params.outputBias().clone();
    }

    @Override
    public void close() {
        for (int stack = 0; stack < 2; stack++) {
            for (int l = 0; l < layers; l++) {
                inputWeights[stack][l].close();
                recurrentWeights[stack][l].close();
            }
        }
        hiddenWeights.close();
        outputWeights.close();
    }
}
