package dev.midigen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Split;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.FrameEvaluator;
import dev.midigen.model.eval.FrameMetrics;
import dev.midigen.model.generate.FrameGenerationRequest;
import dev.midigen.model.generate.FrameGenerator;
import dev.midigen.model.generate.FramePrimer;
import dev.midigen.model.generate.PieceSink;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.FrameHyperParameters;
import dev.midigen.model.training.FrameTrainingLoop;
import dev.midigen.model.training.FrameWindows;
import dev.midigen.model.training.RunFinishedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What {@code train}, {@code evaluate} and {@code generate} do for seq2seq frame models (piano rolls). */
final class FrameCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameCommands() {
    }

    /** The spec of a seq2seq model over a corpus, or a one-line failure when the corpus holds tokens. */
    static ModelSpec spec(FrameHyperParameters.Choice choice, Corpus corpus, Path data) {
        if (!(corpus.manifest().encoding() instanceof PianoRollSpec)) {
            throw new CliFailure("corpus " + data + " holds " + corpus.manifest().encoding().typeName() + " tokens; a "
                    + FrameHyperParameters.MODEL + " reads piano-roll frames (build one with: midigen dataset build"
                    + " --encoding piano-roll …)");
        }
        return new ModelSpec(choice.family(), corpus.manifest().encoding(), choice.config().training().seed());
    }

    static int train(ModelSpec modelSpec, FrameTrainingConfig config, Corpus corpus, String backendName, Path out,
                     boolean overwrite, boolean resume, PrintWriter stdout, PrintWriter err) throws IOException {
        Backend engine = Engines.open(backendName, Capability.FRAME_TRAIN, modelSpec);
        err.println("training " + modelSpec.family().typeName() + " " + modelSpec.family() + " on " + engine.name() + " "
                + engine.version() + " with " + config.loss() + ", teacher forcing " + config.teacherForcing());
        err.flush();
        FrameTrainingLoop.Result result;
        try {
            result = FrameTrainingLoop.run(new FrameTrainingLoop.Request(modelSpec, config, corpus, engine, out, overwrite,
                    resume, "midigen train"), new Progress(err));
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(out + ": the output exists (use --overwrite to replace it)");
        } catch (RunFinishedException e) {
            return finished(e, stdout);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        }
        stdout.printf(Locale.ROOT, "wrote %s: %d steps%s in %.1f s of training%n", out, result.steps(),
                result.stoppedEarly() ? " (stopped early)" : "", result.trainSeconds());
        stdout.println(JSON.writeValueAsString(result.bundle().metrics()));
        stdout.flush();
        return 0;
    }

    /** A resumed run that had finished: the files are as an uninterrupted run left them; say so and exit 0. */
    static int finished(RunFinishedException e, PrintWriter stdout) throws IOException {
        stdout.println(e.getMessage());
        stdout.println(JSON.writeValueAsString(e.bundle().metrics()));
        stdout.flush();
        return 0;
    }

    /**
     * The bundle's metrics on every window of a split (at most {@code maxWindows}, 0 = all), teacher-forced and
     * free-running, next to the repeat-the-previous-frame and repeat-the-last-source-frame baselines; JSON.
     */
    static int evaluate(ModelBundle bundle, String modelName, Corpus corpus, Split split, String backendName,
                        Integer sourceSteps, Integer targetSteps, double threshold, int maxWindows, PrintWriter stdout)
            throws IOException {
        FrameTrainingConfig trained = bundle.provenance().frameTraining();
        int source = sourceSteps != null ? sourceSteps : trained != null ? trained.sourceSteps() : 64;
        int target = targetSteps != null ? targetSteps : trained != null ? trained.targetSteps() : 64;
        FrameWindows windows;
        try {
            windows = new FrameWindows(FrameWindows.frames(corpus, split), source, target);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        if (windows.sequenceCount() == 0) {
            throw new CliFailure("corpus " + corpus.dir() + " has no " + split.label() + " example of " + (source + target)
                    + " frames to evaluate on");
        }
        Backend engine = Engines.open(backendName, Capability.FRAME_MODEL, bundle.spec());
        FrameEvaluator evaluator = new FrameEvaluator(threshold, trained != null ? trained.loss()
                : FrameTrainingConfig.DEFAULT.loss());
        FrameTrainingLoop.Validation v;
        FrameMetrics previous = FrameMetrics.EMPTY;
        Iterable<FrameBatch> batches = windows.validationBatches(32, maxWindows);
        try (FrameModel model = bundle.openFrames(engine)) {
            v = FrameTrainingLoop.evaluate(model, batches, evaluator);
        }
        for (FrameBatch batch : batches) {
            previous = previous.plus(FrameEvaluator.repeatPrevious(batch));
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("model", modelName);
        result.put("backend", engine.name());
        result.put("split", split.label());
        result.put("sourceSteps", source);
        result.put("targetSteps", target);
        result.put("threshold", threshold);
        result.put("windows", v.teacherForced().frames() / target);
        result.put("loss", evaluator.loss().typeName());
        result.set("freeRunning", v.freeRunning().toJsonNode());
        result.set("repeatLastFrameBaseline", v.repeatLastFrame().toJsonNode());
        result.set("teacherForced", v.teacherForced().toJsonNode());
        result.set("repeatPreviousFrameBaseline", previous.toJsonNode());
        stdout.println(JSON.writeValueAsString(result));
        stdout.flush();
        return 0;
    }

    /**
     * The primer of a seq2seq bundle from a MIDI file: its {@code tracks} (all when empty), only the first
     * {@code firstBars} bars when given; a file longer than {@code maxBars} bars is refused.
     */
    static FramePrimer primer(ModelBundle bundle, Path midi, List<String> tracks, Integer firstBars, int maxBars)
            throws IOException {
        FramePrimer primer = FramePrimer.fromMidi(midi, (PianoRollSpec) bundle.spec().encoding(), tracks, maxBars);
        if (firstBars != null) {
            try {
                primer = primer.firstBars(firstBars);
            } catch (IllegalArgumentException e) {
                throw new CliUsageFailure("--primer-bars: " + e.getMessage());
            }
        }
        return primer;
    }

    /** Generates with a seq2seq bundle, handing each piece to {@code sink} as it is made. */
    static void generate(ModelBundle bundle, String backendName, FrameGenerationRequest request, FramePrimer primer,
                         PieceSink sink) throws IOException {
        Backend engine = Engines.open(backendName, Capability.FRAME_MODEL, bundle.spec());
        try (FrameModel model = bundle.openFrames(engine)) {
            new FrameGenerator(model).generate(request, primer, sink);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
    }

    /** A progress line per validation. */
    private static final class Progress implements FrameTrainingLoop.Listener {
        private final PrintWriter err;
        private double loss = Double.NaN;
        private double speed;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(long firstStep, long totalSteps, int trainSequences, long trainWindows) {
            err.printf(Locale.ROOT, "%d training sequences (%d windows); steps %d..%d%n", trainSequences, trainWindows,
                    firstStep, totalSteps);
            err.flush();
        }

        @Override
        public void stepped(long step, long totalSteps, double stepLoss, double stepsPerSecond) {
            loss = Double.isNaN(loss) ? stepLoss : 0.9 * loss + 0.1 * stepLoss;
            speed = stepsPerSecond;
        }

        @Override
        public void evaluated(long step, FrameTrainingLoop.Validation v, boolean improved) {
            err.printf(Locale.ROOT, "step %d: train loss %.4f, %.2f steps/s; validation loss %.4f, F1 %.3f teacher-forced,"
                            + " free-running F1 %.3f (repeat-last-frame %.3f), density %.2f vs %.2f%s%n", step, loss, speed,
                    v.teacherForced().loss(), v.teacherForced().f1(), v.freeRunning().f1(), v.repeatLastFrame().f1(),
                    v.freeRunning().predictedDensity(), v.freeRunning().targetDensity(), improved ? " (best)" : "");
            err.flush();
        }
    }
}
