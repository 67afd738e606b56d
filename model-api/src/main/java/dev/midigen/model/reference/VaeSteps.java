package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * {@link VaeNetwork}'s decoder one step at a time for a batch, its state the tensors {@code VaeLayout.stateNames} names
 * (each layer's {@code h} and {@code c}, then {@code latent.z}). A drum VAE's decoder has no meaningful zero state — it
 * starts from a latent — so a fresh or reset decoder refuses to step until a state is put back (the decoders' base,
 * {@code DecoderBase}, holds that rule for every backend). {@code z} is read at every step and never changes. Not thread-safe.
 */
final class VaeSteps implements StepState {
    private final VaeNetwork network;
    private final int batch;
    private final float[][][] h; // [row][layer][units]
    private final float[][][] c;
    private final float[][] z; // [row][Z]

    VaeSteps(VaeNetwork network, int batch) {
        this.network = network;
        this.batch = batch;
        int layers = network.decoder.length;
        this.h = new float[batch][layers][];
        this.c = new float[batch][layers][];
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < layers; l++) {
                h[b][l] = new float[network.decoderSize(l)];
                c[b][l] = new float[network.decoderSize(l)];
            }
        }
        this.z = new float[batch][network.latent];
    }

    @Override
    public float[] step(float[] inputs) {
        int f = network.frame;
        int in = network.stepInput;
        float[] outputs = new float[batch * f];
        float[] y = new float[in];
        float[] out = new float[f];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(inputs, b * in, y, 0, in);
            network.step(y, z[b], h[b], c[b], out);
            System.arraycopy(out, 0, outputs, b * f, f);
        }
        return outputs;
    }

    @Override
    public DecoderState snapshot() {
        List<String> names = network.stateNames;
        float[][] tensors = new float[names.size()][];
        int layers = network.decoder.length;
        for (int l = 0; l < layers; l++) {
            int size = network.decoderSize(l);
            tensors[2 * l] = new float[batch * size];
            tensors[2 * l + 1] = new float[batch * size];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(h[b][l], 0, tensors[2 * l], b * size, size);
                System.arraycopy(c[b][l], 0, tensors[2 * l + 1], b * size, size);
            }
        }
        float[] latents = new float[batch * network.latent];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(z[b], 0, latents, b * network.latent, network.latent);
        }
        tensors[2 * layers] = latents;
        return DecoderState.of(batch, names, Arrays.asList(tensors));
    }

    /** Checks all of {@code state} (names, sizes, batch) before it changes anything. */
    @Override
    public void restore(DecoderState state) {
        if (state.batch() != batch) {
            throw new IllegalArgumentException("a state of " + state.batch() + " sequences does not fit a decoder of " + batch);
        }
        List<String> names = network.stateNames;
        if (!new HashSet<>(state.names()).equals(new HashSet<>(names))) {
            throw new IllegalArgumentException("state tensors " + state.names() + " are not this decoder's " + names);
        }
        float[][] tensors = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            int width = i < names.size() - 1 ? network.decoderSize(i / 2) : network.latent;
            tensors[i] = new float[batch * width];
        }
        state.copyInto(names, tensors);
        int layers = network.decoder.length;
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < layers; l++) {
                int size = network.decoderSize(l);
                System.arraycopy(tensors[2 * l], b * size, h[b][l], 0, size);
                System.arraycopy(tensors[2 * l + 1], b * size, c[b][l], 0, size);
            }
            System.arraycopy(tensors[2 * layers], b * network.latent, z[b], 0, network.latent);
        }
    }

    /** Zeros (the decoder's base then refuses to step until a state is put back). */
    @Override
    public void reset() {
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < network.decoder.length; l++) {
                Arrays.fill(h[b][l], 0f);
                Arrays.fill(c[b][l], 0f);
            }
            Arrays.fill(z[b], 0f);
        }
    }
}
