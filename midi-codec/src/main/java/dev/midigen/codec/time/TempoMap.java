package dev.midigen.codec.time;

import dev.midigen.codec.smf.MetaMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.smf.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Converts between ticks and wall-clock time in {@code long} microseconds (exact far beyond the
 * 36 minutes where an {@code int} of microseconds overflows).
 *
 * <p>With PPQ timing the map is built from the tempo events of every track (format 0 and 1 files
 * keep them in any track, not only the first); before the first tempo event the tempo is 120 BPM.
 * With SMPTE timing ticks are absolute time and tempo events do not move the clock.
 * Tempo events of 0 µs per quarter are ignored (they would stop time). Immutable.
 */
public final class TempoMap {
    /** 120 BPM: the tempo before any tempo event, as the standard says. */
    public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

    private final Timing timing;
    private final List<TempoChange> changes;
    private final long[] ticks;
    private final int[] tempos;
    private final long[] micros;

    private TempoMap(Timing timing, List<TempoChange> changes) {
        this.timing = timing;
        this.changes = List.copyOf(changes);
        int n = this.changes.size();
        ticks = new long[n];
        tempos = new int[n];
        micros = new long[n];
        for (int i = 0; i < n; i++) {
            ticks[i] = this.changes.get(i).tick();
            tempos[i] = this.changes.get(i).microsPerQuarter();
            micros[i] = i == 0 ? 0 : segmentEnd(i - 1, ticks[i]);
        }
    }

    /** The tempo map of a file: tempo events from every track. */
    public static TempoMap of(MidiFile file) {
        return fromTracks(file.timing(), file.tracks());
    }

    /** The tempo map of one track alone (format 2 files, whose tracks are independent sequences). */
    public static TempoMap ofTrack(MidiFile file, int track) {
        return fromTracks(file.timing(), List.of(file.tracks().get(track)));
    }

    /** One tempo throughout. */
    public static TempoMap constant(Timing timing, int microsPerQuarter) {
        return fromChanges(timing, List.of(new TempoChange(0, microsPerQuarter)));
    }

    /**
     * A map from explicit changes (any order; at equal ticks the later one in the list wins). When
     * none is at tick 0, 120 BPM holds until the first.
     */
    public static TempoMap fromChanges(Timing timing, List<TempoChange> changes) {
        Objects.requireNonNull(timing, "timing");
        return new TempoMap(timing, ChangeLists.onePerTick(changes, TempoChange::tick,
                new TempoChange(0, DEFAULT_MICROS_PER_QUARTER)));
    }

    private static TempoMap fromTracks(Timing timing, List<Track> tracks) {
        List<TempoChange> changes = new ArrayList<>();
        for (Track track : tracks) {
            for (int i : track.indicesOf(MetaMessage.Tempo.class)) {
                TimedEvent event = track.events().get(i);
                if (event.message() instanceof MetaMessage.Tempo tempo && tempo.microsPerQuarter() > 0) {
                    changes.add(new TempoChange(event.tick(), tempo.microsPerQuarter()));
                }
            }
        }
        return fromChanges(timing, changes);
    }

    public Timing timing() {
        return timing;
    }

    /**
     * The tempo segments in tick order, one per distinct tick; the first is always at tick 0 (120 BPM
     * when the file sets no tempo there). Repeats of the same tempo are kept as written.
     */
    public List<TempoChange> changes() {
        return changes;
    }

    /** Whether one tempo holds throughout (repeated events of the same tempo do not count as changes). */
    public boolean isConstant() {
        for (int tempo : tempos) {
            if (tempo != tempos[0]) {
                return false;
            }
        }
        return true;
    }

    /** The tempo in force at {@code tick}. */
    public int microsPerQuarterAt(long tick) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick must be >= 0, got " + tick);
        }
        return tempos[segmentOfTick(tick)];
    }

    /** Microseconds from the start to {@code tick}, rounded to the nearest microsecond. */
    public long tickToMicros(long tick) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick must be >= 0, got " + tick);
        }
        if (timing instanceof Timing.Smpte smpte) {
            return TickMath.mulDivRound(tick, 1_000_000L * smpte.ticksPerSecondDenominator(), smpte.ticksPerSecondNumerator());
        }
        int segment = segmentOfTick(tick);
        return segmentEnd(segment, tick);
    }

    /** Seconds from the start to {@code tick}. */
    public double tickToSeconds(long tick) {
        return tickToMicros(tick) / 1e6;
    }

    /** The tick nearest to {@code micros} microseconds from the start. */
    public long microsToTick(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("micros must be >= 0, got " + micros);
        }
        if (timing instanceof Timing.Smpte smpte) {
            return TickMath.mulDivRound(micros, smpte.ticksPerSecondNumerator(), 1_000_000L * smpte.ticksPerSecondDenominator());
        }
        int segment = Arrays.binarySearch(this.micros, micros);
        if (segment < 0) {
            segment = -segment - 2;
        } else {
            while (segment + 1 < this.micros.length && this.micros[segment + 1] == micros) {
                segment++;
            }
        }
        long into = TickMath.mulDivRound(micros - this.micros[segment], ticksPerQuarter(), tempos[segment]);
        return TickMath.saturatingAdd(ticks[segment], into);
    }

    /** The tick nearest to {@code seconds} from the start. */
    public long secondsToTick(double seconds) {
        return microsToTick(Math.round(seconds * 1e6));
    }

    /**
     * This map from {@code tick} on, re-based so that {@code tick} becomes 0 (for slices of a
     * sequence). The tempo in force at {@code tick} becomes the first change.
     */
    public TempoMap from(long tick) {
        return window(tick, Long.MAX_VALUE);
    }

    /**
     * The part of this map from {@code fromTick} up to (not including) {@code toTick}, re-based so
     * that {@code fromTick} becomes 0: the tempo in force at {@code fromTick}, then the changes
     * strictly between the two ticks.
     */
    public TempoMap window(long fromTick, long toTick) {
        TempoChange inForce = new TempoChange(fromTick, microsPerQuarterAt(fromTick));
        return new TempoMap(timing, ChangeLists.window(changes, TempoChange::tick,
                (change, tick) -> new TempoChange(tick, change.microsPerQuarter()), inForce, fromTick, toTick));
    }

    private int ticksPerQuarter() {
        return ((Timing.Ppq) timing).ticksPerQuarter();
    }

    private int segmentOfTick(long tick) {
        int segment = Arrays.binarySearch(ticks, tick);
        return segment >= 0 ? segment : -segment - 2;
    }

    /** Microseconds at {@code tick}, which lies in (or at the end of) {@code segment}. */
    private long segmentEnd(int segment, long tick) {
        if (timing instanceof Timing.Smpte) {
            return tickToMicros(tick);
        }
        long into = TickMath.mulDivRound(tick - ticks[segment], tempos[segment], ticksPerQuarter());
        return TickMath.saturatingAdd(micros[segment], into);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TempoMap other && timing.equals(other.timing) && changes.equals(other.changes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timing, changes);
    }

    @Override
    public String toString() {
        return "TempoMap" + changes;
    }
}
