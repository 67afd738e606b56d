package dev.midigen.codec.smf;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A read track's events in 12 bytes each: the tick in a {@code long}, a channel message as one {@code int} (status,
 * data 1 and data 2), any other message as an index into a side array. {@link #get} makes the {@link TimedEvent} on
 * demand. An object per event costs about 50 bytes, so a file of 2- and 3-byte running-status events took 20 times
 * its size in memory; packed, it takes 4 to 6 times. Immutable once built; in tick order and ending with the
 * end-of-track event, as the reader builds it.
 */
final class PackedEvents extends AbstractList<TimedEvent> implements RandomAccess {
    /** {@link #command}'s answer for ChannelMessage and MidiMessage themselves, and for every other type. */
    private static final int ANY_CHANNEL = -2;
    private static final int NO_CHANNEL = -1;
    private final long[] ticks;
    /** {@code status << 16 | data1 << 8 | data2} for a channel message; {@code -1 - i} for {@code others[i]}. */
    private final int[] codes;
    private final MidiMessage[] others;
    private final int size;

    private PackedEvents(long[] ticks, int[] codes, MidiMessage[] others, int size) {
        this.ticks = ticks;
        this.codes = codes;
        this.others = others;
        this.size = size;
    }

    @Override
    public TimedEvent get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("event " + index + " of " + size);
        }
        int code = codes[index];
        MidiMessage message = code >= 0 ? ChannelMessage.of(code >>> 16, (code >>> 8) & 0xFF, code & 0xFF) : others[-1 - code];
        return new TimedEvent(ticks[index], message);
    }

    @Override
    public int size() {
        return size;
    }

    /** {@link Track#indicesOf}: a channel type is found by its status's command nibble, any other among the rest. */
    int[] indicesOf(Class<? extends MidiMessage> type) {
        int command = command(type);
        int[] found = new int[8];
        int count = 0;
        for (int i = 0; i < size; i++) {
            int code = codes[i];
            boolean match = code >= 0 ? command == ANY_CHANNEL || (code >>> 16 & 0xF0) == command
                    : type.isInstance(others[-1 - code]);
            if (match) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                found[count++] = i;
            }
        }
        return Arrays.copyOf(found, count);
    }

    /** The status command of a channel message record ({@code 0x90} for a note-on). */
    private static int command(Class<? extends MidiMessage> type) {
        if (type == ChannelMessage.NoteOff.class) {
            return 0x80;
        } else if (type == ChannelMessage.NoteOn.class) {
            return 0x90;
        } else if (type == ChannelMessage.PolyPressure.class) {
            return 0xA0;
        } else if (type == ChannelMessage.ControlChange.class) {
            return 0xB0;
        } else if (type == ChannelMessage.ProgramChange.class) {
            return 0xC0;
        } else if (type == ChannelMessage.ChannelPressure.class) {
            return 0xD0;
        } else if (type == ChannelMessage.PitchBend.class) {
            return 0xE0;
        }
        return type.isAssignableFrom(ChannelMessage.NoteOn.class) ? ANY_CHANNEL : NO_CHANNEL;
    }

    /** The tick of event {@code index}, without making the event. */
    long tick(int index) {
        return ticks[index];
    }

    /** Collects events in order; the arrays grow by half as needed. Not thread-safe; used once. */
    static final class Builder {
        private long[] ticks;
        private int[] codes;
        private MidiMessage[] others = new MidiMessage[4];
        private int size;
        private int otherCount;

        Builder(int expectedEvents) {
            int capacity = Math.max(8, expectedEvents);
            ticks = new long[capacity];
            codes = new int[capacity];
        }

        void channel(long tick, int status, int data1, int data2) {
            grow();
            ticks[size] = tick;
            codes[size++] = status << 16 | data1 << 8 | data2;
        }

        void other(long tick, MidiMessage message) {
            grow();
            if (otherCount == others.length) {
                others = Arrays.copyOf(others, otherCount + (otherCount >> 1) + 1);
            }
            others[otherCount] = message;
            ticks[size] = tick;
            codes[size++] = -1 - otherCount++;
        }

        int size() {
            return size;
        }

        /** The events, in arrays cut to size when much larger than needed. */
        PackedEvents build() {
            if (ticks.length - size > 64 && ticks.length > size + (size >> 2)) {
                ticks = Arrays.copyOf(ticks, size);
                codes = Arrays.copyOf(codes, size);
            }
            return new PackedEvents(ticks, codes, Arrays.copyOf(others, otherCount), size);
        }

        private void grow() {
            if (size == ticks.length) {
                int capacity = size + (size >> 1) + 1;
                ticks = Arrays.copyOf(ticks, capacity);
                codes = Arrays.copyOf(codes, capacity);
            }
        }
    }
}
