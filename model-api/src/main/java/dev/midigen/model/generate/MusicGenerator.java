package dev.midigen.model.generate;

import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.sampling.Sample;
import dev.midigen.model.sampling.Sampler;
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
 * Music from a model of a token encoding (drum-kit, trap-text, melody): primer → {@link Sampler} →
 * tokens → the encoding's representation → notes → MIDI files.
 *
 * <p>The length asked for counts grid steps <em>after</em> the primer (Magenta's {@code num_steps}
 * counts the primer too); bars are of the primer's bar length, and when the primer is part of the output
 * a length in bars ends on a bar line (the primer's partial bar counts towards the first bar: with the
 * default one-step primer, 8 bars is a file of exactly 8 bars). Whether the output begins with the
 * primer is {@link dev.midigen.model.sampling.SamplingConfig#includePrimer}. Without a primer,
 * Magenta's default is used ({@link Primers#defaultFor}). The tempo is the request's, else the primer
 * file's, else 120 BPM. The generator keeps no state of its own: it is as thread-safe as the model.
 */
public final class MusicGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(MusicGenerator.class);
    /** Outputs sampled together at most: the memory of a call is that of one such batch. */
    public static final int BATCH = 64;

    private final SequenceModel model;
    private final TokenRendering rendering;

    /**
     * @throws IllegalArgumentException when the model's encoding is not a token encoding
     */
    public MusicGenerator(SequenceModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.rendering = TokenRendering.of(model.spec().encoding());
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
        Primer primer = request.primer() != null ? request.primer() : Primers.defaultFor(model.spec().encoding());
        boolean included = request.sampling().includePrimer();
        int steps = request.length().stepsFor(primer.stepsPerBar());
        if (included && request.length() instanceof GenerationLength.Bars) {
            // end on a bar line: a primer's partial bar is part of the first generated bar
            steps -= rendering.primerSteps(primer) % primer.stepsPerBar();
        }
        int tokens = rendering.tokensFor(primer, steps);
        int expectedSteps = steps + (included ? rendering.primerSteps(primer) : 0);
        double bpm = request.bpmFor(primer);
        LOG.debug("{} {} outputs of {} steps ({} tokens) after a primer of {} tokens at {} BPM", model.backend(),
                request.numOutputs(), steps, tokens, primer.tokens().length(), bpm);
        Sampler sampler = new Sampler(request.sampling());
        Sampler.Primed primed = sampler.prime(model, primer.tokens());
        for (int first = 0; first < request.numOutputs(); first += BATCH) {
            int count = Math.min(BATCH, request.numOutputs() - first);
            for (Sample sample : sampler.sample(primed, tokens, first, count)) {
                IntSeq out = sample.tokens();
                Object music = rendering.decode(out, primer, expectedSteps);
                sink.accept(new Generated(sample.outputIndex(), out, music, rendering.notes(music, bpm), bpm,
                        sample.logLikelihood(), rendering.validate(out)));
            }
        }
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
}
