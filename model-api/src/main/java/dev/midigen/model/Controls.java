package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The vocabulary of a token model's per-sequence control: what each value of the control that every decoder step reads
 * after its input means ({@link Architecture#controlSize()}). The vector is {@code [style one-hot ; tempo]}:
 * <ul>
 *   <li>one value per style of {@link #styles()}, in order: 1 for the piece's style, 0 for the others. A piece of a
 *       style the list does not hold (one with too few training files), or of no known style, has all zeros; training
 *       also zeroes the styles of {@value #STYLE_DROPOUT_PERCENT}% of its windows at random, so all zeros means "any
 *       style" and a request without a style samples as an unconditioned model would;</li>
 *   <li>then, when {@link #tempo()} is {@value #LOG2_TEMPO}, one value: {@code log2(bpm / 120)} clamped to ±2 (0 at
 *       120 bpm, ±1 an octave of tempo away).</li>
 * </ul>
 *
 * @param styles the styles, in the order of their values (lower case)
 * @param tempo  the tempo encoding, {@value #LOG2_TEMPO}, or null for none
 */
@JsonPropertyOrder({"styles", "tempo"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Controls(List<String> styles, String tempo) {

    /** The tempo encoding: {@code log2(bpm / 120)}, clamped to ±2. */
    public static final String LOG2_TEMPO = "log2(bpm/120)";
    /** Share of training windows whose style values are zeroed (in percent, for the docs). */
    public static final int STYLE_DROPOUT_PERCENT = 10;
    /** Share of training windows whose style values are zeroed. */
    public static final double STYLE_DROPOUT = STYLE_DROPOUT_PERCENT / 100.0;
    /** The tempo a request without one is given. */
    public static final double DEFAULT_BPM = 120;

    public Controls {
        styles = List.copyOf(styles);
        if (styles.stream().distinct().count() != styles.size()) {
            throw new IllegalArgumentException("control styles are distinct, got " + styles);
        }
        for (String style : styles) {
            if (style.isBlank() || !style.equals(style.trim().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("a control style is a lower-case name, got '" + style + "'");
            }
        }
        if (tempo != null && !tempo.equals(LOG2_TEMPO)) {
            throw new IllegalArgumentException("the tempo control is " + LOG2_TEMPO + " or none, got " + tempo);
        }
        if (styles.isEmpty() && tempo == null) {
            throw new IllegalArgumentException("controls have styles or a tempo");
        }
    }

    /** Values of the control vector. */
    @JsonIgnore
    public int size() {
        return styles.size() + (tempo != null ? 1 : 0);
    }

    /** Whether the model knows {@code style}. */
    public boolean knows(String style) {
        return style != null && styles.contains(style);
    }

    /**
     * Writes the control of a piece into {@code out[offset …)}: the style's one-hot (all zeros for {@code style} null),
     * then the tempo feature.
     *
     * @param style a style of {@link #styles()}, or null for none
     * @throws IllegalArgumentException for a style the model does not know, listing those it does
     */
    public void write(String style, double bpm, float[] out, int offset) {
        int index = style == null ? -1 : styles.indexOf(style);
        if (style != null && index < 0) {
            throw new IllegalArgumentException("unknown style '" + style + "' (this model knows: " + known() + ")");
        }
        java.util.Arrays.fill(out, offset, offset + styles.size(), 0f);
        if (index >= 0) {
            out[offset + index] = 1f;
        }
        if (tempo != null) {
            out[offset + styles.size()] = tempoFeature(bpm);
        }
    }

    /** The control of a piece as a new array ({@link #write}). */
    public float[] vector(String style, double bpm) {
        float[] out = new float[size()];
        write(style, bpm, out, 0);
        return out;
    }

    /** The styles in words, for messages and {@code --help}: {@code "funk, jazz, rock"} or {@code "none"}. */
    public String known() {
        return styles.isEmpty() ? "none" : String.join(", ", styles);
    }

    /** {@code log2(bpm / 120)} clamped to ±2 (a non-positive or unknown bpm is 120). */
    public static float tempoFeature(double bpm) {
        if (!(bpm > 0) || Double.isInfinite(bpm)) {
            return 0f;
        }
        return (float) Math.max(-2, Math.min(2, Math.log(bpm / DEFAULT_BPM) / Math.log(2)));
    }

    /**
     * The controls of a training split: each style with at least {@code minFiles} training files, alphabetically, and
     * the tempo.
     *
     * @param fileStyles the style of each training file (null for none)
     */
    public static Controls of(List<String> fileStyles, int minFiles) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String style : fileStyles) {
            if (style != null) {
                counts.merge(style, 1, Integer::sum);
            }
        }
        List<String> styles = new ArrayList<>();
        counts.forEach((style, count) -> {
            if (count >= minFiles) {
                styles.add(style);
            }
        });
        return new Controls(styles, LOG2_TEMPO);
    }
}
