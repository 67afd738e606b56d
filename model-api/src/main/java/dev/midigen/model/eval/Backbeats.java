package dev.midigen.model.eval;

import dev.midigen.codec.repr.DrumTrack;

/**
 * Counts, over the steps shown to it, the kicks on beats 1 and 3 and the snares on beats 2 and 4 (quarter-note beats):
 * the one definition {@link SampleStatistics} and {@link DrumProfile} share. Mutable, for one computation.
 */
final class Backbeats {
    private long kickBeats;
    private long kicks;
    private long snareBeats;
    private long snares;

    /** Counts {@code step} of {@code track} (class indexes {@code kick} and {@code snare}, −1 when the map has none). */
    void count(DrumTrack track, int step, int kick, int snare) {
        int beat = track.stepsPerQuarter();
        int position = step % track.stepsPerBar();
        if (position == 0 || position == 2 * beat) {
            kickBeats++;
            kicks += kick >= 0 && track.hit(step, kick) ? 1 : 0;
        }
        if (position == beat || position == 3 * beat) {
            snareBeats++;
            snares += snare >= 0 && track.hit(step, snare) ? 1 : 0;
        }
    }

    long kickBeats() {
        return kickBeats;
    }

    long kicks() {
        return kicks;
    }

    long snareBeats() {
        return snareBeats;
    }

    long snares() {
        return snares;
    }
}
