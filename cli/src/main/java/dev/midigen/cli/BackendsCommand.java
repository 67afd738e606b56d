package dev.midigen.cli;

import dev.midigen.model.Backends;
import dev.midigen.model.spi.Capability;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code midigen backends}: the engines on the class path, whether each can run here, and which one serves (samples,
 * scores) and which trains when nobody chooses.
 */
@Command(name = "backends",
        description = "List the backends (dl4j, tf, onnx, java), whether each can run on this machine (and why not), their"
                + " serving and training ranks, and which one commands use to sample and to train when --backend is not given.",
        mixinStandardHelpOptions = true)
final class BackendsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Backends backends = Backends.discover();
        out.printf(Locale.ROOT, "%-8s %5s %5s  %s%n", "backend", "serve", "train", "status");
        for (Backends.Status status : backends.status()) {
            out.printf(Locale.ROOT, "%-8s %5d %5d  %s%n", status.name(), status.rank(), status.trainRank(),
                    status.availability().available() ? "available" : status.availability().reason());
        }
        Optional<String> requested = backends.requestedName(null);
        if (requested.isPresent()) {
            out.println("default: " + requested.get() + " (from -D" + Backends.PROPERTY + " or " + Backends.ENVIRONMENT
                    + ", for every operation)");
        } else {
            out.println("sampling and scoring: " + backends.defaultFor(Capability.SAMPLE).orElse("none can run here")
                    + " (best available serving rank)");
            out.println("training: " + backends.defaultFor(Capability.TRAIN).orElse("none can train here")
                    + " (best available training rank)");
        }
        out.flush();
        return 0;
    }
}
