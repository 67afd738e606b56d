package dev.midigen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen serve}: the studio's HTTP API on this machine, its models loaded once (docs/serve.md). */
@Command(name = "serve",
        description = "Serve the studio: an HTTP API that generates MIDI (and WAV) with the embedded models and the"
                + " bundles of a models folder, loaded once and shared by every request. Binds to this machine only"
                + " unless --host says otherwise; prints its URL; runs until stopped (Ctrl-C). API: docs/serve.md.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to the network).")
    String host;

    @Option(names = "--models", paramLabel = "DIR",
            description = "A folder of model bundles, served by folder name next to the embedded models.")
    Path modelsFolder;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run the models on (default: the best for each).")
    String backend;

    @Option(names = "--workers", paramLabel = "N",
            description = "Generations at once (default: the machine's cores).")
    Integer workers;

    @Option(names = "--queue", defaultValue = "32", paramLabel = "N",
            description = "Requests waiting for a worker at most; more get 503 with Retry-After (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (port < 0 || port > 65535) {
            throw new CliUsageFailure("--port takes 0 to 65535, got " + port);
        }
        if (threads < 1 || threads > 256) {
            throw new CliUsageFailure("--workers takes 1 to 256, got " + threads);
        }
        if (queueCapacity < 1 || queueCapacity > 10_000) {
            throw new CliUsageFailure("--queue takes 1 to 10000, got " + queueCapacity);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (StudioModels models = StudioModels.load(modelsFolder, backend, err);
             StudioServer server = StudioServer.start(host, port, models, threads, queueCapacity)) {
            out.println("midigen studio: " + server.url() + " (" + models.all().size() + " models, " + threads
                    + " workers; Ctrl-C stops it)");
            out.flush();
            err.flush();
            new CountDownLatch(1).await(); // until the command is stopped (MidigenCli interrupts it)
        } catch (InterruptedException e) {
            out.println("midigen serve: stopped");
            out.flush();
        }
        return 0;
    }
}
