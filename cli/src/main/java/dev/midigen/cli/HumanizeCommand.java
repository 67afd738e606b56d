package dev.midigen.cli;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.generate.Humanizer;
import dev.midigen.model.generate.VaeHumanizer;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code midigen humanize}: drum MIDI, ours or a DAW's, gets velocities and micro-timing from a drum VAE; every note
 * stays on its 16th, none is added or dropped; a folder is mirrored file by file.
 */
@Command(name = "humanize",
        description = "Give drum MIDI a drummer's feel: velocities and micro-timing from a drum VAE (a groovae bundle),"
                + " window by window so the feel runs on across windows. Every note stays on its 16th step; none is"
                + " added or dropped; notes the model's drum map does not know, and other instruments, are left as they"
                + " are. A folder is mirrored: the same relative paths under --out. The same input gives the same output.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class HumanizeCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE|DIR", description = "A drum MIDI file, or a folder of them.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
            description = "Where to write: a file for a file, a folder for a folder.")
    Path out;

    @Option(names = "--model", defaultValue = "groove", paramLabel = "groove|BUNDLE",
            description = "A drum-vae bundle (default: the embedded ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--backend", paramLabel = "NAME", description = "Engine (default: the best serving one).")
    String backend;

    @Option(names = "--overwrite", description = "Replace output files that exist.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(input)) {
            throw new CliUsageFailure("--in " + input + " does not exist");
        }
        boolean folder = Files.isDirectory(input);
        if (folder && Files.isRegularFile(out)) {
            throw new CliUsageFailure("--in is a folder, so --out must be one too; " + out + " is a file");
        }
        ModelBundle bundle = DrumVaeRef.read(model, "humanize");
        GrooveSpec groove = (GrooveSpec) bundle.spec().encoding();
        List<Path> files = folder ? MidiFiles.expand(List.of(input)) : List.of(input);
        Backend engine = Engines.open(backend, Capability.SAMPLE, bundle.spec());
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        int failed = 0;
        int written = 0;
        try (SequenceModel vae = bundle.open(engine)) {
            Humanizer humanizer = new Humanizer(groove.drumMap(), new VaeHumanizer(vae));
            for (Path file : files) {
                Path target = folder ? out.resolve(input.relativize(file).toString()) : out;
                try {
                    if (Files.exists(target) && !overwrite) {
                        throw new IOException("exists (use --overwrite to replace it)");
                    }
                    NoteSequence notes = DrumVaeRef.notes(file);
                    NoteSequence played = humanizer.humanize(notes);
                    if (target.getParent() != null) {
                        Files.createDirectories(target.getParent());
                    }
                    SmfWriter.standard().write(NotesToMidi.convert(played), target); // atomic
                    written++;
                } catch (IOException | IllegalArgumentException e) {
                    failed++;
                    stderr.println("midigen humanize: " + file + ": " + (e.getMessage() == null ? e : e.getMessage()));
                }
            }
        }
        stdout.println("humanized " + written + " of " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " with "
                + model + " on the " + engine.name() + " backend" + (folder ? " into " + out : ": " + out));
        stdout.flush();
        return failed > 0 || written == 0 ? 1 : 0;
    }
}
