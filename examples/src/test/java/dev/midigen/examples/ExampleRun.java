package dev.midigen.examples;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs an example's {@code main} in this JVM and keeps what it printed (still echoed to the test's output). */
final class ExampleRun {
    private ExampleRun() {
    }

    /** An example's {@code main}. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /** Runs {@code main} with {@code args}; returns its standard output. */
    static synchronized String run(Main main, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        };
        try (PrintStream tee = new PrintStream(both, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            main.main(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The notes of a MIDI file, read by the strict reader (a file that needs recovering fails). */
    static NoteSequence notes(Path midi) throws IOException {
        return MidiToNotes.convert(SmfReader.strict().read(midi).file()).sequence();
    }

    /** Whole bars of a file: its end over the length of its first bar. */
    static double bars(NoteSequence notes) {
        return (double) notes.endTick() / notes.meterMap().ticksPerBar(notes.meterMap().meterAt(0));
    }
}
