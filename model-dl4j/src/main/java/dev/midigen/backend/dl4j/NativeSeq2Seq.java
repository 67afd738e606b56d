package dev.midigen.backend.dl4j;

import dev.midigen.model.Decoder;
import dev.midigen.model.spi.ModelBase;
import java.util.Arrays;

/**
 * The matrices of {@link Seq2SeqParams} copied to nd4j for the GEMMs (each GRU layer's {@code W} and {@code R},
 * the classifier's two weight matrices), and the biases the Java kernels add. Read concurrently by the trainer's engines; {@link #load} only between steps.
 */
final class NativeSeq2Seq implements NativeWeights {
    final Seq2SeqParams params;
    final int layers;
    /** {@code [stack][layer]}. */
    final NativeMatrix[][] inputWeights;
    final NativeMatrix[][] recurrentWeights;
    /** {@code [stack][layer]}: the biases as {@link GruKernels} add them. */
    final GruKernels.Biases[][] biases;
    final NativeMatrix hiddenWeights;
    final NativeMatrix outputWeights;
    float[] hiddenBias;
    float[] outputBias;

    NativeSeq2Seq(Seq2SeqParams params) {
        this.params = params;
        layers = params.layers;
        int h = params.hidden;
        inputWeights = new NativeMatrix[2][layers];
        recurrentWeights = new NativeMatrix[2][layers];
        biases = new GruKernels.Biases[2][layers];
        for (int stack = 0; stack < 2; stack++) {
            for (int l = 0; l < layers; l++) {
                inputWeights[stack][l] = new NativeMatrix(3 * h, params.layerInput(l));
                recurrentWeights[stack][l] = new NativeMatrix(3 * h, h);
            }
        }
        hiddenWeights = new NativeMatrix(params.classifier, h);
        outputWeights = new NativeMatrix(params.keys, params.classifier);
        load();
    }

    @Override
    public void load() {
        int g = 3 * params.hidden;
        for (int stack = 0; stack < 2; stack++) {
            for (int l = 0; l < layers; l++) {
                inputWeights[stack][l].write(params.inputWeights(stack, l));
                recurrentWeights[stack][l].write(params.recurrentWeights(stack, l));
                float[] b = params.biases(stack, l);
                biases[stack][l] = GruKernels.Biases.of(Arrays.copyOfRange(b, 0, g), Arrays.copyOfRange(b, g, 2 * g),
                        params.hidden);
            }
        }
        hiddenWeights.write(params.hiddenWeights());
        outputWeights.write(params.outputWeights());
        hiddenBias = params.hiddenBias().clone();
        outputBias = params.outputBias().clone();
    }

    @Override
    public Seq2SeqEngine engine() {
        return new Seq2SeqEngine(this);
    }

    @Override
    public Decoder decoder(ModelBase model, int batchSize) {
        return new GruDecoder(model, this, batchSize);
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
