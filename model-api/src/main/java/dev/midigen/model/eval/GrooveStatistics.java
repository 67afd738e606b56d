package dev.midigen.model.eval;

import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.quantize.QuantizationException;
import dev.midigen.codec.quantize.Quantizer;
import dev.midigen.codec.repr.DrumExtractOptions;
import dev.midigen.codec.repr.DrumExtractor;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.Extraction;
import dev.midigen.codec.repr.GrooveExtractor;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.generate.Generated;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How drum performances are played, pooled over pieces: the feel (velocities, timing against the grid) and how much
 * the bars repeat. Everything is computed from {@link GrooveTrack}s; notes become one through {@link #groove}, which
 * quantises to 16ths by the sequence's own PPQ and extracts with {@link GrooveExtractor} (so a piece spans the bars
 * from its first hit's to its last hit's, and of two notes of one class on one step the louder counts).
 *
 * <p>Bar measures look at each bar's hits as a set of (step in the bar, drum class); only whole bars count. A pair of
 * consecutive bars that are both empty is left out of both bar measures. A value with nothing to average is NaN.
 *
 * @param pieces         pieces given (a piece with no drum note the map knows counts here and adds nothing else)
 * @param bars           whole bars
 * @param hits           hits (a drum class on a step)
 * @param meanVelocity   mean hit velocity, MIDI units
 * @param velocitySpread standard deviation of hit velocities (population), MIDI units
 * @param meanAbsOffset  mean distance of a hit's onset from its step, in steps (16ths on the 16th grid): 0 to ½
 * @param barSimilarity  mean, over consecutive bar pairs, of the Jaccard index of the two bars' hit sets
 * @param repeatedBars   share of those pairs whose second bar has exactly the first bar's hits
 * @param repeatsEarlier share of the bars with hits, after each piece's first, whose hits are exactly those of some
 *                       earlier bar of the piece (a loop's return counts, not only an immediate repeat)
 */
public record GrooveStatistics(int pieces, long bars, long hits, double meanVelocity, double velocitySpread,
                               double meanAbsOffset, double barSimilarity, double repeatedBars, double repeatsEarlier) {

    /** The statistics of grooves (tracks of any maps and grids). */
    public static GrooveStatistics of(List<GrooveTrack> grooves) {
        long bars = 0;
        long hits = 0;
        double velocitySum = 0;
        double velocitySquares = 0;
        double offsetSum = 0;
        long pairs = 0;
        double jaccardSum = 0;
        long repeated = 0;
        long laterBars = 0;
        long returns = 0;
        for (GrooveTrack groove : grooves) {
            int classes = groove.map().size();
            for (int step = 0; step < groove.length(); step++) {
                for (int c = 0; c < classes; c++) {
                    if (groove.hit(step, c)) {
                        hits++;
                        double velocity = groove.velocity(step, c) * 127.0;
                        velocitySum += velocity;
                        velocitySquares += velocity * velocity;
                        offsetSum += Math.abs(groove.offset(step, c)) / 2; // offsets are twice the steps
                    }
                }
            }
            int perBar = groove.stepsPerBar();
            int whole = groove.length() / perBar;
            bars += whole;
            for (int bar = 1; bar < whole; bar++) {
                int[] before = groove.hits().slice((bar - 1) * perBar, bar * perBar).toArray();
                int[] after = groove.hits().slice(bar * perBar, (bar + 1) * perBar).toArray();
                int both = 0;
                int either = 0;
                for (int i = 0; i < perBar; i++) {
                    both += Integer.bitCount(before[i] & after[i]);
                    either += Integer.bitCount(before[i] | after[i]);
                }
                if (either == 0) {
                    continue;
                }
                pairs++;
                jaccardSum += both / (double) either;
                repeated += Arrays.equals(before, after) ? 1 : 0;
            }
            Set<IntSeq> seen = new HashSet<>();
            for (int bar = 0; bar < whole; bar++) {
                IntSeq pattern = groove.hits().slice(bar * perBar, (bar + 1) * perBar);
                boolean empty = Arrays.stream(pattern.toArray()).allMatch(mask -> mask == 0);
                if (bar > 0 && !empty) {
                    laterBars++;
                    returns += seen.contains(pattern) ? 1 : 0;
                }
                seen.add(pattern);
            }
        }
        double mean = velocitySum / hits;
        double variance = Math.max(0, velocitySquares / hits - mean * mean);
        return new GrooveStatistics(grooves.size(), bars, hits, mean, Math.sqrt(variance), offsetSum / hits,
                jaccardSum / pairs, repeated / (double) pairs, returns / (double) laterBars);
    }

    /** The statistics of drum performances given as notes, read with {@code map} ({@link #groove}). */
    public static GrooveStatistics ofNotes(List<NoteSequence> pieces, DrumMap map) {
        List<GrooveTrack> grooves = new ArrayList<>();
        for (NoteSequence piece : pieces) {
            groove(piece, map).ifPresent(grooves::add);
        }
        GrooveStatistics pooled = of(grooves);
        return new GrooveStatistics(pieces.size(), pooled.bars, pooled.hits, pooled.meanVelocity, pooled.velocitySpread,
                pooled.meanAbsOffset, pooled.barSimilarity, pooled.repeatedBars, pooled.repeatsEarlier);
    }

    /**
     * The statistics of generated drum pieces: their notes as written (primer included when the output includes it),
     * read with the map of their {@link DrumTrack}.
     *
     * @throws IllegalArgumentException when the pieces are not drums
     */
    public static GrooveStatistics ofGenerated(List<Generated> pieces) {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        if (!(pieces.get(0).music() instanceof DrumTrack track)) {
            throw new IllegalArgumentException("groove statistics are for drums, not "
                    + pieces.get(0).music().getClass().getSimpleName());
        }
        return ofNotes(pieces.stream().map(Generated::notes).toList(), track.map());
    }

    /**
     * The performance in {@code notes} as one groove on the 16th grid of its own PPQ: its drum notes (channel 10)
     * that {@code map} knows, from the bar of the first to the bar of the last; empty when there are none.
     *
     * @throws IllegalArgumentException when the notes cannot be put on one bar grid (SMPTE timing, a meter change, a
     *                                  bar that is not a whole number of 16ths)
     */
    public static Optional<GrooveTrack> groove(NoteSequence notes, DrumMap map) {
        Extraction<GrooveTrack> extracted;
        try {
            extracted = new GrooveExtractor(DrumExtractOptions.defaults(map)).extract(
                    Quantizer.stepsPerQuarter(4).quantize(notes));
        } catch (QuantizationException e) {
            throw new IllegalArgumentException("cannot put the notes on a 16th grid: " + e.getMessage(), e);
        }
        // never cut (gap 0): one piece or none
        if (!extracted.items().isEmpty()) {
            return Optional.of(extracted.items().get(0));
        }
        if (extracted.dropped().get(DrumExtractor.NO_DRUM_NOTES) > 0) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no groove in the notes: " + extracted.dropped());
    }
}
