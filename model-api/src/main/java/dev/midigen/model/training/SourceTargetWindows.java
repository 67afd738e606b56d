package dev.midigen.model.training;

import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Source/target window pairs over piano-roll (or any binary frame) sequences, for seq2seq frame models: a
 * window starting at {@code s} gives frames {@code s … s+S−1} as the source and {@code s+S … s+S+T−1} as the
 * target. Sequences shorter than {@code S + T} frames hold no window and are skipped.
 *
 * <p>Training windows are drawn at random, each start uniform over all (sequence, position) pairs, from a
 * generator seeded by {@code (seed, step)} like {@link Windows}: step {@code n} sees the same batch, and the same
 * teacher-forcing draws, whether or not training was interrupted and resumed before it. Validation windows are a
 * fixed set: consecutive, non-overlapping windows over every sequence, and when there are more than asked for,
 * that many spread evenly over them. Frames are held as bits (a value counts as on from ½), so a corpus of a
 * million 88-key frames takes 16 MB.
 */
public final class SourceTargetWindows implements TrainingWindows {
    private final int keys;
    private final int words;
    private final List<long[]> sequences = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final long[] cumulativeStarts;
    private final int sourceSteps;
    private final int targetSteps;
    private final double teacherForcing;
    /** Validation windows used during training (the same every time). */
    public static final int EVAL_WINDOWS = 256;

    /** Windows whose training batches are teacher-forced everywhere. */
    public SourceTargetWindows(List<FrameSeq> frames, int sourceSteps, int targetSteps) {
        this(frames, sourceSteps, targetSteps, 1.0);
    }

    /**
     * @param frames         the sequences (all of one frame size)
     * @param sourceSteps    frames the encoder reads, {@code S}
     * @param targetSteps    frames the decoder writes, {@code T}
     * @param teacherForcing the probability that a training step reads the true previous frame
     */
    public SourceTargetWindows(List<FrameSeq> frames, int sourceSteps, int targetSteps, double teacherForcing) {
        if (sourceSteps < 1 || targetSteps < 1) {
            throw new IllegalArgumentException("source and target steps must be >= 1, got " + sourceSteps + ", " + targetSteps);
        }
        if (!(teacherForcing >= 0 && teacherForcing <= 1)) {
            throw new IllegalArgumentException("the teacher-forcing ratio is in [0, 1], got " + teacherForcing);
        }
        this.teacherForcing = teacherForcing;
        this.sourceSteps = sourceSteps;
        this.targetSteps = targetSteps;
        int size = -1;
        List<Long> starts = new ArrayList<>();
        long total = 0;
        for (FrameSeq sequence : frames) {
            if (size < 0) {
                size = sequence.frameSize();
            } else if (sequence.frameSize() != size) {
                throw new IllegalArgumentException("frames of " + sequence.frameSize() + " values among frames of " + size);
            }
            int windows = sequence.frames() - sourceSteps - targetSteps + 1;
            if (windows > 0) {
                sequences.add(bits(sequence));
                lengths.add(sequence.frames());
                total += windows;
                starts.add(total);
            }
        }
        this.keys = Math.max(size, 1);
        this.words = (keys + 63) / 64;
        this.cumulativeStarts = starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** The frames of a corpus split (a frame encoding's examples). */
    public static List<FrameSeq> frames(Corpus corpus, Split split) throws IOException {
        List<FrameSeq> frames = new ArrayList<>();
        for (Example example : corpus.examples(split)) {
            if (!(example.data() instanceof ExampleData.Frames f)) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " holds tokens; a seq2seq model reads frames"
                        + " (build it with --encoding piano-roll)");
            }
            frames.add(f.frames());
        }
        return frames;
    }

    private static long[] bits(FrameSeq sequence) {
        int k = sequence.frameSize();
        int w = (k + 63) / 64;
        float[] data = sequence.toArray();
        long[] bits = new long[sequence.frames() * w];
        for (int f = 0; f < sequence.frames(); f++) {
            for (int i = 0; i < k; i++) {
                if (data[f * k + i] >= 0.5f) {
                    bits[f * w + (i >>> 6)] |= 1L << (i & 63);
                }
            }
        }
        return bits;
    }

