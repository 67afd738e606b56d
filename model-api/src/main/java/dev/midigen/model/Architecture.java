package dev.midigen.model;

import java.util.List;
import java.util.Objects;

/**
 * The parts a {@link ModelSpec} names, whatever its family: what every backend builds and every part of the
 * pipeline reads, so that none of them needs a case per family.
 *
 * @param inputSize  features a decoder step reads
 * @param encoder    the recurrent stack over a source sequence, or null when the model has none
 * @param bridge     how the encoder's final state becomes the decoder's initial state
 * @param decoder    the recurrent stack that reads one step at a time
 * @param attention  steps of the decoder's top-layer past outputs its attention reads (0 = none)
 * @param head       the output head and its objective
 * @param controlSize width of a per-sequence control vector read at every decoder step (0 = none; style and tempo
 *                   conditioning comes with a later issue)
 */
public record Architecture(int inputSize, Stack encoder, Bridge bridge, Stack decoder, int attention, Head head,
                           int controlSize) {

    /** The recurrent cell of a stack. Canonical gate orders: LSTM {@code i, o, f, c}; GRU {@code z, r, h}. */
    public enum Cell { LSTM, GRU }

    /**
     * How the decoder's initial state is made: {@code NONE} (zeros), {@code DIRECT} (the encoder's final state, layer by
     * layer: encoder and decoder have the same sizes). A dense bridge and a variational latent come with the VAE.
     */
    public enum Bridge { NONE, DIRECT }

    /** A stack of recurrent layers, bottom first. */
    public record Stack(Cell cell, List<Integer> sizes) {
        public Stack {
            Objects.requireNonNull(cell, "cell");
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("a stack has at least one layer");
            }
        }

        public int layers() {
            return sizes.size();
        }
    }

    public Architecture {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(head, "head");
        if (inputSize < 1 || attention < 0 || controlSize < 0) {
            throw new IllegalArgumentException("input size >= 1, attention and control >= 0, got " + inputSize + ", "
                    + attention + ", " + controlSize);
        }
        if ((encoder == null) != (bridge == Bridge.NONE)) {
            throw new IllegalArgumentException("a bridge needs an encoder and an encoder needs a bridge");
        }
    }

    /** Whether the model reads a source sequence ({@link ModelBatch#source()}). */
    public boolean hasEncoder() {
        return encoder != null;
    }

    /** Logits a step gives. */
    public int outputSize() {
        return head.outputSize();
    }
}
