package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.model.generate.LoopForm;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The form options of {@code generate}, {@code compare} and {@code evaluate}: a loop played through with variations
 * and fills ({@link LoopForm}, the default for drum-kit and melody models; {@code Arrangement} applies it), or
 * free-running sampling.
 */
final class FormOptions {
    @Option(names = "--form", defaultValue = "loop", paramLabel = "loop|free",
            description = "Drum-kit and melody models: loop (a loop of --loop-bars played through with variations and a"
                    + " fill every --phrase-bars; the default) or free (every step sampled freely).")
    String form = "loop";

    @Option(names = "--loop-bars", defaultValue = "2", paramLabel = "N",
            description = "Bars of the loop (default: ${DEFAULT-VALUE}).")
    int loopBars = 2;

    @Option(names = "--phrase-bars", defaultValue = "4", paramLabel = "N",
            description = "Bars of a phrase, whose last bar ends in a fill; 0 = no fills (default: ${DEFAULT-VALUE}).")
    int phraseBars = 4;

    @Option(names = "--variation", paramLabel = "P",
            description = "Chance that a repeated bar of the loop varies one beat (default: " + LoopForm.VARIATION + ").")
    Double variation;

    /** Whether the loop form applies to a model of this encoding (one token per grid step). */
    static boolean applies(EncodingSpec encoding) {
        return encoding instanceof DrumKitSpec || encoding instanceof MelodySpec;
    }

    /**
     * The loop asked for, or null for free-running sampling.
     *
     * @throws IllegalArgumentException for a bad form, loop, phrase or variation
     */
    LoopForm loopForm(long seed) {
        switch (form.toLowerCase(Locale.ROOT)) {
            case "free":
                return null;
            case "loop":
                LoopForm loop = LoopForm.defaults(seed).withLoopBars(loopBars).withPhraseBars(phraseBars);
                return variation != null ? loop.withVariation(variation) : loop;
            default:
                throw new IllegalArgumentException("--form takes loop or free, got " + form);
        }
    }
}
