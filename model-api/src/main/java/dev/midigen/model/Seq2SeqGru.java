package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * DeepMusician's encoder–decoder GRU over piano-roll frames: encoder and decoder of {@code layers} GRU layers of
 * {@code hidden} units, the decoder starting from the encoder's final state, then
 * Linear(hidden→classifierHidden) → ReLU → Linear(→ keys): a multi-label head, one independent Bernoulli per key,
 * trained with {@code loss}.
 *
 * @param loss the head's objective ({@link BernoulliLoss.Bce} or {@link BernoulliLoss.Focal}); bundles written before
 *             the loss moved into the spec have none and read as DeepMusician's focal loss (α 0.75, γ 2) unless their
 *             provenance says otherwise ({@code ModelBundle} migrates it)
 */
@JsonPropertyOrder({"hidden", "layers", "classifierHidden", "loss"})
public record Seq2SeqGru(int hidden, int layers, int classifierHidden, BernoulliLoss loss) implements ModelFamily {

    /** DeepMusician's focal loss. */
    public static final BernoulliLoss DEFAULT_LOSS = new BernoulliLoss.Focal(0.75, 2);
    public static final Seq2SeqGru DEEP_MUSICIAN = new Seq2SeqGru(512, 2, 256);

    public Seq2SeqGru {
        if (hidden < 1 || hidden > 4096 || layers < 1 || layers > 8 || classifierHidden < 1 || classifierHidden > 4096) {
            throw new IllegalArgumentException("seq2seq-gru sizes out of range: hidden " + hidden + ", layers " + layers
                    + ", classifier " + classifierHidden);
        }
        loss = loss == null ? DEFAULT_LOSS : loss;
    }

    /** With DeepMusician's focal loss. */
    public Seq2SeqGru(int hidden, int layers, int classifierHidden) {
        this(hidden, layers, classifierHidden, DEFAULT_LOSS);
    }

    public Seq2SeqGru withLoss(BernoulliLoss newLoss) {
        return new Seq2SeqGru(hidden, layers, classifierHidden, Objects.requireNonNull(newLoss, "loss"));
    }

    @Override
    public String typeName() {
        return "seq2seq-gru";
    }
}
