package dev.midigen.model.training;

import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Training and validation windows over token sequences, turned into model batches by a codec.
 *
 * <p>A window of {@code T} steps starting at {@code s} reads the inputs of tokens {@code s … s+T-1}
 * and is trained to predict the labels of tokens {@code s+1 … s+T}; steps past a sequence's end are
 * padding (mask 0). Training windows are drawn at random, each start uniform over all (sequence,
 * position) pairs, from a generator seeded by {@code (seed, step)} — so step {@code n} sees the same
 * batch whether or not training was interrupted and resumed before it. Validation windows cover each
 * sequence with consecutive windows, the same every time.
 */
public final class Windows implements TrainingWindows {
    private final TokenCodec<?> codec;
    private final List<int[]> sequences;
    private final List<float[]> controls;
    private final int controlWidth;
    private final int styleWidth;
    private final long[] cumulativeStarts;
    private final int steps;

    /**
     * @param codec     the encoding's codec (input features and labels)
     * @param sequences token sequences; those with fewer than 2 tokens hold no window and are skipped
     * @param steps     window length {@code T}
     */
    public Windows(TokenCodec<?> codec, List<IntSeq> sequences, int steps) {
        this(codec, sequences, null, 0, steps);
    }

    /**
     * Windows of a conditioned model: every step of sequence {@code i} reads {@code controls.get(i)} after the codec's
     * features ({@link dev.midigen.model.Controls}); a training window has its first {@code styleWidth} control values
     * (the style one-hot) zeroed with probability {@link dev.midigen.model.Controls#STYLE_DROPOUT}, drawn from the
     * step's seed; validation windows keep them.
     *
     * @param controls one control per sequence, all the same width, or null for none
     */
    public Windows(TokenCodec<?> codec, List<IntSeq> sequences, List<float[]> controls, int styleWidth, int steps) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (steps < 1) {
            throw new IllegalArgumentException("window steps must be >= 1, got " + steps);
        }
        if (controls != null && controls.size() != sequences.size()) {
            throw new IllegalArgumentException(controls.size() + " controls for " + sequences.size() + " sequences");
        }
        this.controlWidth = controls == null || controls.isEmpty() ? 0 : controls.get(0).length;
        if (styleWidth < 0 || styleWidth > controlWidth) {
            throw new IllegalArgumentException("style width " + styleWidth + " of a control of " + controlWidth);
        }
        this.styleWidth = styleWidth;
        this.controls = controlWidth == 0 ? null : new ArrayList<>();
        this.steps = steps;
        this.sequences = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < sequences.size(); i++) {
            IntSeq sequence = sequences.get(i);
            if (sequence.length() >= 2) {
                if (this.controls != null) {
                    float[] control = controls.get(i);
                    if (control.length != controlWidth) {
                        throw new IllegalArgumentException("control " + i + " has " + control.length + " values, not "
                                + controlWidth);
                    }
                    this.controls.add(control.clone());
                }
                this.sequences.add(sequence.toArray());
                total += sequence.length() - 1; // a window may start at any token that has a successor
                starts.add(total);
            }
        }
        cumulativeStarts = starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Validation windows used during training (the same every time). */
    public static final int EVAL_WINDOWS = 1024;

    /** Number of sequences that hold at least one window. */
    @Override
    public int sequenceCount() {
        return sequences.size();
    }

    /** Number of labelled steps in all sequences. */
    public long labelledSteps() {
        return cumulativeStarts.length == 0 ? 0 : cumulativeStarts[cumulativeStarts.length - 1];
    }

    public int steps() {
        return steps;
    }

    /** The random training batch of optimizer step {@code step}. */
    @Override
    public long stepsPerEpoch(int batchSize) {
        long perBatch = (long) batchSize * steps;
        return (labelledSteps() + perBatch - 1) / perBatch;
    }

    @Override
    public int evalWindows() {
        return EVAL_WINDOWS;
    }

    @Override
    public TrainingBatch trainingBatch(long seed, long step, int batchSize) {
        if (sequences.isEmpty()) {
            throw new IllegalStateException("no sequence is long enough for a window");
        }
        SplittableRandom random = new SplittableRandom(mix(seed, step));
        int[][] drawn = WindowDraws.draw(random, cumulativeStarts, batchSize);
        boolean[] styleDropped = new boolean[batchSize];
        if (styleWidth > 0) {
            SplittableRandom dropout = random.split();
            for (int b = 0; b < batchSize; b++) {
                styleDropped[b] = dropout.nextDouble() < dev.midigen.model.Controls.STYLE_DROPOUT;
            }
        }
        return batch(drawn[0], drawn[1], styleDropped);
    }

    /**
     * Consecutive windows over every sequence, in order, grouped into batches of {@code batchSize}
     * (the last may be smaller); at most {@code maxWindows} windows in all (0 = no limit). Batches are
     * built as they are iterated, so a large validation set never sits in memory whole.
     */
    @Override
    public Iterable<TrainingBatch> validationBatches(int batchSize, int maxWindows) {
        List<int[]> windows = new ArrayList<>();
        outer:
        for (int s = 0; s < sequences.size(); s++) {
            for (int start = 0; start < sequences.get(s).length - 1; start += steps) {
                if (maxWindows > 0 && windows.size() >= maxWindows) {
                    break outer;
                }
                windows.add(new int[] {s, start});
            }
        }
        return WindowDraws.batches(windows, batchSize, (sequence, start) -> batch(sequence, start,
                new boolean[sequence.length]));
    }

    private TrainingBatch batch(int[] sequence, int[] start, boolean[] styleDropped) {
        int batchSize = sequence.length;
        int features = codec.inputSize();
        int width = features + controlWidth;
        float[] inputs = new float[batchSize * steps * width];
        int[] labels = new int[batchSize * steps];
        float[] mask = new float[batchSize * steps];
        for (int b = 0; b < batchSize; b++) {
            int[] tokens = sequences.get(sequence[b]);
            for (int t = 0; t < steps; t++) {
                int position = start[b] + t;
                if (position + 1 >= tokens.length) {
                    break; // padding: zero input, label 0, mask 0
                }
                int row = b * steps + t;
                codec.input(tokens, position, inputs, row * width);
                if (controls != null) {
                    float[] control = controls.get(sequence[b]);
                    int from = styleDropped[b] ? styleWidth : 0;
                    System.arraycopy(control, from, inputs, row * width + features + from, controlWidth - from);
                }
                labels[row] = codec.label(tokens, position + 1);
                mask[row] = 1f;
            }
        }
        return TrainingBatch.categorical(SequenceBatch.wrap(batchSize, steps, width, inputs), labels, mask);
    }

    /** A 64-bit mix of seed and step (SplitMix64's finaliser), so nearby steps get unrelated streams. */
    public static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
