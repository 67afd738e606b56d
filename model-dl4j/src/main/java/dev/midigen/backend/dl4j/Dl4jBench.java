package dev.midigen.backend.dl4j;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Decoder;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Targets;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The dl4j backend's throughput on the reference workload — a 2 × 256 LSTM over the drum-kit encoding
 * (input 518 = 512 one-hot tokens + 6 binary counters, 512 classes), batch 64 × 64 steps, Adam, dropout 0.5,
 * clipping at 3 — next to PyTorch's on the same machine. Run it with {@code OMP_NUM_THREADS=1}:
 *
 * <pre>
 * java -cp ... dev.midigen.backend.dl4j.Dl4jBench [--train-steps 10] [--sample-steps 3000] [--threads 0]
 *     [--dense] [--mln] [--kernels]
 * </pre>
 *
 * {@code --dense} turns off the sparse input path (every input through the GEMM, as PyTorch's
 * {@code nn.LSTM} does); {@code --mln} adds DL4J's own {@code MultiLayerNetwork} on the same workload;
 * {@code --kernels} first measures the GEMMs and element-wise kernels the engine is made of. Not a
 * test: it takes tens of seconds. {@link #run} returns the figures for {@code midigen bench}.
 */
public final class Dl4jBench {
    /** PyTorch (2 cores, same machine): training sequences per second on this workload. */
    public static final double PYTORCH_TRAIN_SEQUENCES_PER_SECOND = 327;
    /** PyTorch (2 cores, same machine): batch-1 sampling steps per second. */
    public static final double PYTORCH_SAMPLE_STEPS_PER_SECOND = 2703;

    private static final int BATCH = 64;
    private static final int TIME = 64;

    private Dl4jBench() {
    }

    /** One measured figure next to PyTorch's (NaN when there is none). */
    public record Figure(String name, double value, String unit, double pytorch) {
        public double ratio() {
            return value / pytorch;
        }

        @Override
        public String toString() {
            String line = String.format(Locale.ROOT, "%-58s %10.1f %-8s", name, value, unit);
            if (!Double.isNaN(pytorch)) {
                line += String.format(Locale.ROOT, " PyTorch %8.1f  ratio %.2f×", pytorch, ratio());
            }
            return line;
        }
    }

    /** The workload's spec: drums_rnn's drum-kit encoding, two layers of 256, no attention. */
    public static ModelSpec spec() {
        return new ModelSpec(new DrumRnn(List.of(256, 256), 0), DrumKitSpec.MAGENTA, 1);
    }

    /** Warm-up steps before timing training: C2 compiles the kernels over the first few steps. */
    private static final int WARM_UP = 8;

    /**
     * Measures training ({@code trainSteps} timed steps after {@value #WARM_UP} warm-up steps) and batch-1 sampling
     * ({@code sampleSteps} timed steps after a warm-up), printing each figure to {@code out} (may be null).
     *
     * @param threads trainer threads, 0 = one per core
     */
    public static List<Figure> run(int trainSteps, int sampleSteps, int threads, PrintStream out) {
        Nd4jRuntime.require();
        ModelSpec spec = spec();
        LstmNetwork network = spec.lstmNetwork();
        Weights initial = LstmLayout.initial(network, spec.seed());
        List<Figure> figures = new ArrayList<>();
        TrainingConfig config = config().steps(Math.max(1, trainSteps)).threads(threads).build();
        TrainingBatch batch = batch(spec, new SplittableRandom(7));
        SequenceModel model;
        try (Trainer trainer = new Dl4jTrainer(spec, config, initial)) {
            if (trainSteps > 0) {
                for (int i = 0; i < WARM_UP; i++) {
                    trainer.step(batch);
                }
                long start = System.nanoTime();
                for (int i = 0; i < trainSteps; i++) {
                    trainer.step(batch);
                }
                double seconds = (System.nanoTime() - start) / 1e9 / trainSteps;
                add(figures, out, new Figure("training, milliseconds per step", seconds * 1e3, "ms", Double.NaN));
                add(figures, out, new Figure("training, sequences per second", BATCH / seconds, "seq/s",
                        PYTORCH_TRAIN_SEQUENCES_PER_SECOND));
                add(figures, out, new Figure("scoring (forward only), sequences per second", scoring(trainer, batch),
                        "seq/s", Double.NaN));
            }
            model = trainer.toModel();
        }
        try (model) {
            if (sampleSteps > 0) {
                add(figures, out, new Figure("sampling, batch 1, steps per second", sampling(model, 1, sampleSteps),
                        "steps/s", PYTORCH_SAMPLE_STEPS_PER_SECOND));
                add(figures, out, new Figure("sampling, batch 64, sequence-steps per second",
                        sampling(model, BATCH, Math.max(1, sampleSteps / 32)) * BATCH, "steps/s", Double.NaN));
            }
        }
        return figures;
    }

    /** The workload's training: Adam 1e-3, clipping at 3, batch 64 × 64, dropout 0.5, seed 1. */
    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().learningRate(1e-3).clipNorm(3.0).batchSize(BATCH).windowSteps(TIME).dropout(0.5)
                .evalInterval(0).checkpointMinutes(0).seed(1);
    }

    private static void add(List<Figure> figures, PrintStream out, Figure figure) {
        figures.add(figure);
        if (out != null) {
            out.println(figure);
        }
    }

    /**
     * The same workload on DL4J's own {@code MultiLayerNetwork} (two {@code LSTM} layers and an
     * {@code RnnOutputLayer}, Adam, per-layer clipping, dropout on the upper layers' inputs), for comparison:
     * training seconds per step and {@code rnnTimeStep} batch-1 steps per second.
     */
    public static List<Figure> runMultiLayerNetwork(int trainSteps, int sampleSteps, PrintStream out) {
        Nd4jRuntime.require();
        ModelSpec spec = spec();
        LstmNetwork network = spec.lstmNetwork();
        TrainingConfig config = config().steps(1).build();
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = Dl4jNetworks.toMultiLayerNetwork(network,
                LstmLayout.initial(network, spec.seed()), config);
        TrainingBatch batch = batch(spec, new SplittableRandom(7));
        int width = network.inputSize();
        int classes = network.outputSize();
        Targets.Categorical targets = batch.categoricalTargets();
        float[] oneHot = new float[BATCH * TIME * classes];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < TIME; t++) {
                oneHot[(b * TIME + t) * classes + targets.labels()[b * TIME + t]] = 1f;
            }
        }
        org.nd4j.linalg.dataset.DataSet data = new org.nd4j.linalg.dataset.DataSet(
                Dl4jNetworks.features(batch.inputs().inputs().toArray(), BATCH, TIME, width),
                Dl4jNetworks.features(oneHot, BATCH, TIME, classes), null,
                org.nd4j.linalg.factory.Nd4j.create(targets.mask(), new long[] {BATCH, TIME}, 'c'));
        List<Figure> figures = new ArrayList<>();
        if (trainSteps > 0) {
            for (int i = 0; i < 3; i++) {
                net.fit(data);
            }
            long start = System.nanoTime();
            for (int i = 0; i < trainSteps; i++) {
                net.fit(data);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / trainSteps;
            add(figures, out, new Figure("MultiLayerNetwork training, milliseconds per step", seconds * 1e3, "ms",
                    Double.NaN));
            add(figures, out, new Figure("MultiLayerNetwork training, sequences per second", BATCH / seconds, "seq/s",
                    PYTORCH_TRAIN_SEQUENCES_PER_SECOND));
        }
        if (sampleSteps > 0) {
            TokenCodec<?> codec = spec.tokenCodec();
            int[] tokens = new int[sampleSteps + 2];
            net.rnnClearPreviousState();
            long start = 0;
            int warmUp = sampleSteps / 4 + 1;
            for (int t = 0; t < warmUp + sampleSteps; t++) {
                if (t == warmUp) {
                    start = System.nanoTime();
                }
                float[] in = new float[width];
                codec.input(tokens, t % sampleSteps, in, 0);
                org.nd4j.linalg.api.ndarray.INDArray probabilities = net.rnnTimeStep(
                        org.nd4j.linalg.factory.Nd4j.create(in, new long[] {1, width}, 'c'));
                int best = probabilities.argMax(1).getInt(0);
                tokens[t % sampleSteps + 1] = codec.tokenForLabel(tokens, t % sampleSteps + 1, best);
            }
            add(figures, out, new Figure("MultiLayerNetwork rnnTimeStep, batch 1, steps/s",
                    sampleSteps / ((System.nanoTime() - start) / 1e9), "steps/s", PYTORCH_SAMPLE_STEPS_PER_SECOND));
        }
        return figures;
    }

    /**
     * What bounds the engine: nd4j's single-threaded SGEMM at the engine's shapes (GFLOPS), two threads
     * each running one at once, a batch-1 matrix–vector product through nd4j and through the decoder's
     * Java kernel, and an element-wise activation through nd4j and through {@link Kernels}.
     */
    public static List<Figure> runKernels(PrintStream out) {
        Nd4jRuntime.require();
        List<Figure> figures = new ArrayList<>();
        int[][] shapes = {{32, 256, 1024}, {64, 256, 1024}, {32, 1024, 256}, {2048, 256, 1024}, {4096, 518, 1024},
            {2048, 256, 512}};
        String[] what = {"recurrence, 32 rows", "recurrence, 64 rows", "recurrent backward, 32 rows",
            "input projection, 2048 rows", "dense 518-wide input, 4096 rows", "output layer, 2048 rows"};
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            add(figures, out, new Figure(String.format(Locale.ROOT, "nd4j sgemm %d×%d×%d (%s)", s[0], s[1], s[2], what[i]),
                    gemmGflops(s[0], s[1], s[2], 1.5), "GFLOPS", Double.NaN));
        }
        double[] both = new double[2];
        Thread other = new Thread(() -> both[1] = gemmGflops(2048, 256, 1024, 3));
        other.start();
        both[0] = gemmGflops(2048, 256, 1024, 3);
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        add(figures, out, new Figure("nd4j sgemm 2048×256×1024, two threads at once", both[0] + both[1], "GFLOPS",
                Double.NaN));

        org.nd4j.linalg.api.ndarray.INDArray w = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1024, 256);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 256);
        org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.create(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1024);
        add(figures, out, new Figure("nd4j 1×256 · 256×1024 (batch-1 step)", micros(() -> NativeMatrix.gemm(x, false, w, true,
                y, 0.0), 2000), "µs", Double.NaN));
        float[][] rows = LstmParams.transposedRows(w.dup('c').data().asFloat(), 1024, 256);
        float[] input = x.dup('c').data().asFloat();
        float[] gates = new float[1024];
        add(figures, out, new Figure("Java row sums 1×256 · 256×1024 (decoder)", micros(() -> {
            for (int k = 0; k < 256; k++) {
                Kernels.axpy(1024, input[k], rows[k], gates);
            }
        }, 20000), "µs", Double.NaN));
        org.nd4j.linalg.api.ndarray.INDArray z = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 64, 1024);
        add(figures, out, new Figure("nd4j sigmoid, 64×1024, per element", micros(
                () -> org.nd4j.linalg.ops.transforms.Transforms.sigmoid(z, true), 2000) * 1e3 / z.length(), "ns",
                Double.NaN));
        float[] values = z.dup('c').data().asFloat();
        float[] result = new float[values.length];
        add(figures, out, new Figure("Java Kernels.tanh, 64×1024, per element", micros(() -> {
            for (int i = 0; i < values.length; i++) {
                result[i] = Kernels.tanh(values[i]);
            }
        }, 5000) * 1e3 / values.length, "ns", Double.NaN));
        return figures;
    }

    private static double gemmGflops(int m, int k, int n, double seconds) {
        org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, m, k);
        org.nd4j.linalg.api.ndarray.INDArray b = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, n, k);
        org.nd4j.linalg.api.ndarray.INDArray c = org.nd4j.linalg.factory.Nd4j.create(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, m, n);
        for (int i = 0; i < 5; i++) {
            NativeMatrix.gemm(a, false, b, true, c, 0.0);
        }
        int calls = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            NativeMatrix.gemm(a, false, b, true, c, 0.0);
            calls++;
        }
        return 2.0 * m * k * n * calls / (System.nanoTime() - start);
    }

    private static double micros(Runnable work, int repeats) {
        for (int i = 0; i < repeats / 4 + 10; i++) {
            work.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            work.run();
        }
        return (System.nanoTime() - start) / 1e3 / repeats;
    }

    private static double scoring(Trainer trainer, TrainingBatch batch) {
        trainer.score(batch.inputs());
        int repeats = 3;
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            trainer.score(batch.inputs());
        }
        return BATCH * repeats / ((System.nanoTime() - start) / 1e9);
    }

    /** Decoder steps per second for {@code batch} sequences, each step fed a token drawn from its logits' best. */
    private static double sampling(SequenceModel model, int batch, int steps) {
        TokenCodec<?> codec = model.spec().tokenCodec();
        int inputSize = codec.inputSize();
        int labels = codec.labelCount();
        int[][] tokens = new int[batch][steps + steps / 4 + 2];
        try (Decoder decoder = model.newDecoder(batch)) {
            int warmUp = steps / 4 + 1;
            long start = 0;
            for (int t = 0; t < warmUp + steps; t++) {
                if (t == warmUp) {
                    start = System.nanoTime();
                }
                float[] in = new float[batch * inputSize];
                for (int b = 0; b < batch; b++) {
                    codec.input(tokens[b], t, in, b * inputSize);
                }
                float[] logits = decoder.step(in);
                for (int b = 0; b < batch; b++) {
                    int best = 0;
                    for (int k = 1; k < labels; k++) {
                        if (logits[b * labels + k] > logits[b * labels + best]) {
                            best = k;
                        }
                    }
                    tokens[b][t + 1] = codec.tokenForLabel(tokens[b], t + 1, best);
                }
            }
            return steps / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** 64 sequences of 65 random drum-kit tokens, as 64 input steps each labelled with the next token. */
    static TrainingBatch batch(ModelSpec spec, SplittableRandom random) {
        TokenCodec<?> codec = spec.tokenCodec();
        int width = codec.inputSize();
        float[] inputs = new float[BATCH * TIME * width];
        int[] labels = new int[BATCH * TIME];
        float[] mask = new float[BATCH * TIME];
        for (int b = 0; b < BATCH; b++) {
            int[] tokens = new int[TIME + 1];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = random.nextInt(codec.labelCount());
            }
            for (int t = 0; t < TIME; t++) {
                codec.input(tokens, t, inputs, (b * TIME + t) * width);
                labels[b * TIME + t] = codec.label(tokens, t + 1);
            }
        }
        Arrays.fill(mask, 1f);
        return TrainingBatch.categorical(SequenceBatch.wrap(BATCH, TIME, width, inputs), labels, mask);
    }

    public static void main(String[] args) {
        int trainSteps = 10;
        int sampleSteps = 3000;
        int threads = 0;
        boolean multiLayerNetwork = false;
        boolean kernels = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kernels" -> kernels = true;
                case "--mln" -> multiLayerNetwork = true;
                case "--dense" -> System.setProperty("midigen.dl4j.sparseDensity", "0");
                case "--train-steps" -> trainSteps = Integer.parseInt(args[++i]);
                case "--sample-steps" -> sampleSteps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: Dl4jBench [--train-steps N] [--sample-steps N] [--threads N] [--dense] "
                            + "[--mln] [--kernels]");
                    System.exit(2);
                }
            }
        }
        System.out.printf(Locale.ROOT, "dl4j backend (nd4j %s), %d cores, OMP_NUM_THREADS=%s, trainer threads %s%n",
                Nd4jRuntime.version(), Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                threads == 0 ? "all" : threads);
        System.out.println("workload: 2 × 256 LSTM, input 518, 512 classes, batch 64 × 64, Adam, dropout 0.5, clip 3");
        if (kernels) {
            runKernels(System.out);
        }
        run(trainSteps, sampleSteps, threads, System.out);
        if (multiLayerNetwork) {
            runMultiLayerNetwork(Math.min(trainSteps, 5), sampleSteps, System.out);
        }
    }
}
