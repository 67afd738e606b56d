package dev.midigen.cli;

import dev.midigen.model.Backends;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code midigen backends}: the engines on the class path, whether each can run here, and which is chosen. */
@Command(name = "backends",
        description = "List the backends (dl4j, tf, onnx, java), whether each can run on this machine (and why not),"
                + " and which one commands use when --backend is not given.",
        mixinStandardHelpOptions = true)
final class BackendsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Backends backends = Backends.discover();
        out.printf(Locale.ROOT, "%-8s %5s  %s%n", "backend", "rank", "status");
        for (Backends.Status status : backends.status()) {
            out.printf(Locale.ROOT, "%-8s %5d  %s%n", status.name(), status.rank(),
                    status.availability().available() ? "available" : status.availability().reason());
        }
        String chosen = backends.requestedName(null)
                .map(name -> name + " (from -D" + Backends.PROPERTY + " or " + Backends.ENVIRONMENT + ")")
                .orElseGet(() -> backends.status().stream().filter(s -> s.availability().available()).findFirst()
                        .map(s -> s.name() + " (best available rank)").orElse("none can run here"));
        out.println("default: " + chosen);
        out.flush();
        return 0;
    }
}