    public int keys() {
        return keys;
    }

    public int sourceSteps() {
        return sourceSteps;
    }

    public int targetSteps() {
        return targetSteps;
    }

    /** Sequences long enough for a window. */
    @Override
    public int sequenceCount() {
        return sequences.size();
    }

    /** Possible window starts over all sequences. */
    public long windowCount() {
        return cumulativeStarts.length == 0 ? 0 : cumulativeStarts[cumulativeStarts.length - 1];
    }

    /** The random windows of optimizer step {@code step}, teacher-forced everywhere. */
    public TrainingBatch batch(long seed, long step, int batchSize) {
        SequenceBatch[] drawn = draw(new SplittableRandom(Windows.mix(seed, step)), batchSize);
        return TrainingBatch.seq2seq(drawn[0], drawn[1]);
    }

    /**
     * The training batch of optimizer step {@code step}: its random windows, then its teacher-forcing draws
     * ({@link TrainingBatch#seq2seq(SequenceBatch, SequenceBatch, double, SplittableRandom)}) from the same generator.
     */
    @Override
    public TrainingBatch trainingBatch(long seed, long step, int batchSize) {
        SplittableRandom random = new SplittableRandom(Windows.mix(seed, step));
        SequenceBatch[] drawn = draw(random, batchSize);
        return TrainingBatch.seq2seq(drawn[0], drawn[1], teacherForcing, random);
    }

    @Override
    public long stepsPerEpoch(int batchSize) {
        return windowCount() / ((long) batchSize * targetSteps);
    }

    @Override
    public int evalWindows() {
        return EVAL_WINDOWS;
    }

    private SequenceBatch[] draw(SplittableRandom random, int batchSize) {
        if (sequences.isEmpty()) {
            throw new IllegalStateException("no sequence holds a window of " + sourceSteps + " + " + targetSteps + " frames");
        }
        int[][] drawn = WindowDraws.draw(random, cumulativeStarts, batchSize);
        return windows(drawn[0], drawn[1]);
    }

    /** The validation windows (at most {@code maxWindows}, 0 = all), in batches of {@code batchSize}, built as iterated. */
    @Override
    public Iterable<TrainingBatch> validationBatches(int batchSize, int maxWindows) {
        List<int[]> all = new ArrayList<>();
        for (int s = 0; s < sequences.size(); s++) {
            for (int start = 0; start + sourceSteps + targetSteps <= lengths.get(s); start += sourceSteps + targetSteps) {
                all.add(new int[] {s, start});
            }
        }
        List<int[]> chosen = all;
        if (maxWindows > 0 && all.size() > maxWindows) {
            chosen = new ArrayList<>();
            for (int i = 0; i < maxWindows; i++) {
                chosen.add(all.get((int) ((long) i * all.size() / maxWindows)));
            }
        }
        return WindowDraws.batches(chosen, batchSize, (sequence, start) -> {
            SequenceBatch[] w = windows(sequence, start);
            return TrainingBatch.seq2seq(w[0], w[1]);
        });
    }

    private SequenceBatch[] windows(int[] sequence, int[] start) {
        int batch = sequence.length;
        float[] source = new float[batch * sourceSteps * keys];
        float[] target = new float[batch * targetSteps * keys];
        for (int b = 0; b < batch; b++) {
            long[] bits = sequences.get(sequence[b]);
            for (int t = 0; t < sourceSteps; t++) {
                unpack(bits, start[b] + t, source, (b * sourceSteps + t) * keys);
            }
            for (int t = 0; t < targetSteps; t++) {
                unpack(bits, start[b] + sourceSteps + t, target, (b * targetSteps + t) * keys);
            }
        }
        return new SequenceBatch[] {SequenceBatch.wrap(batch, sourceSteps, keys, source),
            SequenceBatch.wrap(batch, targetSteps, keys, target)};
    }

    private void unpack(long[] bits, int frame, float[] out, int at) {
        for (int i = 0; i < keys; i++) {
            if ((bits[frame * words + (i >>> 6)] >>> (i & 63) & 1L) != 0) {
                out[at + i] = 1f;
            }
        }
    }
}
