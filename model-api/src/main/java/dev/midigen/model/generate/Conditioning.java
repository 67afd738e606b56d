package dev.midigen.model.generate;

import dev.midigen.model.Controls;
import dev.midigen.model.ModelSpec;

/**
 * What a conditioned token model is asked to play ({@link Controls}): a style of its vocabulary and a tempo. The
 * tempo control is this one's bpm, else the tempo the piece is written at.
 *
 * @param style a style the model knows ({@link Controls#styles()}), or null for none ("any style": all zeros)
 * @param bpm   the tempo the model is told, or null for the piece's
 */
public record Conditioning(String style, Double bpm) {

    /** No style, the piece's tempo. */
    public static final Conditioning NONE = new Conditioning(null, null);

    public Conditioning {
        if (style != null) {
            style = style.trim().toLowerCase(java.util.Locale.ROOT);
            if (style.isEmpty()) {
                style = null;
            }
        }
        if (bpm != null && !(bpm > 0 && bpm <= 1000)) {
            throw new IllegalArgumentException("bpm must be in (0, 1000], got " + bpm);
        }
    }

    /** A style at the piece's tempo. */
    public static Conditioning style(String style) {
        return new Conditioning(style, null);
    }

    /**
     * Checks this against a model's vocabulary.
     *
     * @throws IllegalArgumentException for a style the model does not know (listing those it does), or a style for a
     *                                  model without controls
     */
    public Conditioning checkedFor(ModelSpec spec) {
        Controls controls = spec.controls();
        if (style != null && (controls == null || !controls.knows(style))) {
            throw new IllegalArgumentException("unknown style '" + style + "' (this model knows: "
                    + (controls == null ? "none: it is not style-conditioned" : controls.known()) + ")");
        }
        return this;
    }

    /**
     * The control every step of {@code spec}'s model reads for a piece written at {@code pieceBpm}: null for a model
     * without controls.
     *
     * @throws IllegalArgumentException as {@link #checkedFor}
     */
    public float[] control(ModelSpec spec, double pieceBpm) {
        checkedFor(spec);
        Controls controls = spec.controls();
        return controls == null ? null : controls.vector(style, bpm != null ? bpm : pieceBpm);
    }
}
