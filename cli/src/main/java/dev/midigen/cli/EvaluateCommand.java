package dev.midigen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.Head;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.eval.GrooveBaselines;
import dev.midigen.model.eval.GrooveEvaluation;
import dev.midigen.model.eval.HumanizeMetrics.Performance;
import dev.midigen.model.eval.HumanizeMetrics;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.eval.MultiLabelEvaluation;
import dev.midigen.model.eval.MultiLabelMetrics;
import dev.midigen.model.eval.NgramBaseline;
import dev.midigen.model.eval.UnigramBaseline;
import dev.midigen.model.generate.LoopForm;
import dev.midigen.model.generate.VaeHumanizer;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.TrainingWindows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code midigen evaluate}: a model bundle's metrics on a corpus split, as JSON. */
@Command(name = "evaluate",
        description = "Evaluate a model bundle on a corpus split: loss, perplexity, accuracy, event and no-event accuracy"
                + " (Magenta's definitions), next to a unigram and a 4-gram (Kneser-Ney) baseline counted on the training"
                + " split; for seq2seq-gru, frame F1, precision, recall and note density, free-running and teacher-forced,"
                + " next to repeat-the-last-frame baselines; for a drum-vae, hit F1, velocity and timing errors"
                + " (teacher-forced) and, for a humanizer, its velocity and timing errors (MIDI units, ms) humanizing the"
                + " split's quantized performances, next to the quantized and average-groove baselines. For a melody or drum"
                + " model --samples adds the statistics of seeded pieces (melodies: notes per bar, mean leap, repeated"
                + " bars, scale consistency, pitch range; drums: notes per bar, kick, snare, hats, velocities, offsets,"
                + " bar similarity, repeated bars) and --real the same of the split's real pieces. Prints JSON.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class EvaluateCommand implements Callable<Integer> {
    /** The order of the counting baseline printed as {@code ngramBaseline}. */
    static final int NGRAM_ORDER = 4;

    @Option(names = "--model", required = true, paramLabel = "NAME|BUNDLE",
            description = "An embedded model (drums, melody, melody-pop, groove, groove-4bar) or a bundle folder.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "CORPUS", description = "A corpus with the model's encoding.")
    Path data;

    @Option(names = "--split", defaultValue = "validation", paramLabel = "validation|test|train",
            description = "Which split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run the model on.")
    String backend;

    @Option(names = "--window", paramLabel = "N",
            description = "Steps per evaluation window (default: the model's training window, else 64).")
    Integer window;

    @Option(names = "--max-windows", defaultValue = "0", paramLabel = "N",
            description = "At most this many windows, 0 = the whole split (default: ${DEFAULT-VALUE}).")
    int maxWindows;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "P",
            description = "seq2seq-gru: probability from which a key counts as sounding (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--source", paramLabel = "N",
            description = "seq2seq-gru: source frames per window (default: the model's training setting, else 64).")
    Integer source;

    @Option(names = "--samples", defaultValue = "0", paramLabel = "N",
            description = "Melody and drum models: also generate N seeded pieces (from the default primer, temperature 1)"
                    + " and print their statistics as 'samples' (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--bars", defaultValue = "8", paramLabel = "N",
            description = "Bars per generated piece (default: ${DEFAULT-VALUE}).")
    int bars;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--real", paramLabel = "DIR",
            description = "Melody and drum corpora: the MIDI folder the corpus was built from; prints the statistics of the"
                    + " split's real pieces (extracted as the corpus was built; melodies in 16-step bars as generated ones)"
                    + " as 'real'.")
    Path real;

    @CommandLine.Mixin
    FormOptions form = new FormOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Split chosen = Split.parse(split).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--split takes validation, test or train, got " + split));
        ModelBundle bundle = ModelRef.read(model);
        Corpus corpus = CorpusStore.open(data);
        if (!corpus.manifest().encoding().equals(bundle.spec().encoding())) {
            throw new CliFailure("corpus " + data + " is encoded as " + corpus.manifest().encoding().toJson()
                    + " but the model reads " + bundle.spec().encoding().toJson());
        }
        ModelSpec modelSpec = bundle.spec();
        boolean measurable = modelSpec.head() instanceof Head.Categorical && (modelSpec.encoding() instanceof MelodySpec
                || modelSpec.encoding() instanceof DrumKitSpec || modelSpec.encoding() instanceof TrapTextSpec);
        if ((samples > 0 || real != null) && !measurable) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--samples and --real measure melody and drum"
                    + " models (melody, drum-kit and trap-text encodings)");
        }
        if (samples < 0 || bars < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--samples must be >= 0 and --bars >= 1");
        }
        boolean multiLabel = modelSpec.head() instanceof Head.MultiLabel;
        if (multiLabel && !(threshold > 0 && threshold < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threshold is a probability in (0, 1), got "
                    + threshold);
        }
        TrainingConfig trained = Optional.ofNullable(bundle.provenance().training())
                .orElseGet(() -> TrainingConfig.defaultsFor(modelSpec));
        TrainingConfig windowing;
        TrainingWindows windows;
        try {
            windowing = trained.toBuilder().windowSteps(window != null ? window : trained.windowSteps())
                    .sourceSteps(source != null && multiLabel ? source : trained.sourceSteps()).build();
            windows = TrainingWindows.of(modelSpec, windowing, corpus, chosen);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        if (windows.sequenceCount() == 0) {
            throw new CliFailure("corpus " + data + " has no " + chosen.label() + " example" + (multiLabel ? " of "
                    + (windowing.sourceSteps() + windowing.windowSteps()) + " frames" : "") + " to evaluate on");
        }
        Iterable<TrainingBatch> batches = windows.validationBatches(32, maxWindows);
        Evaluator evaluator = multiLabel ? Evaluator.multiLabel(threshold, ((Head.MultiLabel) modelSpec.head()).loss())
                : Evaluator.forSpec(modelSpec);
        Backend engine = Engines.open(backend, Capability.SCORE, modelSpec);
        Evaluation evaluation;
        ObjectNode humanized = null;
        ObjectNode generated = null;
        try (SequenceModel loaded = bundle.open(engine)) {
            evaluation = evaluator.evaluate(loaded, batches);
            if (samples > 0) {
                if (!engine.capabilities().contains(Capability.SAMPLE)) {
                    throw new CliFailure("the " + engine.name() + " backend cannot sample: --samples needs one that can"
                            + " ('midigen backends')");
                }
                LoopForm loop;
                try {
                    loop = form.loopForm(seed);
                } catch (IllegalArgumentException e) {
                    throw new CliUsageFailure(e.getMessage());
                }
                generated = Comparison.generatedJson(Comparison.samples(loaded,
                        new Comparison.Settings(samples, bars, seed, 0, 1.0, loop)), bars);
            }
            if (modelSpec.family() instanceof DrumVae vae && vae.transform() == GrooveTransform.HUMANIZE) {
                humanized = humanize(loaded, corpus, chosen);
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("model", model);
        result.put("backend", engine.name());
        result.put("split", chosen.label());
        if (evaluation instanceof MultiLabelEvaluation frames) {
            MultiLabelMetrics previous = MultiLabelMetrics.EMPTY;
            for (TrainingBatch batch : batches) { // each frame predicted to be the true previous one
                previous = previous.plus(Evaluator.evaluateFrames(batch.inputs().inputs(), batch.multiLabelTargets()));
            }
            result.put("sourceSteps", windowing.sourceSteps());
            result.put("targetSteps", windowing.windowSteps());
            result.put("threshold", threshold);
            result.put("windows", frames.teacherForced().frames() / windowing.windowSteps());
            result.put("loss", evaluator.loss().typeName());
            result.set("freeRunning", frames.freeRunning().toJsonNode());
            result.set("repeatLastFrameBaseline", frames.repeatLastFrame().toJsonNode());
            result.set("teacherForced", frames.teacherForced().toJsonNode());
            result.set("repeatPreviousFrameBaseline", previous.toJsonNode());
        } else if (evaluation instanceof GrooveEvaluation groove) {
            result.set("teacherForced", groove.toJsonNode());
            if (humanized != null) {
                result.set("humanize", humanized);
            }
        } else {
            Metrics metrics = (Metrics) evaluation;
            TokenCodec<?> codec = modelSpec.tokenCodec();
            List<IntSeq> training = tokens(corpus, Split.TRAIN);
            UnigramBaseline unigram = UnigramBaseline.ofSequences(codec, training);
            Metrics baseline = Metrics.empty(evaluator.labelCount(), evaluator.noEventLabel());
            for (TrainingBatch batch : batches) {
                var targets = batch.categoricalTargets();
                baseline = baseline.plus(evaluator.evaluate(constant(batch.inputs().inputs(), unigram.logits()),
                        targets.labels(), targets.mask()));
            }
            Metrics ngram = NgramBaseline.ofSequences(codec, training, NGRAM_ORDER)
                    .evaluate(codec, tokens(corpus, chosen), windowing.windowSteps(), maxWindows);
            result.put("windowSteps", windowing.windowSteps());
            result.set("metrics", metrics.toJsonNode());
            result.set("unigramBaseline", baseline.toJsonNode());
            result.put("ngramOrder", NGRAM_ORDER);
            result.set("ngramBaseline", ngram.toJsonNode());
        }
        if (generated != null) {
            ObjectNode node = result.putObject("samples");
            node.put("bars", bars);
            node.put("seed", seed);
            node.put("temperature", 1.0);
            node.setAll(generated);
        }
        if (real != null) {
            try {
                result.set("real", Comparison.realJson(RealPieces.measure(real, corpus.manifest(), chosen)));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage());
            }
        }
        spec.commandLine().getOut().println(json.writeValueAsString(result));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * A humanizing drum VAE on the split's quantized performances, next to the two baselines fitted on the training
     * split: velocity and timing errors against the played ones (ms at each example's tempo).
     */
    private static ObjectNode humanize(SequenceModel model, Corpus corpus, Split split) throws IOException {
        List<Performance> targets = Performance.ofCorpus(corpus, split);
        List<GrooveTrack> training = Performance.ofCorpus(corpus, Split.TRAIN).stream().map(Performance::groove).toList();
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.set("model", HumanizeMetrics.evaluate(targets, new VaeHumanizer(model)).toJsonNode());
        if (!training.isEmpty()) {
            node.set("quantizedBaseline", HumanizeMetrics.evaluate(targets, GrooveBaselines.quantized(training)).toJsonNode());
            node.set("averageGrooveBaseline", HumanizeMetrics.evaluate(targets, GrooveBaselines.averageGroove(training))
                    .toJsonNode());
        }
        return node;
    }

    private static List<IntSeq> tokens(Corpus corpus, Split split) throws IOException {
        List<IntSeq> sequences = new ArrayList<>();
        for (Example example : corpus.examples(split)) {
            if (example.data() instanceof ExampleData.Tokens tokens) {
                sequences.add(tokens.tokens());
            }
        }
        return sequences;
    }

    /** The same logits at every step: a model that ignores its input. */
    private static SequenceBatch constant(SequenceBatch shape, float[] logits) {
        float[] values = new float[shape.batch() * shape.time() * logits.length];
        for (int row = 0; row < shape.batch() * shape.time(); row++) {
            System.arraycopy(logits, 0, values, row * logits.length, logits.length);
        }
        return SequenceBatch.wrap(shape.batch(), shape.time(), logits.length, values);
    }
}
