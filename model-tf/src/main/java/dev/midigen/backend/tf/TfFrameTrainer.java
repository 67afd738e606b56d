package dev.midigen.backend.tf;

import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains a seq2seq GRU in one TensorFlow session ({@link GruGraph}): the weights and Adam's moments are variables; a
 * step is two runs of graphs built once per (source steps, target steps, towers, whether some step reads its own
 * prediction). The first run computes the logits with dropout and the batch's teacher forcing; the loss and its
 * gradient with respect to the logits come from {@link FrameLoss} in Java; the second run feeds them back with the
 * first run's values and applies the gradients (global-norm clipping, Adam in PyTorch's form). Dropout masks come from
 * TensorFlow's stateless random ops seeded by (seed, step), so a run repeats itself. Not thread-safe.
 */
final class TfFrameTrainer implements FrameTrainer {
    /** Longest source or target window a training step unrolls. */
    static final int MAX_TRAIN_STEPS = 512;

    private final ModelSpec spec;
    private final FrameTrainingConfig config;
    private final TfFrameNet net;
    private final TfFrameAdam adam;
    private final Map<String, GruGraph.Train> graphs = new HashMap<>();
    private final TracedRuns runs = new TracedRuns();
    private boolean closed;

    /**
     * @throws IllegalArgumentException when the weights do not fit the spec, naming the tensors
     */
    TfFrameTrainer(ModelSpec spec, FrameTrainingConfig config, Weights initial) {
        Seq2SeqLayout.check(initial, spec);
        this.spec = spec;
        this.config = config;
        this.net = new TfFrameNet(spec, canonicalOrder(initial, spec), config.training().threads());
        try {
            this.adam = new TfFrameAdam(net.tf, net.session, Seq2SeqLayout.shapes(spec), config.training().learningRate());
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    /** The weights (already checked) in the canonical order. */
    static Weights canonicalOrder(Weights weights, ModelSpec spec) {
        Map<String, dev.midigen.model.weights.Tensor> ordered = new LinkedHashMap<>();
        for (String name : Seq2SeqLayout.shapes(spec).keySet()) {
            ordered.put(name, weights.get(name));
        }
        return Weights.of(ordered);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public FrameTrainingConfig config() {
        return config;
    }

    /** The training graphs of this shape, built on first use. */
    GruGraph.Train graph(int sourceSteps, int targetSteps, int towers, boolean mixed) {
        String key = sourceSteps + "_" + targetSteps + (mixed ? "m" : "") + "x" + towers;
        GruGraph.Train graph = graphs.get(key);
        if (graph == null) {
            if (sourceSteps > MAX_TRAIN_STEPS || targetSteps > MAX_TRAIN_STEPS) {
                throw new IllegalArgumentException("the tf backend trains windows of up to " + MAX_TRAIN_STEPS
                        + " source and target frames (it unrolls them), got " + sourceSteps + " + " + targetSteps);
            }
            long start = System.nanoTime();
            graph = net.builder.train(sourceSteps, targetSteps, towers, (float) config.training().dropout(),
                    (float) config.classifierDropout(), mixed, config.training().clipNorm(), adam.m, adam.v);
            net.addBuildTime(System.nanoTime() - start);
            graphs.put(key, graph);
        }
        return graph;
    }

    @Override
    public double step(FrameTrainingBatch batch) {
        check();
        try (Step step = run(batch)) {
            step.second.addTarget(step.graph.update);
            runs.run(step.second).close();
            adam.advance();
            return step.loss;
        }
    }

    /** The update runs, for the bench's {@code --profile} ({@link OpProfile}). */
    TracedRuns runs() {
        return runs;
    }

    /**
     * The batch's loss and every weight's gradient before clipping, canonical order and shapes, without an update (for
     * tests): what {@link #step} would apply.
     */
    List<float[]> gradients(FrameTrainingBatch batch) {
        check();
        try (Step step = run(batch)) {
            step.graph.gradients.forEach(step.second::fetch);
            List<float[]> out = new ArrayList<>();
            out.add(new float[] {(float) step.loss});
            try (Result result = step.second.run()) {
                for (int i = 0; i < step.graph.gradients.size(); i++) {
                    out.add(Tensors.read((TFloat32) result.get(i)));
                }
            }
            return out;
        }
    }

    /** A step after its first run: the loss, and the second run's feeds ready (closing frees both runs' tensors). */
    private static final class Step implements AutoCloseable {
        GruGraph.Train graph;
        Session.Runner second;
        double loss;
        Result first;
        final List<Tensor> owned = InputFeed.tensors();

        @Override
        public void close() {
            InputFeed.close(owned);
            if (first != null) {
                first.close();
            }
        }
    }

    private Step run(FrameTrainingBatch batch) {
        FrameBatch frames = batch.frames();
        net.checkWidth(frames.frameSize());
        int rows = frames.batch();
        int sourceSteps = frames.sourceSteps();
        int time = frames.targetSteps();
        int keys = net.keys;
        boolean mixed = false;
        float[] forced = new float[time];
        for (int t = 0; t < time; t++) {
            forced[t] = batch.forced(t) ? 1f : 0f;
            mixed |= !batch.forced(t);
        }
        int towers = net.towers(rows);
        Step step = new Step();
        try {
            GruGraph.Train graph = graph(sourceSteps, time, towers, mixed);
            GruGraph.Pass pass = graph.pass;
            step.graph = graph;
            List<Tensor> owned = step.owned;
            TFloat32[] sources = new TFloat32[towers];
            TInt32[] counts = new TInt32[towers];
            float[][] teacher = new float[towers][];
            Session.Runner first = net.session.runner();
            if (pass.dropout) {
                first.feed(pass.seed, InputFeed.own(owned, Tensors.longs(config.training().seed(), adam.step() + 1)));
                first.feed(pass.batch, InputFeed.own(owned, TInt32.scalarOf(rows)));
            }
            if (mixed) {
                first.feed(pass.forced, InputFeed.own(owned, Tensors.floats(forced, time)));
            }
            List<Operand<TFloat32>> fetches = new ArrayList<>();
            for (int k = 0; k < towers; k++) {
                int start = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - start;
                GruGraph.Tower tower = pass.towers.get(k);
                sources[k] = InputFeed.own(owned, Tensors.floats(TfFrameNet.columns(frames.source(), start, count), keys,
                        (long) sourceSteps * count));
                counts[k] = InputFeed.own(owned, TInt32.scalarOf(count));
                teacher[k] = TfFrameNet.decoderColumns(frames, start, count);
                first.feed(tower.source, sources[k]);
                first.feed(tower.rows, counts[k]);
                first.feed(tower.target, InputFeed.own(owned, Tensors.floats(teacher[k], keys, (long) time * count)));
                if (pass.dropout) {
                    first.feed(tower.offset, InputFeed.own(owned, TInt32.scalarOf(start)));
                }
                fetches.addAll(towerFetches(tower));
            }
            fetches.forEach(first::fetch);
            step.first = runs.run(first);

            Session.Runner second = net.session.runner();
            int perTower = fetches.size() / towers;
            float[] target = frames.target().toArray();
            double sum = 0;
            double scale = 1.0 / ((double) rows * time * keys);
            FrameLoss loss = config.loss();
            for (int k = 0; k < towers; k++) {
                int start = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - start;
                GruGraph.Tower tower = pass.towers.get(k);
                GruGraph.BackTower back = graph.towers.get(k);
                int at = k * perTower;
                float[] logits = Tensors.read((TFloat32) step.first.get(at));
                float[] dLogits = new float[logits.length];
                int columns = time * count;
                sum += lossAndGradient(loss, logits, target, start, count, time, keys, scale, dLogits);
                float[] inputs = teacher[k];
                if (mixed) {
                    inputs = teacher[k].clone();
                    for (int t = 1; t < time; t++) {
                        if (!batch.forced(t)) {
                            for (int i = 0; i < keys; i++) {
                                for (int b = 0; b < count; b++) {
                                    inputs[i * columns + t * count + b] = logits[i * columns + (t - 1) * count + b] >= 0f ? 1f : 0f;
                                }
                            }
                        }
                    }
                }
                second.feed(tower.source, sources[k]);
                second.feed(tower.rows, counts[k]);
                second.feed(back.inputs, InputFeed.own(owned, Tensors.floats(inputs, keys, (long) columns)));
                second.feed(back.dLogits, InputFeed.own(owned, Tensors.floats(dLogits, keys, (long) columns)));
                List<org.tensorflow.op.core.Placeholder<TFloat32>> feeds = backFeeds(back);
                for (int i = 0; i < feeds.size(); i++) {
                    second.feed(feeds.get(i), step.first.get(at + 1 + i));
                }
            }
            step.loss = sum * scale;
            float[] scalars = adam.nextScalars();
            second.feed(graph.learningRate, InputFeed.own(owned, Tensors.scalar(scalars[0])));
            second.feed(graph.beta1Power, InputFeed.own(owned, Tensors.scalar(scalars[1])));
            second.feed(graph.beta2Power, InputFeed.own(owned, Tensors.scalar(scalars[2])));
            second.feed(graph.epsilon, InputFeed.own(owned, Tensors.scalar(scalars[3])));
            step.second = second;
            return step;
        } catch (RuntimeException | Error e) {
            step.close();
            throw e;
        }
    }

    /**
     * The loss summed over a tower's logits ({@code [K, T·count]} columns) against the batch's targets, and its gradient
     * times {@code scale} into {@code dLogits} (same layout): {@link FrameLoss} in double, one key per task on the common
     * pool (the focal loss's logarithms and exponentials cost about 20 ms a step on one core for 32 × 64 × 88 values),
     * the keys' sums added in order so the result does not depend on the threads.
     */
    static double lossAndGradient(FrameLoss loss, float[] logits, float[] target, int start, int count, int time, int keys,
                                  double scale, float[] dLogits) {
        int columns = time * count;
        double[] sums = new double[keys];
        java.util.stream.IntStream.range(0, keys).parallel().forEach(i -> {
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
        fetches.add(tower.hiddenLayer);
        tower.encoder.forEach(values -> fetches.addAll(values.saved()));
        tower.decoder.forEach(values -> fetches.addAll(values.saved()));
        addPresent(fetches, tower.encoderKeep);
        addPresent(fetches, tower.decoderKeep);
        if (tower.classifierKeep != null) {
            fetches.add(tower.classifierKeep);
        }
        return fetches;
    }

    private static List<org.tensorflow.op.core.Placeholder<TFloat32>> backFeeds(GruGraph.BackTower back) {
        List<org.tensorflow.op.core.Placeholder<TFloat32>> feeds = new ArrayList<>();
        feeds.add(back.hiddenLayer);
        back.encoder.forEach(values -> feeds.addAll(values.all()));
        back.decoder.forEach(values -> feeds.addAll(values.all()));
        addPresent(feeds, back.encoderKeep);
        addPresent(feeds, back.decoderKeep);
        if (back.classifierKeep != null) {
            feeds.add(back.classifierKeep);
        }
        return feeds;
    }

    private static <T> void addPresent(List<T> to, List<? extends T> from) {
        for (T item : from) {
            if (item != null) {
                to.add(item);
            }
        }
    }

    @Override
    public SequenceBatch score(FrameBatch batch) {
        check();
        return net.score(batch);
    }

    @Override
    public Weights exportWeights() {
        check();
        return net.exportWeights();
    }

    @Override
    public void importWeights(Weights weights) {
        check();
        Seq2SeqLayout.check(weights, spec);
        net.importWeights(weights);
    }

    @Override
    public byte[] optimizerState() {
        check();
        return adam.save(net.session);
    }

    @Override
    public void restoreOptimizerState(byte[] state) {
        check();
        adam.restore(net.session, state);
    }

    @Override
    public FrameModel toModel() {
        check();
        return new TfFrameModel(spec, net.exportWeights(), config.training().threads());
    }

    long steps() {
        return adam.step();
    }

    TfFrameNet net() {
        return net;
    }

    private void check() {
        SequenceModel.checkOpen(closed, "this tf frame trainer");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            graphs.clear();
            net.close();
        }
    }
}
