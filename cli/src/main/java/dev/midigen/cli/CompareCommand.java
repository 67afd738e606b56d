package dev.midigen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code midigen compare}: models and backends side by side on one corpus. */
@Command(name = "compare",
        description = "Compare models and backends of any family on a corpus: training seq/s (from each bundle's"
                + " metrics.jsonl), batch-1 sampling steps/s, validation loss with perplexity, accuracy and event accuracy"
                + " (next to unigram and 4-gram baselines) for next-token models or F1 teacher-forced and free-running,"
                + " the repeat-last-frame F1 and note density for piano-roll models, bundle size and statistics of seeded"
                + " 4-bar samples (for drum models also their groove: velocities, offsets from the grid, bar-to-bar"
                + " repetition; for melody models their leaps, repeated bars and scale consistency, and with --real the same"
                + " of the corpus's real validation melodies). Prints a Markdown table; --out writes report.md, report.json"
                + " and validation-loss.png.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "CORPUS", description = "A corpus with the models' encoding.")
    Path data;

    @Option(names = "--model", required = true, paramLabel = "MODEL[@BACKEND]",
            description = "A bundle folder or an embedded model (drums, melody, melody-pop, …), optionally on a backend"
                    + " (dl4j, tf, onnx, java). Repeat for each column; the same model may appear on several backends.")
    List<String> models = new ArrayList<>();

    @Option(names = "--samples", defaultValue = "8", paramLabel = "N",
            description = "Pieces generated per model for the sample statistics, 0 = none (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--bars", defaultValue = "4", paramLabel = "N", description = "Bars per piece (default: ${DEFAULT-VALUE}).")
    int bars;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sample-steps", defaultValue = "2000", paramLabel = "N",
            description = "Batch-1 steps timed for the sampling speed, 0 = not timed (default: ${DEFAULT-VALUE}).")
    int sampleSteps;

    @Option(names = "--real", paramLabel = "DIR",
            description = "Melody corpora: the MIDI folder the corpus was built from; adds a row of its validation"
                    + " melodies' statistics (extracted as the corpus was built) under the generated ones.")
    Path real;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report.md, report.json and validation-loss.png.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @CommandLine.Mixin
    FormOptions form = new FormOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Comparison.Entry> entries = new ArrayList<>();
        Comparison.Settings settings;
        try {
            for (String model : models) {
                entries.add(Comparison.Entry.parse(model));
            }
            settings = new Comparison.Settings(samples, bars, seed, sampleSteps, 1.0, form.loopForm(seed));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (out != null && Files.exists(out) && !overwrite) {
            throw new FileAlreadyExistsException(out.toString(), null, "the output folder exists (use --overwrite to replace it)");
        }
        PrintWriter err = spec.commandLine().getErr();
        Comparison.Report report;
        try {
            report = Comparison.run(data, entries, settings, real, line -> {
                err.println(spec.qualifiedName() + ": " + line); // progress: the table goes to stdout
                err.flush();
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.toMarkdown());
        if (out != null) {
            report.write(out, overwrite);
            stdout.println();
            stdout.println("wrote " + out.resolve(Comparison.REPORT_MD) + ", " + Comparison.REPORT_JSON + " and "
                    + Comparison.LOSS_PLOT);
        }
        stdout.flush();
        return 0;
    }
}
