package dev.midigen.model.generate;

import dev.midigen.codec.encoding.PianoRollCodec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameModel;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.sampling.SeedStreams;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Piano music from a seq2seq frame model: a start ({@link FrameStart}: guided by a primer, zero or random state),
 * then frame after frame, each chosen from the step's logits ({@link FrameSampling}) and fed back as the next input;
 * the frames become a {@link PianoRoll} (a key's onset where it rises, held while it stays on) and notes on channel 1,
 * program 0 (piano), written by {@link MidiOutputs}. All outputs step together as rows of one decoder; output
 * {@code i} draws from {@link SeedStreams#forOutput}{@code (seed, i)}, so it is the same alone or among others
 * (given logits that do not depend on the batch).
 */
public final class FrameGenerator {
    private final FrameModel model;
    private final PianoRollSpec spec;
    private final int keys;

    public FrameGenerator(FrameModel model) {
        this.model = Objects.requireNonNull(model, "model");
        if (!(model.spec().encoding() instanceof PianoRollSpec roll)) {
            throw new IllegalArgumentException("frame generation writes piano rolls; the model reads "
                    + model.spec().encoding().typeName());
        }
        this.spec = roll;
        this.keys = Seq2SeqLayout.keys(model.spec());
    }

    /**
     * The pieces, all held in memory (for many, see {@link #generate(FrameGenerationRequest, FramePrimer, PieceSink)});
     * {@code primer} may be null unless the start is guided.
     *
     * @throws IllegalArgumentException for a guided start without a primer
     */
    public List<Generated> generate(FrameGenerationRequest request, FramePrimer primer) {
        List<Generated> pieces = new ArrayList<>(request.numOutputs());
        try {
            generate(request, primer, pieces::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // adding to a list does not throw
        }
        return pieces;
    }

    /**
     * Makes the pieces in output order and hands each to {@code sink} as soon as it is made: at most
     * {@value MusicGenerator#BATCH} outputs step together, so memory stays that of one batch however many are asked
     * for. An exception from the sink stops the generation.
     *
     * @throws IllegalArgumentException for a guided start without a primer
     */
    public void generate(FrameGenerationRequest request, FramePrimer primer, PieceSink sink) throws IOException {
        if (request.start() instanceof FrameStart.Guided && primer == null) {
            throw new IllegalArgumentException("a guided start needs a primer (the encoder reads its last frames)");
        }
        float[] primerFrames = primer == null ? null : primer.frames(spec).toArray();
        for (int first = 0; first < request.numOutputs(); first += MusicGenerator.BATCH) {
            int count = Math.min(MusicGenerator.BATCH, request.numOutputs() - first);
            for (Generated piece : batch(request, primer, primerFrames, first, count)) {
                sink.accept(piece);
            }
        }
    }

    /**
     * Outputs {@code first … first + outputs − 1}, stepped together as rows of one decoder; {@code primerFrames} is the
     * primer's encoding (null without a primer).
     */
    private List<Generated> batch(FrameGenerationRequest request, FramePrimer primer, float[] primerFrames, int first,
                                  int outputs) {
        int stepsPerBar = primer != null ? primer.roll().stepsPerBar() : 4 * spec.stepsPerQuarter();
        int steps = request.length().stepsFor(stepsPerBar);
        int primerLength = primer == null ? 0 : primer.roll().frames();
        List<RandomGenerator> streams = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            streams.add(SeedStreams.forOutput(request.seed(), first + i));
        }
        float[] input = new float[outputs * keys];
        if (primerFrames != null) {
            for (int i = 0; i < outputs; i++) {
                System.arraycopy(primerFrames, (primerLength - 1) * keys, input, i * keys, keys);
            }
        }
        float[][] generated = new float[outputs][steps * keys];
        double[] logLikelihood = new double[outputs];
        try (Decoder decoder = model.newDecoder(outputs)) {
            decoder.setState(startState(request.start(), decoder, primerFrames, primerLength, streams));
            for (int t = 0; t < steps; t++) {
                float[] logits = decoder.step(input);
                for (int i = 0; i < outputs; i++) {
                    RandomGenerator random = streams.get(i);
                    for (int k = 0; k < keys; k++) {
                        float logit = logits[i * keys + k];
                        if (Float.isNaN(logit)) {
                            throw new IllegalStateException("the model gave a NaN logit at step " + t + ", output " + (first + i));
                        }
                        boolean on = request.sampling().sounds(logit, random);
                        double p = request.sampling().probability(logit);
                        logLikelihood[i] += Math.log(on ? p : 1 - p);
                        input[i * keys + k] = on ? 1f : 0f;
                    }
                    System.arraycopy(input, i * keys, generated[i], t * keys, keys);
                }
            }
        }
        double bpm = request.bpm() != null ? request.bpm() : primer != null && !Double.isNaN(primer.bpm()) ? primer.bpm()
                : GenerationRequest.DEFAULT_BPM;
        PianoRollCodec codec = new PianoRollCodec(spec);
        List<Generated> pieces = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            float[] frames = generated[i];
            int length = steps;
            if (request.includePrimer() && primerFrames != null) {
                frames = new float[(primerLength + steps) * keys];
                System.arraycopy(primerFrames, 0, frames, 0, primerLength * keys);
                System.arraycopy(generated[i], 0, frames, primerLength * keys, steps * keys);
                length += primerLength;
            }
            PianoRoll roll = codec.decode(FrameSeq.wrap(length, keys, frames), stepsPerBar);
            pieces.add(new Generated(first + i, IntSeq.of(), roll, PianoRollToNotes.convert(roll,
                    NoteWriteOptions.DEFAULT.withBpm(bpm)), bpm, logLikelihood[i], List.of()));
        }
        return pieces;
    }

    /**
     * Generates and writes {@code <prefix>-001.mid}, …, each file as soon as its piece is made; refuses existing files
     * before generating unless overwriting.
     */
    public List<Path> generateFiles(FrameGenerationRequest request, FramePrimer primer, Path folder, String prefix,
                                    boolean overwrite) throws IOException {
        MidiOutputs.targets(folder, prefix, IntStream.range(0, request.numOutputs()).boxed().toList(), overwrite);
        List<Path> written = new ArrayList<>(request.numOutputs());
        generate(request, primer, piece -> written.add(MidiOutputs.write(piece, folder, prefix, overwrite)));
        return written;
    }

    private DecoderState startState(FrameStart start, Decoder decoder, float[] primerFrames, int primerLength,
                                    List<RandomGenerator> streams) {
        int outputs = decoder.batchSize();
        if (start instanceof FrameStart.Guided guided) {
            int read = Math.min(guided.steps(), primerLength);
            float[] source = new float[read * keys];
            System.arraycopy(primerFrames, (primerLength - read) * keys, source, 0, read * keys);
            DecoderState one = model.encode(SequenceBatch.wrap(1, read, keys, source));
            return one.select(new int[outputs]);
        }
        decoder.reset();
        DecoderState zero = decoder.state();
        if (start instanceof FrameStart.Random random) {
            List<float[]> tensors = new ArrayList<>();
            for (String name : zero.names()) {
                tensors.add(zero.tensor(name));
            }
            for (int i = 0; i < outputs; i++) {
                for (float[] tensor : tensors) {
                    int width = tensor.length / outputs;
                    for (int u = 0; u < width; u++) {
                        tensor[i * width + u] = (float) ((streams.get(i).nextDouble() * 2 - 1) * random.scale());
                    }
                }
            }
            return DecoderState.of(outputs, zero.names(), tensors);
        }
        return zero;
    }
}
