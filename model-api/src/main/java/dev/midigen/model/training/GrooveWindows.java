package dev.midigen.model.training;

import dev.midigen.codec.encoding.GrooveCodec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.reference.DrumVaeLatents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Windows of drum performances for a {@link DrumVae}, cut as the Groove MIDI Dataset's own 2-bar and 4-bar sets: every
 * window of {@code bars} whole bars of a groove corpus's examples, one bar apart (a 1-bar hop), so a 5-bar performance
 * holds four 2-bar windows or two 4-bar ones. A humanizer's windows are half a bar apart instead ({@link #hop}), as
 * {@code VaeHumanizer} reads them: a 5-bar performance then holds seven 2-bar windows. Windows with no hit at all are
 * left out and counted ({@link #silentWindows()}); examples shorter than one window hold none and are counted too
 * ({@link #shortSequences()}). Steps after the last whole bar belong to no window (the groove extractor pads its pieces
 * to a bar line, so only an example cut by {@code --window-steps} off the bar grid has such steps).
 *
 * <p>For each window:
 * <ul>
 *   <li>the target is the performance's groove frames ({@code bars × stepsPerBar} steps of {@code 3 × classes}
 *       values: hits, velocities, offsets), as the corpus holds them;</li>
 *   <li>the source, which the encoder reads, is the frames of {@code transform.apply(target)}: the window's frames are
 *       decoded to a {@link GrooveTrack} with the spec's {@link GrooveCodec} (a class is hit where its hit value is at
 *       least ½, which is exact for the 0/1 hits a corpus holds), transformed, and encoded again. The transformation
 *       is applied to each window on its own, so a transformation that looked at the whole window would still see
 *       exactly what the model is given;</li>
 *   <li>the decoder inputs are the target shifted one step later, zeros at step 0 (teacher forcing everywhere, as
 *       GrooVAE trains: no scheduled sampling), followed, for a model with hit controls, by the hits of the step itself
 *       ({@code classes} more values a step);</li>
 *   <li>the targets are {@code Targets.Groove(target frames)} ({@link TrainingBatch#groove}).</li>
 * </ul>
 *
 * <p>A bar is {@code 4 × stepsPerQuarter} steps: the corpus holds frames without their meter, and
 * {@link GrooveCodec#decode} gives every groove 4/4 bars (GrooVAE's {@code quarters_per_bar}).
 *
 * <p>Batches are {@code batch × steps × 3·classes}, row-major ({@link SequenceBatch}). Training windows are drawn at
 * random, uniformly over all kept windows (one {@code nextInt} each, in batch order) from a generator seeded by
 * {@code (seed, step)} like {@link Windows}: step {@code n} sees the same batch whether or not training was interrupted
 * and resumed before it. Validation windows are every kept window in corpus order, and when there are more than asked
 * for, that many spread evenly over them.
 */
public final class GrooveWindows implements TrainingWindows {
    /** Validation windows used during training (the same every time). */
    public static final int EVAL_WINDOWS = 256;

    private final GrooveCodec codec;
    private final GrooveTransform transform;
    private final int bars;
    private final int stepsPerBar;
    private final int steps;
    private final int width;
    private final int controls;
    private final List<FrameSeq> sequences = new ArrayList<>();
    /** Kept windows as {@code {sequence index in sequences, first step}}, in corpus order. */
    private final List<int[]> windows = new ArrayList<>();
    private final int silentWindows;
    private final int shortSequences;

    /**
     * @param encoding  the groove encoding the frames were written in
     * @param bars      bars per window ({@link DrumVae#bars()})
     * @param transform what the model undoes ({@link DrumVae#transform()})
     * @param hitControls whether the decoder inputs carry each step's hits after the previous frame
     *                  ({@link DrumVae#hitControls()})
     * @param frames    the performances' groove frames (each {@code 3 × classes} values a step)
     * @throws IllegalArgumentException when a sequence's frames are not the encoding's size
     */
    public GrooveWindows(GrooveSpec encoding, int bars, GrooveTransform transform, boolean hitControls,
                         List<FrameSeq> frames) {
        this.codec = new GrooveCodec(Objects.requireNonNull(encoding, "encoding"));
        this.controls = hitControls ? encoding.drumMap().size() : 0;
        this.transform = Objects.requireNonNull(transform, "transform");
        if (bars < 1) {
            throw new IllegalArgumentException("a groove window holds >= 1 bars, got " + bars);
        }
        this.bars = bars;
        this.stepsPerBar = 4 * encoding.stepsPerQuarter();
        this.steps = bars * stepsPerBar;
        int hop = hop(transform, stepsPerBar);
        this.width = codec.frameSize();
        int silent = 0;
        int tooShort = 0;
        for (FrameSeq sequence : frames) {
            if (sequence.frameSize() != width) {
                throw new IllegalArgumentException("frames of " + sequence.frameSize() + " values are not groove frames of "
                        + encoding.drumMap().name() + " (3 × " + encoding.drumMap().size() + " = " + width + ")");
            }
            int wholeBars = sequence.frames() / stepsPerBar;
            if (wholeBars < bars) {
                tooShort++;
                continue;
            }
            int index = sequences.size();
            boolean kept = false;
            for (int start = 0; start + steps <= wholeBars * stepsPerBar; start += hop) {
                if (hasHit(sequence, start)) {
                    windows.add(new int[] {index, start});
                    kept = true;
                } else {
                    silent++;
                }
            }
            if (kept) {
                sequences.add(sequence);
            }
        }
        this.silentWindows = silent;
        this.shortSequences = tooShort;
    }

    /**
     * The windows of a corpus split for a drum-vae {@code spec}: its encoding, bars and transformation.
     *
     * @throws IllegalArgumentException when the spec is not a drum-vae or the corpus does not hold frames
     */
    public static GrooveWindows of(ModelSpec spec, Corpus corpus, Split split) throws IOException {
        if (!(spec.family() instanceof DrumVae vae) || !(spec.encoding() instanceof GrooveSpec groove)) {
            throw new IllegalArgumentException("groove windows are for a drum-vae over the groove encoding, not a "
                    + spec.family().typeName() + " over " + spec.encoding().typeName());
        }
        List<FrameSeq> frames = new ArrayList<>();
        for (Example example : corpus.examples(split)) {
            if (!(example.data() instanceof ExampleData.Frames f)) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " holds tokens; a drum-vae reads groove"
                        + " frames (build it with --encoding groove)");
            }
            frames.add(f.frames());
        }
        return new GrooveWindows(groove, vae.bars(), vae.transform(), vae.hitControls(), frames);
    }

    /**
     * Steps from one window to the next for a model that undoes {@code transform}: a humanizer's are half a bar apart
     * when a bar is a whole number of 8 steps (4/4: each window starts on the first or the third beat, a strong beat
     * either way), so each step is read in more contexts, whose mean misses by less; other models' (and odd bars')
     * are a bar apart, as Groove's own sets. On Groove validation, windows a beat apart did worse: they put weak beats
     * where the model expects strong ones.
     */
    public static int hop(GrooveTransform transform, int stepsPerBar) {
        return transform == GrooveTransform.HUMANIZE && stepsPerBar % 8 == 0 ? stepsPerBar / 2 : stepsPerBar;
    }

    private boolean hasHit(FrameSeq sequence, int start) {
        int classes = width / 3;
        for (int t = start; t < start + steps; t++) {
            for (int c = 0; c < classes; c++) {
                if (sequence.get(t, c) >= 0.5f) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Bars per window. */
    public int bars() {
        return bars;
    }

    /** Steps per bar ({@code 4 × stepsPerQuarter}). */
    public int stepsPerBar() {
        return stepsPerBar;
    }

    /** Steps per window ({@code bars × stepsPerBar}): the time of every batch. */
    public int windowSteps() {
        return steps;
    }

    /** Values per step ({@code 3 × classes}). */
    public int frameSize() {
        return width;
    }

    public GrooveTransform transform() {
        return transform;
    }

    /** Sequences that hold at least one kept (not silent) window. */
    @Override
    public int sequenceCount() {
        return sequences.size();
    }

    /** Kept windows over all sequences. */
    public int windowCount() {
        return windows.size();
    }

    /** Windows left out because no class is hit at any of their steps. */
    public int silentWindows() {
        return silentWindows;
    }

    /** Sequences shorter than one window ({@code bars} whole bars), which hold none. */
    public int shortSequences() {
        return shortSequences;
    }

    /** One pass over every kept window: {@code windowCount / batchSize} steps (0 when less than one). */
    @Override
    public long stepsPerEpoch(int batchSize) {
        return windows.size() / batchSize;
    }

    @Override
    public int evalWindows() {
        return EVAL_WINDOWS;
    }

    /** Windows for a model without hit controls. */
    public GrooveWindows(GrooveSpec encoding, int bars, GrooveTransform transform, List<FrameSeq> frames) {
        this(encoding, bars, transform, false, frames);
    }

    /** The random windows of optimizer step {@code step}, drawn from a generator seeded by {@code (seed, step)}. */
    @Override
    public TrainingBatch trainingBatch(long seed, long step, int batchSize) {
        if (windows.isEmpty()) {
            throw new IllegalStateException("no sequence holds a groove window of " + bars + " bars with a hit");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        SplittableRandom random = new SplittableRandom(Windows.mix(seed, step));
        int[] sequence = new int[batchSize];
        int[] start = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            int[] window = windows.get(random.nextInt(windows.size()));
            sequence[b] = window[0];
            start[b] = window[1];
        }
        return batch(sequence, start);
    }

    /** The validation windows (at most {@code maxWindows}, 0 = all), in batches of {@code batchSize}, built as iterated. */
    @Override
    public Iterable<TrainingBatch> validationBatches(int batchSize, int maxWindows) {
        List<int[]> chosen = windows;
        if (maxWindows > 0 && windows.size() > maxWindows) {
            chosen = new ArrayList<>();
            for (int i = 0; i < maxWindows; i++) {
                chosen.add(windows.get((int) ((long) i * windows.size() / maxWindows)));
            }
        }
        return WindowDraws.batches(chosen, batchSize, this::batch);
    }

    private TrainingBatch batch(int[] sequence, int[] start) {
        int batch = sequence.length;
        int window = steps * width;
        float[] source = new float[batch * window];
        float[] targets = new float[batch * window];
        for (int b = 0; b < batch; b++) {
            FrameSeq target = sequences.get(sequence[b]).slice(start[b], start[b] + steps);
            System.arraycopy(target.toArray(), 0, targets, b * window, window);
            GrooveTrack transformed = transform.apply(codec.decode(target));
            System.arraycopy(codec.encode(transformed).toArray(), 0, source, b * window, window);
        }
        SequenceBatch frames = SequenceBatch.wrap(batch, steps, width, targets);
        return TrainingBatch.groove(SequenceBatch.wrap(batch, steps, width, source),
                DrumVaeLatents.decoderInputs(frames, controls), frames);
    }
}
