package dev.midigen.backend.dl4j;

import dev.midigen.model.Architecture;
import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.weights.VaeLayout;

/**
 * The drum VAE's parameters (or their gradients) on the Java heap, in the canonical layout and order of
 * {@link VaeLayout}: per direction (forward, backward) and encoder layer {@code W, R, B}; {@code latent.mu.W, .b},
 * {@code latent.sigma.W, .b}; {@code bridge.W, .b}; per decoder layer {@code W, R, B}; {@code head.W, .b}. Mutable;
 * not thread-safe.
 */
final class VaeParams extends HeapParams {
    /** {@code F}: a frame's width, the head's outputs. */
    final int frame;
    /** {@code F + C}: a decoder step's input before {@code z}. */
    final int stepInput;
    final int latent;
    final int[] encoder;
    final int[] decoder;
    final double beta;
    final double freeNats;
    /** How velocities and offsets are scored. */
    final FeelLoss feel;

    VaeParams(ModelSpec spec, float[][] values) {
        super(spec, VaeLayout.shapes(spec), values);
        Architecture parts = spec.architecture();
        DrumVae family = (DrumVae) spec.family();
        this.frame = parts.inputSize();
        this.stepInput = parts.decoderInputSize();
        this.latent = family.latent();
        this.encoder = family.encoder().stream().mapToInt(Integer::intValue).toArray();
        this.decoder = family.decoder().stream().mapToInt(Integer::intValue).toArray();
        this.beta = family.beta();
        this.freeNats = GrooveLoss.nats(family.freeBits());
        this.feel = family.feelLoss();
    }

    @Override
    NativeVae natives() {
        return new NativeVae(this);
    }

    /** Input width of encoder layer {@code l} (each direction): the frame, else both directions of the layer below. */
    int encoderInput(int layer) {
        return layer == 0 ? frame : 2 * encoder[layer - 1];
    }

    /** Input width of decoder layer {@code l}: {@code [step input ; z]}, else the layer below's output. */
    int decoderInput(int layer) {
        return layer == 0 ? stepInput + latent : decoder[layer - 1];
    }

    /** {@code [Σ 2·D_l]}: the bridge's outputs. */
    int bridgeSize() {
        int sum = 0;
        for (int d : decoder) {
            sum += 2 * d;
        }
        return sum;
    }

    /** The encoder's summary width, {@code 2·E_top}. */
    int summarySize() {
        return 2 * encoder[encoder.length - 1];
    }

    /** Index of the first tensor of encoder direction {@code direction} (0 forward, 1 backward), layer {@code l}. */
    int encoderLstm(int direction, int layer) {
        return 3 * (direction * encoder.length + layer);
    }

    /** Index of {@code latent.mu.W}; {@code .b}, {@code latent.sigma.W}, {@code .b}, {@code bridge.W}, {@code .b} follow. */
    int latentIndex() {
        return 6 * encoder.length;
    }

    int decoderLstm(int layer) {
        return latentIndex() + 6 + 3 * layer;
    }

    int headIndex() {
        return decoderLstm(decoder.length);
    }

    float[] muWeights() {
        return values[latentIndex()];
    }

    float[] muBias() {
        return values[latentIndex() + 1];
    }

    float[] sigmaWeights() {
        return values[latentIndex() + 2];
    }

    float[] sigmaBias() {
        return values[latentIndex() + 3];
    }

    float[] bridgeWeights() {
        return values[latentIndex() + 4];
    }

    float[] bridgeBias() {
        return values[latentIndex() + 5];
    }

    float[] headWeights() {
        return values[headIndex()];
    }

    float[] headBias() {
        return values[headIndex() + 1];
    }

    /** The input and recurrent biases of the LSTM whose tensors start at {@code index} summed ({@code 4H}). */
    float[] combinedBias(int index) {
        return LstmParams.summedBiases(values[index + 2]);
    }
}
