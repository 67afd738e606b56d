package dev.midigen.cli;

import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.MelodyControls;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.generate.Primer;
import dev.midigen.model.generate.Scale;
import dev.midigen.model.sampling.TokenConstraint;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code generate}'s melody controls ({@link MelodyControls}): key, scale, range, the grid notes start on. */
final class MelodyOptions {
    @Option(names = "--key", paramLabel = "NOTE",
            description = "Melodies: the key's tonic, C, F#, Bb, … (default: C; with --scale or alone, notes are held to"
                    + " the scale).")
    String key;

    @Option(names = "--scale", paramLabel = "NAME",
            description = "Melodies: major, minor, dorian, phrygian, lydian, mixolydian, locrian, harmonic-minor,"
                    + " major-pentatonic, minor-pentatonic or blues (default with --key: major).")
    String scale;

    @Option(names = "--range", paramLabel = "LOW-HIGH", description = "Melodies: the lowest and highest MIDI pitch, e.g. 60-84.")
    String range;

    @Option(names = "--onsets", paramLabel = "16th|8th|quarter",
            description = "Melodies: the grid notes may start on (default: 16th; 8th or quarter for sparser tunes).")
    String onsets;

    boolean given() {
        return key != null || scale != null || range != null || onsets != null;
    }

    /** The controls asked for (everything allowed when none is). */
    MelodyControls controls(int stepsPerQuarter) {
        MelodyControls controls = MelodyControls.none();
        if (key != null || scale != null) {
            controls = controls.withKey(key != null ? MelodyControls.tonicOf(key) : 0,
                    scale != null ? Scale.parse(scale) : Scale.MAJOR);
        }
        if (range != null) {
            String[] bounds = range.trim().split("-");
            if (bounds.length != 2) {
                throw new IllegalArgumentException("--range is LOW-HIGH in MIDI pitches, e.g. 60-84, got " + range);
            }
            try {
                controls = controls.withRange(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--range is LOW-HIGH in MIDI pitches, e.g. 60-84, got " + range);
            }
        }
        if (onsets != null) {
            int every = switch (onsets.trim().toLowerCase(Locale.ROOT)) {
                case "16th", "16" -> 1;
                case "8th", "8", "eighth" -> 2;
                case "quarter", "4" -> 4;
                default -> throw new IllegalArgumentException("--onsets takes 16th, 8th or quarter, got " + onsets);
            };
            controls = controls.withOnsetSteps(Math.max(1, every * stepsPerQuarter / 4));
        }
        return controls;
    }

    /**
     * A melody request with the controls: without a primer of the user's, a lead-in bar from a note of the key (a
     * degree drawn from the seed), the written melody beginning with a note of the scale the model picks; the
     * controls' constraint added to the sampling's.
     *
     * @throws IllegalArgumentException for a bad key, scale, range or onset grid
     */
    GenerationRequest apply(GenerationRequest request, MelodySpec spec, long seed) {
        MelodyControls controls = controls(spec.stepsPerQuarter());
        Primer primer = request.primer() instanceof Primer given ? given : null;
        TokenConstraint constraint = request.sampling().constraint();
        if (primer == null) {
            // the model plays a bar in from the key's note, then the written melody begins with a note of its choice
            MelodyControls start = controls.scale() == null ? controls.withKey(0, Scale.MAJOR) : controls;
            primer = start.primer(spec, seed);
            request = request.withPrimer(primer).withLeadIn(1);
            constraint = constraint.and(controls.start(spec, -primer.transposition(),
                    MusicGenerator.outputStart(request, primer)));
        }
        if (given()) {
            // the written notes are the model's moved back by the primer's transposition
            constraint = constraint.and(controls.constraint(spec, -primer.transposition()));
        }
        return request.withSampling(request.sampling().withConstraint(constraint));
    }
}
