package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.Controls;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.generate.Conditioning;
import dev.midigen.model.generate.FramePrimer;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.GrooveSampling;
import dev.midigen.model.generate.Humanizer;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.generate.Primers;
import dev.midigen.model.generate.Priming;
import dev.midigen.model.generate.VaeHumanizer;
import dev.midigen.model.sampling.DecoderStart;
import dev.midigen.model.sampling.SamplingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The studio's work on its shared models: a piece as {@code midigen generate} writes it for the same options (the same
 * bytes: {@link GenerateSteps}, {@link GrooveGeneration}), a humanized MIDI file as {@code midigen humanize} writes it,
 * and a piece rendered to WAV as {@code midigen render} does. Holds no state of its own: safe on any worker.
 */
final class StudioGenerator {
    /** The longest primer read, in bars: the model reads a primer step by step, so its length is the work. */
    static final int MAX_PRIMER_BARS = 64;
    /** The longest file humanized, in bars (each bar starts a window of the drum VAE). */
    static final int MAX_HUMANIZE_BARS = 256;
    /** The longest music rendered: 5 minutes of 44.1 kHz 16-bit stereo is 53 MB of WAV. */
    static final int MAX_RENDER_MINUTES = 5;

    private final StudioModels models;

    StudioGenerator(StudioModels models) {
        this.models = models;
    }

    /**
     * The MIDI file of {@code params}, continuing {@code primer} (a MIDI file's bytes; null: the model's default).
     *
     * @throws ApiFailure 404 for a model not served, 400 for options or a primer the model cannot use
     */
    byte[] generate(GenerateParams params, byte[] primer) throws IOException {
        StudioModels.Served served = served(params.model());
        if (served.drumVae()) {
            return beat(served, params, primer);
        }
        EncodingSpec encoding = served.spec().encoding();
        boolean pianoRoll = encoding instanceof PianoRollSpec;
        boolean drums = encoding instanceof DrumKitSpec || encoding instanceof TrapTextSpec;
        boolean trap = GenerateSteps.trap(params.style());
        if (trap && !drums) {
            throw ApiFailure.badParameter("style", "trap needs a drum model; " + params.model() + " is a "
                    + served.kind() + " model");
        }
        if (params.kickPitch() != null && !trap) {
            throw ApiFailure.badParameter("kickPitch", "goes with style=trap");
        }
        if (params.melody().given() && !(encoding instanceof MelodySpec)) {
            String first = GenerateParams.MELODY_ONLY.stream().filter(params::gave).sorted().findFirst().orElse("key");
            throw ApiFailure.badParameter(first, "is for melody models; " + params.model() + " is a " + served.kind()
                    + " model");
        }
        if (!params.keep().isEmpty() && !(encoding instanceof DrumKitSpec)) {
            throw ApiFailure.badParameter("keep", "names drum classes: it needs a drum-kit model; " + params.model()
                    + " is a " + served.kind() + " model");
        }
        Conditioning conditioning = GenerateSteps.toldTempo(conditioning(GenerateSteps.conditionedStyle(params.style(),
                served.spec()), served), params.bpm() != null || primer != null);
        if (params.temperature() != null && params.temperature() == 0) {
            throw ApiFailure.badParameter("temperature", "must be > 0 for a " + served.kind() + " model");
        }
        SamplingConfig.Builder sampling = SamplingConfig.builder().temperature(params.temperature() != null
                ? params.temperature() : 1.0).seed(params.seed()).includePrimer(true).threshold(0.5);
        if (served.spec().hasEncoder()) {
            int guided = Optional.ofNullable(served.bundle().provenance().training()).map(TrainingConfig::sourceSteps)
                    .filter(s -> s > 0).orElse(64);
            sampling.start(DecoderStart.parse(primer != null ? "guided" : "zero", guided, 1.0));
        }
        Double tempo = params.bpm() != null ? params.bpm() : primer != null ? null : pianoRoll ? 120.0 : 140.0;
        GenerationRequest request = GenerationRequest.of(GenerationLength.bars(params.bars()), 1)
                .withSampling(sampling.build()).withBpm(tempo);
        if (primer != null) {
            Priming read = readPrimer(encoding, primer);
            double primerBpm = read.tempo().orElse(Double.NaN);
            if (params.bpm() == null && read.tempo().isPresent()
                    && !(primerBpm >= GenerateParams.MIN_BPM && primerBpm <= GenerateParams.MAX_BPM)) {
                throw ApiFailure.badParameter("bpm", String.format(Locale.ROOT, "the primer's tempo, %.2f BPM, is outside"
                        + " %.0f..%.0f; give the tempo", primerBpm, GenerateParams.MIN_BPM, GenerateParams.MAX_BPM));
            }
            request = request.withPrimer(read);
        }
        if (params.redo()) {
            request = redo(params, request, encoding, primer != null);
        } else if (!pianoRoll) {
            try {
                request = GenerateSteps.arrange(request, encoding, params.loopForm(), encoding instanceof MelodySpec
                        tune ? params.melody().controls(tune.stepsPerQuarter()) : null, trap);
            } catch (IllegalArgumentException e) {
                throw ApiFailure.badRequest(e.getMessage());
            }
        }
        GrooveFeel feel = drums && params.humanize() ? models.feel() : GrooveFeel.NONE;
        List<Generated> pieces;
        try {
            pieces = new MusicGenerator(served.model(), conditioning).generate(request);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badRequest(e.getMessage());
        }
        NoteSequence notes = GenerateSteps.play(pieces.get(0), feel, trap, params.seed(), params.kickPitch());
        return SmfWriter.standard().toBytes(NotesToMidi.convert(notes));
    }

