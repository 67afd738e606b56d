package dev.midigen.backend.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;

/**
 * The threads {@link Dl4jTrainer} cuts a batch over: one block of sequences per thread,
 * block 0 on the calling thread and the others on a pool of daemon threads ({@code threads - 1} of them, none for one
 * thread). {@link #run} adds the blocks' losses in block order, so results do not depend on which block ends first.
 * Not thread-safe.
 */
final class BlockPool implements AutoCloseable {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool;

    /**
     * @param wanted     threads to use, 0 = every core
     * @param namePrefix the pool threads' names, before a number
     */
    BlockPool(int wanted, String namePrefix) {
        this.threads = wanted > 0 ? wanted : Runtime.getRuntime().availableProcessors();
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, namePrefix + THREAD_IDS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** Threads in use, the calling one included. */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code block} for blocks {@code 0 … blocks-1} (at most {@link #threads()}), 1 and on in the pool, 0 on this
     * thread, and returns the sum of their results, added in block order. A block's exception is rethrown as it is
     * (checked ones wrapped in {@link IllegalStateException}).
     *
     * <p>A step is never abandoned half-done: when this thread is interrupted (a command being stopped) it still waits
     * for every block — they compute on native buffers that closing the trainer frees, so leaving them running crashed
     * the JVM — and returns with the interrupt flag set, for the training loop to stop between steps.
     */
    double run(int blocks, IntToDoubleFunction block) {
        List<Future<Double>> futures = new ArrayList<>();
        for (int k = 1; k < blocks; k++) {
            int index = k;
            futures.add(pool.submit(() -> block.applyAsDouble(index)));
        }
        double first;
        try {
            first = block.applyAsDouble(0);
        } catch (RuntimeException | Error e) {
            try {
                join(futures, 0);
            } catch (RuntimeException | Error ignored) {
                // block 0's failure is the one to report
            }
            throw e;
        }
        return join(futures, first);
    }

    /**
     * {@code sum} plus the blocks' results in order, once every one has ended (interrupts are remembered, not obeyed);
     * the first failure is rethrown as it is (checked ones wrapped in {@link IllegalStateException}).
     */
    private static double join(List<Future<Double>> futures, double sum) {
        boolean interrupted = false;
        Throwable failure = null;
        for (Future<Double> future : futures) {
            while (true) {
                try {
                    sum += future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause();
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return sum;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
