package dev.midigen.cli;

import dev.midigen.model.generate.MelodyControls;
import dev.midigen.model.generate.Scale;
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

    /**
     * The controls asked for, or null when none is.
     *
     * @throws IllegalArgumentException for a bad key, scale, range or onset grid
     */
    MelodyControls controls(int stepsPerQuarter) {
        if (!given()) {
            return null;
        }
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
}
