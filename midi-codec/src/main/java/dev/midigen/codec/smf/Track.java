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
        for (TimedEvent event : events) {
            if (event.message() instanceof MetaMessage.Text text && text.type() == MetaMessage.Text.TRACK_NAME) {
                return Optional.of(text.text());
            }
        }
        return Optional.empty();
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
