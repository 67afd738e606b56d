package dev.midigen.model.eval;

import dev.midigen.codec.repr.Melody;
import dev.midigen.model.generate.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How melodies move and repeat, pooled over pieces, the same for generated and real ones: notes per bar, mean leap,
 * repeated bars, scale consistency, pitch range. A note is a pitch event (an onset); a piece spans the bars from its
 * first step to its last (a last bar the melody ends in counts whole: its steps after the end are silent).
 *
 * <p>A bar's notes are the set of its (onset step within the bar, pitch). Bar repetition is counted over the pairs of
 * consecutive bars of a piece of which at least one has notes (two silent bars are left out, as
 * {@link GrooveStatistics} leaves out empty pairs): {@code repeatedBars} is the share whose second bar has notes and
 * exactly the first bar's — {@link GrooveStatistics#repeatedBars}'s definition — and {@code repeatsEarlierBar} the
 * share whose second bar has notes and exactly those of some earlier bar of the piece (the previous one or any before:
 * the form of a tune, AABA, counts here). A value with nothing to average is NaN.
 *
 * @param pieces            pieces given
 * @param bars              bars spanned
 * @param notes             notes (onsets)
 * @param notesPerBar       notes ÷ bars
 * @param meanLeap          mean |interval| in semitones between consecutive notes of a piece (across rests)
 * @param repeatedBars      share of consecutive bar pairs whose second bar repeats the first exactly
 * @param repeatsEarlierBar share of those pairs whose second bar repeats any earlier bar of the piece exactly
 * @param scaleConsistency  share of notes in their piece's best-fitting diatonic scale: per piece the most notes that one
 *                          of the 12 major scales holds (a major scale's notes are also its relative minor's and every
 *                          mode's of it: dorian, mixolydian, …), summed over pieces, ÷ notes
 * @param pitchRange        mean, over pieces with notes, of highest − lowest pitch (semitones)
 * @param lowestPitch       the lowest pitch of any piece (null without notes)
 * @param highestPitch      the highest pitch of any piece (null without notes)
 */
public record MelodyStatistics(int pieces, long bars, long notes, double notesPerBar, double meanLeap,
                               double repeatedBars, double repeatsEarlierBar, double scaleConsistency, double pitchRange,
                               Integer lowestPitch, Integer highestPitch) {

    /** The major scale's pitch classes from its tonic. */
    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};

    /** The statistics of melodies (any grids and bar lengths). */
    public static MelodyStatistics of(List<Melody> melodies) {
        long bars = 0;
        long notes = 0;
        long leaps = 0;
        long leapSum = 0;
        long pairs = 0;
        long repeated = 0;
        long repeatsEarlier = 0;
        long inScale = 0;
        double rangeSum = 0;
        int withNotes = 0;
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        for (Melody melody : melodies) {
            Objects.requireNonNull(melody, "melody");
            int perBar = melody.stepsPerBar();
            int pieceBars = (melody.length() + perBar - 1) / perBar;
            bars += pieceBars;
            int[] pitchClasses = new int[12];
            int previous = -1;
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            List<List<Integer>> barNotes = new ArrayList<>(pieceBars);
            for (int bar = 0; bar < pieceBars; bar++) {
                List<Integer> onsets = new ArrayList<>(); // step in bar × 128 + pitch, in step order
                for (int step = bar * perBar; step < Math.min(melody.length(), (bar + 1) * perBar); step++) {
                    int pitch = melody.events().get(step);
                    if (pitch < 0) {
                        continue;
                    }
                    onsets.add((step - bar * perBar) * 128 + pitch);
                    notes++;
                    pitchClasses[pitch % 12]++;
                    low = Math.min(low, pitch);
                    high = Math.max(high, pitch);
                    if (previous >= 0) {
                        leaps++;
                        leapSum += Math.abs(pitch - previous);
                    }
                    previous = pitch;
                }
                barNotes.add(onsets);
            }
            for (int bar = 1; bar < pieceBars; bar++) {
                List<Integer> now = barNotes.get(bar);
                if (now.isEmpty() && barNotes.get(bar - 1).isEmpty()) {
                    continue;
                }
                pairs++;
                if (now.isEmpty()) {
                    continue;
                }
                repeated += now.equals(barNotes.get(bar - 1)) ? 1 : 0;
                repeatsEarlier += barNotes.subList(0, bar).contains(now) ? 1 : 0;
            }
            inScale += bestScaleCount(pitchClasses);
            if (low <= high) {
                withNotes++;
                rangeSum += high - low;
                lowest = Math.min(lowest, low);
                highest = Math.max(highest, high);
            }
        }
        return new MelodyStatistics(melodies.size(), bars, notes, notes / (double) bars, leapSum / (double) leaps,
                repeated / (double) pairs, repeatsEarlier / (double) pairs, inScale / (double) notes,
                rangeSum / withNotes, withNotes == 0 ? null : lowest, withNotes == 0 ? null : highest);
    }

    /**
     * The statistics of melodies read in bars of {@code stepsPerBar} steps from their first step, whatever their meter:
     * real melodies measured as generated ones are (the melody encodings carry no meter: what a model writes is in 4/4,
     * {@code 4 × stepsPerQuarter} steps a bar).
     */
    public static MelodyStatistics inBarsOf(int stepsPerBar, List<Melody> melodies) {
        List<Melody> rebarred = new ArrayList<>(melodies.size());
        for (Melody melody : melodies) {
            rebarred.add(new Melody(melody.stepsPerQuarter(), stepsPerBar, melody.events()));
        }
        return of(rebarred);
    }

    /**
     * The statistics of generated melodies, as written (the primer included when the output includes it).
     *
     * @throws IllegalArgumentException when the pieces are not melodies
     */
    public static MelodyStatistics ofGenerated(List<Generated> pieces) {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        List<Melody> melodies = new ArrayList<>(pieces.size());
        for (Generated piece : pieces) {
            if (!(piece.music() instanceof Melody melody)) {
                throw new IllegalArgumentException("melody statistics are for melodies, not "
                        + piece.music().getClass().getSimpleName());
            }
            melodies.add(melody);
        }
        return of(melodies);
    }

    /** The most notes (by pitch-class counts) that one of the 12 major scales holds. */
    private static long bestScaleCount(int[] pitchClasses) {
        long best = 0;
        for (int tonic = 0; tonic < 12; tonic++) {
            long count = 0;
            for (int degree : MAJOR) {
                count += pitchClasses[(tonic + degree) % 12];
            }
            best = Math.max(best, count);
        }
        return best;
    }
}
