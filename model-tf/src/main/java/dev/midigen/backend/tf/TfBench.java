package dev.midigen.backend.tf;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Decoder;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.training.Windows;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tf backend's throughput on the reference workload — a 2 × 256 LSTM over the drum-kit encoding (input
 * 518 = 512 one-hot tokens + 6 binary counters, 512 classes), batch 64 × 64 steps, Adam, clipping at 3, no
 * dropout (PyTorch's measurement had none) — next to PyTorch's on the same machine, with graph build times
 * and peak memory:
 *
 * <pre>
 * java -cp ... dev.midigen.backend.tf.TfBench [--train-steps 20] [--warmup 5] [--sample-steps 5000]
 *     [--threads 0] [--dropout 0] [--dense] [--attention 0] [--profile] [--pytorch /usr/bin/python3]
 * </pre>
 *
 * {@code --profile} traces two more training steps and prints the op time by op type. {@code --pytorch PYTHON}
 * then runs the PyTorch peer ({@code bench/pytorch/lstm_bench.py}, the same workload) with that interpreter in
 * the same run and prints its figures next to ours.
 *
 * {@code --dense} turns off the sparse input path; {@code -Dmidigen.tf.intra=N}, {@code -Dmidigen.tf.inter=N}
 * set TensorFlow's thread pools. Batches are those of {@code midigen bench model} (windows over random
 * drum sequences, an event on one step in eight), built before the clock starts. Not a test.
 */
public final class TfBench {
    /** PyTorch 1.13 (2 cores, same machine): training sequences per second on this workload. */
    public static final double PYTORCH_TRAIN_SEQUENCES_PER_SECOND = 327;
    /** PyTorch (2 cores, same machine): batch-1 sampling steps per second. */
    public static final double PYTORCH_SAMPLE_STEPS_PER_SECOND = 2703;
    /** The goals of issue 5. */
    public static final double GOAL_TRAIN_SEQUENCES_PER_SECOND = 327;
    public static final double GOAL_SAMPLE_STEPS_PER_SECOND = 3500;

    private static final int BATCH = 64;
    private static final int TIME = 64;

    private TfBench() {
    }

    /** The workload's spec: drums_rnn's drum-kit encoding, two layers of 256, optional attention. */
    public static ModelSpec spec(int attention) {
        return new ModelSpec(new DrumRnn(List.of(256, 256), attention), DrumKitSpec.MAGENTA, 1);
    }

