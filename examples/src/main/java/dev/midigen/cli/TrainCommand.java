package dev.midigen.cli;

import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.FrameHyperParameters;
import dev.midigen.model.training.HyperParameters;
import dev.midigen.model.training.RunFinishedException;
import dev.midigen.model.training.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen train}: a corpus → a model bundle. */
@Command(name = "train",
        description = "Train a model on a corpus built by 'dataset build' and write it as a bundle. Validates every"
                + " 'eval' steps, keeps a checkpoint beside the output (--resume continues it), writes metrics.jsonl.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "CORPUS", description = "A corpus folder ('dataset build').")
    Path data;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "drum-rnn (3×256, attention 32), melody-rnn (2×128), attention-rnn (2×128, attention 40),"
                    + " lstm (TrapGenerator's 3×512) or seq2seq-gru (DeepMusician's piano-roll encoder-decoder, 2×512).")
    String model;

    @Option(names = "--loss", paramLabel = "bce|focal",
            description = "seq2seq-gru: binary cross-entropy or focal loss (default; alpha=, gamma= in --hparams).")
    String loss;

    @Option(names = "--hparams", paramLabel = "K=V,…",
            description = "Hyper-parameters: layers=256x3, attention=32, lr=0.001, clip=3, batch=64, window=64, steps=1000,"
                    + " epochs, dropout=0.5, eval=100, patience, checkpoint=10 (minutes), seed, threads. seq2seq-gru:"
                    + " hidden=512, layers=2, classifier=256, source=64, target=64, batch=32, dropout=0.2,"
                    + " classifier_dropout=0.5, teacher=0.5, alpha=0.75, gamma=2, lr, clip=1, steps, eval, patience, seed, threads.")
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

    @Override
    public Integer call() throws IOException {
        if (FrameHyperParameters.isFrameModel(model)) {
            return trainFrames();
        }
        if (loss != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--loss is for seq2seq-gru; " + model
                    + " learns with cross-entropy");
        }
        HyperParameters.Choice choice;
        TrainingConfig config;
        try {
            choice = HyperParameters.parse(model, hparams, TrainingConfig.DEFAULT);
            config = choice.config();
            if (steps != null) {
                config = config.withSteps(steps);
            }
            if (seed != null) {
                config = config.withSeed(seed);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Corpus corpus = CorpusStore.open(data);
        ModelSpec modelSpec;
        try {
            modelSpec = new ModelSpec(choice.family(), corpus.manifest().encoding(), config.seed());
        } catch (IllegalArgumentException e) {
            throw new CliFailure("corpus " + data + " does not fit the model: " + e.getMessage());
        }
        Backend engine = Engines.open(backend, Capability.TRAIN, modelSpec);
        PrintWriter err = spec.commandLine().getErr();
        err.println("training " + modelSpec.family().typeName() + " " + modelSpec.family() + " on " + engine.name() + " "
                + engine.version());
        TrainingLoop.Result result;
        try {
            result = TrainingLoop.run(new TrainingLoop.Request(modelSpec, config, corpus, engine, out, overwrite, resume,
                    "midigen train"), new Progress(err));
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(out + ": the output exists (use --overwrite to replace it)");
        } catch (RunFinishedException e) {
            return FrameCommands.finished(e, spec.commandLine().getOut());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s: %d steps%s in %.1f s of training%n", out, result.steps(),
                result.stoppedEarly() ? " (stopped early)" : "", result.trainSeconds());
        stdout.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                TrainingLoop.summary(result.validation())));
        stdout.flush();
        return 0;
    }

    private int trainFrames() throws IOException {
        FrameHyperParameters.Choice choice;
        FrameTrainingConfig config;
        try {
            choice = FrameHyperParameters.parse(hparams, loss, FrameTrainingConfig.DEFAULT);
            config = choice.config();
            if (steps != null) {
                config = config.withTraining(config.training().withSteps(steps));
            }
            if (seed != null) {
                config = config.withTraining(config.training().withSeed(seed));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Corpus corpus = CorpusStore.open(data);
        ModelSpec modelSpec = FrameCommands.spec(new FrameHyperParameters.Choice(choice.family(), config), corpus, data);
        return FrameCommands.train(modelSpec, config, corpus, backend, out, overwrite, resume, spec.commandLine().getOut(),
                spec.commandLine().getErr());
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
        public void evaluated(long step, Metrics validation, boolean improved) {
            err.printf(Locale.ROOT, "%sstep %d: train loss %.3f, validation loss %.3f, perplexity %.2f, accuracy %.3f%s%n",
                    terminal ? "\r" : "", step, loss, validation.loss(), validation.perplexity(), validation.accuracy(),
                    improved ? " (best)" : "");
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
}
