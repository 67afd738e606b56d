package dev.midigen.cli;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.dataset.LoopPackNormaliser;
import dev.midigen.dataset.LoopPackReport;
import dev.midigen.dataset.NormalisedLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen dataset normalize-loops}: single-instrument loops named by file → standard drum MIDI. */
@Command(name = "normalize-loops",
        description = "Turn a loop pack of single-instrument loops whose file names say the instrument (01_Kick.mid,"
                + " hihat_3.mid, OH 1.mid) into standard drum MIDI: every note to channel 10 at the pitch of the"
                + " named class, timing and velocities kept, same relative paths. Names that say no class, or two,"
                + " are listed and not written.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class NormalizeLoopsCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of loops (searched recursively).")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (not inside --input).")
    Path out;

    @Option(names = "--drum-map", defaultValue = "trap", paramLabel = "trap|gm|roland|FILE",
            description = "Drum classes and their pitches (default: ${DEFAULT-VALUE}).")
    String drumMap;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(input)) {
            throw usage("--input " + input + " is not a folder");
        }
        DrumMap map = LoopOptions.drumMap(drumMap, spec);
        LoopPackReport report;
        try {
            report = new LoopPackNormaliser(map).normalise(input, out, overwrite);
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println("midigen dataset normalize-loops: " + out
                    + ": the output exists (use --overwrite to replace it)");
            return 1;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        print(report, stdout);
        int unreadable = report.count(NormalisedLoop.Status.UNREADABLE);
        if (report.output() == null) {
            spec.commandLine().getErr().println("midigen dataset normalize-loops: no loop was written, "
                    + (report.files().isEmpty() ? "no MIDI files in " + input : "no file name named a drum class"));
            return 1;
        }
        stdout.println("wrote " + report.count(NormalisedLoop.Status.WRITTEN) + " loops to " + out);
        stdout.flush();
        return unreadable > 0 ? 1 : 0;
    }

    private static void print(LoopPackReport report, PrintWriter out) {
        int width = 4;
        for (NormalisedLoop file : report.files()) {
            width = Math.max(width, Math.min(48, file.id().length()));
        }
        String row = "%-" + width + "s  %s%n";
        out.printf(Locale.ROOT, row, "file", "class");
        for (NormalisedLoop file : report.files()) {
            String what = file.written()
                    ? String.format(Locale.ROOT, "%s (pitch %d, %d notes)", file.className(), file.pitch(), file.notes())
                    : "skipped, " + file.status().label() + ": " + file.detail();
            out.printf(Locale.ROOT, row, file.id(), what);
        }
        out.println();
        List<String> counts = new ArrayList<>();
        for (Map.Entry<NormalisedLoop.Status, Integer> count : report.counts().entrySet()) {
            counts.add(count.getKey().label() + " " + count.getValue());
        }
        out.println(report.files().size() + " files: " + String.join(", ", counts));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
