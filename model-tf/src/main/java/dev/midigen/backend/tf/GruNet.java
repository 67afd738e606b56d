package dev.midigen.backend.tf;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.DecoderState;
import dev.midigen.model.Head;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A seq2seq GRU's network ({@link GruGraph}): forward passes by (source steps, target steps, towers), and training
 * graphs by (source steps, target steps, towers, whether some step reads its own prediction). A training step is two
 * runs: the first computes the logits with dropout and the batch's teacher forcing; the loss and its gradient with
 * respect to the logits come from the head's {@link BernoulliLoss} in Java; the second feeds them back with the first
 * run's values and applies the update. Also the layouts between Java's batch-major frames and the graphs'
 * feature-major columns. The decoder's state is the reference's ({@code decoder.gru.l.h}, {@code [B, H]}).
 */
final class GruNet extends TfNet {
    /** System property: towers a pass splits its batch into (default 1; each runs side by side on its own ops). */
    static final String TOWERS_PROPERTY = "midigen.tf.gru.towers";
    /** Longest source or target a pass unrolls. */
    static final int MAX_STEPS = 1024;

    final Seq2SeqGru family;
    final int keys;
    final GruGraph builder;
    /** Towers a pass splits its batch into (at most one per sequence). */
    final int towerCount;
    private final BernoulliLoss loss;

    GruNet(ModelSpec spec, Weights initial, int threads) {
        super(spec, initial, threads, Set.of(), n -> config(n, towerCount()));
        this.family = (Seq2SeqGru) spec.family();
        this.keys = Seq2SeqLayout.keys(spec);
        this.towerCount = towerCount();
        this.loss = ((Head.MultiLabel) spec.head()).loss();
        this.builder = new GruGraph(tf, family, keys, weights);
    }

    private static int towerCount() {
        return Math.max(1, Integer.getInteger(TOWERS_PROPERTY, 1));
    }

    /**
     * The session's configuration: {@link TfRuntime#config}'s (Grappler's settings, per-session pools, {@code threads}
     * inter-op threads), but with one tower each op may use every thread ({@code -Dmidigen.tf.intra=N} still decides).
     * Measured on 2 cores, 2 × 512 GRUs, batch 32: one tower of two-threaded ops is faster than two towers of
     * single-threaded ones — the GRU's products ({@code [1536, 512] · [512, B]}) are large enough to share.
     */
    static ConfigProto config(int threads, int towers) {
        ConfigProto base = TfRuntime.config(threads);
        if (System.getProperty("midigen.tf.intra") != null) {
            return base;
        }
        return base.toBuilder().setIntraOpParallelismThreads(towers == 1 ? threads : 1).build();
    }

    @Override
    protected StepGraph buildStep() {
        return builder.step();
    }

    /** Towers for a batch: {@link #towerCount}, at most one per sequence. */
    int towers(int batch) {
        return Math.max(1, Math.min(towerCount, batch));
    }

