package dev.midigen.model.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Split;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.eval.FrameEvaluator;
import dev.midigen.model.eval.FrameMetrics;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of seq2seq frame models, the frame counterpart of {@link TrainingLoop}: source/target windows
 * from a piano-roll corpus ({@link FrameWindows}, seeded by (seed, step), teacher-forcing draws included), one
 * backend step at a time, validation every {@code evalInterval} steps on a fixed window set ({@link #evaluate}: the
 * teacher-forced loss and F1, free-running F1 and note densities, next to the repeat-the-last-frame baseline), early
 * stopping on the validation loss (best weights kept), atomic checkpoints at least every {@code checkpointMinutes}
 * that {@code resume} continues exactly, one JSON line per validation in {@code metrics.jsonl}. The result is a
 * {@link ModelBundle} whose provenance records the {@link FrameTrainingConfig}.
 */
public final class FrameTrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(FrameTrainingLoop.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Validation windows used during training (the same every time). */
    public static final int EVAL_WINDOWS = 256;

    private FrameTrainingLoop() {
    }

    public record Request(ModelSpec spec, FrameTrainingConfig config, Corpus corpus, Backend backend, Path output,
                          boolean overwrite, boolean resume, String createdBy) {
        public Request {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(output, "output");
        }
    }

    /** A validation: the model teacher-forced and free-running, and the baseline, on the same windows. */
    public record Validation(FrameMetrics teacherForced, FrameMetrics freeRunning, FrameMetrics repeatLastFrame) {
        public ObjectNode toJsonNode() {
            ObjectNode node = JSON.createObjectNode();
            node.set("teacherForced", teacherForced.toJsonNode());
            node.set("freeRunning", freeRunning.toJsonNode());
            node.set("repeatLastFrame", repeatLastFrame.toJsonNode());
            return node;
        }
    }

    public record Result(ModelBundle bundle, Validation validation, long steps, boolean stoppedEarly, double trainSeconds) {
    }

    /** Progress of a run (called on the training thread). */
    public interface Listener {
        Listener SILENT = new Listener() {
        };

        default void started(long firstStep, long totalSteps, int trainSequences, long trainWindows) {
        }

        default void stepped(long step, long totalSteps, double loss, double stepsPerSecond) {
        }

        default void evaluated(long step, Validation validation, boolean improved) {
        }

        default void checkpointed(long step, Path checkpoint) {
        }
    }

    /**
     * Validates {@code model} on {@code batches}: teacher-forced (loss, F1 at ½), free-running threshold decoding from
     * the encoder's state, and the repeat-the-last-source-frame baseline, all counted by {@link FrameEvaluator}.
     */
    public static Validation evaluate(FrameModel model, Iterable<FrameBatch> batches, FrameEvaluator evaluator) {
        FrameMetrics forced = FrameMetrics.EMPTY;
        FrameMetrics free = FrameMetrics.EMPTY;
        FrameMetrics baseline = FrameMetrics.EMPTY;
        for (FrameBatch batch : batches) {
            forced = forced.plus(evaluator.teacherForced(model, batch));
            free = free.plus(evaluator.freeRunning(model, batch));
            baseline = baseline.plus(FrameEvaluator.repeatLastFrame(batch));
        }
        return new Validation(forced, free, baseline);
    }

    public static Result run(Request request, Listener listener) throws IOException {
        return new Run(request, listener).run();
    }

    /** The headline numbers of a validation, for a bundle's metrics. */
    public static Map<String, Double> summary(Validation v) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("validationLoss", v.teacherForced().loss());
        summary.put("validationF1", v.teacherForced().f1());
        summary.put("validationFreeRunningF1", v.freeRunning().f1());
        summary.put("validationFreeRunningPrecision", v.freeRunning().precision());
        summary.put("validationFreeRunningRecall", v.freeRunning().recall());
        summary.put("validationPredictedDensity", v.freeRunning().predictedDensity());
        summary.put("validationTargetDensity", v.freeRunning().targetDensity());
        summary.put("validationRepeatLastFrameF1", v.repeatLastFrame().f1());
        summary.put("validationFrames", (double) v.teacherForced().frames());
        return summary;
    }

    private static final class Run {
        private final Request request;
        private final Listener listener;
        private final FrameTrainingConfig config;
        private final TrainingConfig training;
        private final TrainingRunState state;
        private final FrameEvaluator evaluator;

        Run(Request request, Listener listener) {
            this.request = request;
            this.listener = listener;
            this.config = request.config();
            this.training = config.training();
            this.state = new TrainingRunState(request.output(), LOG);
            this.evaluator = new FrameEvaluator(0.5, config.loss());
        }

        Result run() throws IOException {
            ModelSpec spec = request.spec();
            if (!request.corpus().manifest().encoding().equals(spec.encoding())) {
                throw new IllegalArgumentException("corpus " + request.corpus().dir() + " is encoded as "
                        + request.corpus().manifest().encoding().toJson() + " but the model reads " + spec.encoding().toJson());
            }
            if (request.resume()) {
                state.endIfFinished(spec, config, request.corpus().manifest().fingerprint(), request.output(),
                        request.overwrite());
            }
            if (Files.exists(request.output()) && !request.overwrite()) {
                throw new FileAlreadyExistsException(request.output().toString(), null,
                        "the output exists (use --overwrite to replace it)");
            }
            FrameWindows train = new FrameWindows(FrameWindows.frames(request.corpus(), Split.TRAIN), config.sourceSteps(),
                    config.targetSteps());
            FrameWindows validation = new FrameWindows(FrameWindows.frames(request.corpus(), Split.VALIDATION),
                    config.sourceSteps(), config.targetSteps());
            if (train.sequenceCount() == 0) {
                throw new IllegalArgumentException("corpus " + request.corpus().dir() + " has no training example of "
                        + (config.sourceSteps() + config.targetSteps()) + " frames or more");
            }
            long total = training.steps() > 0 ? training.steps()
                    : Math.max(1, train.windowCount() / ((long) training.batchSize() * config.targetSteps())) * training.epochs();
            TrainingRunState.Start start = state.begin(request.resume(), spec, config, Seq2SeqLayout.initial(spec, spec.seed()),
                    request.output(), total);
            long first = start.step();
            listener.started(first, total, train.sequenceCount(), train.windowCount());
            boolean stoppedEarly = false;
            long step = first;
            Iterable<FrameBatch> evalBatches = validation.validationBatches(training.batchSize(), EVAL_WINDOWS);
            try (FrameTrainer trainer = request.backend().newFrameTrainer(spec, config, start.weights())) {
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
                    FrameTrainingBatch batch = train.trainingBatch(training.seed(), step, training.batchSize(),
                            config.teacherForcing());
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
                    boolean evalDue = training.evalInterval() > 0 && step % training.evalInterval() == 0 && step < total;
                    if (evalDue && validation.sequenceCount() > 0) {
                        boolean improved = record(trainer, step, validate(trainer, evalBatches), lossSum / lossCount,
                                windowSteps / Math.max(elapsed, 1e-9));
                        lossSum = 0;
                        lossCount = 0;
                        windowStart = System.nanoTime();
                        windowSteps = 0;
                        if (state.stopsEarly(training.patience(), improved, step)) {
                            stoppedEarly = true;
                            break;
                        }
                    }
                    if (TrainingRunState.checkpointDue(training.checkpointMinutes(), lastCheckpoint) && step < total) {
                        writeCheckpoint(trainer, step);
                        lastCheckpoint = System.nanoTime();
                        listener.checkpointed(step, state.checkpoint);
                    }
                }
                Validation last = null;
                if (validation.sequenceCount() > 0) {
                    last = validate(trainer, evalBatches);
                    boolean improved = record(trainer, step, last, lossCount == 0 ? Double.NaN : lossSum / lossCount, Double.NaN);
                    if (!improved && state.best != null) {
                        trainer.importWeights(state.best);
                        last = validate(trainer, evalBatches);
                    }
                }
                Map<String, Double> metrics = last == null ? Map.of() : summary(last);
                ModelBundle bundle = new ModelBundle(spec, Provenance.trained(request.corpus().manifest().fingerprint(), config,
                        request.backend().name(), request.backend().version(), step, request.createdBy()), metrics,
                        trainer.exportWeights());
                state.finish(bundle, request.output(), request.overwrite());
                return new Result(bundle, last, step, stoppedEarly, state.trainSeconds);
            }
        }

        private Validation validate(FrameTrainer trainer, Iterable<FrameBatch> batches) {
            try (FrameModel model = trainer.toModel()) {
                return evaluate(model, batches, evaluator);
            }
        }

        private boolean record(FrameTrainer trainer, long step, Validation v, double trainLoss, double stepsPerSecond)
                throws IOException {
            boolean improved = state.record(step, v.teacherForced().loss(), v.toJsonNode(), trainLoss, stepsPerSecond,
                    training.patience(), trainer::exportWeights);
            listener.evaluated(step, v, improved);
            return improved;
        }

        private void writeCheckpoint(FrameTrainer trainer, long step) throws IOException {
            state.writeCheckpoint(step, config, trainer.optimizerState(), request.spec(),
                    Provenance.trained(request.corpus().manifest().fingerprint(), config, request.backend().name(),
                            request.backend().version(), step, "checkpoint"),
                    trainer.exportWeights());
        }
    }
}
