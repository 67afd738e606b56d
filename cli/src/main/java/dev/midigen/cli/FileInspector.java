package dev.midigen.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.midigen.codec.music.ConversionWarning;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteOptions;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfFormatException;
import dev.midigen.codec.smf.SmfReadResult;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.SmfWarning;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.time.MeterChange;
import dev.midigen.codec.time.MeterMap;
import dev.midigen.codec.time.TempoChange;
import dev.midigen.codec.time.TempoMap;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Reads one file and describes it for {@code midigen inspect}. Thread-safe. */
final class FileInspector {
    /** Files larger than this are read one at a time. */
    static final long LARGE_BYTES = 32L << 20;

    private final SmfReader reader;
    private final NoteOptions options;
    private final Object large = new Object();

    FileInspector(SmfReader reader, NoteOptions options) {
        this.reader = reader;
        this.options = options;
    }

    /** What {@code inspect} prints for a file it read. */
    @JsonPropertyOrder({"file", "format", "division", "tracks", "notes", "drumNotes", "channels", "durationSeconds",
        "tempoChanges", "timeSignatures", "warnings"})
    record Report(String file, int format, Division division, int tracks, int notes, int drumNotes,
                  List<Integer> channels, double durationSeconds, List<Tempo> tempoChanges,
                  List<Meter> timeSignatures, List<String> warnings) {
    }

    /** The division: ticks per quarter note, or SMPTE frames per second and ticks per frame. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"ppq", "smpteFps", "ticksPerFrame"})
    record Division(Integer ppq, Integer smpteFps, Integer ticksPerFrame) {
        static Division of(Timing timing) {
            if (timing instanceof Timing.Ppq ppq) {
                return new Division(ppq.ticksPerQuarter(), null, null);
            }
            Timing.Smpte smpte = (Timing.Smpte) timing;
            return new Division(null, smpte.framesPerSecond(), smpte.ticksPerFrame());
        }
    }

    @JsonPropertyOrder({"tick", "seconds", "bpm"})
    record Tempo(long tick, double seconds, double bpm) {
    }

    @JsonPropertyOrder({"tick", "signature"})
    record Meter(long tick, String signature) {
    }

    /** What {@code inspect} prints for a file it could not read. */
    @JsonPropertyOrder({"file", "error"})
    record Failure(String file, String error) {
    }

    /**
     * A {@link Report} or a {@link Failure}; never throws for a bad file. A file that needs more memory than the JVM has
     * is a failure like any other (what it held is garbage then), so a folder run goes on; files over
     * {@value #LARGE_BYTES} bytes are read one at a time, so two large ones read in parallel do not fail together.
     */
    Object inspect(Path path) {
        String name = path.toString();
        try {
            if (Files.size(path) > LARGE_BYTES) {
                synchronized (large) {
                    return report(name, reader.read(path));
                }
            }
            return report(name, reader.read(path));
        } catch (SmfFormatException e) {
            return new Failure(name, "offset " + e.offset() + ": " + e.problem());
        } catch (NoSuchFileException e) {
            return new Failure(name, "no such file");
        } catch (AccessDeniedException e) {
            return new Failure(name, "permission denied");
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Failure(name, message.startsWith(name + ": ") ? message.substring(name.length() + 2)
                    : "cannot read: " + message);
        } catch (OutOfMemoryError e) {
            return new Failure(name, MemoryMessages.outOfMemory(path).substring(name.length() + 2));
        } catch (RuntimeException e) {
            // A bug of ours, not the user's: say so, keep going with the other files.
            return new Failure(name, "internal error (please report): " + e);
        }
    }

    /**
     * The report of a file read: notes are counted as they are paired, never all held (a 100 MB file has 17 million),
     * so inspecting costs the parsed file (12 bytes an event) and the notes still sounding.
     */
    private Report report(String name, SmfReadResult result) {
        MidiFile file = result.file();
        int[] notes = new int[2];
        TreeSet<Integer> channels = new TreeSet<>();
        List<ConversionWarning> conversionWarnings = MidiToNotes.pair(file, options, note -> {
            notes[0]++;
            notes[1] += note.drum() ? 1 : 0;
            channels.add(note.channel() + 1);
        });
        TempoMap tempoMap = TempoMap.of(file);
        List<Tempo> tempos = new ArrayList<>();
        for (TempoChange change : tempoMap.changes()) {
            tempos.add(new Tempo(change.tick(), round3(tempoMap.tickToSeconds(change.tick())), round3(change.bpm())));
        }
        List<Meter> meters = new ArrayList<>();
        for (MeterChange change : MeterMap.of(file).changes()) {
            meters.add(new Meter(change.tick(), change.numerator() + "/" + change.denominator()));
        }
        List<String> warnings = new ArrayList<>();
        for (SmfWarning warning : result.warnings()) {
            warnings.add(warning.toString());
        }
        for (ConversionWarning warning : conversionWarnings) {
            warnings.add(warning.toString());
        }
        return new Report(name, file.format(), Division.of(file.timing()), file.tracks().size(), notes[0], notes[1],
                List.copyOf(channels), round3(tempoMap.tickToMicros(file.endTick()) / 1e6), tempos, meters, warnings);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
