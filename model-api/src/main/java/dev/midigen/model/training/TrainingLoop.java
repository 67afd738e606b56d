package dev.midigen.model.training;

import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Split;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop, for every family and backend: windows from a corpus ({@link TrainingWindows}, seeded by
 * (seed, step)), one backend step at a time, validation every {@code evalInterval} steps with the {@link Evaluator}
 * (metrics chosen by the head), early stopping on the validation loss (the best weights are kept), checkpoints at
 * least every {@code checkpointMinutes} (atomic, with the canonical optimizer state) that {@code resume} continues
 * exactly, and one JSON line per validation in {@code metrics.jsonl}. A run may start from a bundle's weights and,
 * when it holds them, its optimizer moments ({@link Request#from}): a run continued on another engine, or a model
 * fine-tuned on new data. The result is a {@link ModelBundle} written atomically to the output folder with its
 * {@code metrics.jsonl} (and Adam's state unless {@link TrainingConfig#keepOptimizer()} is off).
 *
 * <p>Work in progress lives in a hidden folder beside the output ({@code .NAME.training}): the checkpoint and the
 * growing {@code metrics.jsonl}. It is removed when training ends.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    static final String METRICS_FILE = MetricsLog.FILE_NAME;

    private TrainingLoop() {
    }

    /**
     * What to train. Build it with {@link #builder}.
     *
     * @param spec      the model (its encoding must be the corpus's)
     * @param config    how
     * @param corpus    the training and validation examples
     * @param backend   the engine
     * @param output    the bundle folder to write
     * @param overwrite replace an existing bundle
     * @param resume    continue from the checkpoint of an interrupted run with the same output
     * @param createdBy a note for the provenance
     * @param from      a bundle to start from (its weights, and its optimizer state when it has one), or null for
     *                  the spec's seeded initial weights; its spec must be {@code spec}
     */
    public record Request(ModelSpec spec, TrainingConfig config, Corpus corpus, Backend backend, Path output,
                          boolean overwrite, boolean resume, String createdBy, ModelBundle from) {
        public Request {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(output, "output");
            if (from != null && !from.spec().equals(spec)) {
                throw new IllegalArgumentException("the bundle to start from is a " + from.spec().toJson()
                        + ", not the model to train, " + spec.toJson());
            }
        }

        /** Without a bundle to start from. */
        public Request(ModelSpec spec, TrainingConfig config, Corpus corpus, Backend backend, Path output,
                       boolean overwrite, boolean resume, String createdBy) {
            this(spec, config, corpus, backend, output, overwrite, resume, createdBy, null);
        }

        public static Builder builder(ModelSpec spec, TrainingConfig config, Corpus corpus, Backend backend, Path output) {
            return new Builder(spec, config, corpus, backend, output);
        }
    }

    /** Builds a {@link Request}: what to train, how, from what, on what and where are required; the rest optional. */
    public static final class Builder {
        private final ModelSpec spec;
        private final TrainingConfig config;
        private final Corpus corpus;
        private final Backend backend;
        private final Path output;
        private boolean overwrite;
        private boolean resume;
        private String createdBy = "";
        private ModelBundle from;

        private Builder(ModelSpec spec, TrainingConfig config, Corpus corpus, Backend backend, Path output) {
            this.spec = spec;
            this.config = config;
            this.corpus = corpus;
            this.backend = backend;
            this.output = output;
        }

        public Builder overwrite(boolean value) {
            overwrite = value;
            return this;
        }

        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        public Builder createdBy(String value) {
            createdBy = value;
            return this;
        }

        public Builder from(ModelBundle value) {
            from = value;
            return this;
        }

        public Request build() {
            return new Request(spec, config, corpus, backend, output, overwrite, resume, createdBy, from);
        }
    }

    /** What training gave: the bundle written, its final validation, steps taken, and why it stopped. */
    public record Result(ModelBundle bundle, Evaluation validation, long steps, boolean stoppedEarly, double trainSeconds) {
    }

    /** Progress of a run (called on the training thread). */
    public interface Listener {
        Listener SILENT = new Listener() {
        };

        default void started(long firstStep, long totalSteps, int trainSequences, int validationSequences) {
        }

        default void stepped(long step, long totalSteps, double loss, double stepsPerSecond) {
        }

        default void evaluated(long step, Evaluation validation, boolean improved) {
        }

        default void checkpointed(long step, Path checkpoint) {
        }
    }

    /**
     * Trains and writes the bundle.
     *
     * @throws IllegalArgumentException   when the corpus does not fit the model (another encoding, frames for a token
     *                                    model, no training windows), naming both
     * @throws FileAlreadyExistsException when the output exists and neither overwrite nor resume allows it
     */
    public static Result run(Request request, Listener listener) throws IOException {
        return new Run(request, listener).run();
    }

    /** The hidden work folder of an output. */
    static Path workFolder(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".training");
    }

    private static final class Run {
        private final Request request;
        private final Listener listener;
        private final TrainingConfig config;
        private final TrainingRunState state;
        private final Evaluator evaluator;

        Run(Request request, Listener listener) {
            this.request = request;
            this.listener = listener;
            this.config = request.config();
            this.state = new TrainingRunState(request.output(), LOG);
            this.evaluator = Evaluator.forSpec(request.spec());
        }

        Result run() throws IOException {
            ModelSpec spec = request.spec();
            Corpus corpus = request.corpus();
            if (!corpus.manifest().encoding().equals(spec.encoding())) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " is encoded as "
                        + corpus.manifest().encoding().toJson() + " but the model reads " + spec.encoding().toJson());
            }
            if (request.resume()) {
                state.endIfFinished(spec, config, corpus.manifest().fingerprint(), request.output(), request.overwrite());
            }
            if (Files.exists(request.output()) && !request.overwrite()) {
                throw new FileAlreadyExistsException(request.output().toString(), null,
                        "the output exists (use --overwrite to replace it)");
            }
            TrainingWindows train = TrainingWindows.of(spec, config, corpus, Split.TRAIN);
            TrainingWindows validation = TrainingWindows.of(spec, config, corpus, Split.VALIDATION);
            if (train.sequenceCount() == 0) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " has no training example long enough for a"
                        + " window (" + (config.sourceSteps() + config.windowSteps()) + " steps)");
            }
            long total = config.steps() > 0 ? config.steps()
                    : Math.max(1, train.stepsPerEpoch(config.batchSize())) * config.epochs();
            ModelBundle from = request.from();
            Weights initial = from != null ? from.weights() : CanonicalLayout.initial(spec, spec.seed());
            TrainingRunState.Start start = state.begin(request.resume(), spec, config, initial, request.output(), total);
            OptimizerState optimizer = start.optimizer() != null ? start.optimizer()
                    : start.step() == 0 && from != null ? from.optimizer() : null;
            long first = start.step();
            listener.started(first, total, train.sequenceCount(), validation.sequenceCount());
            Iterable<TrainingBatch> evalBatches = validation.validationBatches(config.batchSize(), train.evalWindows());
            boolean stoppedEarly = false;
            long step = first;
            try (Trainer trainer = request.backend().newTrainer(spec, config, start.weights())) {
                if (optimizer != null) {
                    trainer.restoreOptimizerState(optimizer);
                }
                long lastCheckpoint = System.nanoTime();
                long windowStart = System.nanoTime();
                long windowSteps = 0;
                double lossSum = 0;
                long lossCount = 0;
                while (step < total) {
                    state.stopIfInterrupted(step);
                    TrainingBatch batch = train.trainingBatch(config.seed(), step, config.batchSize());
                    long t0 = System.nanoTime();
                    double loss = trainer.step(batch);
                    state.trainSeconds += (System.nanoTime() - t0) / 1e9;
                    step++;
                    windowSteps++;
                    double elapsed = (System.nanoTime() - windowStart) / 1e9;
                    listener.stepped(step, total, loss, windowSteps / Math.max(elapsed, 1e-9));
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged at step " + step + " (loss " + loss
                                + "); try a smaller learning rate (--hparams lr=…)");
                    }
                    lossSum += loss;
                    lossCount++;
                    boolean evalDue = config.evalInterval() > 0 && step % config.evalInterval() == 0 && step < total;
                    if (evalDue && validation.sequenceCount() > 0) {
                        boolean improved = record(trainer, step, evaluator.evaluate(trainer, evalBatches),
                                lossSum / lossCount, windowSteps / Math.max(elapsed, 1e-9));
                        lossSum = 0;
                        lossCount = 0;
                        windowStart = System.nanoTime();
                        windowSteps = 0;
                        if (state.stopsEarly(config.patience(), improved, step)) {
                            stoppedEarly = true;
                            break;
                        }
                    }
                    if (TrainingRunState.checkpointDue(config.checkpointMinutes(), lastCheckpoint) && step < total) {
                        state.writeCheckpoint(step, config, trainer.optimizerState(), spec, provenance(step, "checkpoint"),
                                trainer.exportWeights());
                        lastCheckpoint = System.nanoTime();
                        listener.checkpointed(step, state.checkpoint);
                    }
                }
                Evaluation last = evaluator.empty();
                if (validation.sequenceCount() > 0) {
                    last = evaluator.evaluate(trainer, evalBatches);
                    boolean improved = record(trainer, step, last, lossCount == 0 ? Double.NaN : lossSum / lossCount,
                            Double.NaN);
                    if (!improved && state.best != null) {
                        // early stopping kept better weights: the bundle gets those, measured again
                        trainer.importWeights(state.best);
                        last = evaluator.evaluate(trainer, evalBatches);
                    }
                }
                ModelBundle bundle = new ModelBundle(spec, provenance(step, request.createdBy()),
                        last.summary(), trainer.exportWeights());
                if (config.keepOptimizer()) {
                    bundle = bundle.withOptimizer(trainer.optimizerState());
                }
                state.finish(bundle, request.output(), request.overwrite());
                return new Result(bundle, last, step, stoppedEarly, state.trainSeconds);
            } catch (RuntimeException | IOException e) {
                LOG.debug("training stopped at step {}; the checkpoint in {} (if any) can be resumed", step, state.work);
                throw e;
            }
        }

        private Provenance provenance(long step, String createdBy) {
            return Provenance.trained(request.corpus().manifest().fingerprint(), config, request.backend().name(),
                    request.backend().version(), step, createdBy);
        }

        /** Logs a validation, tracks the best weights; returns whether it improved on the best. */
        private boolean record(Trainer trainer, long step, Evaluation metrics, double trainLoss, double stepsPerSecond)
                throws IOException {
            boolean improved = state.record(step, metrics.loss(), metrics.toJsonNode(), trainLoss, stepsPerSecond,
                    config.patience(), trainer::exportWeights);
            listener.evaluated(step, metrics, improved);
            return improved;
        }
    }
}
