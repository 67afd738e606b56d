package dev.midigen.model.generate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A scale a melody may be held to ({@link MelodyControls}), as intervals above its tonic, with the tonic it has inside
 * C major's notes: a melody model trained on tunes transposed to C (Magenta's {@code transpose_to_key}: a minor tune
 * lands on A minor, a dorian one on D dorian) plays a mode best from there, and the result is moved to the key asked.
 */
public enum Scale {
    MAJOR(0, 0, 2, 4, 5, 7, 9, 11),
    MINOR(9, 0, 2, 3, 5, 7, 8, 10),
    DORIAN(2, 0, 2, 3, 5, 7, 9, 10),
    PHRYGIAN(4, 0, 1, 3, 5, 7, 8, 10),
    LYDIAN(5, 0, 2, 4, 6, 7, 9, 11),
    MIXOLYDIAN(7, 0, 2, 4, 5, 7, 9, 10),
    LOCRIAN(11, 0, 1, 3, 5, 6, 8, 10),
    HARMONIC_MINOR(9, 0, 2, 3, 5, 7, 8, 11),
    MAJOR_PENTATONIC(0, 0, 2, 4, 7, 9),
    MINOR_PENTATONIC(9, 0, 3, 5, 7, 10),
    BLUES(9, 0, 3, 5, 6, 7, 10);

    private final int modelTonic;
    private final int[] intervals;

    Scale(int modelTonic, int... intervals) {
        this.modelTonic = modelTonic;
        this.intervals = intervals;
    }

    /** The tonic's pitch class among C major's notes, where a model transposed to C plays this scale. */
    public int modelTonic() {
        return modelTonic;
    }

    /** Semitones above the tonic, ascending, from 0. */
    public int[] intervals() {
        return intervals.clone();
    }

    /** Whether pitch class {@code pitchClass} (0 = C) is in this scale on {@code tonic}. */
    public boolean contains(int tonic, int pitchClass) {
        int above = Math.floorMod(pitchClass - tonic, 12);
        return Arrays.stream(intervals).anyMatch(i -> i == above);
    }

    /** The name on the command line: {@code major}, {@code harmonic-minor}, … */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The scale of a name ({@code major}, {@code minor}, {@code dorian}, {@code harmonic-minor}, …; also {@code ionian},
     * {@code aeolian}).
     *
     * @throws IllegalArgumentException for another name, listing the known ones
     */
    public static Scale parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        switch (key) {
            case "ionian":
                return MAJOR;
            case "aeolian":
            case "natural_minor":
                return MINOR;
            default:
                for (Scale scale : values()) {
                    if (scale.name().equalsIgnoreCase(key)) {
                        return scale;
                    }
                }
        }
        throw new IllegalArgumentException("no scale '" + name + "': known are " + Arrays.stream(values())
                .map(Scale::cliName).collect(Collectors.joining(", ")));
    }
}
