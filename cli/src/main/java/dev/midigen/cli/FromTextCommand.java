package dev.midigen.cli;

import dev.midigen.dataset.DrumLoopFiles;
import dev.midigen.dataset.StagedFolder;
import dev.midigen.dataset.TrapTextFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen dataset from-text}: TrapGenerator text → one MIDI file per line. */
@Command(name = "from-text",
        description = "Write each non-empty line of TrapGenerator text as a drum MIDI file (line-0001.mid for line 1, …)"
                + " at --bpm. A line that is not TrapGenerator text is reported with its number; the others are"
                + " still written.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class FromTextCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE.txt", description = "The text, one loop per line.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(names = "--bpm", required = true, paramLabel = "N", description = "Tempo of the files written (4..1000).")
    double bpm;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LoopOptions.bpm(bpm, spec);
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input " + input + ": no such file");
        }
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = Files.readString(input, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            err.println("midigen dataset from-text: " + input + ": not text (not UTF-8)");
            return 1;
        }
        List<TrapTextFiles.ParsedLine> lines = TrapTextFiles.fromText(text);
        int malformed = 0;
        for (TrapTextFiles.ParsedLine line : lines) {
            if (!line.ok()) {
                err.println(input + ": line " + line.number() + ": " + line.problem());
                malformed++;
            }
        }
        if (malformed == lines.size()) {
            err.println("midigen dataset from-text: " + input + ": " + (lines.isEmpty() ? "no lines" : "no valid line")
                    + ", nothing written");
            return 1;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        int written = 0;
        StringBuilder listing = new StringBuilder();
        try (StagedFolder folder = StagedFolder.create(out, overwrite)) {
            for (TrapTextFiles.ParsedLine line : lines) {
                if (line.ok()) {
                    String name = String.format(Locale.ROOT, "line-%04d.mid", line.number());
                    Files.write(folder.file(name), DrumLoopFiles.toMidi(line.loop(), bpm));
                    listing.append(name).append("  ").append(line.loop().bars()).append(" bars")
                            .append(System.lineSeparator());
                    written++;
                }
            }
            folder.commit();
        } catch (FileAlreadyExistsException e) {
            err.println("midigen dataset from-text: " + out + ": the output exists (use --overwrite to replace it)");
            return 1;
        }
        stdout.print(listing);
        stdout.println("wrote " + written + " files at " + LoopOptions.formatBpm(bpm) + " BPM to " + out
                + (malformed > 0 ? " (" + malformed + " malformed lines skipped)" : ""));
        stdout.flush();
        return malformed > 0 ? 1 : 0;
    }
}
