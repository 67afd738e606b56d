package dev.midigen.cli;

import dev.midigen.dataset.CorpusFormatException;
import dev.midigen.dataset.CorpusStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code midigen dataset stats DIR}: a built corpus's manifest as readable tables. */
@Command(name = "stats",
        description = "Print a built corpus's manifest as readable tables (after checking its shards).",
        mixinStandardHelpOptions = true)
final class DatasetStatsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A corpus folder written by 'dataset build'.")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try {
            CorpusReport.print(CorpusStore.open(dir).manifest(), spec.commandLine().getOut());
            return 0;
        } catch (CorpusFormatException e) {
            spec.commandLine().getErr().println("midigen dataset stats: " + e.getMessage());
            return 1;
        }
    }
}