    /** {@code count} batches as {@code midigen bench model} builds them, from step {@code first}. */
    static List<TrainingBatch> batches(ModelSpec spec, int first, int count) {
        TokenCodec<?> codec = spec.tokenCodec();
        SplittableRandom random = new SplittableRandom(1);
        List<IntSeq> sequences = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            int[] tokens = new int[200];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = random.nextInt(8) == 0 ? random.nextInt(512) : 0;
            }
            sequences.add(IntSeq.wrap(tokens));
        }
        Windows windows = new Windows(codec, sequences, TIME);
        List<TrainingBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(windows.trainingBatch(1, first + i, BATCH));
        }
        return batches;
    }

    public static void main(String[] args) {
        int trainSteps = 20;
        int warmup = 5;
        int sampleSteps = 5000;
        int threads = 0;
        int attention = 0;
        double dropout = 0;
        String python = null;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--train-steps" -> trainSteps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--sample-steps" -> sampleSteps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--attention" -> attention = Integer.parseInt(args[++i]);
                case "--dropout" -> dropout = Double.parseDouble(args[++i]);
                case "--dense" -> System.setProperty("midigen.tf.sparseDensity", "0");
                case "--pytorch" -> python = args[++i];
                case "--profile" -> profile = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--train-steps N, --warmup N, "
                        + "--sample-steps N, --threads N, --attention L, --dropout P, --dense, --profile, --pytorch PYTHON)");
            }
        }
        double[] tf = run(trainSteps, warmup, sampleSteps, threads, attention, dropout, profile, System.out);
        if (python != null) {
            Map<String, Double> peer = PytorchPeer.run(python, "bench/pytorch/lstm_bench.py", List.of("--train-steps",
                    Integer.toString(trainSteps), "--warmup", Integer.toString(warmup), "--sample-steps",
                    Integer.toString(sampleSteps)));
            double seqPerSecond = peer.get("seq_per_s");
            double stepsPerSecond = peer.get("sample_steps_per_s");
            System.out.printf(Locale.ROOT, "PyTorch in this run (%s bench/pytorch/lstm_bench.py, %.0f threads): training %.1f ms/step,"
                    + " %.1f seq/s (tf %.2fx: goal >= 1.0x %s); sampling %.0f steps/s (tf %.2fx)%n", python, peer.get("threads"),
                    peer.get("train_ms_per_step"), seqPerSecond, tf[0] / seqPerSecond, tf[0] >= seqPerSecond ? "met" : "not met",
                    stepsPerSecond, tf[1] / stepsPerSecond);
        }
    }

    /**
     * Measures and prints training, scoring and sampling figures, build times and memory.
     *
     * @return training sequences per second (NaN without training steps) and batch-1 sampling steps per second
     */
    public static double[] run(int trainSteps, int warmup, int sampleSteps, int threads, int attention, double dropout,
                               boolean profile, PrintStream out) {
        long loadStart = System.nanoTime();
        TfRuntime.require();
        out.printf(Locale.ROOT, "TensorFlow %s (TensorFlow Java %s), %d cores, natives loaded in %.0f ms; oneDNN kernels %s%n",
                TfRuntime.version(), TfRuntime.javaVersion(), Runtime.getRuntime().availableProcessors(),
                (System.nanoTime() - loadStart) / 1e6, TfRuntime.oneDnn().why());
        ModelSpec spec = spec(attention);
        Weights initial = LstmLayout.initial(spec.lstmNetwork(), spec.seed());
        out.printf(Locale.ROOT, "workload: 2 × 256 LSTM%s, input 518, 512 classes, batch %d × %d, Adam, clip 3, dropout %s%n",
                attention > 0 ? ", attention " + attention : "", BATCH, TIME, dropout);
        TrainingConfig config = TrainingConfig.builder().learningRate(1e-3).clipNorm(3.0).batchSize(BATCH).windowSteps(TIME)
                .steps(warmup + trainSteps + 1).dropout(dropout).evalInterval(0).checkpointMinutes(0).seed(1).threads(threads)
                .build();
        List<TrainingBatch> batches = batches(spec, 0, warmup + trainSteps + 1);
        Weights trained;
        double trainPerSecond = Double.NaN;
        double samplePerSecond;
        try (TfTrainer trainer = new TfTrainer(spec, config, initial)) {
            long start = System.nanoTime();
            trainer.step(batches.get(0));
            double first = (System.nanoTime() - start) / 1e6;
            out.printf(Locale.ROOT, "training graph: built in %.0f ms; first step (TensorFlow prepares the graph) %.0f ms%n",
                    trainer.net().buildMillis(), first - trainer.net().buildMillis());
            for (int i = 1; i <= warmup; i++) {
                trainer.step(batches.get(i));
            }
            double[] times = new double[trainSteps];
            for (int i = 0; i < trainSteps; i++) {
                long t0 = System.nanoTime();
                trainer.step(batches.get(warmup + 1 + i));
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
            if (trainSteps > 0) {
                double mean = Arrays.stream(times).average().orElse(Double.NaN);
                double[] sorted = times.clone();
                Arrays.sort(sorted);
                double perSecond = BATCH * 1000 / mean;
                trainPerSecond = perSecond;
                out.printf(Locale.ROOT, "training  %7.1f ms/step (median %.1f, best %.1f)  %6.1f seq/s   PyTorch %5.1f seq/s"
                        + "   ratio %.2fx   goal %.0f seq/s: %s%n", mean, sorted[sorted.length / 2], sorted[0], perSecond,
                        PYTORCH_TRAIN_SEQUENCES_PER_SECOND, perSecond / PYTORCH_TRAIN_SEQUENCES_PER_SECOND,
                        GOAL_TRAIN_SEQUENCES_PER_SECOND, perSecond >= GOAL_TRAIN_SEQUENCES_PER_SECOND ? "met" : "not met");
                long s0 = System.nanoTime();
                trainer.score(batches.get(0).inputs());
                double scoreFirst = (System.nanoTime() - s0) / 1e6;
                int repeats = 5;
                s0 = System.nanoTime();
                for (int i = 0; i < repeats; i++) {
                    trainer.score(batches.get(i % batches.size()).inputs());
                }
                double scoreMs = (System.nanoTime() - s0) / 1e6 / repeats;
                out.printf(Locale.ROOT, "scoring   %7.1f ms/batch  %6.1f seq/s (forward only; first call with its graph %.0f ms)%n",
                        scoreMs, BATCH * 1000 / scoreMs, scoreFirst);
                if (profile) {
                    OpProfile.print(trainer.net().graph, trainer.runs(), i -> trainer.step(batches.get(1 + i)), 2, 20, out);
                }
            }
            trained = trainer.exportWeights();
        }
        try (SequenceModel model = new TfModel(spec, trained, threads)) {
            long start = System.nanoTime();
            Decoder warm = model.newDecoder(1);
            warm.close();
            out.printf(Locale.ROOT, "step graph: built and prepared in %.0f ms%n", (System.nanoTime() - start) / 1e6);
            double perSecond = sampling(model, 1, sampleSteps);
            samplePerSecond = perSecond;
            out.printf(Locale.ROOT, "sampling  %7.0f steps/s (batch 1)              PyTorch %5.0f steps/s   ratio %.2fx"
                    + "   goal %.0f steps/s: %s%n", perSecond, PYTORCH_SAMPLE_STEPS_PER_SECOND,
                    perSecond / PYTORCH_SAMPLE_STEPS_PER_SECOND, GOAL_SAMPLE_STEPS_PER_SECOND,
                    perSecond >= GOAL_SAMPLE_STEPS_PER_SECOND ? "met" : "not met");
            double batched = sampling(model, BATCH, Math.max(50, sampleSteps / 20));
            out.printf(Locale.ROOT, "sampling  %7.0f sequence-steps/s (batch %d)%n", batched * BATCH, BATCH);
        }
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "memory: peak resident %s MB (JVM heap used %.0f MB of %.0f MB committed; peak heap %.0f MB)%n",
                peakResidentMb(), (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0, runtime.totalMemory() / 1048576.0,
                peakHeapMb());
        return new double[] {trainPerSecond, samplePerSecond};
    }

    /** Decoder steps per second for {@code batch} sequences, each step fed its best token of the step before. */
    static double sampling(SequenceModel model, int batch, int steps) {
        TokenCodec<?> codec = model.spec().tokenCodec();
        int width = codec.inputSize();
        int labels = codec.labelCount();
        int[][] tokens = new int[batch][2];
        float[] input = new float[batch * width];
        try (Decoder decoder = model.newDecoder(batch)) {
            int warm = Math.min(500, steps / 4 + 1);
            long start = 0;
            for (int i = 0; i < warm + steps; i++) {
                if (i == warm) {
                    start = System.nanoTime();
                }
                Arrays.fill(input, 0f);
                for (int b = 0; b < batch; b++) {
                    codec.input(tokens[b], 1, input, b * width);
                }
                float[] logits = decoder.step(input);
                for (int b = 0; b < batch; b++) {
                    int best = 0;
                    for (int k = 1; k < labels; k++) {
                        if (logits[b * labels + k] > logits[b * labels + best]) {
                            best = k;
                        }
                    }
                    tokens[b][0] = tokens[b][1];
                    tokens[b][1] = codec.tokenForLabel(tokens[b], 1, best);
                }
            }
            return steps / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The process's peak resident set (VmHWM), Linux only. */
    static String peakResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static double peakHeapMb() {
        double total = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total / 1048576.0;
    }
}
