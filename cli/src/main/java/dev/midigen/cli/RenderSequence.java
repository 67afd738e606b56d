package dev.midigen.cli;

import dev.midigen.codec.smf.ChannelMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SysexMessage;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.time.TempoMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A file read by midigen's reader as a JDK {@link Sequence} for the JDK's synthesizer, timed by midigen's
 * {@link TempoMap}: every event's tick becomes microseconds through the file's tempo map (SMPTE time, tempo events of
 * 0 ignored, format 2 patterns laid over each other on one timeline, as {@code midigen inspect} reports), then a tick
 * of a sequence with no tempo events, so at the JDK's default 120 BPM. So the synthesizer plays what midigen reads,
 * not what the JDK's own reader makes of the file.
 *
 * <p>Kept: channel messages and complete {@code F0} system-exclusive messages (a GM or GS reset, master volume), all
 * in one track in time order. Dropped: meta events (the tempo is already in the times; the synthesizer ignores the
 * rest) and {@code F7} escapes (packet continuations and raw real-time bytes). The track ends at the file's end
 * (its longest track's end-of-track event), so the sequence lasts as long as the file.
 */
final class RenderSequence {
    /** Ticks per quarter note: at 120 BPM a tick is {@value #MICROS_PER_TICK} µs. */
    static final int RESOLUTION = 1000;
    /** Times are rounded down to this, so up to half a millisecond early; whole seconds stay exact. */
    static final long MICROS_PER_TICK = TempoMap.DEFAULT_MICROS_PER_QUARTER / RESOLUTION;
    private static final int END_OF_TRACK = 0x2F;
    /** A standard MIDI file of type 0: one track. */
    private static final int ONE_TRACK = 0;

    private RenderSequence() {
    }

    /**
     * The sequence of {@code file}, timed by {@code tempo} (the file's own map, {@link TempoMap#of}): one track.
     *
     * @param output names the rendering in the message of an interruption
     * @throws InterruptedIOException when the thread is interrupted while the sequence is built
     */
    static Sequence of(MidiFile file, TempoMap tempo, Path output) throws InterruptedIOException {
        Sequence sequence = newSequence();
        Track track = sequence.createTrack();
        List<dev.midigen.codec.smf.Track> tracks = file.tracks();
        int[] next = new int[tracks.size()];
        TimedEvent[] heads = new TimedEvent[tracks.size()];
        // the tracks merged in time order, a tick's events track by track (the JDK's players' order): appending in
        // order keeps Track.add constant-time, and the players' scan over the tracks for each event is gone
        PriorityQueue<Integer> queue = new PriorityQueue<>(Math.max(1, tracks.size()),
                Comparator.comparingLong((Integer t) -> heads[t].tick()).thenComparingInt(t -> t));
        for (int t = 0; t < tracks.size(); t++) {
            heads[t] = tracks.get(t).events().get(0); // never empty: a track ends with its end-of-track event
            queue.add(t);
        }
        for (long count = 0; !queue.isEmpty(); count++) {
            if ((count & 0xFFFF) == 0) {
                MidiRenderer.checkInterrupted(output);
            }
            int t = queue.poll();
            MidiMessage message = message(heads[t].message());
            if (message != null) {
                track.add(new MidiEvent(message, tick(tempo, heads[t].tick())));
            }
            List<TimedEvent> events = tracks.get(t).events();
            if (++next[t] < events.size()) {
                heads[t] = events.get(next[t]);
                queue.add(t);
            }
        }
        track.add(new MidiEvent(endOfTrack(), tick(tempo, file.endTick())));
        return sequence;
    }

    /** The sequence as a standard MIDI file, for {@code AudioSystem.getAudioInputStream(InputStream)}. */
    static byte[] bytes(Sequence sequence) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(sequence, ONE_TRACK, out);
        return out.toByteArray();
    }

    /** The sequence tick at {@code tick}'s time, rounded down. */
    static long tick(TempoMap tempo, long tick) {
        return tempo.tickToMicros(tick) / MICROS_PER_TICK;
    }

    /** The JDK's message for one of ours; null for what the synthesizer is not sent. */
    private static MidiMessage message(dev.midigen.codec.smf.MidiMessage message) {
        try {
            if (message instanceof ChannelMessage channel) {
                return new ShortMessage(channel.command(), channel.channel(), channel.data1(), channel.data2());
            }
            if (message instanceof SysexMessage sysex && complete(sysex)) {
                byte[] bytes = new byte[sysex.data().length() + 1];
                bytes[0] = (byte) javax.sound.midi.SysexMessage.SYSTEM_EXCLUSIVE;
                sysex.data().copyTo(bytes, 1);
                return new javax.sound.midi.SysexMessage(bytes, bytes.length);
            }
            return null;
        } catch (InvalidMidiDataException e) {
            // our reader's messages are valid MIDI; the JDK refusing one is a bug of ours
            throw new IllegalStateException("the JDK refuses a message midigen read: " + message, e);
        }
    }

    /** An {@code F0} message ending in {@code F7}: not an escape, nor the first packet of a divided one. */
    private static boolean complete(SysexMessage sysex) {
        int length = sysex.data().length();
        return !sysex.escape() && length > 0 && sysex.data().get(length - 1) == 0xF7;
    }

    private static Sequence newSequence() {
        try {
            return new Sequence(Sequence.PPQ, RESOLUTION);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e); // PPQ is a valid division
        }
    }

    private static MetaMessage endOfTrack() {
        try {
            return new MetaMessage(END_OF_TRACK, new byte[0], 0);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e); // a valid meta type
        }
    }
}
