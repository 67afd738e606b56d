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
    private final long[] cumulativeStarts;
    private final int steps;

    /**
     * @param codec     the encoding's codec (input features and labels)
     * @param sequences token sequences; those with fewer than 2 tokens hold no window and are skipped
     * @param steps     window length {@code T}
     */
    public Windows(TokenCodec<?> codec, List<IntSeq> sequences, int steps) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (steps < 1) {
            throw new IllegalArgumentException("window steps must be >= 1, got " + steps);
        }
        this.steps = steps;
        this.sequences = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long total = 0;
        for (IntSeq sequence : sequences) {
            if (sequence.length() >= 2) {
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
        int[][] drawn = WindowDraws.draw(new SplittableRandom(mix(seed, step)), cumulativeStarts, batchSize);
        return batch(drawn[0], drawn[1]);
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
        return WindowDraws.batches(windows, batchSize, this::batch);
    }

    private TrainingBatch batch(int[] sequence, int[] start) {
        int batchSize = sequence.length;
        int width = codec.inputSize();
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