    /** A drum VAE's beat from its prior, as {@code generate --model groove} writes it. */
    private byte[] beat(StudioModels.Served vae, GenerateParams params, byte[] primer) {
        if (primer != null) {
            throw ApiFailure.badRequest(params.model() + " is a drum VAE: it draws whole bars from its prior and"
                    + " continues no primer");
        }
        for (String name : GenerateParams.TOKEN_ONLY) {
            if (params.gave(name)) {
                throw ApiFailure.badParameter(name, params.model() + " is a drum VAE: it takes model, bars, bpm,"
                        + " temperature and seed");
            }
        }
        if (params.style() != null && !params.style().equalsIgnoreCase("plain")) {
            throw ApiFailure.badParameter("style", params.model() + " is a drum VAE: it plays no style");
        }
        if (!params.humanize()) {
            throw ApiFailure.badParameter("humanize", params.model() + " is a drum VAE: its beats are played with its"
                    + " own feel");
        }
        StudioModels.Served sampler = models.beatSampler(vae).orElseThrow(() -> ApiFailure.badParameter("model",
                params.model() + " reads the hits it plays: it humanizes beats (POST /api/humanize), it draws none"));
        GrooveGeneration generation = new GrooveGeneration(sampler.bundle(), params.bars(),
                params.temperature() != null ? params.temperature() : GrooveGeneration.TEMPERATURE,
                params.bpm() != null ? params.bpm() : GrooveGeneration.BPM);
        NoteSequence notes = generation.notes(generation.beat(new GrooveSampling(sampler.model()), params.seed()));
        return SmfWriter.standard().toBytes(NotesToMidi.convert(notes));
    }

    /** {@code request} redoing its primer as {@code generate --keep/--regenerate-bars} does ({@link RegenerateOptions}). */
    private static GenerationRequest redo(GenerateParams params, GenerationRequest request, EncodingSpec encoding,
                                          boolean primed) {
        String parameter = params.keep().isEmpty() ? "regenerateBars" : "keep";
        if (!primed) {
            throw ApiFailure.badParameter(parameter, "redoes a primer: POST the MIDI file to redo");
        }
        RegenerateOptions redo = new RegenerateOptions();
        redo.keep = params.keep();
        redo.bars = params.redoBars();
        try {
            return redo.apply(request, encoding, params.gave("bars"), false);
        } catch (CliFailure e) {
            throw ApiFailure.badParameter(parameter, e.getMessage().replaceFirst("^--(keep|regenerate-bars): ", ""));
        }
    }

    /** The conditioning of a style (null: none), checked against the model's styles. */
    private static Conditioning conditioning(String style, StudioModels.Served served) {
        if (style == null) {
            return Conditioning.NONE;
        }
        Controls controls = served.spec().controls();
        Conditioning conditioning;
        try {
            conditioning = Conditioning.style(style);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badParameter("style", e.getMessage());
        }
        if (controls == null || !controls.knows(conditioning.style())) {
            throw ApiFailure.badParameter("style", "'" + style + "' is not a style of " + served.name() + "; it knows"
                    + " plain" + (served.kind().equals("drums") ? ", trap" : "")
                    + (controls == null || controls.styles().isEmpty() ? "" : " and " + controls.known()));
        }
        return conditioning;
    }

