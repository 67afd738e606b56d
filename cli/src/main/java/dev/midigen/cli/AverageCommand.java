package dev.midigen.cli;

import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.WeightAverage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code midigen average}: one model whose weights are the weighted mean of relatives' ({@link WeightAverage}). */
@Command(name = "average",
        description = "Write one model whose weights are the weighted mean of models of one spec, tensor by tensor"
                + " (checkpoint averaging: for a model and the runs that continued it, not for models trained apart)."
                + " The result has the first model's spec and provenance and no metrics: evaluate it.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class AverageCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "BUNDLE", description = "Model bundles of one spec (folders, or an embedded name).")
    List<String> models;

    @Option(names = "--shares", split = ",", paramLabel = "W", description = "How much each model counts, in order"
            + " (default: equally).")
    List<Double> shares;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The bundle folder to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Double> counts = shares != null ? shares : Collections.nCopies(models.size(), 1.0);
        List<ModelBundle> bundles = new ArrayList<>();
        for (String model : models) {
            bundles.add(ModelRef.read(model));
        }
        ModelBundle mean;
        try {
            mean = WeightAverage.of(bundles, counts);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            mean.write(out, overwrite);
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(out + ": the output exists (use --overwrite to replace it)");
        }
        spec.commandLine().getOut().println("wrote " + out + ": " + mean.provenance().createdBy());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
