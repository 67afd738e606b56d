package dev.midigen.cli;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.Timing;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.GrooveStatistics;
import dev.midigen.model.generate.GrooveSampling;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The drum VAE's other commands: {@code interpolate} between two beats and {@code tap2drum}. */
final class GrooveCommands {
    private GrooveCommands() {
    }

    /** Options both share. */
    static class ModelOptions {
        @Option(names = "--model", defaultValue = "groove", paramLabel = "groove|BUNDLE",
                description = "A drum-vae bundle (default: the embedded ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--backend", paramLabel = "NAME", description = "Engine (default: the best serving one).")
        String backend;

        @Option(names = "--temperature", defaultValue = "0.5", paramLabel = "T",
                description = "Hits drawn at this temperature; 0 = the most likely (default: ${DEFAULT-VALUE}).")
        double temperature;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--overwrite", description = "Replace output files that exist.")
        boolean overwrite;

        <T> T run(String command, ModelUse<T> use) throws IOException {
            if (!(temperature >= 0)) {
                throw new CliUsageFailure("--temperature must be >= 0, got " + temperature);
            }
            ModelBundle bundle = DrumVaeRef.forSampling(model, command);
            Backend engine = Engines.open(backend, Capability.SAMPLE, bundle.spec());
            try (SequenceModel vae = bundle.open(engine)) {
                return use.apply(new GrooveSampling(vae), (GrooveSpec) bundle.spec().encoding());
            }
        }

        void write(GrooveTrack groove, NoteSequence like, Path out) throws IOException {
            if (Files.exists(out) && !overwrite) {
                throw new CliFailure(out + ": exists (use --overwrite to replace it)");
            }
            int ppq = like.timing() instanceof Timing.Ppq p ? p.ticksPerQuarter() : 480;
            double bpm = 60_000_000.0 / like.tempoMap().microsPerQuarterAt(0);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            SmfWriter.standard().write(NotesToMidi.convert(groove.toNoteSequence(ppq, bpm)), out);
        }
    }

    interface ModelUse<T> {
        T apply(GrooveSampling sampling, GrooveSpec encoding) throws IOException;
    }

    static GrooveTrack groove(Path file, GrooveSpec encoding) throws IOException {
        NoteSequence notes = DrumVaeRef.notes(file);
        try {
            return GrooveStatistics.groove(notes, encoding.drumMap())
                    .orElseThrow(() -> new CliFailure(file + ": no drum notes the model's drum map knows"));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(file + ": " + e.getMessage());
        }
    }

    @Command(name = "interpolate",
            description = "A path of beats from one drum MIDI file to another through a drum VAE's latent space"
                    + " (spherical interpolation of the two windows' latent means; each beat one window of the model's"
                    + " bars): DIR/interpolation-1.mid … -N.mid, the ends included.",
            mixinStandardHelpOptions = true, sortOptions = false)
    static final class Interpolate extends ModelOptions implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "A.mid", description = "The first beat.")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "B.mid", description = "The last beat.")
        Path to;

        @Option(names = "--steps", defaultValue = "5", paramLabel = "N", description = "Beats on the path, ends included (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write them to.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (steps < 2 || steps > 100) {
                throw new CliUsageFailure("--steps takes 2 to 100 beats, got " + steps);
            }
            for (Path file : List.of(from, to)) {
                if (!Files.isRegularFile(file)) {
                    throw new CliUsageFailure(file + " is not a file");
                }
            }
            List<GrooveTrack> path = run("interpolate", (sampling, encoding) ->
                    sampling.interpolate(groove(from, encoding), groove(to, encoding), steps, temperature, seed));
            NoteSequence like = DrumVaeRef.notes(from);
            for (int i = 0; i < path.size(); i++) {
                write(path.get(i), like, out.resolve(String.format(Locale.ROOT, "interpolation-%d.mid", i + 1)));
            }
            spec.commandLine().getOut().println("wrote " + path.size() + " beats to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "tap2drum",
            description = "A beat from a tapped rhythm: the taps (any notes, on any drum) become one voice, the drum VAE"
                    + " turns them into a drum performance of its window of bars.",
            mixinStandardHelpOptions = true, sortOptions = false)
    static final class TapToDrum extends ModelOptions implements Callable<Integer> {
        @Option(names = "--in", required = true, paramLabel = "TAPS.mid", description = "The taps.")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "BEAT.mid", description = "The beat to write.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(input)) {
                throw new CliUsageFailure("--in " + input + " is not a file");
            }
            GrooveTrack beat = run("tap2drum", (sampling, encoding) ->
                    sampling.tapToDrums(groove(input, encoding), temperature, seed));
            write(beat, DrumVaeRef.notes(input), out);
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
