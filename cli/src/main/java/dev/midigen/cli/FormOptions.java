package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.LoopForm;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.generate.Primer;
import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s form options: a loop played through with variations and fills ({@link LoopForm}, the default for
 * drum-kit and melody models), or free-running sampling.
 */
final class FormOptions {
    @Option(names = "--form", defaultValue = "loop", paramLabel = "loop|free",
            description = "Drum-kit and melody models: loop (a loop of --loop-bars played through with variations and a"
                    + " fill every --phrase-bars; the default) or free (every step sampled freely).")
    String form;

    @Option(names = "--loop-bars", defaultValue = "2", paramLabel = "N",
            description = "Bars of the loop (default: ${DEFAULT-VALUE}).")
    int loopBars;

    @Option(names = "--phrase-bars", defaultValue = "4", paramLabel = "N",
            description = "Bars of a phrase, whose last bar ends in a fill; 0 = no fills (default: ${DEFAULT-VALUE}).")
    int phraseBars;

    @Option(names = "--variation", paramLabel = "P",
            description = "Chance that a repeated bar of the loop varies one beat (default: " + LoopForm.VARIATION + ").")
    Double variation;

    /** Whether the loop form applies to a model of this encoding (one token per grid step). */
    static boolean applies(EncodingSpec encoding) {
        return encoding instanceof DrumKitSpec || encoding instanceof MelodySpec;
    }

    /**
     * Bars the model plays in before the output, not written: one for a beat's loop from the default primer, so the
     * loop is not the model's sparser opening bar; none to continue a primer of the user's, nor for a melody, which
     * starts from its one-note primer on a degree of the key.
     */
    int leadInBars(EncodingSpec encoding, boolean defaultPrimer) {
        return defaultPrimer && !free() && encoding instanceof DrumKitSpec ? 1 : 0;
    }

    /** Whether sampling runs free (no form). */
    boolean free() {
        return switch (form.toLowerCase(Locale.ROOT)) {
            case "free" -> true;
            case "loop" -> false;
            default -> throw new IllegalArgumentException("--form takes loop or free, got " + form);
        };
    }

    /** The form's constraint on {@code primer}'s bars from the request's output start, or none. */
    TokenConstraint constraint(EncodingSpec encoding, GenerationRequest request, Primer primer, long seed) {
        if (free() || !applies(encoding)) {
            return TokenConstraint.NONE;
        }
        LoopForm loop = LoopForm.defaults(seed).withLoopBars(loopBars).withPhraseBars(phraseBars)
                .withRest(encoding instanceof DrumKitSpec ? 0 : -1); // a beat's idea keeps the pulse; a melody may rest
        if (variation != null) {
            loop = loop.withVariation(variation);
        }
        int perBar = primer.stepsPerBar();
        int perBeat = stepsPerQuarter(encoding);
        // the loop's idea is sampled: after a lead-in, or from the first bar line after a primer of the user's (whose
        // bars another constraint, such as a key, may not allow)
        int primerTokens = primer.tokens().length();
        int origin = request.leadInBars() > 0 ? MusicGenerator.outputStart(request, primer)
                : (primerTokens + perBar - 1) / perBar * perBar;
        TokenConstraint form = loop.constraint(perBar, perBar % perBeat == 0 ? perBeat : perBar, origin);
        // after a lead-in the idea's first step is sampled: a beat's starts with a kick
        return encoding instanceof DrumKitSpec drums && origin > 0 ? form.and(kickOnOne(drums, origin)) : form;
    }

    /**
     * A beat's idea starts with a kick on its first step, as Magenta's default drum primer does: without it one beat
     * in thirty-odd was an idea of hats alone, and the loop repeated it.
     */
    private static TokenConstraint kickOnOne(DrumKitSpec drums, int origin) {
        int kick = -1;
        for (int c = 0; c < drums.drumMap().size() && kick < 0; c++) {
            kick = drums.drumMap().classes().get(c).name().equals("kick") ? c : -1;
        }
        if (kick < 0) {
            return TokenConstraint.NONE;
        }
        int bit = 1 << kick;
        StepMask withKick = new StepMask.Where(token -> (token & bit) != 0);
        return (output, tokens, position) -> position == origin ? withKick : StepMask.ANY;
    }


    private static int stepsPerQuarter(EncodingSpec encoding) {
        return encoding instanceof DrumKitSpec drums ? drums.stepsPerQuarter() : ((MelodySpec) encoding).stepsPerQuarter();
    }
}
