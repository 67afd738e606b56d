package dev.midigen.examples;

import dev.midigen.codec.repr.IntSeq;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.Split;
import dev.midigen.model.Backends;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.generate.Primers;
import dev.midigen.model.sampling.Sampler;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.training.TrainingWindows;
import dev.midigen.models.DefaultModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One model, several engines: the same bundle scored on a corpus's validation split by the one {@link Evaluator} on
 * each backend (the same weights give the same loss everywhere, within float rounding) and its batch-1 sampling
 * speed through the {@link Sampler}; printed as a Markdown table.
 *
 * <p>Run: {@code CompareBackends MODEL CORPUS [BACKEND...]}: MODEL is {@code drums}, {@code melody} or a bundle
 * folder of a token model; CORPUS a corpus in its encoding (see {@code TrainMelodyThenServe}, or
 * {@code midigen dataset build}); the backends default to {@code dl4j onnx}. See {@code CompareBackendsTest}.
 */
public final class CompareBackends {
    private CompareBackends() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CompareBackends drums|melody|BUNDLE CORPUS [BACKEND...]");
        }
        ModelBundle bundle = DefaultModels.isName(args[0]) ? DefaultModels.bundle(args[0])
                : ModelBundle.read(Path.of(args[0]));
        Corpus corpus = CorpusStore.open(Path.of(args[1]));
        List<String> backends = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("dl4j", "onnx");

        // The validation windows, as long as the model's training windows (64 steps when it does not say).
        TrainingConfig trained = Optional.ofNullable(bundle.provenance().training())
                .orElseGet(() -> TrainingConfig.defaultsFor(bundle.spec()));
        Iterable<TrainingBatch> windows = TrainingWindows.of(bundle.spec(), trained, corpus, Split.VALIDATION)
                .validationBatches(32, 0);

        System.out.println("| backend | version | loss | perplexity | accuracy | sampling steps/s |");
        System.out.println("|---|---|---|---|---|---|");
        for (String name : backends) {
            Backend backend = Backends.discover().open(name);
            try (SequenceModel model = bundle.open(backend)) {
                Evaluation scored = Evaluator.forSpec(bundle.spec()).evaluate(model, windows);
                Metrics metrics = (Metrics) scored; // a token model's head is categorical
                System.out.printf("| %s | %s | %.5f | %.3f | %.3f | %.0f |%n", name, backend.version(), metrics.loss(),
                        metrics.perplexity(), metrics.accuracy(), samplingSpeed(model, 256));
            }
        }
    }

    /** Batch-1 sampling steps per second: the median of three timed runs of {@code steps}, after two to warm up. */
    static double samplingSpeed(SequenceModel model, int steps) {
        Sampler sampler = new Sampler(SamplingConfig.builder().seed(1).build());
        IntSeq primer = Primers.defaultFor(model.spec().encoding()).tokens();
        double[] speeds = new double[5];
        for (int run = 0; run < speeds.length; run++) {
            long start = System.nanoTime();
            sampler.sampleOne(model, primer, steps, run);
            speeds[run] = steps / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(speeds, 2, 5);
        return speeds[3];
    }
}
