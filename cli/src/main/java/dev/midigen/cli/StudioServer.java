package dev.midigen.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code midigen serve}'s server: the JDK's own {@link HttpServer} (no dependency; docs/architecture.md says why) on a
 * bounded pool of request threads, in front of the {@link GenerationQueue}. The request threads only parse, wait and
 * write, so there are enough of them for every job the queue holds plus a few for health checks and refusals; a
 * connection beyond those and their backlog is closed.
 */
final class StudioServer implements AutoCloseable {
    /** Request threads beyond one per job the queue can hold: health checks and 503s stay quick under load. */
    static final int SPARE_REQUEST_THREADS = 4;
    /** Connections accepted and waiting for a request thread at most. */
    static final int REQUEST_BACKLOG = 64;
    /** How long a request waits for its model work before a 503 (the longest job, a 5-minute render, takes ~10 s). */
    static final long JOB_TIMEOUT_SECONDS = 120;

    private final HttpServer server;
    private final ThreadPoolExecutor requests;
    private final GenerationQueue queue;

    private StudioServer(HttpServer server, ThreadPoolExecutor requests, GenerationQueue queue) {
        this.server = server;
        this.requests = requests;
        this.queue = queue;
    }

    /**
     * Serves {@code models} on {@code host:port} (port 0: any free one) with {@code workers} workers and a queue of
     * {@code capacity} jobs. The models stay the caller's to close.
     */
    static StudioServer start(String host, int port, StudioModels models, int workers, int capacity) throws IOException {
        GenerationQueue queue = new GenerationQueue(workers, capacity, JOB_TIMEOUT_SECONDS);
        int threads = workers + capacity + SPARE_REQUEST_THREADS;
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor requests = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(REQUEST_BACKLOG), task -> {
                    Thread thread = new Thread(task, "midigen-serve-http-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        requests.allowCoreThreadTimeOut(true);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), REQUEST_BACKLOG);
        } catch (IOException e) {
            queue.close();
            requests.shutdownNow();
            throw e;
        }
        server.createContext("/", new StudioApi(models, queue));
        server.setExecutor(requests);
        server.start();
        return new StudioServer(server, requests, queue);
    }

    /** The address the server listens on. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://127.0.0.1:8080/}: where to point a browser (a wildcard address as the loopback one). */
    URI url() {
        InetSocketAddress address = server.getAddress();
        InetAddress host = address.getAddress();
        String name = host.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : host.getHostAddress();
        return URI.create("http://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + address.getPort() + "/");
    }

    /** Stops at once: open exchanges are closed, queued jobs dropped. */
    @Override
    public void close() {
        server.stop(0);
        queue.close();
        requests.shutdownNow();
    }
}
