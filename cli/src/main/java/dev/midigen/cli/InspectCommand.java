package dev.midigen.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.music.DrumChannels;
import dev.midigen.codec.music.NoteOptions;
import dev.midigen.codec.smf.SmfReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code midigen inspect FILE|DIR...}: one JSON line per MIDI file. */
@Command(name = "inspect",
        description = "Describe MIDI files: one JSON line per file on standard output, with format, division,"
                + " tracks, notes, drum notes, channels (1-based), duration, tempo changes, time signatures and"
                + " warnings, or {\"file\", \"error\"} for a file that cannot be read. Directories are searched"
                + " recursively for .mid, .midi and .kar files (any case).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file was read (warnings allowed)",
            "1:at least one file could not be read",
            "2:usage error"},
        mixinStandardHelpOptions = true)
final class InspectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "MIDI files or directories to inspect.")
    List<Path> paths;

    @Option(names = "--strict", description = "Reject files that break the standard instead of recovering with warnings.")
    boolean strict;

    @Option(names = "--drum-channels", split = ",", paramLabel = "N",
            description = "Channels (1-16) whose notes count as drums. Default: 10.")
    List<Integer> drumChannels;

    @Option(names = "--all-drums", description = "Count every note as a drum hit (loops written on channel 1).")
    boolean allDrums;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NoteOptions options = NoteOptions.DEFAULT.withDrums(drums());
        FileInspector inspector = new FileInspector(strict ? SmfReader.strict() : SmfReader.lenient(), options);
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        AtomicInteger failed = new AtomicInteger();
        List<Path> files = MidiFiles.expand(paths);
        files.parallelStream()
                .map(file -> {
                    Object report = inspector.inspect(file);
                    if (report instanceof FileInspector.Failure) {
                        failed.incrementAndGet();
                    }
                    try {
                        return json.writeValueAsString(report);
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .forEachOrdered(out::println);
        out.flush();
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("midigen inspect: no MIDI files (.mid, .midi, .kar) found in " + paths);
        }
        return failed.get() > 0 ? 1 : 0;
    }

    private DrumChannels drums() {
        if (allDrums) {
            return DrumChannels.all();
        }
        if (drumChannels == null || drumChannels.isEmpty()) {
            return DrumChannels.standard();
        }
        int[] zeroBased = new int[drumChannels.size()];
        for (int i = 0; i < zeroBased.length; i++) {
            int channel = drumChannels.get(i);
            if (channel < 1 || channel > 16) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--drum-channels takes channels 1-16, got " + channel);
            }
            zeroBased[i] = channel - 1;
        }
        return DrumChannels.of(zeroBased);
    }
}
