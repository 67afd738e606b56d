package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.DrumVae;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.generate.Conditioning;
import dev.midigen.model.generate.FramePrimer;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.MelodyControls;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.generate.Primers;
import dev.midigen.model.generate.Priming;
import dev.midigen.model.sampling.DecoderStart;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code midigen generate}: new MIDI from a model — by default the embedded drum model: 8 bars at
 * 140 BPM into {@code beat.mid} here (then {@code beat-2.mid}, … rather than overwrite).
 */
@Command(name = "generate",
        description = "Generate MIDI with a model (default: the embedded 'drums'; 'melody' or a bundle folder): 8 bars at"
                + " 140 BPM into beat.mid (melody.mid; piano.mid at 120 BPM) in the current folder, never overwriting"
                + " (beat-2.mid, …) unless --force. Sampling by temperature, top-k, top-p or Magenta's beam search; a"
                + " piano-roll model's keys by threshold or Bernoulli draws; seeded.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = StyleHelp.class)
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "drums", paramLabel = "drums|melody|melody-pop|groove|BUNDLE",
            description = "An embedded model or a bundle folder (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run the model on (default: the best available).")
    String backend;

    @Option(names = "--num-outputs", defaultValue = "1", paramLabel = "N", description = "How many files (default: ${DEFAULT-VALUE}).")
    int numOutputs;

    @ArgGroup(exclusive = true)
    Length length;

    static final class Length {
        @Option(names = "--bars", paramLabel = "N", description = "Bars to generate, ending on a bar line (the primer's partial bar counts towards the first; default: 8).")
        Integer bars;

        @Option(names = "--num-steps", paramLabel = "N", description = "Steps to generate after the primer.")
        Integer steps;
    }

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sampling temperature (default: 1.0; a drum VAE's hits: " + GrooveGeneration.TEMPERATURE + ").")
    Double temperature;

    @Option(names = "--guidance", paramLabel = "W",
            description = "With --style on a style-conditioned model: classifier-free guidance, logits cond + W·(cond −"
                    + " uncond) (default: " + SamplingConfig.DEFAULT_GUIDANCE + "; 0 = off).")
    Double guidance;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Sample among the K likeliest only (0 = off).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P", description = "Sample within probability mass P (1 = off).")
    double topP;

    @Option(names = "--beam-size", defaultValue = "1", paramLabel = "B", description = "Beam search beams (1 = plain sampling).")
    int beamSize;

    @Option(names = "--branch-factor", defaultValue = "1", paramLabel = "F", description = "Beam search branches per beam.")
    int branchFactor;

    @Option(names = "--steps-per-iteration", defaultValue = "1", paramLabel = "S", description = "Beam search: sampled steps per extension.")
    int stepsPerIteration;

    @ArgGroup(exclusive = true)
    PrimerSource primer;

    static final class PrimerSource {
        @Option(names = "--primer", paramLabel = "TEXT",
                description = "Drums: DeepBeat's \"[(36,42),(),(42,)]\"; melodies: \"[60, -2, 62, -1]\".")
        String text;

        @Option(names = "--primer-midi", paramLabel = "FILE", description = "A MIDI file to continue.")
        Path midi;
    }

    @Option(names = {"--without-primer", "--no-primer-in-output"}, description = "Leave the primer out of the output.")
    boolean withoutPrimer;

    @Option(names = "--bpm", paramLabel = "N", description = "Tempo of the files (default: 140, or a MIDI primer's tempo).")
    Double bpm;

    @Option(names = "--style", paramLabel = "plain|trap|STYLE",
            description = "trap: hi-hat rolls in 32nds on the drum model's beat (docs/generate.md); or a style a"
                    + " style-conditioned model knows (rock, funk, …: the embedded drums' are listed below; a bundle's"
                    + " are in its bundle.json), played at --bpm.")
    String style;

    @Option(names = "--kick-pitch", paramLabel = "N",
            description = "--style trap: write the kick on this pitch (an 808 on its own note; default: the map's kick).")
    Integer kickPitch;

    @CommandLine.Mixin
    FormOptions form = new FormOptions();

    @CommandLine.Mixin
    RegenerateOptions redo = new RegenerateOptions();

    @CommandLine.Mixin
    MelodyOptions melody = new MelodyOptions();

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-humanize",
            description = "Drums: leave the beat on the grid at the model's velocity (by default the embedded groove model"
                    + " gives it a drummer's velocities and micro-timing; docs/generate.md).")
    boolean noHumanize;

    @Option(names = "--start", paramLabel = "guided|zero|random",
            description = "seq2seq-gru: the decoder's start: guided (the encoder reads the primer's last frames; the default"
                    + " with --primer-midi), zero (the default without) or random.")
    String start;

    @Option(names = "--guided-steps", paramLabel = "N",
            description = "seq2seq-gru: primer frames the encoder reads (default: the model's source window, else 64).")
    Integer guidedSteps;

    @Option(names = "--sampling", defaultValue = "threshold", paramLabel = "threshold|bernoulli",
            description = "seq2seq-gru: a key sounds when its probability reaches --threshold, or with its probability at"
                    + " --temperature (default: ${DEFAULT-VALUE}).")
    String unitSampling;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "P",
            description = "seq2seq-gru: the threshold of threshold sampling (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--primer-bars", paramLabel = "N",
            description = "seq2seq-gru: only the first N bars of --primer-midi (a whole song ends where it ends).")
    Integer primerBars;

    @Option(names = "--primer-tracks", split = ",", paramLabel = "NAME",
            description = "seq2seq-gru: only these tracks of --primer-midi (e.g. PIANO for POP909; default: all).")
    List<String> primerTracks = List.of();

    @Option(names = "--out", paramLabel = "FILE.mid|DIR",
            description = "Where to write: a .mid file, or a folder (default: the current folder).")
    Path out;

    @Option(names = {"--force", "--overwrite"}, description = "Replace existing files instead of choosing new names.")
    boolean force;

    @Option(names = "--max-primer-bars", defaultValue = "" + Primers.DEFAULT_MAX_BARS, paramLabel = "N",
            description = "The longest primer --primer-midi may give, in bars (default: ${DEFAULT-VALUE}); the model reads a"
                    + " primer step by step, so its length is the work.")
    int maxPrimerBars;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean trap = style != null && style.equalsIgnoreCase("trap");
        if (maxPrimerBars < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-primer-bars must be at least 1, got "
                    + maxPrimerBars);
        }
        ModelBundle bundle = ModelRef.read(model);
        if (bundle.spec().family() instanceof DrumVae) {
            return grooves();
        }
        // the trap recipe is played on the hip-hop style when the model knows it
        String styleName = GenerateSteps.conditionedStyle(style, bundle.spec());
        Conditioning conditioning = StyleHelp.conditioning(styleName, bundle.spec(), spec.commandLine());
        EncodingSpec encoding = bundle.spec().encoding();
        boolean pianoRoll = encoding instanceof PianoRollSpec;
        boolean drums = encoding instanceof DrumKitSpec || encoding instanceof TrapTextSpec;
        boolean encoder = bundle.spec().hasEncoder();
        Path midi = primer != null ? primer.midi : null;
        conditioning = GenerateSteps.toldTempo(conditioning, bpm != null || midi != null);
        GenerationRequest request;
        try {
            GenerationLength howMuch = length != null && length.steps != null ? GenerationLength.steps(length.steps)
                    : GenerationLength.bars(length != null && length.bars != null ? length.bars : 8);
            SamplingConfig.Builder sampling = SamplingConfig.builder().temperature(temperature != null ? temperature : 1.0)
                    .guidance(guidance != null ? guidance : SamplingConfig.DEFAULT_GUIDANCE).topK(topK).topP(topP)
                    .beamSearch(beamSize, branchFactor, stepsPerIteration).seed(seed).includePrimer(!withoutPrimer);
            switch (unitSampling.toLowerCase(Locale.ROOT)) {
                case "threshold" -> sampling.threshold(threshold);
                case "bernoulli" -> sampling.bernoulli();
                default -> throw new IllegalArgumentException("--sampling takes threshold or bernoulli, got " + unitSampling);
            }
            if (encoder) {
                int guided = guidedSteps != null ? guidedSteps : Optional.ofNullable(bundle.provenance().training())
                        .map(TrainingConfig::sourceSteps).filter(s -> s > 0).orElse(64);
                sampling.start(DecoderStart.parse(start != null ? start : midi != null ? "guided" : "zero", guided, 1.0));
            }
            Double tempo = bpm != null ? bpm : midi != null ? null : pianoRoll ? 120.0 : 140.0;
            request = GenerationRequest.of(howMuch, numOutputs).withSampling(sampling.build()).withBpm(tempo);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DecoderStart begin = request.sampling().start();
        if (begin instanceof DecoderStart.Guided && midi == null) {
            throw new CliFailure("--start guided needs --primer-midi (the encoder reads its last frames)");
        }
        if (kickPitch != null && (!trap || kickPitch < 0 || kickPitch > 127)) {
            throw new CliUsageFailure(trap ? "--kick-pitch is a MIDI pitch, 0..127, got " + kickPitch
                    : "--kick-pitch goes with --style trap");
        }
        if (melody.given() && !(encoding instanceof MelodySpec)) {
            throw new CliUsageFailure("--key, --scale, --range and --onsets are for melody models; " + model + " reads "
                    + encoding.typeName());
        }
        if (trap && !drums) {
            throw new CliFailure("--style trap needs a drum model; " + model + (pianoRoll ? " writes piano" : " makes melodies"));
        }
        if (primer != null && primer.text != null) {
            if (pianoRoll) {
                throw new CliFailure("a " + bundle.spec().family().typeName() + " continues a MIDI file: use"
                        + " --primer-midi, not --primer");
            }
            try {
                request = request.withPrimer(Primers.parse(encoding, primer.text));
            } catch (IllegalArgumentException e) {
                throw new CliUsageFailure("--primer: " + e.getMessage());
            }
        } else if (midi != null) {
            Priming read = readPrimer(() -> pianoRoll ? pianoPrimer((PianoRollSpec) encoding, midi)
                    : Primers.fromMidi(encoding, midi, maxPrimerBars));
            if (bpm == null) {
                read.tempo().ifPresent(this::checkTempo);
            }
            request = request.withPrimer(read);
        }
        if (redo.active()) {
            request = redo.apply(request, encoding, length != null, withoutPrimer);
        } else if (!pianoRoll) {
            try {
                MelodyControls controls = encoding instanceof MelodySpec tune ? melody.controls(tune.stepsPerQuarter())
                        : null;
                request = GenerateSteps.arrange(request, encoding, form.loopForm(seed), controls, trap);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Backend engine = Engines.open(backend, Capability.SAMPLE, bundle.spec());
        OutputFiles files = new OutputFiles(out, drums ? "beat" : pianoRoll ? "piano" : "melody", force);
        PrintWriter stdout = spec.commandLine().getOut();
        String how = begin == null ? "" : ", " + begin.name() + " start, " + unitSampling.toLowerCase(Locale.ROOT);
        GenerationRequest asked = request;
        DrumTrack[] firstBeat = new DrumTrack[1];
        try (SequenceModel loaded = bundle.open(engine);
             GrooveFeel feel = drums && !noHumanize ? GrooveFeel.open(engine) : GrooveFeel.NONE) {
            new MusicGenerator(loaded, conditioning).generate(asked, piece -> {
                NoteSequence notes = GenerateSteps.play(piece, feel, trap, seed, kickPitch);
                Path written = files.write(SmfWriter.standard().toBytes(NotesToMidi.convert(notes)));
                stdout.printf(Locale.ROOT, "wrote %s (%s, %.0f BPM, %s backend%s%s)%n", written, describe(notes), piece.bpm(),
                        engine.name(), how, feel.describe());
                if (drums && firstBeat[0] == null) {
                    firstBeat[0] = (DrumTrack) piece.music();
                }
            });
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        if (firstBeat[0] != null) {
            for (String row : DrumPicture.firstBar(firstBeat[0])) {
                stdout.println("  " + row);
            }
        }
        stdout.flush();
        return 0;
    }

    /** A drum VAE's beats, from its prior ({@link GrooveGeneration}). */
    private int grooves() throws IOException {
        if (primer != null || trapOrOtherStyle() || length != null && length.steps != null || beamSize != 1
                || topK != 0 || topP != 1.0 || noHumanize || redo.active()) {
            throw new CliFailure("--model " + model + " is a drum VAE: it draws whole bars from its prior, with --bars,"
                    + " --temperature, --seed, --bpm, --num-outputs (no primer, --num-steps, --style, beam search, top-k/p,"
                    + " --keep, --regenerate-bars or --no-humanize)");
        }
        ModelBundle bundle = DrumVaeRef.forSampling(model, "generate");
        GrooveGeneration generation = new GrooveGeneration(bundle, length != null && length.bars != null ? length.bars : 8,
                temperature != null ? temperature : GrooveGeneration.TEMPERATURE, bpm != null ? bpm : GrooveGeneration.BPM);
        OutputFiles files = new OutputFiles(out, "beat", force);
        PrintWriter stdout = spec.commandLine().getOut();
        generation.run(Engines.open(backend, Capability.SAMPLE, bundle.spec()), numOutputs, seed, files, stdout);
        stdout.flush();
        return 0;
    }

    private boolean trapOrOtherStyle() {
        return style != null && !style.equalsIgnoreCase("plain");
    }

    /**
     * A piano-roll primer: the file's {@code --primer-tracks} (all when none), only its first {@code --primer-bars}
     * bars when given; a file longer than {@code --max-primer-bars} is refused.
     */
    private FramePrimer pianoPrimer(PianoRollSpec encoding, Path midi) throws IOException {
        FramePrimer read = FramePrimer.fromMidi(midi, encoding, primerTracks, maxPrimerBars);
        if (primerBars != null) {
            try {
                read = read.firstBars(primerBars);
            } catch (IllegalArgumentException e) {
                throw new CliUsageFailure("--primer-bars: " + e.getMessage());
            }
        }
        return read;
    }

    /** Reading a primer file: what goes wrong is said in one line naming the file. */
    @FunctionalInterface
    private interface PrimerRead<T> {
        T read() throws IOException;
    }

    private <T> T readPrimer(PrimerRead<T> read) throws IOException {
        try {
            return read.read();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(primer.midi + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new CliFailure(MemoryMessages.outOfMemory(primer.midi));
        }
    }

    /** A primer file's tempo becomes the output's (no --bpm): it must be one a file can be written at. */
    private void checkTempo(double primerBpm) {
        if (!(primerBpm >= 4 && primerBpm <= 1000)) {
            throw new CliFailure(String.format(Locale.ROOT, "%s: its tempo, %.2f BPM, is outside the 4..1000 BPM midigen"
                    + " writes; give the output's tempo with --bpm", primer.midi, primerBpm));
        }
    }

    private static String describe(NoteSequence notes) {
        long bars = notes.meterMap().barAt(Math.max(0, notes.endTick() - 1)) + 1;
        return bars + (bars == 1 ? " bar" : " bars") + ", " + notes.notes().size() + " notes";
    }
}
