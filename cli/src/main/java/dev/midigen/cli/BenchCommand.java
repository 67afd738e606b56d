package dev.midigen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code midigen bench ...}: benchmark programs that print figures next to a peer's. */
@Command(name = "bench",
        description = "Benchmarks that measure midigen against a peer in the same run.",
        mixinStandardHelpOptions = true,
        subcommands = {ParseBenchCommand.class, ModelBenchCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
