package dev.midigen.backend.tf;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The tf backend's seq2seq training speed on DeepMusician's workload — an encoder and a decoder of 2 × 512 GRU
 * layers over the piano roll's 88 keys, classifier 256, batch 32 × (64 source + 64 target frames), Adam —
 * next to PyTorch's on the same machine:
 *
 * <pre>
 * java -cp ... dev.midigen.backend.tf.TfSeq2SeqBench [--steps 10] [--warmup 2] [--threads 0] [--dropout 0.2]
 *     [--classifier-dropout 0.5] [--teacher-forcing 1] [--loss focal|bce] [--hidden 512] [--layers 2]
 *     [--pytorch /usr/bin/python3]
 * </pre>
 *
 * {@code --pytorch PYTHON} then runs the PyTorch peer ({@code bench/pytorch/seq2seq_bench.py}: the default workload,
 * teacher forcing 1, focal loss) with that interpreter in the same run and prints its figure next to ours.
 *
 * Frames are random (a key on with probability 0.08, about a piano roll's density), batches built before the clock
 * starts; teacher forcing below 1 draws which steps read their own prediction per batch (the mixed graph). Not a test.
 */
public final class TfSeq2SeqBench {
    /** PyTorch (2 cores, same machine): ms per training step on this workload (issue 7). */
    public static final double PYTORCH_MS_PER_STEP = 564;

    private TfSeq2SeqBench() {
    }

    public static void main(String[] args) {
        int steps = 10;
        int warmup = 2;
        int threads = 0;
        double dropout = 0.2;
        double classifierDropout = 0.5;
        double teacherForcing = 1;
        BernoulliLoss loss = new BernoulliLoss.Focal(0.75, 2);
        int hidden = 512;
        int layers = 2;
        int batchSize = 32;
        int time = 64;
        boolean profile = false;
        String python = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--dropout" -> dropout = Double.parseDouble(args[++i]);
                case "--classifier-dropout" -> classifierDropout = Double.parseDouble(args[++i]);
                case "--teacher-forcing" -> teacherForcing = Double.parseDouble(args[++i]);
                case "--loss" -> loss = args[++i].equals("bce") ? new BernoulliLoss.Bce() : new BernoulliLoss.Focal(0.75, 2);
                case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--batch" -> batchSize = Integer.parseInt(args[++i]);
                case "--time" -> time = Integer.parseInt(args[++i]);
                case "--profile" -> profile = true;
                case "--pytorch" -> python = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--steps N, --warmup N, --threads N,"
                        + " --dropout P, --classifier-dropout P, --teacher-forcing R, --loss focal|bce, --hidden H, --layers L,"
                        + " --batch B, --time T, --profile, --pytorch PYTHON)");
            }
        }
        TfRuntime.require();
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(hidden, layers, 256, loss), PianoRollSpec.PIANO, 1);
        int keys = Seq2SeqLayout.keys(spec);
        TrainingConfig config = TrainingConfig.SEQ2SEQ.toBuilder().learningRate(1e-3).clipNorm(1.0).batchSize(batchSize)
                .windowSteps(time).sourceSteps(time).steps(steps).epochs(0).dropout(dropout).headDropout(classifierDropout)
                .teacherForcing(teacherForcing).evalInterval(0).patience(0).checkpointMinutes(0).seed(1).threads(threads)
                .build();
        System.out.printf(Locale.ROOT, "TfSeq2SeqBench: TensorFlow %s, seq2seq-gru %d x %d, classifier 256, %d keys, batch %d x (%d + %d)"
                        + " frames, dropout %s/%s, teacher forcing %s, %s loss, %d cores, threads %d; oneDNN kernels %s%n",
                TfRuntime.version(), layers, hidden, keys, batchSize, time, time, dropout, classifierDropout, teacherForcing,
                loss.typeName(), Runtime.getRuntime().availableProcessors(), threads, TfRuntime.oneDnn().why());
        SplittableRandom random = new SplittableRandom(7);
        List<TrainingBatch> batches = new ArrayList<>();
        for (int i = 0; i < warmup + steps; i++) {
            batches.add(TrainingBatch.seq2seq(frames(batchSize, time, keys, random), frames(batchSize, time, keys, random),
                    teacherForcing, random));
        }
        long start = System.nanoTime();
        try (TfTrainer trainer = new TfTrainer(spec, config, Seq2SeqLayout.initial(spec, 1))) {
            double setup = (System.nanoTime() - start) / 1e6;
            double[] millis = new double[warmup + steps];
            double first = Double.NaN;
            double last = Double.NaN;
            long cpuStart = 0;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    cpuStart = cpuMillis();
                }
                long t0 = System.nanoTime();
                double value = trainer.step(batches.get(i));
                millis[i] = (System.nanoTime() - t0) / 1e6;
                if (i == 0) {
                    first = value;
                }
                last = value;
            }
            double cpu = (cpuMillis() - cpuStart) / (double) steps;
            double[] timed = Arrays.copyOfRange(millis, warmup, warmup + steps);
            double mean = Arrays.stream(timed).average().orElse(Double.NaN);
            double[] sorted = timed.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            System.out.printf(Locale.ROOT, "setup %.0f ms, graphs built in %.0f ms, first step %.0f ms (includes TensorFlow's first-run"
                    + " optimisation)%n", setup, trainer.net().buildMillis(), millis[0]);
            System.out.printf(Locale.ROOT, "training: %.1f ms/step mean, %.1f median, %.1f-%.1f over %d steps (loss %.4f -> %.4f);"
                    + " process CPU %.0f ms/step (%.2f cores busy)%n", mean, median, sorted[0], sorted[sorted.length - 1], steps, first,
                    last, cpu, cpu / mean);
            System.out.printf(Locale.ROOT, "PyTorch: %.0f ms/step -> tf is %.2fx PyTorch (goal >= 1.0x); peak heap %d MB%n",
                    PYTORCH_MS_PER_STEP, PYTORCH_MS_PER_STEP / median,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
            if (profile) { // two more steps traced: the time of each kind of op (summed over both threads), largest first
                OpProfile.print(trainer.net().graph, trainer.runs(), i -> trainer.step(batches.get(0)), 2, 18, System.out);
            }
            if (python != null) {
                java.util.Map<String, Double> figures = PytorchPeer.run(python, "bench/pytorch/seq2seq_bench.py", List.of("--steps",
                        Integer.toString(steps), "--warmup", Integer.toString(warmup), "--hidden", Integer.toString(hidden),
                        "--layers", Integer.toString(layers), "--batch", Integer.toString(batchSize), "--time", Integer.toString(time)));
                double peer = figures.get("seq2seq_ms_per_step");
                System.out.printf(Locale.ROOT, "PyTorch in this run (%s bench/pytorch/seq2seq_bench.py, %.0f threads): %.1f ms/step -> tf is"
                        + " %.2fx (goal >= 1.0x: %s)%n", python, figures.get("threads"), peer, peer / median,
                        peer >= median ? "met" : "not met");
            }
        }
    }

    /**
     * This process's CPU time (user + system, all threads, TensorFlow's included) from {@code /proc/self/stat}, in ms; 0
     * where there is none. Less sensitive than wall time to other processes on a shared machine.
     */
    private static long cpuMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * 10; // USER_HZ = 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static SequenceBatch frames(int batch, int time, int keys, SplittableRandom random) {
        float[] values = new float[batch * time * keys];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.08 ? 1f : 0f;
        }
        return SequenceBatch.wrap(batch, time, keys, values);
    }
}
