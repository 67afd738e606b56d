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
 * @param controlSize width of a control each decoder step reads after its input (0 = none): a batch's decoder inputs
 *                   and a decoder step hold {@code [input ; control]}, {@link #decoderInputSize()} wide (a drum VAE with
 *                   hit controls: the hits of the step being predicted; a per-sequence control, such as a style, is the
 *                   same vector at every step)
 * @param latent     the variational latent of a {@link Bridge#VARIATIONAL} bridge (read at every decoder step too), else
 *                   null
 */
public record Architecture(int inputSize, Stack encoder, Bridge bridge, Stack decoder, int attention, Head head,
                           int controlSize, Latent latent) {

    /** The recurrent cell of a stack. Canonical gate orders: LSTM {@code i, o, f, c}; GRU {@code z, r, h}. */
    public enum Cell { LSTM, GRU }

    /**
     * How the decoder's initial state is made: {@code NONE} (zeros), {@code DIRECT} (the encoder's final state, layer by
     * layer: encoder and decoder have the same sizes), {@code VARIATIONAL} (the encoder's final states, both directions,
     * give a mean and a softplus scale of a {@link Latent} {@code z}; the decoder's state is {@code tanh(dense(z))} and
     * every decoder step reads {@code z} beside its input).
     */
    public enum Bridge { NONE, DIRECT, VARIATIONAL }

    /**
     * A stack of recurrent layers, bottom first.
     *
     * @param bidirectional each layer runs forwards and backwards, its output the two directions' side by side (an
     *                      encoder only)
     */
    public record Stack(Cell cell, List<Integer> sizes, boolean bidirectional) {
        public Stack {
            Objects.requireNonNull(cell, "cell");
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("a stack has at least one layer");
            }
        }

        /** A stack that runs forwards only. */
        public Stack(Cell cell, List<Integer> sizes) {
            this(cell, sizes, false);
        }

        public int layers() {
            return sizes.size();
        }

        /** Width of the top layer's output (both directions of a bidirectional stack). */
        public int outputSize() {
            return sizes.get(sizes.size() - 1) * (bidirectional ? 2 : 1);
        }
    }

    /**
     * A variational latent: {@code z = μ + σ ⊙ ε} in training, {@code μ} when scoring, a draw from N(0, I) when sampling
     * from the prior. The KL term {@code beta · max(KL(q(z|x) ‖ N(0, I)) − freeBits · ln 2, 0)} (KL in nats per sequence;
     * free bits in bits, as Magenta counts them) joins the head's loss ({@code eval.GrooveLoss}).
     */
    public record Latent(int size, double beta, double freeBits) {
        public Latent {
            if (size < 1 || !(beta >= 0) || !(freeBits >= 0)) {
                throw new IllegalArgumentException("a latent has size >= 1, beta and free bits >= 0, got " + size + ", "
                        + beta + ", " + freeBits);
            }
        }
    }

    /** A model without a variational latent. */
    public Architecture(int inputSize, Stack encoder, Bridge bridge, Stack decoder, int attention, Head head,
                        int controlSize) {
        this(inputSize, encoder, bridge, decoder, attention, head, controlSize, null);
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
        if ((latent == null) != (bridge != Bridge.VARIATIONAL)) {
            throw new IllegalArgumentException("a variational bridge needs a latent and only it has one");
        }
        if (decoder.bidirectional()) {
            throw new IllegalArgumentException("a decoder runs forwards only");
        }
    }

    /** Width of what a decoder step reads beside its input at every step: the control and the latent. */
    public int conditioningSize() {
        return (latent == null ? 0 : latent.size()) + controlSize;
    }

    /** Features of a decoder step's input, its control included: {@code inputSize + controlSize}. */
    public int decoderInputSize() {
        return inputSize + controlSize;
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
