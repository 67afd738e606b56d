package dev.midigen.codec.smf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One track: events in tick order, always ending with exactly one {@link MetaMessage.EndOfTrack}
 * (added at the last event's tick when the caller leaves it out, so every track is in canonical form
 * and a write → read round trip gives equal tracks).
 */
public record Track(List<TimedEvent> events) {

    public Track {
        events = canonical(events);
    }

    public static Track of(TimedEvent... events) {
        return new Track(List.of(events));
    }

    private static List<TimedEvent> canonical(List<TimedEvent> events) {
        if (events instanceof PackedEvents) {
            return events; // the reader's: in order, ending with the end-of-track event, immutable
        }
        int n = events.size();
        long previous = 0;
        for (int i = 0; i < n; i++) {
            TimedEvent event = events.get(i);
            if (event.tick() < previous) {
                throw new IllegalArgumentException("track events out of order: event " + i + " at tick "
                        + event.tick() + " follows tick " + previous);
            }
            previous = event.tick();
            if (event.message() instanceof MetaMessage.EndOfTrack && i != n - 1) {
                throw new IllegalArgumentException("end of track at event " + i + " of " + n + ": it must be the last event");
            }
        }
        boolean ended = n > 0 && events.get(n - 1).message() instanceof MetaMessage.EndOfTrack;
        if (ended && events instanceof ImmutableEvents) {
            return events;
        }
        ArrayList<TimedEvent> copy = new ArrayList<>(n + 1);
        copy.addAll(events);
        if (!ended) {
            copy.add(new TimedEvent(previous, new MetaMessage.EndOfTrack()));
        }
        return new ImmutableEvents(copy);
    }

    /** The tick of the end-of-track event: the track's length in ticks. */
    public long endTick() {
        int last = events.size() - 1;
        return events instanceof PackedEvents packed ? packed.tick(last) : events.get(last).tick();
    }

    /** The first track-name meta event's text, if any. */
    public Optional<String> name() {
        for (int i : indicesOf(MetaMessage.Text.class)) {
            if (events.get(i).message() instanceof MetaMessage.Text text && text.type() == MetaMessage.Text.TRACK_NAME) {
                return Optional.of(text.text());
            }
        }
        return Optional.empty();
    }

    /**
     * The indices, in order, of the events whose message is a {@code type} (a {@link ChannelMessage} record such as
     * {@code ChannelMessage.ProgramChange.class}, or a meta or sysex class): what a scan for a few kinds of event needs.
     * On a read track it makes no event it skips (a read track makes each {@link TimedEvent} when asked, and tempo,
     * meter and program scans over millions of notes spent their time making them).
     */
    public int[] indicesOf(Class<? extends MidiMessage> type) {
        if (events instanceof PackedEvents packed) {
            return packed.indicesOf(type);
        }
        int[] found = new int[8];
        int count = 0;
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i).message())) {
                if (count == found.length) {
                    found = java.util.Arrays.copyOf(found, count * 2);
                }
                found[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(found, count);
    }

    /** An unmodifiable view over a list nobody else holds. */
    private static final class ImmutableEvents extends java.util.AbstractList<TimedEvent>
            implements java.util.RandomAccess {
        private final List<TimedEvent> owned;

        ImmutableEvents(ArrayList<TimedEvent> owned) {
            this.owned = Collections.unmodifiableList(owned);
        }

        @Override public TimedEvent get(int index) { return owned.get(index); }
        @Override public int size() { return owned.size(); }
    }
}