    private static void checkSteps(int steps, String what) {
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("the tf backend unrolls " + what + " of up to " + MAX_STEPS + " frames, got " + steps);
        }
    }

    private GruGraph.Pass pass(int sourceSteps, int targetSteps, int towers, boolean encoderOnly) {
        checkSteps(sourceSteps, "sources");
        checkSteps(targetSteps, "targets");
        return built(sourceSteps + "_" + (encoderOnly ? "e" : targetSteps) + "x" + towers,
                () -> builder.forward(sourceSteps, targetSteps, towers, 0, 0, false, encoderOnly));
    }

    /** Logits {@code [B, T, K]} without dropout, each decoder step reading its given input. */
    @Override
    SequenceBatch score(ModelBatch batch) {
        int time = batch.time();
        float[] logits = new float[batch.batch() * time * keys];
        forward(batch.source(), batch.inputs(), tower -> List.of(tower.logits),
                (first, count, values) -> fromColumns(values.get(0), keys, time, first, count, logits));
        return SequenceBatch.wrap(batch.batch(), time, keys, logits);
    }

    /** The encoder's final states from the zero state: one {@code [B, H]} tensor per layer, the decoder's state names. */
    @Override
    DecoderState encode(SequenceBatch source) {
        int h = family.hidden();
        List<float[]> states = new ArrayList<>();
        for (int l = 0; l < family.layers(); l++) {
            states.add(new float[source.batch() * h]);
        }
        forward(source, null, tower -> tower.encoder.stream().map(GruGraph.LayerValues::last).toList(), (first, count, values) -> {
            for (int l = 0; l < values.size(); l++) {
                float[] state = values.get(l); // [H, count]
                float[] target = states.get(l);
                for (int u = 0; u < h; u++) {
                    for (int b = 0; b < count; b++) {
                        target[(first + b) * h + u] = state[u * count + b];
                    }
                }
            }
        });
        return DecoderState.of(source.batch(), Seq2SeqLayout.stateNames(family), states);
    }

    /** What {@link #forward} gives of a tower: its first row, its rows, and the values it fetched. */
    private interface TowerValues {
        void read(int first, int count, List<float[]> values);
    }

    /**
     * One run of a forward pass without dropout, its batch split into towers: each tower reads its rows of
     * {@code source} and of the decoder's {@code inputs} (null: the encoder's pass alone) and fetches {@code fetch}.
     */
    private void forward(SequenceBatch source, SequenceBatch inputs, Function<GruGraph.Tower, List<Operand<TFloat32>>> fetch,
                         TowerValues read) {
        int rows = source.batch();
        int towers = towers(rows);
        GruGraph.Pass pass = pass(source.time(), inputs == null ? 0 : inputs.time(), towers, inputs == null);
        List<Tensor> owned = InputFeed.tensors();
        try {
            Session.Runner runner = session.runner();
            int fetches = 0;
            for (int k = 0; k < towers; k++) {
                int first = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                GruGraph.Tower tower = pass.towers.get(k);
                runner.feed(tower.source, InputFeed.own(owned, frames(source, first, count)));
                if (inputs != null) {
                    runner.feed(tower.target, InputFeed.own(owned, frames(inputs, first, count)));
                }
                runner.feed(tower.rows, InputFeed.own(owned, TInt32.scalarOf(count)));
                List<Operand<TFloat32>> operands = fetch.apply(tower);
                operands.forEach(runner::fetch);
                fetches = operands.size();
            }
            try (Result result = runner.run()) {
                for (int k = 0; k < towers; k++) {
                    int first = InputFeed.towerStart(rows, towers, k);
                    List<float[]> values = new ArrayList<>();
                    for (int i = 0; i < fetches; i++) {
                        values.add(Tensors.read((TFloat32) result.get(k * fetches + i)));
                    }
                    read.read(first, InputFeed.towerStart(rows, towers, k + 1) - first, values);
                }
            }
        } finally {
            InputFeed.close(owned);
        }
    }

    /** Rows {@code first … first + count} of {@code frames} as feature-major columns {@code [K, T·count]}, column {@code t·count + b}. */
    static float[] columns(SequenceBatch frames, int first, int count) {
        int k = frames.width();
        int time = frames.time();
        float[] all = frames.toArray();
        float[] out = new float[k * time * count];
        int columns = time * count;
        for (int b = 0; b < count; b++) {
            for (int t = 0; t < time; t++) {
                int from = ((first + b) * time + t) * k;
                int column = t * count + b;
                for (int i = 0; i < k; i++) {
                    out[i * columns + column] = all[from + i];
                }
            }
        }
        return out;
    }

    /** {@link #columns} as a tensor. */
    static TFloat32 frames(SequenceBatch frames, int first, int count) {
        return Tensors.floats(columns(frames, first, count), frames.width(), (long) frames.time() * count);
    }

    /** Columns {@code [K, T·count]} back into rows {@code first …} of a batch-major {@code [rows, T, K]} array. */
    static void fromColumns(float[] columns, int k, int time, int first, int count, float[] out) {
        int width = time * count;
        for (int b = 0; b < count; b++) {
            for (int t = 0; t < time; t++) {
                int to = ((first + b) * time + t) * k;
                int column = t * count + b;
                for (int i = 0; i < k; i++) {
                    out[to + i] = columns[i * width + column];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ decoder state

    /** The packed rows ({@link GruGraph#step}: each layer's state, padded) → one {@code [B, H]} tensor per layer. */
    @Override
    DecoderState state(float[] packed, int batch) {
        int width = packed.length / batch;
        int hidden = family.hidden();
        int padded = StepGraph.padded(hidden);
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < family.layers(); l++) {
            float[] tensor = new float[batch * hidden];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(packed, b * width + l * padded, tensor, b * hidden, hidden);
            }
            tensors.add(tensor);
        }
        return DecoderState.of(batch, Seq2SeqLayout.stateNames(family), tensors);
    }

    @Override
    void setState(DecoderState state, float[] packed, int batch) {
        List<String> names = Seq2SeqLayout.stateNames(family);
        if (!state.names().equals(names)) {
            throw new IllegalArgumentException("state tensors " + state.names() + ", this decoder has " + names);
        }
        int hidden = family.hidden();
        List<float[]> tensors = new ArrayList<>();
        for (String name : names) {
            float[] tensor = state.tensor(name);
            if (tensor.length != batch * hidden) {
                throw new IllegalArgumentException("state " + name + " has " + tensor.length / batch + " values per row, expected "
                        + hidden);
            }
            tensors.add(tensor);
        }
        int width = packed.length / batch;
        int padded = StepGraph.padded(hidden);
        Arrays.fill(packed, 0f);
        for (int l = 0; l < tensors.size(); l++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(tensors.get(l), b * hidden, packed, b * width + l * padded, hidden);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ training

    /**
     * The first run, the loss and its gradient in Java, and the second run's feeds: the
     * decoder's inputs as they were read (the targets, or the thresholded predictions where a step was not
     * teacher-forced), the gradient and the first run's values.
     */
    @Override
    Run train(TrainingBatch batch, TrainingConfig config, TfAdam adam) {
        ModelBatch inputs = batch.inputs();
        int rows = inputs.batch();
        int sourceSteps = inputs.source().time();
        int time = inputs.time();
        boolean mixed = !batch.allForced();
        float[] forced = new float[time];
        for (int t = 0; t < time; t++) {
            forced[t] = batch.forced(t) ? 1f : 0f;
        }
        int towers = towers(rows);
        Run run = new Run();
        try {
            GruGraph.Train graph = built("train" + sourceSteps + "_" + time + (mixed ? "m" : "") + "x" + towers, () -> {
                checkWindow(Math.max(sourceSteps, time), sourceSteps + " source and " + time + " target frames");
                return builder.train(sourceSteps, time, towers, (float) config.dropout(), (float) config.headDropout(), mixed,
                        config.clipNorm(), adam);
            });
            GruGraph.Pass pass = graph.pass;
            run.gradients = graph.gradients;
            run.update = graph.update;
            List<Tensor> owned = run.owned;
            TFloat32[] sources = new TFloat32[towers];
            TInt32[] counts = new TInt32[towers];
            float[][] teacher = new float[towers][];
            run.runner = session.runner();
            if (pass.dropout) {
                feedDropout(run, pass.seed, pass.batch, config, adam, rows);
            }
            Session.Runner first = run.runner;
            if (mixed) {
                first.feed(pass.forced, InputFeed.own(owned, Tensors.floats(forced, time)));
            }
            List<Operand<TFloat32>> fetches = new ArrayList<>();
            for (int k = 0; k < towers; k++) {
                int start = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - start;
                GruGraph.Tower tower = pass.towers.get(k);
                sources[k] = InputFeed.own(owned, frames(inputs.source(), start, count));
                counts[k] = InputFeed.own(owned, TInt32.scalarOf(count));
                teacher[k] = columns(inputs.inputs(), start, count);
                first.feed(tower.source, sources[k]);
                first.feed(tower.rows, counts[k]);
                first.feed(tower.target, InputFeed.own(owned, Tensors.floats(teacher[k], keys, (long) time * count)));
                if (pass.dropout) {
                    first.feed(tower.offset, InputFeed.own(owned, TInt32.scalarOf(start)));
                }
                fetches.addAll(towerFetches(tower));
            }
            fetches.forEach(first::fetch);
            run.first = first.run();

            Session.Runner second = session.runner();
            int perTower = fetches.size() / towers;
            float[] target = batch.multiLabelTargets().toArray();
            double sum = 0;
            double scale = 1.0 / ((double) rows * time * keys);
            for (int k = 0; k < towers; k++) {
                int start = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - start;
                GruGraph.Tower tower = pass.towers.get(k);
                GruGraph.BackTower back = graph.towers.get(k);
                int at = k * perTower;
                float[] logits = Tensors.read((TFloat32) run.first.get(at));
                float[] dLogits = new float[logits.length];
                int columns = time * count;
                sum += lossAndGradient(loss, logits, target, start, count, time, keys, scale, dLogits);
                float[] decoderInputs = teacher[k];
                if (mixed) {
                    decoderInputs = teacher[k].clone();
                    for (int t = 1; t < time; t++) {
                        if (!batch.forced(t)) {
                            for (int i = 0; i < keys; i++) {
                                for (int b = 0; b < count; b++) {
                                    decoderInputs[i * columns + t * count + b] = logits[i * columns + (t - 1) * count + b] >= 0f
                                            ? 1f : 0f;
                                }
                            }
                        }
                    }
                }
                second.feed(tower.source, sources[k]);
                second.feed(tower.rows, counts[k]);
                second.feed(back.inputs, InputFeed.own(owned, Tensors.floats(decoderInputs, keys, (long) columns)));
                second.feed(back.dLogits, InputFeed.own(owned, Tensors.floats(dLogits, keys, (long) columns)));
                List<Placeholder<TFloat32>> feeds = backFeeds(back);
                for (int i = 0; i < feeds.size(); i++) {
                    second.feed(feeds.get(i), run.first.get(at + 1 + i));
                }
            }
            run.loss = sum * scale;
            run.runner = second;
            return run;
        } catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }

    /**
     * The loss summed over a tower's logits ({@code [K, T·count]} columns) against the batch's targets, and its gradient
     * times {@code scale} into {@code dLogits} (same layout): {@link BernoulliLoss} in double, one key per task on the
     * common pool (the focal loss's logarithms and exponentials cost about 20 ms a step on one core for 32 × 64 × 88
     * values), the keys' sums added in order so the result does not depend on the threads.
     */
    static double lossAndGradient(BernoulliLoss loss, float[] logits, float[] target, int start, int count, int time, int keys,
                                  double scale, float[] dLogits) {
        int columns = time * count;
        double[] sums = new double[keys];
        IntStream.range(0, keys).parallel().forEach(i -> {
            double sum = 0;
            int row = i * columns;
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < count; b++) {
                    int index = row + t * count + b;
                    double x = logits[index];
                    double y = target[((start + b) * time + t) * keys + i];
                    sum += loss.value(x, y);
                    dLogits[index] = (float) (loss.gradient(x, y) * scale);
                }
            }
            sums[i] = sum;
        });
        double total = 0;
        for (double sum : sums) {
            total += sum;
        }
        return total;
    }

    /** What the first run fetches from a tower: the logits first, then what {@link #backFeeds} feeds back, in that order. */
    private static List<Operand<TFloat32>> towerFetches(GruGraph.Tower tower) {
        List<Operand<TFloat32>> fetches = new ArrayList<>();
        fetches.add(tower.logits);
        fetches.addAll(saved(tower.hiddenLayer, Stream.concat(tower.encoder.stream(), tower.decoder.stream())
                .map(GruGraph.LayerValues::saved).toList(), tower.encoderKeep, tower.decoderKeep, tower.classifierKeep));
        return fetches;
    }

    private static List<Placeholder<TFloat32>> backFeeds(GruGraph.BackTower back) {
        return saved(back.hiddenLayer, Stream.concat(back.encoder.stream(), back.decoder.stream())
                .map(GruGraph.LayerFeeds::all).toList(), back.encoderKeep, back.decoderKeep, back.classifierKeep);
    }

    /** The values the backward pass reads, in one order: the classifier's hidden layer, each layer's, the masks present. */
    private static <T> List<T> saved(T hiddenLayer, List<? extends List<? extends T>> layers, List<? extends T> encoderKeep,
                                     List<? extends T> decoderKeep, T classifierKeep) {
        List<T> saved = new ArrayList<>();
        saved.add(hiddenLayer);
        layers.forEach(saved::addAll);
        addPresent(saved, encoderKeep);
        addPresent(saved, decoderKeep);
        if (classifierKeep != null) {
            saved.add(classifierKeep);
        }
        return saved;
    }

    private static <T> void addPresent(List<T> to, List<? extends T> from) {
        for (T item : from) {
            if (item != null) {
                to.add(item);
            }
        }
    }
}
