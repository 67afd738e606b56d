package dev.midigen.backend.dl4j;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dl4j backend's training speed on DeepMusician's seq2seq workload — encoder and decoder GRUs of 2 × 512 over
 * 88-key piano-roll frames, classifier 256, batch 32 × (64 source + 64 target frames), Adam, GRU dropout 0.2,
 * classifier dropout 0.5, focal loss — next to PyTorch's 564 ms/step on the same machine. Run it with
 * {@code OMP_NUM_THREADS=1}:
 *
 * <pre>
 * java -cp ... dev.midigen.backend.dl4j.Seq2SeqBench [--steps 10] [--threads 0] [--teacher 0.5] [--samediff]
 *     [--hidden 512] [--layers 2] [--batch 32]
 * </pre>
 *
 * {@code --samediff} also measures SameDiff's {@code gru} op in the same network (forward and backward only, full
 * teacher forcing, no dropout: the least it would have to do). Not a test. {@link #run} returns the figures.
 */
public final class Seq2SeqBench {
    /** PyTorch (2 cores, same machine): milliseconds per training step on this workload. */
    public static final double PYTORCH_MS_PER_STEP = 564;
    private static final int WARM_UP = 3;
    private static final int KEYS = 88;

    private Seq2SeqBench() {
    }

    /** The workload's settings. */
    public record Workload(int hidden, int layers, int classifier, int batch, int sourceSteps, int targetSteps,
                           double teacherForcing, int threads) {
        public static final Workload DEEP_MUSICIAN = new Workload(512, 2, 256, 32, 64, 64, 0.5, 0);

        /** With DeepMusician's focal loss (α 0.75, γ 2). */
        ModelSpec spec() {
            return new ModelSpec(new Seq2SeqGru(hidden, layers, classifier), PianoRollSpec.PIANO, 1);
        }

        TrainingConfig config() {
            return TrainingConfig.builder().learningRate(1e-3).clipNorm(1.0).batchSize(batch).windowSteps(targetSteps)
                    .sourceSteps(sourceSteps).steps(1000).dropout(0.2).headDropout(0.5).teacherForcing(teacherForcing)
                    .evalInterval(0).checkpointMinutes(0).seed(1).threads(threads).build();
        }
    }

    /** One measured figure (PyTorch's next to it when there is one, else NaN). */
    public record Figure(String name, double value, String unit, double pytorch) {
        @Override
        public String toString() {
            String line = String.format(Locale.ROOT, "%-62s %9.1f %-5s", name, value, unit);
            if (!Double.isNaN(pytorch)) {
                line += String.format(Locale.ROOT, " PyTorch %6.1f  speed %.2f× PyTorch's", pytorch, pytorch / value);
            }
            return line;
        }
    }

    /** Piano-roll-like random source and target frames: each key on with probability 0.06, held for a while. */
    static TrainingBatch frames(Workload w, SplittableRandom random) {
        return TrainingBatch.seq2seq(roll(w.batch, w.sourceSteps, random), roll(w.batch, w.targetSteps, random));
    }

    /** The frames with teacher forcing drawn at the workload's ratio. */
    private static TrainingBatch withRatio(TrainingBatch frames, Workload w, SplittableRandom random) {
        return TrainingBatch.seq2seq(frames.inputs().source(), frames.multiLabelTargets(), w.teacherForcing, random);
    }

    private static SequenceBatch roll(int batch, int time, SplittableRandom random) {
        float[] values = new float[batch * time * KEYS];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < KEYS; k++) {
                boolean on = false;
                for (int t = 0; t < time; t++) {
                    if (random.nextDouble() < 0.125) {
                        on = random.nextDouble() < 0.06 * 8 / 7.0 * 0.9;
                    }
                    values[(b * time + t) * KEYS + k] = on ? 1f : 0f;
                }
            }
        }
        return SequenceBatch.wrap(batch, time, KEYS, values);
    }

    /** Times {@code steps} training steps through the SPI after a warm-up; prints each figure to {@code out}. */
    public static List<Figure> run(Workload w, int steps, boolean sameDiff, PrintStream out) {
        Nd4jRuntime.require();
        List<Figure> figures = new ArrayList<>();
        ModelSpec spec = w.spec();
        SplittableRandom random = new SplittableRandom(7);
        TrainingBatch frames = frames(w, random);
        try (Trainer trainer = new Dl4jBackend().newTrainer(spec, w.config(), Seq2SeqLayout.initial(spec, 1))) {
            for (int i = 0; i < WARM_UP; i++) {
                trainer.step(withRatio(frames, w, random));
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step(withRatio(frames, w, random));
            }
            double ms = (System.nanoTime() - start) / 1e6 / steps;
            add(figures, out, new Figure(String.format(Locale.ROOT, "dl4j engine, training (teacher forcing %.1f), ms/step",
                    w.teacherForcing), ms, "ms", PYTORCH_MS_PER_STEP));
            start = System.nanoTime();
            int scores = Math.max(1, steps / 2);
            for (int i = 0; i < scores; i++) {
                trainer.score(frames.inputs());
            }
            add(figures, out, new Figure("dl4j engine, teacher-forced scoring (forward only), ms/batch",
                    (System.nanoTime() - start) / 1e6 / scores, "ms", Double.NaN));
        }
        if (sameDiff) {
            add(figures, out, new Figure("SameDiff gru op, forward + backward (teacher forcing 1), ms/step",
                    sameDiff(w, frames, steps), "ms", PYTORCH_MS_PER_STEP));
        }
        return figures;
    }

    private static void add(List<Figure> figures, PrintStream out, Figure figure) {
        figures.add(figure);
        if (out != null) {
            out.println(figure);
        }
    }

    /**
     * The same network in SameDiff with its {@code gru} op (time-major {@code [T, B, n]}, one bias per gate: nd4j's
     * GRU cannot hold linear_before_reset's separate recurrent candidate bias), sigmoid cross-entropy on the logits;
     * times {@code calculateGradients} (forward and backward, no optimizer).
     */
    static double sameDiff(Workload w, TrainingBatch frames, int steps) {
        SameDiff sd = SameDiff.create();
        int h = w.hidden;
        SDVariable source = sd.placeHolder("source", DataType.FLOAT, w.sourceSteps, w.batch, KEYS);
        SDVariable inputs = sd.placeHolder("inputs", DataType.FLOAT, w.targetSteps, w.batch, KEYS);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, (long) w.targetSteps * w.batch, KEYS);
        SDVariable zero = sd.constant("zero", Nd4j.zeros(DataType.FLOAT, w.batch, h));
        SDVariable x = source;
        List<SDVariable> finals = new ArrayList<>();
        for (int l = 0; l < w.layers; l++) {
            int n = l == 0 ? KEYS : h;
            x = sd.rnn().gru("enc" + l, x, zero, sd.var("encWx" + l, Nd4j.rand(DataType.FLOAT, n, 3 * h).subi(0.5).muli(0.1)),
                    sd.var("encWh" + l, Nd4j.rand(DataType.FLOAT, h, 3 * h).subi(0.5).muli(0.1)),
                    sd.var("encB" + l, Nd4j.zeros(DataType.FLOAT, 3 * h)));
            // the last step by slice: in nd4j 1.0.0-M2.1 the backward of point indexing (strided_slice_bp) fails, and
            // two gathers' backward passes collide ("Unable to replace samediff namespace")
            finals.add(sd.slice(x, new int[] {w.sourceSteps - 1, 0, 0}, new int[] {1, w.batch, h}).reshape(w.batch, h));
        }
        SDVariable y = inputs;
        for (int l = 0; l < w.layers; l++) {
            int n = l == 0 ? KEYS : h;
            y = sd.rnn().gru("dec" + l, y, finals.get(l), sd.var("decWx" + l, Nd4j.rand(DataType.FLOAT, n, 3 * h).subi(0.5).muli(0.1)),
                    sd.var("decWh" + l, Nd4j.rand(DataType.FLOAT, h, 3 * h).subi(0.5).muli(0.1)),
                    sd.var("decB" + l, Nd4j.zeros(DataType.FLOAT, 3 * h)));
        }
        SDVariable flat = y.reshape((long) w.targetSteps * w.batch, h);
        SDVariable hidden = sd.nn().relu(flat.mmul(sd.var("W0", Nd4j.rand(DataType.FLOAT, h, w.classifier).subi(0.5).muli(0.1)))
                .add(sd.var("b0", Nd4j.zeros(DataType.FLOAT, w.classifier))), 0);
        SDVariable logits = hidden.mmul(sd.var("W1", Nd4j.rand(DataType.FLOAT, w.classifier, KEYS).subi(0.5).muli(0.1)))
                .add(sd.var("b1", Nd4j.zeros(DataType.FLOAT, KEYS)));
        SDVariable loss = sd.loss().sigmoidCrossEntropy("loss", labels, logits, null);
        sd.setLossVariables(loss);
        Map<String, INDArray> feed = Map.of("source", timeMajor(frames.inputs().source()), "inputs",
                timeMajor(frames.inputs().inputs()), "labels",
                timeMajor(frames.multiLabelTargets()).reshape((long) w.targetSteps * w.batch, KEYS));
        List<String> variables = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                variables.add(v.name());
            }
        }
        for (int i = 0; i < WARM_UP; i++) {
            sd.calculateGradients(feed, variables);
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            sd.calculateGradients(feed, variables);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static INDArray timeMajor(SequenceBatch batch) {
        float[] values = new float[batch.batch() * batch.time() * batch.width()];
        for (int t = 0; t < batch.time(); t++) {
            for (int b = 0; b < batch.batch(); b++) {
                System.arraycopy(batch.vector(b, t), 0, values, (t * batch.batch() + b) * batch.width(), batch.width());
            }
        }
        return Nd4j.create(values, new long[] {batch.time(), batch.batch(), batch.width()}, 'c');
    }

    public static void main(String[] args) {
        int steps = 10;
        boolean sameDiff = false;
        Workload w = Workload.DEEP_MUSICIAN;
        int hidden = w.hidden;
        int layers = w.layers;
        int batch = w.batch;
        int threads = w.threads;
        double teacher = w.teacherForcing;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--teacher" -> teacher = Double.parseDouble(args[++i]);
                case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--samediff" -> sameDiff = true;
                default -> {
                    System.err.println("usage: Seq2SeqBench [--steps N] [--threads N] [--teacher R] [--hidden H] [--layers L]"
                            + " [--batch B] [--samediff]");
                    System.exit(2);
                }
            }
        }
        w = new Workload(hidden, layers, w.classifier, batch, w.sourceSteps, w.targetSteps, teacher, threads);
        System.out.printf(Locale.ROOT, "workload: seq2seq GRU %d × %d, 88 keys, classifier %d, batch %d × (%d + %d) frames,"
                + " Adam, dropout 0.2 / 0.5, focal loss; %d timed steps, %d cores%n", layers, hidden, w.classifier, batch,
                w.sourceSteps, w.targetSteps, steps, Runtime.getRuntime().availableProcessors());
        run(w, steps, sameDiff, System.out);
    }
}
