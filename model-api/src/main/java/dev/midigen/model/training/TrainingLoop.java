package dev.midigen.model.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.weights.LstmLayout;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop every backend shares: windows from a corpus (seeded), one backend step at a time,
 * validation every {@code evalInterval} steps with the {@link Evaluator}, early stopping on the
 * validation loss (the best weights are kept), checkpoints at least every {@code checkpointMinutes}
 * (atomic) that {@code resume} continues from, and one JSON line per validation in
 * {@code metrics.jsonl}. The result is a {@link ModelBundle} written atomically to the output folder
 * with its {@code metrics.jsonl}.
 *
 * <p>Work in progress lives in a hidden folder beside the output ({@code .NAME.training}): the
 * checkpoint (a bundle plus the optimizer state and loop state) and the growing {@code metrics.jsonl}.
 * It is removed when training ends.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Every validation reads the same windows (at most this many), so losses compare: early stopping
     * and the final pick must not weigh one window set against another.
     */
    static final int EVAL_WINDOWS = 1024;
    static final String METRICS_FILE = "metrics.jsonl";

    private TrainingLoop() {
    }

    /**
     * What to train.
     *
     * @param spec      the model (its encoding must be the corpus's)
     * @param config    how
     * @param corpus    the training and validation examples
     * @param backend   the engine
     * @param output    the bundle folder to write
     * @param overwrite replace an existing bundle
     * @param resume    continue from the checkpoint of an interrupted run with the same output
     * @param createdBy a note for the provenance
     */
    public record Request(ModelSpec spec, TrainingConfig config, Corpus corpus, Backend backend, Path output,
                          boolean overwrite, boolean resume, String createdBy) {
        public Request {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(output, "output");
        }
    }

    /** What training gave: the bundle written, its final validation, steps taken, and why it stopped. */
    public record Result(ModelBundle bundle, Metrics validation, long steps, boolean stoppedEarly, double trainSeconds) {
    }

    /** Progress of a run (called on the training thread). */
    public interface Listener {
        Listener SILENT = new Listener() {
        };

        default void started(long firstStep, long totalSteps, int trainSequences, int validationSequences) {
        }

        default void stepped(long step, long totalSteps, double loss, double stepsPerSecond) {
        }

        default void evaluated(long step, Metrics validation, boolean improved) {
        }

        default void checkpointed(long step, Path checkpoint) {
        }
    }

    /**
     * Trains and writes the bundle.
     *
     * @throws IllegalArgumentException when the corpus does not fit the model (another encoding, frames,
     *                                  no training windows), naming both
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
            this.evaluator = Evaluator.forCodec(request.spec().tokenCodec());
        }

        Result run() throws IOException {
            ModelSpec spec = request.spec();
            if (!request.corpus().manifest().encoding().equals(spec.encoding())) {
                throw new IllegalArgumentException("corpus " + request.corpus().dir() + " is encoded as "
                        + request.corpus().manifest().encoding().toJson() + " but the model reads "
                        + spec.encoding().toJson());
            }
            if (request.resume()) {
                state.endIfFinished(spec, config, request.corpus().manifest().fingerprint(), request.output(),
                        request.overwrite());
            }
            if (Files.exists(request.output()) && !request.overwrite()) {
                throw new FileAlreadyExistsException(request.output().toString(), null,
                        "the output exists (use --overwrite to replace it)");
            }
            TokenCodec<?> codec = spec.tokenCodec();
            Windows train = new Windows(codec, tokens(Split.TRAIN), config.windowSteps());
            Windows validation = new Windows(codec, tokens(Split.VALIDATION), config.windowSteps());
            if (train.sequenceCount() == 0) {
                throw new IllegalArgumentException("corpus " + request.corpus().dir() + " has no training example of two steps or more");
            }
            long total = totalSteps(train);
            TrainingRunState.Start start = state.begin(request.resume(), spec, config,
                    LstmLayout.initial(spec.lstmNetwork(), spec.seed()), request.output(), total);
            long first = start.step();
            listener.started(first, total, train.sequenceCount(), validation.sequenceCount());
            boolean stoppedEarly = false;
            long step = first;
            try (Trainer trainer = request.backend().newTrainer(spec, config, start.weights())) {
                if (start.optimizer() != null) {
                    trainer.restoreOptimizerState(start.optimizer());
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
                    if (Double.isFinite(loss)) {
                        lossSum += loss;
                        lossCount++;
                    }
                    double elapsed = (System.nanoTime() - windowStart) / 1e9;
                    listener.stepped(step, total, loss, windowSteps / Math.max(elapsed, 1e-9));
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged at step " + step + " (loss " + loss
                                + "); try a smaller learning rate (--hparams lr=…)");
                    }
                    boolean evalDue = config.evalInterval() > 0 && step % config.evalInterval() == 0 && step < total;
                    if (evalDue && validation.sequenceCount() > 0) {
                        Metrics metrics = validate(trainer, validation, EVAL_WINDOWS);
                        boolean improved = record(trainer, step, metrics, lossCount == 0 ? Double.NaN : lossSum / lossCount,
                                windowSteps / Math.max(elapsed, 1e-9));
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
                        writeCheckpoint(trainer, step);
                        lastCheckpoint = System.nanoTime();
                        listener.checkpointed(step, state.checkpoint);
                    }
                }
                Metrics finalMetrics;
                if (validation.sequenceCount() > 0) {
                    finalMetrics = validate(trainer, validation, EVAL_WINDOWS);
                    boolean improved = record(trainer, step, finalMetrics, lossCount == 0 ? Double.NaN : lossSum / lossCount,
                            Double.NaN);
                    if (!improved && state.best != null) {
                        // early stopping kept better weights: the bundle gets those, measured again
                        trainer.importWeights(state.best);
                        finalMetrics = validate(trainer, validation, EVAL_WINDOWS);
                    }
                } else {
                    finalMetrics = Metrics.empty(evaluator.labelCount(), evaluator.noEventLabel());
                }
                ModelBundle bundle = new ModelBundle(spec,
                        Provenance.trained(request.corpus().manifest().fingerprint(), config, request.backend().name(),
                                request.backend().version(), step, request.createdBy()),
                        summary(finalMetrics), trainer.exportWeights());
                state.finish(bundle, request.output(), request.overwrite());
                return new Result(bundle, finalMetrics, step, stoppedEarly, state.trainSeconds);
            } catch (RuntimeException | IOException e) {
                LOG.debug("training stopped at step {}; the checkpoint in {} (if any) can be resumed", step, state.work);
                throw e;
            }
        }

        private long totalSteps(Windows train) {
            if (config.steps() > 0) {
                return config.steps();
            }
            long perEpoch = (train.labelledSteps() + (long) config.batchSize() * config.windowSteps() - 1)
                    / ((long) config.batchSize() * config.windowSteps());
            return Math.max(1, perEpoch) * config.epochs();
        }

        private List<IntSeq> tokens(Split split) throws IOException {
            List<IntSeq> sequences = new ArrayList<>();
            for (Example example : request.corpus().examples(split)) {
                if (!(example.data() instanceof ExampleData.Tokens tokens)) {
                    throw new IllegalArgumentException("corpus " + request.corpus().dir() + " holds frames; the model reads tokens");
                }
                sequences.add(tokens.tokens());
            }
            return sequences;
        }

        private Metrics validate(Trainer trainer, Windows validation, int windows) {
            Metrics total = Metrics.empty(evaluator.labelCount(), evaluator.noEventLabel());
            for (TrainingBatch batch : validation.validationBatches(config.batchSize(), windows)) {
                total = total.plus(evaluator.evaluate(trainer.score(batch.inputs()), batch.labels(), batch.mask()));
            }
            return total;
        }

        /** Logs a validation, tracks the best weights; returns whether it improved on the best. */
        private boolean record(Trainer trainer, long step, Metrics metrics, double trainLoss, double stepsPerSecond)
                throws IOException {
            boolean improved = state.record(step, metrics.loss(), JSON.readTree(metrics.toJson()), trainLoss,
                    stepsPerSecond, config.patience(), trainer::exportWeights);
            listener.evaluated(step, metrics, improved);
            return improved;
        }

        private void writeCheckpoint(Trainer trainer, long step) throws IOException {
            state.writeCheckpoint(step, config, trainer.optimizerState(), request.spec(),
                    Provenance.trained(request.corpus().manifest().fingerprint(), config, request.backend().name(),
                            request.backend().version(), step, "checkpoint"),
                    trainer.exportWeights());
        }
    }

    /** The headline numbers of a validation, for a bundle's metrics. */
    public static Map<String, Double> summary(Metrics metrics) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("validationLoss", metrics.loss());
        summary.put("validationPerplexity", metrics.perplexity());
        summary.put("validationAccuracy", metrics.accuracy());
        summary.put("validationEventAccuracy", metrics.eventAccuracy());
        summary.put("validationNoEventAccuracy", metrics.noEventAccuracy());
        summary.put("validationSteps", (double) metrics.steps());
        return summary;
    }
}
