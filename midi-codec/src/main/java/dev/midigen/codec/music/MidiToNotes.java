package dev.midigen.codec.music;

import dev.midigen.codec.smf.ChannelMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Track;
import dev.midigen.codec.time.MeterMap;
import dev.midigen.codec.time.TempoMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the note events of a {@link MidiFile} into a {@link NoteSequence} under an explicit
 * {@link NotePairing}. Every note-on with a velocity above 0 becomes exactly one note (unless the
 * pairing drops dangling notes), so note counts agree with a plain count of note-on events.
 */
public final class MidiToNotes {
    private MidiToNotes() {
    }

    /** Converts with {@link NoteOptions#DEFAULT}. */
    public static NoteConversion convert(MidiFile file) {
        return convert(file, NoteOptions.DEFAULT);
    }

    public static NoteConversion convert(MidiFile file, NoteOptions options) {
        List<Note> notes = new ArrayList<>();
        List<ConversionWarning> warnings = pair(file, options, notes::add);
        List<String> names = new ArrayList<>(file.tracks().size());
        for (Track track : file.tracks()) {
            names.add(track.name().orElse(""));
        }
        NoteSequence sequence = new NoteSequence(file.timing(), TempoMap.of(file), MeterMap.of(file), notes, file.endTick(),
                names);
        return new NoteConversion(sequence, warnings);
    }

    /**
     * Pairs the file's notes as {@link #convert} does but hands each to {@code sink} as it is found (track by track, in
     * the order notes end) instead of keeping them: what a caller that only counts or summarises notes needs, in memory
     * that does not grow with the file's notes. Returns the conversion's warnings.
     */
    public static List<ConversionWarning> pair(MidiFile file, NoteOptions options, Consumer<Note> sink) {
        List<ConversionWarning> warnings = new ArrayList<>();
        if (file.format() == 2 && file.tracks().size() > 1) {
            warnings.add(new ConversionWarning(ConversionWarning.Kind.INDEPENDENT_TRACKS, -1, file.tracks().size(),
                    "format 2 file: its " + file.tracks().size()
                    + " independent patterns were laid over each other on one timeline"));
        }
        Programs programs = Programs.of(file);
        for (int t = 0; t < file.tracks().size(); t++) {
            pairTrack(t, file.tracks().get(t), options, programs, sink, warnings);
        }
        return warnings;
    }

    /**
     * The note-ons of one key waiting for their note-offs, oldest first, in 13 bytes each (a file of note-ons that
     * never end must not cost an object per note). Taking one leaves its tick, event index and velocity in
     * {@link #tick}, {@link #index} and {@link #velocity}.
     */
    private static final class Sounding {
        private long[] ticks = new long[2];
        private int[] indices = new int[2];
        private byte[] velocities = new byte[2];
        private int head;
        private int size;
        long tick;
        int index;
        int velocity;

        void add(long noteTick, int eventIndex, int noteVelocity) {
            if (size == ticks.length) {
                int capacity = size * 2;
                ticks = unwrap(ticks, new long[capacity], size);
                indices = unwrap(indices, new int[capacity], size);
                velocities = unwrap(velocities, new byte[capacity], size);
                head = 0;
            }
            int at = (head + size++) % ticks.length;
            ticks[at] = noteTick;
            indices[at] = eventIndex;
            velocities[at] = (byte) noteVelocity;
        }

        /** Takes the oldest ({@code first}) or the newest waiting note-on; false when none waits. */
        boolean take(boolean first) {
            if (size == 0) {
                return false;
            }
            int at = first ? head : (head + size - 1) % ticks.length;
            if (first) {
                head = (head + 1) % ticks.length;
            }
            size--;
            tick = ticks[at];
            index = indices[at];
            velocity = velocities[at];
            return true;
        }

        /** The full ring {@code from} (of {@code length} elements) copied into {@code to} oldest first. */
        private <A> A unwrap(A from, A to, int length) {
            int tail = length - head;
            System.arraycopy(from, head, to, 0, tail);
            System.arraycopy(from, 0, to, tail, length - tail);
            return to;
        }
    }