    /** A primer file's music for the model (its first drum track or melody, or a piano roll's frames). */
    private static Priming readPrimer(EncodingSpec encoding, byte[] midi) throws IOException {
        Path file = Files.createTempFile("midigen-serve-primer", ".mid");
        try {
            Files.write(file, midi);
            return encoding instanceof PianoRollSpec roll
                    ? FramePrimer.fromMidi(file, roll, List.of(), MAX_PRIMER_BARS)
                    : Primers.fromMidi(encoding, file, MAX_PRIMER_BARS);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiFailure.badRequest("the primer: " + MidigenCli.oneLine(String.valueOf(e.getMessage()))
                    .replace(file.toString(), "the file"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * {@code midi} humanized by the drum VAE {@code model} (a humanizing one, as {@code midigen humanize}).
     *
     * @throws ApiFailure 404 for a model not served, 400 for a model that is no drum VAE or a file it cannot read
     */
    byte[] humanize(String model, byte[] midi) {
        StudioModels.Served served = served(model);
        if (!served.drumVae()) {
            throw ApiFailure.badParameter("model", model + " is a " + served.kind() + " model; humanize needs a drum VAE"
                    + " (groove)");
        }
        NoteSequence notes;
        try {
            notes = MidiToNotes.convert(SmfReader.lenient().read(midi).file()).sequence();
        } catch (IOException | IllegalArgumentException e) {
            throw ApiFailure.badRequest("the body is no MIDI file midigen reads: " + MidigenCli.oneLine(e.getMessage()));
        }
        long bars = notes.notes().isEmpty() ? 0 : notes.meterMap().barAt(Math.max(0, notes.endTick() - 1)) + 1;
        if (bars > MAX_HUMANIZE_BARS) {
            throw ApiFailure.badRequest("the file is " + bars + " bars long; the studio humanizes up to "
                    + MAX_HUMANIZE_BARS);
        }
        Humanizer humanizer = new Humanizer(((GrooveSpec) served.spec().encoding()).drumMap(),
                new VaeHumanizer(served.model()));
        try {
            return SmfWriter.standard().toBytes(NotesToMidi.convert(humanizer.humanize(notes)));
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badRequest(e.getMessage());
        }
    }

    /** {@code midi} as WAV, rendered as {@code midigen render} does with the JDK's sound bank. */
    static byte[] render(byte[] midi) throws IOException {
        Path dir = Files.createTempDirectory("midigen-serve-render");
        Path in = dir.resolve("piece.mid");
        Path out = dir.resolve("piece.wav");
        try {
            Files.write(in, midi);
            try {
                MidiRenderer.render(in, out, new MidiRenderer.Options(true, MAX_RENDER_MINUTES));
            } catch (MidiRenderer.TooLongException e) {
                throw ApiFailure.badParameter("bars", "the music plays longer than the " + MAX_RENDER_MINUTES
                        + " minutes the studio renders (fewer bars or a faster bpm)");
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A MIDI file of the user's as WAV ({@code midigen render}).
     *
     * @throws ApiFailure 400 for a body that is no MIDI file or plays longer than {@value #MAX_RENDER_MINUTES} minutes
     */
    static byte[] renderUpload(byte[] midi) throws IOException {
        try {
            return render(midi);
        } catch (ApiFailure e) {
            throw ApiFailure.badRequest("the body plays longer than the " + MAX_RENDER_MINUTES + " minutes the studio"
                    + " renders");
        } catch (java.io.InterruptedIOException e) {
            throw e; // the studio is stopping
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw ApiFailure.badRequest("the body is no MIDI file midigen renders: "
                    + MidigenCli.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The served model of this name (checked before a request is queued, and again when it runs).
     *
     * @throws ApiFailure 404 when the studio serves none of that name
     */
    StudioModels.Served served(String name) {
        return models.get(name).orElseThrow(() -> ApiFailure.notFound("model: no model '" + name + "'; this studio"
                + " serves " + names()));
    }

    private String names() {
        return String.join(", ", models.all().stream().map(StudioModels.Served::name).toList());
    }
}
