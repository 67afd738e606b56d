package dev.midigen.codec.time;

import dev.midigen.codec.smf.MetaMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.smf.Track;
import java.util.ArrayList;
import java.util.List;

/**
 * Bars and beats: where each bar starts, given the time signatures of a file.
 *
 * <p>Built from the time-signature events of every track; 4/4 holds before the first. A change of
 * meter starts a new bar (a bar cut short by a change still counts as a bar). Bars and beats are
 * 0-based. Time signatures the map cannot use (numerator 0, denominator beyond 1/64) are ignored.
 * With SMPTE timing, where ticks are not tied to beats, a quarter note is taken to last as long as
 * at the file's first tempo. Immutable.
 */
public final class MeterMap {
    private final long ticksPerQuarter;
    private final List<MeterChange> changes;
    private final long[] firstBar;

    private MeterMap(long ticksPerQuarter, List<MeterChange> changes) {
        this.ticksPerQuarter = ticksPerQuarter;
        this.changes = List.copyOf(changes);
        firstBar = new long[this.changes.size()];
        for (int i = 1; i < firstBar.length; i++) {
            MeterChange previous = this.changes.get(i - 1);
            long length = this.changes.get(i).tick() - previous.tick();
            firstBar[i] = TickMath.saturatingAdd(firstBar[i - 1], barsIn(previous, length));
        }
    }

    /** The meter map of a file: time signatures from every track. */
    public static MeterMap of(MidiFile file) {
        List<MeterChange> changes = new ArrayList<>();
        for (Track track : file.tracks()) {
            for (int i : track.indicesOf(MetaMessage.TimeSignature.class)) {
                TimedEvent event = track.events().get(i);
                if (event.message() instanceof MetaMessage.TimeSignature ts && ts.isUsable()) {
                    changes.add(new MeterChange(event.tick(), ts.numerator(), ts.denominator()));
                }
            }
        }
        return fromChanges(ticksPerQuarter(file.timing(), TempoMap.of(file)), changes);
    }

    /** Ticks that a quarter note lasts under {@code timing} (for SMPTE, at the map's first tempo). */
    public static long ticksPerQuarter(Timing timing, TempoMap tempo) {
        if (timing instanceof Timing.Ppq ppq) {
            return ppq.ticksPerQuarter();
        }
        Timing.Smpte smpte = (Timing.Smpte) timing;
        long micros = tempo.changes().get(0).microsPerQuarter();
        return Math.max(1, TickMath.mulDivRound(micros, smpte.ticksPerSecondNumerator(),
                1_000_000L * smpte.ticksPerSecondDenominator()));
    }

    /**
     * A map from explicit changes (any order; at equal ticks the later one in the list wins). When
     * none is at tick 0, 4/4 holds until the first.
     */
    public static MeterMap fromChanges(long ticksPerQuarter, List<MeterChange> changes) {
        if (ticksPerQuarter < 1) {
            throw new IllegalArgumentException("ticks per quarter must be >= 1, got " + ticksPerQuarter);
        }
        return new MeterMap(ticksPerQuarter, ChangeLists.onePerTick(changes, MeterChange::tick, new MeterChange(0, 4, 4)));
    }

    public long ticksPerQuarter() {
        return ticksPerQuarter;
    }

    /** The meters in tick order, one per distinct tick, the first at tick 0. */
    public List<MeterChange> changes() {
        return changes;
    }

    /** Whether one signature holds throughout (a repeated signature is not a change). */
    public boolean isConstant() {
        for (MeterChange change : changes) {
            if (!change.sameSignature(changes.get(0))) {
                return false;
            }
        }
        return true;
    }

    /** The meter in force at {@code tick}. */
    public MeterChange meterAt(long tick) {
        return changes.get(segmentOf(tick));
    }

    /** Ticks in a full bar of {@code meter} (rounded down when not a whole number). */
    public long ticksPerBar(MeterChange meter) {
        return TickMath.mulDivFloor(ticksPerQuarter * 4 * meter.numerator(), 1, meter.denominator());
    }

    /** Ticks in one beat (one {@code 1/denominator} note) of {@code meter}, rounded down, at least 1. */
    public long ticksPerBeat(MeterChange meter) {
        return Math.max(1, ticksPerQuarter * 4 / meter.denominator());
    }

    /** The 0-based bar that {@code tick} falls in. */
    public long barAt(long tick) {
        int segment = segmentOf(tick);
        MeterChange meter = changes.get(segment);
        return TickMath.saturatingAdd(firstBar[segment],
                TickMath.mulDivFloor(tick - meter.tick(), meter.denominator(), ticksPerQuarter * 4 * meter.numerator()));
    }

    /** The tick where 0-based {@code bar} starts. */
    public long barStartTick(long bar) {
        if (bar < 0) {
            throw new IllegalArgumentException("bar must be >= 0, got " + bar);
        }
        int segment = changes.size() - 1;
        while (firstBar[segment] > bar) {
            segment--;
        }
        MeterChange meter = changes.get(segment);
        return TickMath.saturatingAdd(meter.tick(),
                TickMath.mulDivCeil(bar - firstBar[segment], ticksPerQuarter * 4 * meter.numerator(), meter.denominator()));
    }

    /** Bar, beat within the bar, and ticks into the beat at {@code tick}, all 0-based. */
    public Position positionOf(long tick) {
        long bar = barAt(tick);
        long start = barStartTick(bar);
        MeterChange meter = meterAt(tick);
        long into = tick - start;
        long beat = TickMath.mulDivFloor(into, meter.denominator(), ticksPerQuarter * 4);
        long beatStart = TickMath.mulDivCeil(beat, ticksPerQuarter * 4, meter.denominator());
        return new Position(bar, beat, into - beatStart);
    }

    /** A place in bars and beats. */
    public record Position(long bar, long beat, long ticksIntoBeat) {
    }

    /** This map from {@code tick} on, re-based so that {@code tick} becomes 0 (and starts a bar). */
    public MeterMap from(long tick) {
        return window(tick, Long.MAX_VALUE);
    }

    /**
     * The part of this map from {@code fromTick} up to (not including) {@code toTick}, re-based so
     * that {@code fromTick} becomes 0: the meter in force at {@code fromTick} (a bar starts there),
     * then the changes strictly between the two ticks.
     */
    public MeterMap window(long fromTick, long toTick) {
        return new MeterMap(ticksPerQuarter, ChangeLists.window(changes, MeterChange::tick,
                (change, tick) -> new MeterChange(tick, change.numerator(), change.denominator()),
                meterAt(fromTick), fromTick, toTick));
    }

    private long barsIn(MeterChange meter, long length) {
        return TickMath.mulDivCeil(length, meter.denominator(), ticksPerQuarter * 4 * meter.numerator());
    }

    private int segmentOf(long tick) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick must be >= 0, got " + tick);
        }
        int lo = 0;
        int hi = changes.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (changes.get(mid).tick() <= tick) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeterMap other && ticksPerQuarter == other.ticksPerQuarter && changes.equals(other.changes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ticksPerQuarter) * 31 + changes.hashCode();
    }

    @Override
    public String toString() {
        return "MeterMap" + changes;
    }
}