    private static void pairTrack(int index, Track track, NoteOptions options, Programs programs, Consumer<Note> notes,
                                  List<ConversionWarning> warnings) {
        Sounding[] sounding = new Sounding[16 * 128];
        boolean fifo = options.pairing().overlap() == NotePairing.Overlap.FIRST_IN_FIRST_OUT;
        int orphanOffs = 0;
        List<TimedEvent> events = track.events();
        for (int i = 0; i < events.size(); i++) {
            TimedEvent event = events.get(i);
            if (!(event.message() instanceof ChannelMessage message)) {
                continue;
            }
            boolean on = message instanceof ChannelMessage.NoteOn;
            if (!on && !(message instanceof ChannelMessage.NoteOff)) {
                continue;
            }
            int key = message.channel() * 128 + message.data1();
            if (on && message.data2() > 0) {
                if (sounding[key] == null) {
                    sounding[key] = new Sounding();
                }
                sounding[key].add(event.tick(), i, message.data2());
                continue;
            }
            Sounding open = sounding[key];
            if (open == null || !open.take(fifo)) {
                orphanOffs++;
            } else {
                notes.accept(note(message.channel(), message.data1(), open, event.tick(), index, options, programs));
            }
        }
        int dangling = 0;
        for (int key = 0; key < sounding.length; key++) {
            if (sounding[key] == null) {
                continue;
            }
            for (Sounding open = sounding[key]; open.take(true); ) {
                dangling++;
                if (options.pairing().dangling() == NotePairing.Dangling.CLOSE_AT_TRACK_END) {
                    notes.accept(note(key / 128, key % 128, open, track.endTick(), index, options, programs));
                }
            }
        }
        if (dangling > 0) {
            warnings.add(new ConversionWarning(ConversionWarning.Kind.DANGLING_NOTES, index, dangling,
                    dangling + " note(s) never ended; "
                    + (options.pairing().dangling() == NotePairing.Dangling.DROP
                    ? "left out" : "closed at the end of the track (tick " + track.endTick() + ")")));
        }
        if (orphanOffs > 0) {
            warnings.add(new ConversionWarning(ConversionWarning.Kind.ORPHAN_NOTE_OFFS, index, orphanOffs,
                    orphanOffs + " note-off(s) with no sounding note ignored"));
        }
    }

    private static Note note(int channel, int pitch, Sounding open, long end, int track, NoteOptions options,
                             Programs programs) {
        return new Note(pitch, open.velocity, open.tick, end, channel, programs.at(channel, open.tick, track, open.index),
                options.drums().contains(channel), track);
    }

    /**
     * Program changes per channel over the whole file in time order: a program change in one track
     * sets the instrument for that channel in every track. A change at the same tick as a note applies
     * to it when it comes from another track, or earlier in the note's own track.
     */
    private static final class Programs {
        /** Per channel: {tick, track, event index, program}, sorted by tick. */
        private final long[][][] changes = new long[16][][];

        static Programs of(MidiFile file) {
            List<List<long[]>> perChannel = new ArrayList<>(16);
            for (int c = 0; c < 16; c++) {
                perChannel.add(new ArrayList<>());
            }
            for (int t = 0; t < file.tracks().size(); t++) {
                Track track = file.tracks().get(t);
                for (int i : track.indicesOf(ChannelMessage.ProgramChange.class)) {
                    TimedEvent event = track.events().get(i);
                    if (event.message() instanceof ChannelMessage.ProgramChange pc) {
                        perChannel.get(pc.channel()).add(new long[] {event.tick(), t, i, pc.program()});
                    }
                }
            }
            Programs programs = new Programs();
            for (int c = 0; c < 16; c++) {
                List<long[]> list = perChannel.get(c);
                list.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                        : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
                programs.changes[c] = list.toArray(new long[0][]);
            }
            return programs;
        }

        /** The program in force on {@code channel} for a note-on at {@code tick}, event {@code index} of {@code track}. */
        int at(int channel, long tick, int track, int index) {
            long[][] list = changes[channel];
            int lo = 0;
            int hi = list.length; // first change with tick > note tick
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (list[mid][0] <= tick) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo - 1; i >= 0; i--) {
                long[] change = list[i];
                if (change[0] < tick || change[1] != track || change[2] < index) {
                    return (int) change[3];
                }
            }
            return 0;
        }
    }
}
