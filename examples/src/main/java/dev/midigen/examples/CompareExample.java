package dev.midigen.examples;

import dev.midigen.model.eval.Metrics;
import dev.midigen.model.eval.MultiLabelEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code midigen compare} through the Java API: one corpus, several models or backends, a table and a
 * report folder.
 *
 * <pre>
 * java -cp examples/target/midigen.jar dev.midigen.examples.CompareExample CORPUS OUT_DIR MODEL[@BACKEND] …
 * </pre>
 *
 * For instance {@code corpora/groove comparison models/drums@dl4j models/drums@java drums@dl4j}.
 */
public final class CompareExample {
    private CompareExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: CompareExample CORPUS OUT_DIR MODEL[@BACKEND] ...");
        }
        Path corpus = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Comparison.Entry> entries = Arrays.stream(args, 2, args.length).map(Comparison.Entry::parse).toList();

        Comparison.Settings settings = Comparison.Settings.DEFAULT.withSamples(4).withSeed(7);
        Comparison.Report report = Comparison.run(corpus, entries, settings, line -> System.err.println("... " + line));

        System.out.print(report.toMarkdown());
        for (Comparison.Row row : report.rows()) {
            if (row.validation() instanceof Metrics metrics) { // a next-token model
                double gain = report.ngram().perplexity() / metrics.perplexity();
                System.out.printf(Locale.ROOT, "%s on %s: perplexity %.2f, %.2fx better than the %d-gram baseline%n",
                        row.entry().model(), row.backend(), metrics.perplexity(), gain, Comparison.NGRAM_ORDER);
            } else if (row.validation() instanceof MultiLabelEvaluation frames) { // a piano-roll model
                System.out.printf(Locale.ROOT, "%s on %s: free-running F1 %.3f (repeating the last frame: %.3f)%n",
                        row.entry().model(), row.backend(), frames.freeRunning().f1(), frames.repeatLastFrame().f1());
            }
        }
        report.write(out, true); // report.md, report.json, validation-loss.png
        System.out.println("wrote " + out);
    }
}
