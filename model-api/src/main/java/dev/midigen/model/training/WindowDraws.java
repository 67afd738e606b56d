package dev.midigen.model.training;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The window bookkeeping {@link Windows} and {@link SourceTargetWindows} share. Windows are numbered over all sequences
 * by cumulative counts ({@code cumulative[i]} = windows in sequences {@code 0 … i}); a window is a (sequence, start)
 * pair. {@link #draw} picks a batch of them uniformly from a seeded generator, and {@link #batches} groups a fixed list
 * of them into batches built as they are iterated.
 */
final class WindowDraws {
    private WindowDraws() {
    }

    /**
     * {@code batchSize} windows drawn uniformly, one {@code nextLong} of {@code random} each, in order: the sequence
     * indices and the starts, as {@code {sequence, start}}.
     */
    static int[][] draw(SplittableRandom random, long[] cumulative, int batchSize) {
        int[] sequence = new int[batchSize];
        int[] start = new int[batchSize];
        long total = cumulative[cumulative.length - 1];
        for (int b = 0; b < batchSize; b++) {
            long pick = random.nextLong(total);
            int index = upperBound(cumulative, pick);
            sequence[b] = index;
            start[b] = (int) (pick - (index == 0 ? 0 : cumulative[index - 1]));
        }
        return new int[][] {sequence, start};
    }

    /**
     * {@code windows} ({@code {sequence, start}} pairs) in order, in batches of {@code batchSize} (the last may be
     * smaller), each made by {@code build} from the sequence indices and starts when it is iterated.
     */
    static <B> Iterable<B> batches(List<int[]> windows, int batchSize, BiFunction<int[], int[], B> build) {
        return () -> new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < windows.size();
            }

            @Override
            public B next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = Math.min(batchSize, windows.size() - from);
                int[] sequence = new int[size];
                int[] start = new int[size];
                for (int b = 0; b < size; b++) {
                    sequence[b] = windows.get(from + b)[0];
                    start[b] = windows.get(from + b)[1];
                }
                from += size;
                return build.apply(sequence, start);
            }
        };
    }

    /** First index whose cumulative count exceeds {@code value}. */
    static int upperBound(long[] cumulative, long value) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > value) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
