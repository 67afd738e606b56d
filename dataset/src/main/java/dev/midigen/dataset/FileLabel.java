package dev.midigen.dataset;

import java.util.Locale;

/**
 * What a metadata file says about one source file: its style and its tempo. Either may be absent.
 *
 * @param style the style's name, lower case, the part before any {@code /} (Groove's {@code rock/halftime} is
 *              {@code rock}), or null
 * @param bpm   quarter notes per minute, or null
 */
public record FileLabel(String style, Double bpm) {
    public FileLabel {
        if (style != null) {
            style = styleName(style);
            if (style.isEmpty()) {
                style = null;
            }
        }
        if (bpm != null && !(bpm > 0 && bpm < 1000)) {
            throw new IllegalArgumentException("a bpm is between 0 and 1000, got " + bpm);
        }
    }

    /** A style as midigen names it: trimmed, lower case, the part before the first {@code /}. */
    public static String styleName(String style) {
        String name = style.trim().toLowerCase(Locale.ROOT);
        int slash = name.indexOf('/');
        return (slash >= 0 ? name.substring(0, slash) : name).trim();
    }
}
