package dev.midigen.bench.jmh;

import dev.midigen.codec.smf.ChannelMessage;
import dev.midigen.codec.smf.MetaMessage;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfFormatException;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.TimedEvent;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.smf.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing one Standard MIDI File from memory: midigen's {@link SmfReader} (lenient, as {@code midigen bench parse}
 * uses it) and the JDK's {@code javax.sound.midi.MidiSystem.getSequence}. The file is generated: format 1, a tempo
 * track and 8 tracks of 2,000 notes each with controller and pitch-bend events between them, written with running
 * status (117,689 bytes, 35,010 events). Each returns its event count. MB/s = ops/s × 0.1177.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark {
    private byte[] file;
    private SmfReader reader;

    @Setup
    public void generate() {
        file = bytes();
        reader = SmfReader.lenient();
    }

    @Benchmark
    public long midigen() throws SmfFormatException {
        return reader.read(file).file().eventCount();
    }

    @Benchmark
    public long javaxSoundMidi() throws InvalidMidiDataException, IOException {
        Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(file));
        long events = 0;
        for (javax.sound.midi.Track track : sequence.getTracks()) {
            events += track.size();
        }
        return events;
    }

    /** The generated file (the same bytes every time). */
    public static byte[] bytes() {
        SplittableRandom random = new SplittableRandom(15);
        List<Track> tracks = new ArrayList<>();
        tracks.add(Track.of(new TimedEvent(0, new MetaMessage.Tempo(500_000))));
        for (int channel = 0; channel < 8; channel++) {
            List<TimedEvent> events = new ArrayList<>();
            long tick = 0;
            for (int note = 0; note < 2000; note++) {
                int key = 36 + random.nextInt(60);
                events.add(new TimedEvent(tick, new ChannelMessage.NoteOn(channel, key, 1 + random.nextInt(127))));
                if (note % 8 == 0) {
                    events.add(new TimedEvent(tick, new ChannelMessage.ControlChange(channel, 7, random.nextInt(128))));
                }
                if (note % 16 == 0) {
                    events.add(new TimedEvent(tick, new ChannelMessage.PitchBend(channel, random.nextInt(16384))));
                }
                tick += 1 + random.nextInt(240);
                events.add(new TimedEvent(tick, new ChannelMessage.NoteOn(channel, key, 0)));
            }
            tracks.add(new Track(events));
        }
        return SmfWriter.standard().withRunningStatus(true).toBytes(new MidiFile(1, new Timing.Ppq(480), tracks));
    }
}
