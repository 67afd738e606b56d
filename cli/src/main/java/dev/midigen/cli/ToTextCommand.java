package dev.midigen.cli;

import dev.midigen.codec.io.AtomicFile;
import dev.midigen.dataset.DrumLoopFile;
import dev.midigen.dataset.MidiDirectory;
import dev.midigen.dataset.SourceFile;
import dev.midigen.dataset.TrapTextFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen dataset to-text}: MIDI drums → TrapGenerator text, one line per file. */
@Command(name = "to-text",
        description = "Write MIDI drums as TrapGenerator text: one line per file (sorted by path), the trap map,"
                + " 16th notes, BAR after each bar. Files without drums, or not in bars of 16 sixteenths, are listed"
                + " and skipped.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ToTextCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "DIR|FILE", description = "A MIDI file, or a folder of them (recursively).")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE.txt", description = "The text file to write.")
    Path out;

    @Option(names = "--drums-any-channel",
            description = "Drums are notes with trap-map pitches on any channel (loops on channel 1), not only channel 10.")
    boolean drumsAnyChannel;

    @Option(names = "--overwrite", description = "Replace the output file if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<SourceFile> files;
        if (Files.isDirectory(input)) {
            files = MidiDirectory.scan(input);
        } else if (Files.isRegularFile(input)) {
            files = List.of(new SourceFile(input.getFileName().toString(), input));
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input " + input + ": no such file or folder");
        }
        if (Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a folder; give a file");
        }
        PrintWriter err = spec.commandLine().getErr();
        TrapTextFiles.Text text = TrapTextFiles.toText(files, drumsAnyChannel);
        int unreadable = 0;
        for (DrumLoopFile skipped : text.skipped()) {
            err.println("skipped " + skipped.id() + ": " + skipped.problem());
            unreadable += skipped.unreadable() ? 1 : 0;
        }
        if (text.lines().isEmpty()) {
            err.println("midigen dataset to-text: " + input + ": no file with drums, nothing written");
            return 1;
        }
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            AtomicFile.write(out, text.joined().getBytes(StandardCharsets.UTF_8), overwrite);
        } catch (FileAlreadyExistsException e) {
            err.println("midigen dataset to-text: " + out + ": the output exists (use --overwrite to replace it)");
            return 1;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + text.lines().size() + " lines to " + out + " (" + text.skipped().size() + " files skipped)");
        stdout.flush();
        return unreadable > 0 ? 1 : 0;
    }
}
