package dev.midigen.cli;

import dev.midigen.bench.Figure;
import dev.midigen.bench.Metric;
import dev.midigen.bench.PytorchPeer;
import dev.midigen.bench.RecordedFigure;
import dev.midigen.bench.RecordedFigures;
import dev.midigen.bench.ReferenceHarness;
import dev.midigen.bench.Workload;
import dev.midigen.model.Backends;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code midigen bench model}: the bench module's {@link ReferenceHarness} on one or more backends, our figures next
 * to the PyTorch figures recorded in the bench module ({@link RecordedFigures}) and, with {@code --pytorch PYTHON},
 * next to PyTorch's measured in the same run by the workload's peer script.
 */
@Command(name = "model",
        description = "Training (ms/step, seq/s), forward-only scoring and sampling (decoder steps/s at each --batch) of a"
                + " backend on the reference workload (2×256 LSTM, drum-kit input 518, 512 classes, batch 64 × 64, Adam"
                + " 1e-3, clip 3, no dropout; --workload seq2seq-gru for DeepMusician's GRU), through the SPI, next to"
                + " PyTorch's recorded figures (the bench module's recorded.json) and, with --pytorch PYTHON, PyTorch's in the"
                + " same run. Several backends (--backend dl4j,onnx or all) are measured one after another.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ModelBenchCommand implements Callable<Integer> {

    @Option(names = "--backend", split = ",", paramLabel = "NAME",
            description = "Backends to measure, one after another in this run: dl4j,onnx,… or all (default: the best available).")
    List<String> backends;

    @Option(names = "--workload", defaultValue = "drum-rnn", paramLabel = "NAME",
            description = "drum-rnn (the reference) or seq2seq-gru (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--batch", split = ",", defaultValue = "1,64", paramLabel = "N",
            description = "Decoder batch sizes to sample with, e.g. 1,16 (default: ${DEFAULT-VALUE}); a batch b takes"
                    + " max(50, sample-steps / b) steps.")
    List<Integer> batches;

    @Option(names = "--train-steps", defaultValue = "20", paramLabel = "N",
            description = "Measured training steps, 0 = no training (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--warmup", defaultValue = "8", paramLabel = "N", description = "Unmeasured warm-up training steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--score-repeats", defaultValue = "3", paramLabel = "N",
            description = "Measured scoring calls (one batch each), 0 = no scoring (default: ${DEFAULT-VALUE}).")
    int scoreRepeats;

    @Option(names = "--sample-steps", defaultValue = "5000", paramLabel = "N",
            description = "Measured decoder steps at batch 1 (default: ${DEFAULT-VALUE}).")
    int sampleSteps;

    @Option(names = "--pytorch", paramLabel = "PYTHON",
            description = "Also run the workload's PyTorch peer with this Python (one with torch) in this run and print its figures.")
    String python;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (trainSteps < 0 || warmup < 0 || scoreRepeats < 0 || sampleSteps < 1 || batches.stream().anyMatch(b -> b < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sample-steps and --batch must be >= 1, --train-steps, --warmup and --score-repeats >= 0");
        }
        Workload chosen;
        try {
            chosen = Workload.of(workload);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workload: " + e.getMessage());
        }
        ReferenceHarness.Settings settings = new ReferenceHarness.Settings(warmup, trainSteps, scoreRepeats, sampleSteps,
                batches, 0);
        PrintWriter out = spec.commandLine().getOut();
        RecordedFigures recorded = RecordedFigures.load();
        out.printf(Locale.ROOT, "workload %s: %s; %d cores%n", chosen.key(), chosen.description(),
                Runtime.getRuntime().availableProcessors());
        for (RecordedFigure figure : recorded.of(chosen)) {
            out.printf(Locale.ROOT, "recorded: %s %s %s (%s; %s)%n", figure.peer(), figure.metric().format(figure.value()),
                    figure.unit(), describe(figure.metric(), figure.batch()), figure.label());
        }
        out.flush();
        List<ReferenceHarness.Measurement> measurements = new ArrayList<>();
        for (Backend backend : backends(chosen)) {
            ReferenceHarness.Measurement m = ReferenceHarness.measure(backend, chosen, settings);
            print(out, m, recorded);
            measurements.add(m);
        }
        if (python != null) {
            peer(out, chosen, settings, measurements);
        }
        out.flush();
        return 0;
    }

    /** The backends asked for: those named, every available one that runs the workload ("all"), or the best. */
    private List<Backend> backends(Workload chosen) {
        List<Backend> opened = new ArrayList<>();
        if (backends == null || backends.isEmpty()) {
            opened.add(Engines.open(null, Capability.SAMPLE, chosen.spec()));
        } else if (backends.size() == 1 && backends.get(0).equalsIgnoreCase("all")) {
            Backends discovered = Backends.discover();
            for (Backends.Status status : discovered.status()) {
                if (status.availability().available()) {
                    opened.add(discovered.open(status.name()));
                }
            }
        } else {
            for (String name : backends) {
                opened.add(Engines.open(name, Capability.SAMPLE, chosen.spec()));
            }
        }
        return opened;
    }

    private static void print(PrintWriter out, ReferenceHarness.Measurement m, RecordedFigures recorded) {
        out.printf(Locale.ROOT, "midigen bench model: %s %s%n", m.backend(), m.version());
        m.notes().forEach(note -> out.println("  " + note));
        Workload w = m.workload();
        int batch = w.batchSize();
        Optional<Figure> ms = m.figure(Metric.TRAIN_MS_PER_STEP, batch);
        Optional<Figure> seq = m.figure(Metric.TRAIN_SEQUENCES_PER_SECOND, batch);
        if (ms.isPresent() && seq.isPresent()) {
            out.printf(Locale.ROOT, "training  %7.1f ms/step  %7.1f seq/s%s%n", ms.get().value(), seq.get().value(),
                    versus(recorded, w, seq.get(), ms.get()));
        }
        m.figure(Metric.SCORE_SEQUENCES_PER_SECOND, batch).ifPresent(f -> out.printf(Locale.ROOT,
                "scoring   %7.1f seq/s (forward only, batch %d)%n", f.value(), batch));
        for (Figure f : m.figures()) {
            if (f.metric() != Metric.SAMPLE_STEPS_PER_SECOND) {
                continue;
            }
            if (f.batch() == 1) {
                out.printf(Locale.ROOT, "sampling  %7.0f steps/s (batch 1)%s%n", f.value(), versus(recorded, w, f));
            } else {
                out.printf(Locale.ROOT, "sampling  %7.0f steps/s (batch %d)  %9.0f sequence-steps/s%n", f.value(), f.batch(),
                        f.value() * f.batch());
            }
        }
        out.flush();
    }

    /** "   PyTorch 327.0 seq/s   ratio 0.80x" for the first of {@code ours} with a recorded figure, else "". */
    private static String versus(RecordedFigures recorded, Workload w, Figure... ours) {
        for (Figure figure : ours) {
            Optional<RecordedFigure> theirs = recorded.find(w, figure.metric(), figure.batch());
            if (theirs.isPresent()) {
                return String.format(Locale.ROOT, "   %s %s %s   ratio %.2fx", theirs.get().peer(),
                        figure.metric().format(theirs.get().value()), theirs.get().unit(),
                        figure.metric().speedup(figure.value(), theirs.get().value()));
            }
        }
        return "";
    }

    private void peer(PrintWriter out, Workload w, ReferenceHarness.Settings settings,
                      List<ReferenceHarness.Measurement> measurements) {
        Optional<String> unavailable = PytorchPeer.unavailable(python);
        if (unavailable.isPresent()) {
            out.println("PyTorch in this run: skipped, " + unavailable.get());
            return;
        }
        out.printf(Locale.ROOT, "PyTorch in this run: %s %s ...%n", python, w.peerScript());
        out.flush();
        PytorchPeer.Result result;
        try {
            result = PytorchPeer.run(python, w, settings);
        } catch (IllegalStateException e) {
            throw new CliFailure("the PyTorch peer failed: " + e.getMessage());
        }
        List<String> figures = new ArrayList<>();
        for (Figure f : result.figures()) {
            figures.add(f.metric().format(f.value()) + " " + f.metric().unit() + " (" + describe(f.metric(), f.batch()) + ")");
        }
        out.printf(Locale.ROOT, "PyTorch (%s): %s%n", result.describe(), String.join(", ", figures));
        for (ReferenceHarness.Measurement m : measurements) {
            java.util.Map<String, String> ratios = new java.util.LinkedHashMap<>(); // ms/step and seq/s: one training ratio
            for (Figure theirs : result.figures()) {
                String what = theirs.metric() == Metric.SAMPLE_STEPS_PER_SECOND ? "sampling at batch " + theirs.batch()
                        : describe(theirs.metric(), theirs.batch()).replaceAll(",.*", "");
                m.figure(theirs.metric(), theirs.batch()).ifPresent(ours -> ratios.putIfAbsent(what, String.format(
                        Locale.ROOT, "%s %.2fx", what, theirs.metric().speedup(ours.value(), theirs.value()))));
            }
            if (!ratios.isEmpty()) {
                out.printf(Locale.ROOT, "%s speed ÷ PyTorch's in this run: %s%n", m.backend(), String.join(", ", ratios.values()));
            }
        }
    }

    private static String describe(Metric metric, int batch) {
        return switch (metric) {
            case TRAIN_MS_PER_STEP, TRAIN_SEQUENCES_PER_SECOND -> "training, batch " + batch;
            case SCORE_SEQUENCES_PER_SECOND -> "scoring, batch " + batch;
            case SAMPLE_STEPS_PER_SECOND, SAMPLE_SEQUENCE_STEPS_PER_SECOND -> "sampling, batch " + batch;
        };
    }
}
