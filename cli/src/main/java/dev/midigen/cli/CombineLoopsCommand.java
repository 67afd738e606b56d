package dev.midigen.cli;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.dataset.CombinedLoops;
import dev.midigen.dataset.DrumLoopFile;
import dev.midigen.dataset.DrumLoopFiles;
import dev.midigen.dataset.MidiDirectory;
import dev.midigen.dataset.SourceFile;
import dev.midigen.dataset.StagedFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen dataset combine-loops}: new drum loops from the kick, snare and hats of a folder's loops. */
@Command(name = "combine-loops",
        description = "Make new drum loops from a folder of loops: each takes its kick (with toms and cymbals) from"
                + " one loop, its snare from another and its hi-hats from a third, looped to --bars bars; the same"
                + " loops and --seed give the same files. Writes combined-001.mid, … at --bpm.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class CombineLoopsCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of drum loops (searched recursively).")
    Path input;

    @Option(names = "--count", required = true, paramLabel = "N", description = "How many loops to make (1..9999).")
    int count;

    @Option(names = "--bars", required = true, paramLabel = "N", description = "Bars per loop (1..256).")
    int bars;

    @Option(names = "--bpm", required = true, paramLabel = "N", description = "Tempo of the files written (4..1000).")
    double bpm;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(names = "--drum-map", defaultValue = "trap", paramLabel = "trap|gm|roland|FILE",
            description = "Drum classes (default: ${DEFAULT-VALUE}).")
    String drumMap;

    @Option(names = "--drums-any-channel",
            description = "Drums are notes with drum-map pitches on any channel (loops on channel 1), not only channel 10.")
    boolean drumsAnyChannel;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(input)) {
            throw usage("--input " + input + " is not a folder");
        }
        if (count < 1 || count > 9999) {
            throw usage("--count must be 1..9999, got " + count);
        }
        if (bars < 1 || bars > 256) {
            throw usage("--bars must be 1..256, got " + bars);
        }
        LoopOptions.bpm(bpm, spec);
        DrumMap map = LoopOptions.drumMap(drumMap, spec);
        PrintWriter err = spec.commandLine().getErr();
        List<CombinedLoops.Source> loops = new ArrayList<>();
        int unreadable = 0;
        for (SourceFile file : MidiDirectory.scan(input)) {
            DrumLoopFile read = DrumLoopFiles.read(file, map, drumsAnyChannel, 4);
            if (read.loop() != null) {
                loops.add(new CombinedLoops.Source(file.id(), read.loop()));
            } else {
                err.println("skipped " + file.id() + ": " + read.problem());
                unreadable += read.unreadable() ? 1 : 0;
            }
        }
        CombinedLoops.Result result;
        try {
            result = CombinedLoops.make(loops, count, bars, seed);
        } catch (IllegalArgumentException e) {
            err.println("midigen dataset combine-loops: " + input + ": " + e.getMessage());
            return 1;
        }
        for (CombinedLoops.Source other : result.otherBarLength()) {
            err.println("set aside " + other.id() + ": bars of " + other.loop().stepsPerBar() + " steps, unlike most loops");
        }
        result.warnings().forEach(warning -> err.println("warning: " + warning));
        String pattern = "combined-%0" + Math.max(3, String.valueOf(count).length()) + "d.mid";
        List<String> names = new ArrayList<>();
        try (StagedFolder folder = StagedFolder.create(out, overwrite)) {
            for (int i = 0; i < result.loops().size(); i++) {
                String name = String.format(Locale.ROOT, pattern, i + 1);
                Files.write(folder.file(name), DrumLoopFiles.toMidi(result.loops().get(i).loop(), bpm));
                names.add(name);
            }
            folder.commit();
        } catch (FileAlreadyExistsException e) {
            err.println("midigen dataset combine-loops: " + out + ": the output exists (use --overwrite to replace it)");
            return 1;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (int i = 0; i < names.size(); i++) {
            CombinedLoops.Made made = result.loops().get(i);
            stdout.println(names.get(i) + "  kick: " + made.kickSource() + "  snare: " + made.snareSource()
                    + "  hats: " + made.hatSource());
        }
        stdout.printf(Locale.ROOT, "wrote %d loops of %d bars at %s BPM to %s (from %d loops)%n", names.size(), bars,
                LoopOptions.formatBpm(bpm), out, loops.size());
        stdout.flush();
        return unreadable > 0 ? 1 : 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
