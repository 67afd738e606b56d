package dev.midigen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code midigen dataset ...}: build and inspect training corpora. */
@Command(name = "dataset",
        description = "Build training corpora from folders of MIDI, and the tools around them.",
        mixinStandardHelpOptions = true,
        subcommands = {DatasetBuildCommand.class, DatasetStatsCommand.class,
            NormalizeLoopsCommand.class, CombineLoopsCommand.class, ToTextCommand.class, FromTextCommand.class})
final class DatasetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a dataset command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
