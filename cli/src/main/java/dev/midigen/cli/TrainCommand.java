package dev.midigen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.model.DrumVae;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.eval.GrooveEvaluation;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.eval.MultiLabelEvaluation;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.CorpusControls;
import dev.midigen.model.training.HyperParameters;
import dev.midigen.model.training.RunFinishedException;
import dev.midigen.model.training.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code midigen train}: a corpus → a model bundle, from scratch or from a bundle ({@code --from}). */
@Command(name = "train",
        description = "Train a model of any family on a corpus built by 'dataset build' and write it as a bundle. Validates"
                + " every 'eval' steps, keeps a checkpoint beside the output (--resume continues it), writes metrics.jsonl."
                + " --from continues a bundle (its weights and, when it kept it, Adam's state) on any training backend, or"
                + " fine-tunes an embedded model (--from drums) on your corpus.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = TrainCommand.Vocabulary.class)
final class TrainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--data", required = true, paramLabel = "CORPUS", description = "A corpus folder ('dataset build').")
    Path data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "drum-rnn (3×256, attention 32), melody-rnn (2×128), attention-rnn (2×128, attention 40),"
                    + " lstm (TrapGenerator's 3×512), seq2seq-gru (DeepMusician's piano-roll encoder-decoder, 2×512),"
                    + " groovae-2bar or groovae-4bar (the drum VAE over groove corpora; the backends train it as they"
                    + " come to run it: 'midigen backends'). Not needed with --from.")
    String model;

    @Option(names = "--from", paramLabel = "BUNDLE|NAME",
            description = "Start from a bundle folder or an embedded model (drums, melody): its model, its weights and,"
                    + " when it has them, its optimizer moments; its training settings are the defaults (training keys"
                    + " in --hparams, --steps and --seed apply; model keys must agree with it). The corpus must have the"
                    + " bundle's encoding.")
    String from;

    @Option(names = "--loss", paramLabel = "bce|focal",
            description = "Deprecated: write loss=bce or loss=focal in --hparams (seq2seq-gru).")
    String loss;

    @Option(names = "--hparams", paramLabel = "K=V,…",
            description = "Hyper-parameters, one vocabulary for every model (listed below): model keys layers=256x3"
                    + " (sizes; 512x2 for seq2seq-gru too), attention=32, head_hidden=256, loss=focal|bce, alpha=0.75,"
                    + " gamma=2; training keys lr=0.001, clip=3, batch=64, window=64 (decoder steps), source=64 (encoder"
                    + " steps), steps=1000, epochs, dropout=0.5, head_dropout, teacher (teacher-forcing ratio), eval=100,"
                    + " patience, checkpoint=10 (minutes), seed, threads, keep_optimizer=true.")
    String hparams;

    @Option(names = "--backend", paramLabel = "NAME", description = "dl4j, tf, … (default: -Dmidigen.backend, MIDIGEN_BACKEND, or the best available).")
    String backend;

    @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps (overrides steps= in --hparams).")
    Integer steps;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the initial weights and training (overrides seed=).")
    Long seed;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "The model bundle folder to write.")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted run of the same command from its checkpoint.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the output bundle if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The footer of {@code --help}: the hyper-parameter keys and the old spellings, from {@link HyperParameters}. */
    static final class Vocabulary implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
            String deprecated = HyperParameters.DEPRECATED.entrySet().stream()
                    .map(e -> e.getKey() + " → " + e.getValue()).collect(Collectors.joining("; "));
            command.usageMessage().footer("%nHyper-parameter keys (--hparams), the same for every model: "
                    + String.join(", ", HyperParameters.KEYS) + ".",
                    "Deprecated spellings, still accepted: " + deprecated.replace("%", "%%") + ".");
            return command;
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (model == null && from == null) {
            throw usage("give the model to train with --model, or a bundle to start from with --from");
        }
        ModelBundle start = from == null ? null : ModelRef.read(from);
        ModelFamily family = start != null ? trainable(start.spec().family()) : familyOf(model);
        String name = model != null ? model : family.typeName();
        String keys = hparams;
        if (loss != null) {
            if (!(family instanceof Seq2SeqGru)) {
                throw usage("--loss is for seq2seq-gru; " + name + " learns with cross-entropy");
            }
            err.println("train: --loss is deprecated; write loss=" + loss + " in --hparams");
            keys = (keys == null || keys.isBlank() ? "" : keys + ",") + "loss=" + loss;
        }
        HyperParameters.Choice choice;
        TrainingConfig config;
        try {
            TrainingConfig base = start == null ? null : Optional.ofNullable(start.provenance().training())
                    .orElseGet(() -> TrainingConfig.defaultsFor(start.spec()));
            // a bundle's model keys start from its own values; --model must name its family
            choice = start == null ? HyperParameters.parse(name, keys, null)
                    : HyperParameters.parse(model == null || familyOf(model).getClass() == family.getClass() ? family
                    : familyOf(model), keys, base);
            config = choice.config();
            if (steps != null) {
                config = config.withSteps(steps);
            }
            if (seed != null) {
                config = config.withSeed(seed);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Corpus corpus = CorpusStore.open(data);
        ModelSpec modelSpec;
        ModelBundle origin = start;
        if (start != null) {
            modelSpec = start.spec();
            if (onlyTheObjectiveDiffers(choice.family(), modelSpec.family())) {
                // the weights fit either way: a bundle may go on under another feel loss
                modelSpec = new ModelSpec(choice.family(), modelSpec.encoding(), modelSpec.seed(), modelSpec.controls());
                origin = new ModelBundle(modelSpec, start.provenance(), start.metrics(), start.weights(), start.files(),
                        start.optimizer());
            }
            if (!choice.family().equals(modelSpec.family())) {
                throw usage("--from " + from + " is a " + modelSpec.family().typeName() + " " + modelSpec.family()
                        + "; --model and the model keys of --hparams would make it " + choice.family() + " (a bundle's"
                        + " model is fixed: leave them out; training keys such as lr, steps and batch apply)");
            }
            if (!corpus.manifest().encoding().equals(modelSpec.encoding())) {
                throw new CliFailure("corpus " + data + " is encoded as " + corpus.manifest().encoding().toJson() + " but "
                        + from + " reads " + modelSpec.encoding().toJson() + " (--from trains on a corpus of the bundle's"
                        + " encoding)");
            }
        } else {
            try {
                modelSpec = new ModelSpec(choice.family(), corpus.manifest().encoding(), config.seed(),
                        choice.style() ? CorpusControls.vocabulary(corpus) : null);
            } catch (IllegalArgumentException e) {
                throw new CliFailure("corpus " + data + " does not fit the model: " + e.getMessage()
                        + (choice.family() instanceof Seq2SeqGru ? " (build one with: midigen dataset build --encoding"
                        + " piano-roll …)" : ""));
            }
        }
        if (modelSpec.controls() != null) {
            err.println("controls: styles " + modelSpec.controls().known() + " (" + CorpusControls.MIN_STYLE_FILES
                    + "+ training files each; others and none are all zeros), tempo " + modelSpec.controls().tempo());
        }
        Backend engine = Engines.open(backend, Capability.TRAIN, modelSpec);
        err.println("training " + modelSpec.family().typeName() + " " + modelSpec.family() + " on " + engine.name() + " "
                + engine.version() + (start == null ? "" : " from " + from + (start.optimizer() != null
                ? " (its weights and optimizer state)" : " (its weights)")));
        err.flush();
        TrainingLoop.Result result;
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            result = TrainingLoop.run(TrainingLoop.Request.builder(modelSpec, config, corpus, engine, out)
                    .overwrite(overwrite).resume(resume).createdBy("midigen train").from(origin).build(), new Progress(err));
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(out + ": the output exists (use --overwrite to replace it)");
        } catch (RunFinishedException e) {
            stdout.println(e.getMessage()); // a resumed run that had finished: the files are as it left them
            stdout.println(JSON.writeValueAsString(e.bundle().metrics()));
            stdout.flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        }
        stdout.printf(Locale.ROOT, "wrote %s: %d steps%s in %.1f s of training%n", out, result.steps(),
                result.stoppedEarly() ? " (stopped early)" : "", result.trainSeconds());
        stdout.println(JSON.writeValueAsString(result.bundle().metrics()));
        stdout.flush();
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private ModelFamily familyOf(String name) {
        try {
            return HyperParameters.family(name);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** A bundle's family, when midigen trains it. */
    private ModelFamily trainable(ModelFamily family) {
        if (family instanceof LstmFamily || family instanceof Seq2SeqGru || family instanceof DrumVae) {
            return family;
        }
        throw new CliFailure(from + " holds a " + family.typeName() + " model, which midigen train does not train");
    }

    /** A progress line with loss and steps/s: redrawn on a terminal, printed at each validation otherwise. */
    private static final class Progress implements TrainingLoop.Listener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private long lastDraw;
        private double loss = Double.NaN;
        private double speed;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(long firstStep, long totalSteps, int trainSequences, int validationSequences) {
            err.printf(Locale.ROOT, "%d training and %d validation sequences; steps %d..%d%n", trainSequences,
                    validationSequences, firstStep, totalSteps);
            err.flush();
        }

        @Override
        public void stepped(long step, long totalSteps, double stepLoss, double stepsPerSecond) {
            loss = Double.isNaN(loss) ? stepLoss : 0.9 * loss + 0.1 * stepLoss;
            speed = stepsPerSecond;
            long now = System.nanoTime();
            if (terminal && (now - lastDraw > 200_000_000L || step == totalSteps)) {
                lastDraw = now;
                int width = 24;
                int filled = (int) (step * width / Math.max(1, totalSteps));
                err.printf(Locale.ROOT, "\r[%s%s] %d/%d loss %.3f %.2f steps/s  ", "#".repeat(filled),
                        ".".repeat(width - filled), step, totalSteps, loss, speed);
                err.flush();
            }
        }

        @Override
        public void evaluated(long step, Evaluation validation, boolean improved) {
            String measured;
            if (validation instanceof MultiLabelEvaluation v) {
                measured = String.format(Locale.ROOT, "F1 %.3f teacher-forced, free-running F1 %.3f (repeat-last-frame"
                        + " %.3f), density %.2f vs %.2f", v.teacherForced().f1(), v.freeRunning().f1(),
                        v.repeatLastFrame().f1(), v.freeRunning().predictedDensity(), v.freeRunning().targetDensity());
            } else if (validation instanceof GrooveEvaluation g) {
                measured = String.format(Locale.ROOT, "hit F1 %.3f, velocity error %.1f, timing error %.3f of a step",
                        g.f1(), g.velocityMae(), g.offsetMae());
            } else {
                Metrics m = (Metrics) validation;
                measured = String.format(Locale.ROOT, "perplexity %.2f, accuracy %.3f", m.perplexity(), m.accuracy());
            }
            err.printf(Locale.ROOT, "%sstep %d: train loss %.3f, %.2f steps/s; validation loss %.4f, %s%s%n",
                    terminal ? "\r" : "", step, loss, speed, validation.loss(), measured, improved ? " (best)" : "");
            err.flush();
        }

        @Override
        public void checkpointed(long step, Path checkpoint) {
            if (!terminal) {
                err.println("checkpoint at step " + step);
                err.flush();
            }
        }
    }

    /** Whether two drum VAEs are one network scored two ways ({@code feel_loss}), which --from may change. */
    private static boolean onlyTheObjectiveDiffers(ModelFamily wanted, ModelFamily bundled) {
        return wanted instanceof DrumVae a && bundled instanceof DrumVae b && !a.equals(b)
                && a.withFeelLoss(b.feelLoss()).equals(b);
    }
}
