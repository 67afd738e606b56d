package dev.midigen.model.eval;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.model.generate.Generated;
import java.util.List;

/**
 * Statistics of the generated pieces, over their whole bars (the one-step default primer is the first step), pooled
 * over all pieces. Drum encodings fill the drum fields, melodies the pitch fields, piano rolls the pitch fields and
 * the density; the others are null.
 *
 * @param pieces            pieces generated (or real pieces measured)
 * @param bars              bars per piece; for real drum tracks ({@link #ofDrumTracks}) their whole bars in all
 * @param notesPerBar       drum hits or melody notes per bar
 * @param kickOnBeats1And3  share of beats 1 and 3 (the bar's first and third quarter) with a kick
 * @param snareOnBeats2And4 share of beats 2 and 4 with a snare
 * @param hatsPerStep       closed and open hi-hat hits per grid step
 * @param pitchRange        mean, over pieces with notes, of highest − lowest pitch (semitones)
 * @param lowestPitch       the lowest pitch of any piece
 * @param highestPitch      the highest pitch of any piece
 * @param keysPerStep       piano rolls: keys sounding per grid step (note density)
 */
public record SampleStatistics(int pieces, int bars, double notesPerBar, Double kickOnBeats1And3,
                               Double snareOnBeats2And4, Double hatsPerStep, Double pitchRange, Integer lowestPitch,
                               Integer highestPitch, Double keysPerStep) {
    public boolean drums() {
        return hatsPerStep != null;
    }

    public boolean piano() {
        return keysPerStep != null;
    }

    /** The statistics of generated pieces: their last {@code bars} bars. */
    public static SampleStatistics of(List<Generated> pieces, int bars) {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        if (pieces.get(0).music() instanceof DrumTrack) {
            return drumStatistics(pieces, bars);
        }
        if (pieces.get(0).music() instanceof Melody || pieces.get(0).music() instanceof PianoRoll) {
            return pitchStatistics(pieces, bars);
        }
        throw new IllegalArgumentException("no statistics for " + pieces.get(0).music().getClass().getSimpleName());
    }

    /**
     * The drum statistics of real drum tracks (such as a corpus's source pieces), over each track's whole bars.
     *
     * @throws IllegalArgumentException when there are no tracks
     */
    public static SampleStatistics ofDrumTracks(List<DrumTrack> tracks) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("no drum tracks");
        }
        return trackStatistics(tracks, -1);
    }

    private static SampleStatistics drumStatistics(List<Generated> pieces, int bars) {
        return trackStatistics(pieces.stream().map(piece -> (DrumTrack) piece.music()).toList(), bars);
    }

    /** {@code bars} &lt; 0: every whole bar of each track; else each track's last {@code bars} bars. */
    private static SampleStatistics trackStatistics(List<DrumTrack> tracks, int bars) {
        long hits = 0;
        long steps = 0;
        long hats = 0;
        Backbeats backbeats = new Backbeats();
        double barsMeasured = 0;
        for (DrumTrack track : tracks) {
            DrumMap map = track.map();
            int kick = map.classNamed("kick");
            int snare = map.classNamed("snare");
            int perBar = track.stepsPerBar();
            int first = bars < 0 ? 0 : Math.max(0, track.length() - bars * perBar); // the primer's steps come first
            int end = bars < 0 ? track.length() / perBar * perBar : track.length();
            barsMeasured += (end - first) / (double) perBar;
            for (int step = first; step < end; step++) {
                int mask = track.steps().get(step);
                hits += Integer.bitCount(mask);
                steps++;
                for (int c = 0; c < map.size(); c++) {
                    if ((mask >>> c & 1) != 0 && map.classes().get(c).name().contains("hat")) {
                        hats++;
                    }
                }
                backbeats.count(track, step, kick, snare);
            }
        }
        return new SampleStatistics(tracks.size(), bars < 0 ? (int) Math.round(barsMeasured) : bars, hits / barsMeasured,
                ratio(backbeats.kicks(), backbeats.kickBeats()), ratio(backbeats.snares(), backbeats.snareBeats()),
                ratio(hats, steps), null, null, null, null);
    }

    /**
     * Melodies and piano rolls: note onsets per bar, pitch range per piece; for a piano roll also the keys sounding per
     * step.
     */
    private static SampleStatistics pitchStatistics(List<Generated> pieces, int bars) {
        boolean piano = pieces.get(0).music() instanceof PianoRoll;
        long notes = 0;
        long steps = 0;
        long sounding = 0;
        double rangeSum = 0;
        int withNotes = 0;
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        int perBar = 0;
        for (Generated piece : pieces) {
            Melody melody = piano ? null : (Melody) piece.music();
            PianoRoll roll = piano ? (PianoRoll) piece.music() : null;
            perBar = piano ? roll.stepsPerBar() : melody.stepsPerBar();
            int length = piano ? roll.frames() : melody.length();
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            for (int step = Math.max(0, length - bars * perBar); step < length; step++) {
                steps++;
                for (int key = 0; key < (piano ? roll.keys() : 1); key++) {
                    sounding += piano && roll.active(step, key) ? 1 : 0;
                    int pitch = piano ? roll.onset(step, key) ? roll.minPitch() + key : -1 : melody.events().get(step);
                    if (pitch >= 0) {
                        notes++;
                        low = Math.min(low, pitch);
                        high = Math.max(high, pitch);
                    }
                }
            }
            if (low <= high) {
                withNotes++;
                rangeSum += high - low;
                lowest = Math.min(lowest, low);
                highest = Math.max(highest, high);
            }
        }
        return new SampleStatistics(pieces.size(), bars, notes / (steps / (double) perBar), null, null, null,
                withNotes == 0 ? null : rangeSum / withNotes, withNotes == 0 ? null : lowest,
                withNotes == 0 ? null : highest, piano ? ratio(sounding, steps) : null);
    }


    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
