package dev.midigen.model.generate;

import dev.midigen.codec.encoding.MelodyCodec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Control over a melody model's notes: the key and scale, the pitch range and the grid notes start on — a
 * {@link TokenConstraint} on the one sampler, so every note is still the model's choice among those allowed — and
 * where the melody starts: on a random degree of the scale (seeded), not always on the tonic.
 *
 * <p>A model transposed to C (its spec's {@code transposeToKey} 0) plays in its own space: the scale on its
 * {@link Scale#modelTonic} among C major's notes; the melody is then moved to {@code tonic} by the smallest shift
 * (−6 … +5 semitones) plus whole octaves so that the range fits. {@code range} is of the written notes.
 *
 * @param tonic      pitch class of the key, 0 = C … 11 = B
 * @param scale      the scale, or null: every pitch class (only the range and onset grid hold)
 * @param low        lowest written pitch allowed
 * @param high       highest written pitch allowed
 * @param onsetSteps a note may begin only every this many steps (1: any 16th; 2: eighths; 4: quarters)
 */
public record MelodyControls(int tonic, Scale scale, int low, int high, int onsetSteps) {
    private static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    public MelodyControls {
        if (tonic < 0 || tonic > 11) {
            throw new IllegalArgumentException("a key's tonic is a pitch class 0..11, got " + tonic);
        }
        if (low < 0 || high > 127 || low > high) {
            throw new IllegalArgumentException("a range is LOW-HIGH within 0..127, got " + low + "-" + high);
        }
        if (onsetSteps < 1 || onsetSteps > 64) {
            throw new IllegalArgumentException("notes start every 1..64 steps, got " + onsetSteps);
        }
    }

    /** No key, any pitch, any step. */
    public static MelodyControls none() {
        return new MelodyControls(0, null, 0, 127, 1);
    }

    public MelodyControls withKey(int newTonic, Scale newScale) {
        return new MelodyControls(newTonic, newScale, low, high, onsetSteps);
    }

    public MelodyControls withRange(int newLow, int newHigh) {
        return new MelodyControls(tonic, scale, newLow, newHigh, onsetSteps);
    }

    public MelodyControls withOnsetSteps(int steps) {
        return new MelodyControls(tonic, scale, low, high, steps);
    }

    /**
     * The semitones from the model's notes to the written ones: the key's shift (−6 … +5 from the scale's model tonic)
     * plus the octaves that put the model's range most inside {@code low … high}.
     *
     * @throws IllegalArgumentException when no octave puts a pitch of the model's range inside the range asked
     */
    public int shift(MelodySpec spec) {
        int modelTonic = scale == null ? 0 : scale.modelTonic();
        int base = Math.floorMod(tonic - modelTonic + 6, 12) - 6;
        int best = Integer.MIN_VALUE;
        int bestOverlap = 0;
        for (int octaves = -10; octaves <= 10; octaves++) {
            int shift = base + 12 * octaves;
            int overlap = Math.min(high, spec.maxPitch() - 1 + shift) - Math.max(low, spec.minPitch() + shift) + 1;
            if (overlap > bestOverlap || overlap == bestOverlap && overlap > 0 && Math.abs(shift) < Math.abs(best)) {
                bestOverlap = overlap;
                best = shift;
            }
        }
        if (bestOverlap <= 0) {
            throw new IllegalArgumentException("the range " + low + "-" + high + " has no pitch the model's "
                    + spec.minPitch() + "-" + (spec.maxPitch() - 1) + " can be moved to");
        }
        return best;
    }

    /** Whether a written pitch is allowed: in the scale (if any) and the range. */
    public boolean allows(int pitch) {
        return pitch >= low && pitch <= high && (scale == null || scale.contains(tonic, Math.floorMod(pitch, 12)));
    }

    /**
     * A one-note primer in the model's space (transposed by {@link #shift}, so the written melody is in the key): a
     * degree of the scale drawn from {@code seed}, in the octave nearest the middle of the allowed range.
     *
     * @throws IllegalArgumentException when no allowed pitch is in the model's range
     */
    public Primer primer(MelodySpec spec, long seed) {
        int shift = shift(spec);
        List<Integer> candidates = new ArrayList<>();
        int middle = (Math.max(low, spec.minPitch() + shift) + Math.min(high, spec.maxPitch() - 1 + shift)) / 2;
        for (int written = middle - 6; written < middle + 6; written++) {
            int model = written - shift;
            if (allows(written) && model >= spec.minPitch() && model < spec.maxPitch()) {
                candidates.add(model);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no note of " + describe() + " is among the model's pitches, "
                    + (spec.minPitch() + shift) + "-" + (spec.maxPitch() - 1 + shift) + " as written");
        }
        int pitch = candidates.get(new SplittableRandom(seed).nextInt(candidates.size()));
        // the token itself: squashing a single note into the model's key would move it unpredictably
        int token = new MelodyCodec(spec).tokenOf(pitch);
        return new Primer(IntSeq.of(token), 4 * spec.stepsPerQuarter(), -shift, OptionalDouble.empty());
    }

    /**
     * The constraint on a melody model's tokens: a pitch only where a note may start ({@code onsetSteps}, counted from
     * token 0, a bar line) and only if its written pitch is allowed; holding and stopping are always allowed.
     */
    public TokenConstraint constraint(MelodySpec spec) {
        return constraint(spec, shift(spec));
    }

    /** {@link #constraint(MelodySpec)} for a melody written {@code shift} semitones above the model's notes. */
    public TokenConstraint constraint(MelodySpec spec, int shift) {
        MelodyCodec codec = new MelodyCodec(spec);
        boolean[] pitchAllowed = new boolean[codec.vocabularySize()];
        boolean anyPitch = false;
        for (int token = 0; token < pitchAllowed.length; token++) {
            int event = codec.eventOf(token);
            pitchAllowed[token] = event < 0 || allows(event + shift);
            anyPitch |= event >= 0 && pitchAllowed[token];
        }
        if (!anyPitch) {
            throw new IllegalArgumentException("no note of " + describe() + " is among the model's pitches, "
                    + (spec.minPitch() + shift) + "-" + (spec.maxPitch() - 1 + shift) + " as written");
        }
        StepMask onGrid = new StepMask.Where(token -> pitchAllowed[token]);
        StepMask offGrid = new StepMask.Where(token -> codec.eventOf(token) < 0);
        return (output, tokens, position) -> position % onsetSteps == 0 ? onGrid : offGrid;
    }

    /**
     * The first note of a melody written {@code shift} above the model's notes: at token {@code position} (where the
     * output begins, after a lead-in) a note must start, on a degree of the scale (C major without one) in the octave
     * around the middle of the range, which the model chooses — so melodies start on different degrees, each fitting
     * what the model played before.
     */
    public TokenConstraint start(MelodySpec spec, int shift, int position) {
        MelodyCodec codec = new MelodyCodec(spec);
        MelodyControls key = scale == null ? withKey(0, Scale.MAJOR) : this;
        int middle = (Math.max(low, spec.minPitch() + shift) + Math.min(high, spec.maxPitch() - 1 + shift)) / 2;
        StepMask first = new StepMask.Where(token -> {
            int event = codec.eventOf(token);
            int written = event + shift;
            return event >= 0 && key.allows(written) && written >= middle - 6 && written < middle + 6;
        });
        return (output, tokens, at) -> at == position ? first : StepMask.ANY;
    }

    /** "D dorian, 60-84, notes on eighths". */
    public String describe() {
        String key = scale == null ? "any key" : NAMES[tonic] + " " + scale.cliName();
        String grid = onsetSteps == 1 ? "" : ", notes every " + onsetSteps + " steps";
        return String.format(Locale.ROOT, "%s, %d-%d%s", key, low, high, grid);
    }

    /**
     * The pitch class of a key name: {@code C}, {@code F#}, {@code Bb}, {@code c#} …
     *
     * @throws IllegalArgumentException for another name
     */
    public static int tonicOf(String name) {
        String key = name.trim();
        if (key.isEmpty() || key.length() > 2) {
            throw new IllegalArgumentException("a key is a note name such as C, F# or Bb, got '" + name + "'");
        }
        int base = switch (Character.toUpperCase(key.charAt(0))) {
            case 'C' -> 0;
            case 'D' -> 2;
            case 'E' -> 4;
            case 'F' -> 5;
            case 'G' -> 7;
            case 'A' -> 9;
            case 'B' -> 11;
            default -> throw new IllegalArgumentException("a key is a note name such as C, F# or Bb, got '" + name + "'");
        };
        if (key.length() == 2) {
            char accidental = key.charAt(1);
            if (accidental == '#') {
                base++;
            } else if (accidental == 'b') {
                base--;
            } else {
                throw new IllegalArgumentException("a key is a note name such as C, F# or Bb, got '" + name + "'");
            }
        }
        return Math.floorMod(base, 12);
    }
}
