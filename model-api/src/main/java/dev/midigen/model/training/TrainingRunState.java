package dev.midigen.model.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.dataset.StagedFolder;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.SafeTensors;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What the {@link TrainingLoop} keeps across steps and checkpoints: the hidden work
 * folder with its checkpoint and {@code metrics.jsonl}, the best validation loss and the weights that reached it,
 * validations without improvement (early stopping), and the seconds spent in training steps. It starts a run afresh
 * or from the checkpoint ({@link #begin}), records a validation ({@link #record}), writes the checkpoint
 * ({@link #writeCheckpoint}): {@code state.json} (step, best loss, validations without improvement, train seconds,
 * the training settings, the length of {@code metrics.jsonl}) and {@code best.safetensors} beside a checkpoint bundle
 * that holds the canonical optimizer state; and ends the run ({@link #finish}).
 *
 * <p><b>A kill at any moment, then {@code resume}, leaves what an uninterrupted run leaves.</b> Every change on disk
 * is a whole file or a folder renamed into place, and each state a kill can leave is one the next start completes:
 * <ul>
 *   <li>lines of {@code metrics.jsonl} written after the checkpoint (or half a line) are cut off on resume, back to the
 *       length the checkpoint recorded, so the steps run again write them once;</li>
 *   <li>a checkpoint being replaced (old moved aside, new not yet in) is put back ({@link StagedFolder#recover});</li>
 *   <li>the final bundle is made whole inside the work folder ({@code final/}), then moved to the output, then the
 *       work folder removed: on resume a complete {@code final/} is moved into place, and an output that is this
 *       run's bundle (same model, corpus and settings) ends it ({@link #finishedRun}).</li>
 * </ul>
 */
final class TrainingRunState {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path work;
    final Path checkpoint;
    final Path metricsLog;
    /** The finished bundle, made whole here before it becomes the output. */
    private final Path finalBundle;
    /** The step of the checkpoint on disk; -1 when there is none. */
    private long checkpointStep = -1;
    private final Logger log;
    Weights best;
    double bestLoss = Double.POSITIVE_INFINITY;
    int evalsWithoutImprovement;
    double trainSeconds;

    /** Where a run starts: the weights, the optimizer state to restore (null afresh) and the first step. */
    record Start(Weights weights, OptimizerState optimizer, long step) {
    }

    /**
     * @param output the bundle folder the run writes
     * @param log    the loop's logger (resuming and early stopping are logged there)
     */
    TrainingRunState(Path output, Logger log) {
        this.work = TrainingLoop.workFolder(output);
        this.checkpoint = work.resolve("checkpoint");
        this.metricsLog = work.resolve(TrainingLoop.METRICS_FILE);
        this.finalBundle = work.resolve("final");
        this.log = log;
    }

    /**
     * On resume: ends a run that had already finished when it was stopped — its final bundle made (then it is moved into
     * place now) or already the output (same model, corpus and settings) — by removing the work folder and throwing
     * {@link RunFinishedException}. Returns when there is a run to continue, or none.
     *
     * @param config the training settings the output's provenance must record
     * @throws java.nio.file.FileAlreadyExistsException when a finished bundle waits but the output exists and
     *                                                  {@code overwrite} is false
     */
    void endIfFinished(ModelSpec spec, TrainingConfig config, String corpusFingerprint, Path output, boolean overwrite)
            throws IOException {
        StagedFolder.recover(output);
        StagedFolder.recover(work);
        StagedFolder.recover(finalBundle);
        if (Files.isDirectory(finalBundle)) {
            StagedFolder.publish(finalBundle, output, overwrite);
        }
        Optional<ModelBundle> finished = thisRunsBundle(output, spec, config, corpusFingerprint);
        if (finished.isEmpty()) {
            return;
        }
        StagedFolder.discard(work);
        log.info("{}: the run had finished; nothing to resume", output);
        throw new RunFinishedException(output, finished.get());
    }

    /** The bundle in {@code output} when it is this run's: the same model, corpus fingerprint and settings. */
    private static Optional<ModelBundle> thisRunsBundle(Path output, ModelSpec spec, TrainingConfig config,
                                                        String corpusFingerprint) throws IOException {
        if (!Files.isRegularFile(output.resolve(ModelBundle.BUNDLE_FILE))) {
            return Optional.empty();
        }
        ModelBundle bundle = ModelBundle.read(output);
        Provenance provenance = bundle.provenance();
        TrainingConfig trained = provenance.training();
        boolean same = bundle.spec().equals(spec) && corpusFingerprint.equals(provenance.corpusFingerprint())
                && trained != null && JSON.valueToTree(trained).equals(JSON.valueToTree(config));
        return same ? Optional.of(bundle) : Optional.empty();
    }

    /**
     * Starts a run: with {@code resume}, from the checkpoint (which must have been made for {@code spec} and
     * {@code config}), restoring this state; otherwise afresh from {@code initial}, clearing the work folder. The work
     * folder exists afterwards.
     *
     * @throws IllegalArgumentException when resuming from a checkpoint made for another model or settings (without a
     *                                  checkpoint, a resumed run starts afresh: it was stopped before its first)
     */
    Start begin(boolean resume, ModelSpec spec, TrainingConfig config, Weights initial, Path output, long total)
            throws IOException {
        Start start = new Start(initial, null, 0);
        StagedFolder.recover(checkpoint);
        if (resume && Files.isDirectory(checkpoint)) {
            ModelBundle saved = ModelBundle.read(checkpoint);
            JsonNode state = JSON.readTree(Files.readString(checkpoint.resolve("state.json")));
            if (!saved.spec().equals(spec) || !JSON.readTree(JSON.writeValueAsString(config)).equals(state.get("config"))) {
                throw new IllegalArgumentException("the checkpoint in " + work + " was made for another model or"
                        + " training settings; start afresh without --resume");
            }
            long first = state.get("step").asLong();
            start = new Start(saved.weights(), saved.optimizer(), first);
            bestLoss = state.get("bestLoss").isNull() ? Double.POSITIVE_INFINITY : state.get("bestLoss").asDouble();
            evalsWithoutImprovement = state.get("evalsWithoutImprovement").asInt();
            trainSeconds = state.get("trainSeconds").asDouble();
            if (Files.exists(checkpoint.resolve("best.safetensors"))) {
                best = SafeTensors.read(checkpoint.resolve("best.safetensors")).weights();
            }
            checkpointStep = first;
            keepMetricsUpTo(state.path("metricsBytes").asLong(0));
            log.info("resuming {} at step {} of {}", output, first, total);
        } else {
            if (resume) {
                // stopped before its first checkpoint (or before it began): resuming it is starting it again
                log.info("{}: no checkpoint to resume from; starting at step 0", output);
            }
            StagedFolder.deleteTree(work);
        }
        Files.createDirectories(work);
        return start;
    }

    /**
     * Records a validation: tracks the best loss (and, with early stopping, the weights that reached it) and appends
     * one line to {@code metrics.jsonl}. Returns whether the validation improved on the best.
     */
    boolean record(long step, double validationLoss, JsonNode validation, double trainLoss, double stepsPerSecond,
                   int patience, Supplier<Weights> weights) throws IOException {
        boolean improved = validationLoss < bestLoss;
        if (improved) {
            bestLoss = validationLoss;
            evalsWithoutImprovement = 0;
            if (patience > 0) {
                best = weights.get();
            }
        } else {
            evalsWithoutImprovement++;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("step", step);
        putNumber(line, "trainLoss", trainLoss);
        line.set("validation", validation);
        putNumber(line, "stepsPerSecond", stepsPerSecond);
        line.put("trainSeconds", Math.round(trainSeconds * 1000) / 1000.0);
        Files.writeString(metricsLog, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return improved;
    }

    /** Cuts {@code metrics.jsonl} back to what the checkpoint had seen: lines after it are written again. */
    private void keepMetricsUpTo(long bytes) throws IOException {
        if (Files.exists(metricsLog) && Files.size(metricsLog) > bytes) {
            try (FileChannel channel = FileChannel.open(metricsLog, StandardOpenOption.WRITE)) {
                channel.truncate(bytes);
            }
        }
    }

    /**
     * Stops the run when its thread has been interrupted (a command stopped by SIGTERM or Ctrl-C): the exception says
     * which checkpoint resumes it. Called between steps, so nothing half-done is left.
     */
    void stopIfInterrupted(long step) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("training stopped at step " + step + (checkpointStep < 0
                    ? "; no checkpoint yet, so --resume starts it again from step 0"
                    : "; --resume continues from the checkpoint of step " + checkpointStep + " in " + work));
        }
    }

    /**
     * Ends the run: {@code bundle} with {@code metrics.jsonl} is written whole into the work folder, moved to
     * {@code output} (replacing it when {@code overwrite}), and the work folder removed.
     */
    void finish(ModelBundle bundle, Path output, boolean overwrite) throws IOException {
        byte[] metrics = Files.exists(metricsLog) ? Files.readAllBytes(metricsLog) : new byte[0];
        bundle.write(finalBundle, true, Map.of(TrainingLoop.METRICS_FILE, metrics));
        StagedFolder.publish(finalBundle, output, overwrite);
        StagedFolder.discard(work);
    }

    /** Whether early stopping ends the run after a validation that did ({@code improved}) or did not improve. */
    boolean stopsEarly(int patience, boolean improved, long step) {
        if (patience > 0 && !improved && evalsWithoutImprovement >= patience) {
            log.info("early stop at step {}: {} validations without improvement", step, evalsWithoutImprovement);
            return true;
        }
        return false;
    }

    /** Whether a checkpoint is due, {@code checkpointMinutes} after the last (at {@code lastCheckpoint} nanos). */
    static boolean checkpointDue(double checkpointMinutes, long lastCheckpoint) {
        return checkpointMinutes > 0 && (System.nanoTime() - lastCheckpoint) / 60e9 >= checkpointMinutes;
    }

    /**
     * Writes the checkpoint (replacing the last): a bundle of {@code weights} with {@code provenance}, and beside it
     * {@code state.json} (this state, the step and {@code config}) and the best weights if kept; the bundle holds the
     * optimizer state.
     */
    void writeCheckpoint(long step, TrainingConfig config, OptimizerState optimizerState, ModelSpec spec,
                         Provenance provenance, Weights weights) throws IOException {
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        putNumber(state, "bestLoss", bestLoss);
        state.put("evalsWithoutImprovement", evalsWithoutImprovement);
        state.put("trainSeconds", trainSeconds);
        state.put("metricsBytes", Files.exists(metricsLog) ? Files.size(metricsLog) : 0);
        state.set("config", JSON.valueToTree(config));
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put("state.json", JSON.writeValueAsBytes(state));
        if (best != null) {
            extras.put("best.safetensors", SafeTensors.toBytes(best, Map.of()));
        }
        new ModelBundle(spec, provenance, Map.of(), weights, Map.of(), optimizerState).write(checkpoint, true, extras);
        checkpointStep = step;
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }
}
