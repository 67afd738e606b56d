package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Backends;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.Windows;
import dev.midigen.model.weights.LstmLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code midigen bench model}: training and sampling speed of a backend on the reference workload,
 * next to PyTorch's figures measured on the same 2-core machines. Works through the SPI, so every
 * backend is measured the same way.
 */
@Command(name = "model",
        description = "Training throughput (2×256 LSTM, drum-kit input 518, 512 classes, batch 64 × 64 steps, Adam) and"
                + " batch-1 sampling steps/s of a backend, next to PyTorch's on the same machines (327 seq/s; 2,703 steps/s)."
                + " No dropout, batches built before timing, as in the PyTorch measurement. Several backends (--backend"
                + " dl4j,onnx or all) and decoder batch sizes (--batch 1,16) are measured one after another in one run.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ModelBenchCommand implements Callable<Integer> {
    /** PyTorch 1.13, CPU, 2 cores, same workload, measured on these machines. */
    static final double PYTORCH_TRAIN_SEQUENCES_PER_SECOND = 327;
    static final double PYTORCH_SAMPLE_STEPS_PER_SECOND = 2703;

    @Option(names = "--backend", split = ",", paramLabel = "NAME",
            description = "Backends to measure, one after another in this run: dl4j,onnx,… or all (default: the best available).")
    List<String> backends;

    @Option(names = "--batch", split = ",", defaultValue = "1", paramLabel = "N",
            description = "Decoder batch sizes to sample with, e.g. 1,16 (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--train-steps", defaultValue = "20", paramLabel = "N",
            description = "Measured training steps, 0 = sampling only (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--warmup", defaultValue = "8", paramLabel = "N", description = "Unmeasured warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--sample-steps", defaultValue = "5000", paramLabel = "N", description = "Measured sampling steps (default: ${DEFAULT-VALUE}).")
    int sampleSteps;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (trainSteps < 0 || warmup < 0 || sampleSteps < 1 || batches.stream().anyMatch(b -> b < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sample-steps and --batch must be >= 1, --train-steps and --warmup >= 0");
        }
        ModelSpec model = new ModelSpec(new DrumRnn(List.of(256, 256), 0), DrumKitSpec.MAGENTA, 1);
        List<String> names = new ArrayList<>();
        if (backends == null || backends.isEmpty()) {
            names.add(null);
        } else if (backends.size() == 1 && backends.get(0).equalsIgnoreCase("all")) {
            for (Backends.Status status : Backends.discover().status()) {
                if (status.availability().available()) {
                    names.add(status.name());
                }
            }
        } else {
            names.addAll(backends);
        }
        for (String name : names) {
            measure(Engines.open(name, Capability.SAMPLE, model), model);
        }
        return 0;
    }

    private void measure(Backend engine, ModelSpec model) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "midigen bench model: %s %s, %s, %d cores%n", engine.name(), engine.version(),
                model.family(), Runtime.getRuntime().availableProcessors());
        TokenCodec<?> codec = model.tokenCodec();
        SplittableRandom random = new SplittableRandom(1);
        List<IntSeq> sequences = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            int[] tokens = new int[200];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = random.nextInt(8) == 0 ? random.nextInt(512) : 0;
            }
            sequences.add(IntSeq.wrap(tokens));
        }
        Windows windows = new Windows(codec, sequences, 64);
        // PyTorch's workload is a plain LSTM: no dropout.
        TrainingConfig config = TrainingConfig.builder().batchSize(64).windowSteps(64).steps(warmup + trainSteps)
                .dropout(0).evalInterval(0).checkpointMinutes(0).seed(1).build();
        if (trainSteps == 0) {
            out.println("training  (not measured: --train-steps 0)");
        } else if (engine.capabilities().contains(Capability.TRAIN)) {
            try (Trainer trainer = engine.newTrainer(model, config, LstmLayout.initial(model.lstmNetwork(), 1))) {
                for (int i = 0; i < warmup; i++) {
                    trainer.step(windows.trainingBatch(1, i, 64));
                }
                List<TrainingBatch> batches = new ArrayList<>();
                for (int i = 0; i < trainSteps; i++) {
                    batches.add(windows.trainingBatch(1, warmup + i, 64)); // built before the clock starts
                }
                long start = System.nanoTime();
                for (TrainingBatch batch : batches) {
                    trainer.step(batch);
                }
                double seconds = (System.nanoTime() - start) / 1e9 / trainSteps;
                double sequences64 = 64 / seconds;
                out.printf(Locale.ROOT, "training  %7.1f ms/step  %7.1f seq/s   PyTorch %6.1f seq/s   ratio %.2fx%n",
                        seconds * 1000, sequences64, PYTORCH_TRAIN_SEQUENCES_PER_SECOND,
                        sequences64 / PYTORCH_TRAIN_SEQUENCES_PER_SECOND);
            }
        } else {
            out.println("training  (the " + engine.name() + " backend does not train)");
        }
        try (SequenceModel loaded = engine.fromWeights(model, LstmLayout.initial(model.lstmNetwork(), 1))) {
            for (int batch : batches) {
                double perSecond = sample(loaded, codec, batch);
                if (batch == 1) {
                    out.printf(Locale.ROOT, "sampling  %7.0f steps/s (batch 1)      PyTorch %6.0f steps/s   ratio %.2fx%n", perSecond,
                            PYTORCH_SAMPLE_STEPS_PER_SECOND, perSecond / PYTORCH_SAMPLE_STEPS_PER_SECOND);
                } else {
                    out.printf(Locale.ROOT, "sampling  %7.0f steps/s (batch %d)  %9.0f sequence-steps/s%n", perSecond, batch,
                            perSecond * batch);
                }
            }
        }
        out.flush();
    }

    /** Decoder steps per second with {@code batch} rows, each row fed a different token each step. */
    private double sample(SequenceModel loaded, TokenCodec<?> codec, int batch) {
        try (var decoder = loaded.newDecoder(batch)) {
            int width = codec.inputSize();
            float[] input = new float[batch * width];
            int[] tokens = new int[2];
            int warm = Math.min(500, sampleSteps);
            for (int i = 0; i < warm; i++) {
                for (int b = 0; b < batch; b++) {
                    codec.input(tokens, 0, input, b * width);
                }
                decoder.step(input);
            }
            long start = System.nanoTime();
            for (int i = 0; i < sampleSteps; i++) {
                for (int b = 0; b < batch; b++) {
                    tokens[0] = (i + 37 * b) % 512;
                    codec.input(tokens, 0, input, b * width);
                }
                decoder.step(input);
            }
            return sampleSteps / ((System.nanoTime() - start) / 1e9);
        }
    }
}
