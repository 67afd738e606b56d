package dev.midigen.cli;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The studio's model work (generating, humanizing, rendering): a fixed number of workers, as many as cores by default,
 * in front of a bounded queue. A job that finds the queue full is refused at once with a 503 and a Retry-After
 * estimated from the queue's length and the mean job time, rather than waiting where a browser would give up.
 */
final class GenerationQueue implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final int workers;
    private final int capacity;
    private final long timeoutSeconds;
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong jobNanos = new AtomicLong();

    /**
     * @param workers        threads working at once
     * @param capacity       jobs waiting at most
     * @param timeoutSeconds how long a request waits for its job before it gets a 503 (the job is then stopped)
     */
    GenerationQueue(int workers, int capacity, long timeoutSeconds) {
        if (workers < 1 || capacity < 1 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("workers, capacity and timeout must be >= 1, got " + workers + ", "
                    + capacity + ", " + timeoutSeconds);
        }
        this.workers = workers;
        this.capacity = capacity;
        this.timeoutSeconds = timeoutSeconds;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                job -> {
                    Thread thread = new Thread(job, "midigen-serve-worker-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    int workers() {
        return workers;
    }

    int capacity() {
        return capacity;
    }

    /** Jobs waiting now (not those being worked on). */
    int waiting() {
        return pool.getQueue().size();
    }

    /**
     * Runs {@code job} on a worker and waits for it.
     *
     * @throws ApiFailure 503 when the queue is full or the job did not finish in time; what the job threw otherwise
     */
    <T> T run(Callable<T> job) throws Exception {
        Future<T> future;
        try {
            future = pool.submit(() -> {
                long start = System.nanoTime();
                try {
                    return job.call();
                } finally {
                    jobNanos.addAndGet(System.nanoTime() - start);
                    jobs.incrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            throw ApiFailure.busy("the studio is busy: " + capacity + " requests are waiting; try again shortly",
                    retryAfterSeconds());
        }
        try {
            return future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ApiFailure.busy("the work took longer than " + timeoutSeconds + " s; try again with less", retryAfterSeconds());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /** When a full queue will have room: its jobs' share of the workers at the mean job time so far (at least 1 s). */
    long retryAfterSeconds() {
        long done = jobs.get();
        double mean = done == 0 ? 1.0 : jobNanos.get() / 1e9 / done;
        return Math.max(1, (long) Math.ceil(mean * (waiting() + workers) / workers));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
