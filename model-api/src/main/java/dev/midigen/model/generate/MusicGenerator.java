package dev.midigen.model.generate;

import dev.midigen.codec.encoding.PianoRollCodec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.model.Head;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.sampling.Sample;
import dev.midigen.model.sampling.Sampler;
import dev.midigen.model.sampling.UnitSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Music from a model of any family: primer → {@link Sampler} → the encoding's representation → notes → MIDI files.
 *
 * <p>A categorical head (token encodings: drum-kit, trap-text, melody) samples tokens with temperature, top-k/p or
 * beam search. The length asked for counts grid steps <em>after</em> the primer (Magenta's {@code num_steps} counts the
 * primer too); bars are of the primer's bar length, and when the primer is part of the output a length in bars ends on
 * a bar line (the primer's partial bar counts towards the first bar: with the default one-step primer, 8 bars is a
 * file of exactly 8 bars). Without a primer, Magenta's default is used ({@link Primers#defaultFor}).
 *
 * <p>A multi-label head (the piano roll) chooses each unit's value by threshold or Bernoulli draws, its decoder
 * started as the sampling config says (guided by the primer through the encoder, zero or random), each step's frame
 * fed back; the frames become a {@link PianoRoll} (a key's onset where it rises, held while it stays on) and notes on
 * channel 1, program 0 (piano). Bars are the primer's, else 4/4.
 *
 * <p>Whether the output begins with the primer is {@link dev.midigen.model.sampling.SamplingConfig#includePrimer}. The
 * tempo is the request's, else the primer file's, else 120 BPM. The generator keeps no state of its own: it is as
 * thread-safe as the model.
 */
public final class MusicGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(MusicGenerator.class);
    /** Outputs sampled together at most: the memory of a call is that of one such batch. */
    public static final int BATCH = 64;

    private final SequenceModel model;
    private final TokenRendering rendering;
    private final Conditioning conditioning;

    /**
     * @throws IllegalArgumentException when the model's encoding is neither a token encoding nor a piano roll
     */
    public MusicGenerator(SequenceModel model) {
        this(model, Conditioning.NONE);
    }

    /**
     * A generator whose pieces a style-conditioned token model plays in {@code conditioning}'s style and tempo (the
     * control every step reads, {@link dev.midigen.model.Controls}).
     *
     * @throws IllegalArgumentException as {@link #MusicGenerator(SequenceModel)}, and for a style the model does not
     *                                  know (the message lists those it does)
     */
    public MusicGenerator(SequenceModel model, Conditioning conditioning) {
        this.model = Objects.requireNonNull(model, "model");
        this.conditioning = Objects.requireNonNull(conditioning, "conditioning").checkedFor(model.spec());
        boolean tokens = model.spec().head() instanceof Head.Categorical;
        if (!tokens && !(model.spec().encoding() instanceof PianoRollSpec)) {
            throw new IllegalArgumentException("generation writes token encodings and piano rolls; the model reads "
                    + model.spec().encoding().typeName());
        }
        this.rendering = tokens ? TokenRendering.of(model.spec().encoding()) : null;
    }

    /** The pieces, in output order (all held in memory: for many, see {@link #generate(GenerationRequest, PieceSink)}). */
    public List<Generated> generate(GenerationRequest request) {
        List<Generated> pieces = new ArrayList<>(request.numOutputs());
        try {
            generate(request, pieces::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // adding to a list does not throw
        }
        return pieces;
    }

    /**
     * Makes the pieces in output order and hands each to {@code sink} as soon as it is made: at most {@value #BATCH}
     * outputs are sampled together, so memory stays that of one batch however many are asked for. Output {@code i} is
     * the same as from {@link #generate(GenerationRequest)} (its own random stream; logits that do not depend on the
     * batch). An exception from the sink stops the generation.
     */
    public void generate(GenerationRequest request, PieceSink sink) throws IOException {
        if (rendering == null) {
            frames(request, sink);
            return;
        }
        if (request.primer() != null && !(request.primer() instanceof Primer)) {
            throw new IllegalArgumentException("a " + model.spec().encoding().typeName() + " model continues tokens, not a "
                    + "piano roll");
        }
        Primer primer = request.primer() != null ? (Primer) request.primer() : Primers.defaultFor(model.spec().encoding());
        boolean included = request.sampling().includePrimer();
        int steps = request.length().stepsFor(primer.stepsPerBar());
        if (included && request.length() instanceof GenerationLength.Bars) {
            // end on a bar line: a primer's partial bar is part of the first generated bar
            steps -= rendering.primerSteps(primer) % primer.stepsPerBar();
        }
        int leadIn = leadInTokens(request, primer);
        if (leadIn > 0 && included && request.length() instanceof GenerationLength.Bars) {
            steps += rendering.primerSteps(primer) % primer.stepsPerBar(); // the primer is part of the lead-in
        }
        int tokens = rendering.tokensFor(primer, steps) + leadIn;
        int dropped = leadIn > 0 ? leadIn + (included ? primer.tokens().length() : 0) : 0;
        int expectedSteps = steps + (included && leadIn == 0 ? rendering.primerSteps(primer) : 0);
        double bpm = request.bpmFor(primer);
        LOG.debug("{} {} outputs of {} steps ({} tokens) after a primer of {} tokens at {} BPM", model.backend(),
                request.numOutputs(), steps, tokens, primer.tokens().length(), bpm);
        Sampler sampler = new Sampler(request.sampling());
        Sampler.Primed primed = sampler.prime(model, primer.tokens(), conditioning.control(model.spec(), bpm),
                new Conditioning(null, conditioning.bpm()).control(model.spec(), bpm));
        for (int first = 0; first < request.numOutputs(); first += BATCH) {
            int count = Math.min(BATCH, request.numOutputs() - first);
            for (Sample sample : sampler.sample(primed, tokens, first, count)) {
                IntSeq out = sample.tokens().slice(dropped, sample.tokens().length());
                Object music = rendering.decode(out, primer, expectedSteps);
                sink.accept(new Generated(sample.outputIndex(), out, music, rendering.notes(music, bpm), bpm,
                        sample.logLikelihood(), rendering.validate(out)));
            }
        }
    }

    /**
     * Tokens of the lead-in: whole bars counted from the primer's start, so that the output begins on a bar line.
     *
     * @throws IllegalArgumentException for a lead-in on an encoding whose tokens are not one per step (trap-text)
     */
    private int leadInTokens(GenerationRequest request, Primer primer) {
        if (request.leadInBars() == 0) {
            return 0;
        }
        if (rendering.tokensFor(primer, primer.stepsPerBar()) != primer.stepsPerBar()) {
            throw new IllegalArgumentException("a lead-in needs one token per step; " + model.spec().encoding().typeName()
                    + " has others");
        }
        return outputStart(request, primer) - primer.tokens().length();
    }

    /**
     * The position of the output's first token among all the tokens sampled (primer first): where a form's bars start.
     */
    public static int outputStart(GenerationRequest request, Primer primer) {
        int perBar = primer.stepsPerBar();
        int primerTokens = primer.tokens().length();
        return request.leadInBars() == 0 ? 0 : primerTokens + request.leadInBars() * perBar - primerTokens % perBar;
    }

    /**
     * Generates and writes {@code <prefix>-001.mid} … into {@code folder}, each file as soon as its piece is made
     * ({@link MidiOutputs#write}); existing files are refused before anything is generated unless {@code overwrite}.
     */
    public List<Path> generateFiles(GenerationRequest request, Path folder, String prefix, boolean overwrite)
            throws IOException {
        MidiOutputs.targets(folder, prefix, IntStream.range(0, request.numOutputs()).boxed().toList(), overwrite);
        List<Path> written = new ArrayList<>(request.numOutputs());
        generate(request, piece -> written.add(MidiOutputs.write(piece, folder, prefix, overwrite)));
        return written;
    }

    /** A multi-label head over a piano roll: see the class comment. */
    private void frames(GenerationRequest request, PieceSink sink) throws IOException {
        PianoRollSpec spec = (PianoRollSpec) model.spec().encoding();
        if (request.primer() != null && !(request.primer() instanceof FramePrimer)) {
            throw new IllegalArgumentException("a piano-roll model continues a piano roll, not tokens");
        }
        FramePrimer primer = (FramePrimer) request.primer();
        float[] primerFrames = primer == null ? null : primer.frames(spec).toArray();
        int keys = spec.keys();
        int primerLength = primer == null ? 0 : primer.roll().frames();
        int stepsPerBar = primer != null ? primer.stepsPerBar() : 4 * spec.stepsPerQuarter();
        int steps = request.length().stepsFor(stepsPerBar);
        double bpm = request.bpmFor(primer);
        boolean included = request.sampling().includePrimer() && primerFrames != null;
        PianoRollCodec codec = new PianoRollCodec(spec);
        Sampler sampler = new Sampler(request.sampling());
        for (int first = 0; first < request.numOutputs(); first += BATCH) {
            int count = Math.min(BATCH, request.numOutputs() - first);
            for (UnitSample sample : sampler.sampleUnits(model, primerFrames, steps, first, count)) {
                float[] frames = sample.values();
                int length = steps;
                if (included) {
                    frames = new float[(primerLength + steps) * keys];
                    System.arraycopy(primerFrames, 0, frames, 0, primerLength * keys);
                    System.arraycopy(sample.values(), 0, frames, primerLength * keys, steps * keys);
                    length += primerLength;
                }
                PianoRoll roll = codec.decode(FrameSeq.wrap(length, keys, frames), stepsPerBar);
                sink.accept(new Generated(sample.outputIndex(), IntSeq.of(), roll, PianoRollToNotes.convert(roll,
                        NoteWriteOptions.DEFAULT.withBpm(bpm)), bpm, sample.logLikelihood(), List.of()));
            }
        }
    }
}
