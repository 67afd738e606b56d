package dev.midigen.backend.tf;

import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One seq2seq GRU in one TensorFlow graph and session: the weights as variables ({@link TfVariables}) and the graphs
 * built on them so far ({@link GruGraph}), each built once and cached by shape — forward passes by (source steps,
 * target steps, towers), the decoder step for any batch. Also the layouts between Java's batch-major frames and the
 * graphs' feature-major columns. Not thread-safe.
 */
final class TfFrameNet implements AutoCloseable {
    /** System property: towers a pass splits its batch into (default 1; each runs side by side on its own ops). */
    static final String TOWERS_PROPERTY = "midigen.tf.gru.towers";
    /** Longest source or target a pass unrolls. */
    static final int MAX_STEPS = 1024;

    final ModelSpec spec;
    final Seq2SeqGru family;
    final int keys;
    final Graph graph;
    final Ops tf;
    final Session session;
    final TfVariables weights;
    final GruGraph builder;
    final int threads;
    /** Towers a pass splits its batch into (at most one per sequence). */
    final int towerCount;
    private final Map<String, GruGraph.Pass> passes = new HashMap<>();
    private GruGraph.Step step;
    private boolean stepStale;
    private long buildNanos;

    TfFrameNet(ModelSpec spec, Weights initial, int threads) {
        this.spec = spec;
        this.family = (Seq2SeqGru) spec.family();
        this.keys = Seq2SeqLayout.keys(spec);
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.towerCount = Math.max(1, Integer.getInteger(TOWERS_PROPERTY, 1));
        long start = System.nanoTime();
        this.graph = new Graph();
        try {
            this.tf = Ops.create(graph);
            this.weights = new TfVariables(tf, Seq2SeqLayout.shapes(spec), "weights");
            this.builder = new GruGraph(tf, family, keys, weights);
            this.session = new Session(graph, config(this.threads, towerCount));
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
        weights.load(session, initial);
        buildNanos += System.nanoTime() - start;
    }

    double buildMillis() {
        return buildNanos / 1e6;
    }

    void addBuildTime(long nanos) {
        buildNanos += nanos;
    }

    /** Towers for a batch: {@link #towerCount}, at most one per sequence. */
    int towers(int batch) {
        return Math.max(1, Math.min(towerCount, batch));
    }

    /**
     * The session's configuration: {@link TfRuntime#config}'s (Grappler's settings, per-session pools, {@code threads}
     * inter-op threads), but with one tower each op may use every thread ({@code -Dmidigen.tf.intra=N} still decides).
     * Measured on 2 cores, 2 × 512 GRUs, batch 32: one tower of two-threaded ops is faster than two towers of
     * single-threaded ones — the GRU's products ({@code [1536, 512] · [512, B]}) are large enough to share.
     */
    static org.tensorflow.proto.ConfigProto config(int threads, int towers) {
        org.tensorflow.proto.ConfigProto base = TfRuntime.config(threads);
        if (System.getProperty("midigen.tf.intra") != null) {
            return base;
        }
        return base.toBuilder().setIntraOpParallelismThreads(towers == 1 ? threads : 1).build();
    }

    static void checkSteps(int steps, String what) {
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("the tf backend unrolls " + what + " of up to " + MAX_STEPS + " frames, got " + steps);
        }
    }

    private GruGraph.Pass pass(int sourceSteps, int targetSteps, int towers, boolean encoderOnly) {
        checkSteps(sourceSteps, "sources");
        checkSteps(targetSteps, "targets");
        String key = sourceSteps + "_" + (encoderOnly ? "e" : targetSteps) + "x" + towers;
        GruGraph.Pass pass = passes.get(key);
        if (pass == null) {
            long start = System.nanoTime();
            pass = builder.forward(sourceSteps, targetSteps, towers, 0, 0, false, encoderOnly);
            buildNanos += System.nanoTime() - start;
            passes.put(key, pass);
        }
        return pass;
    }

    /** The decoder step graph (built on first use) with its padded weights up to date. */
    GruGraph.Step step() {
        if (step == null) {
            long start = System.nanoTime();
            step = builder.step();
            buildNanos += System.nanoTime() - start;
            stepStale = true;
        }
        if (stepStale) {
            Session.Runner runner = session.runner();
            step.prepare.forEach(runner::addTarget);
            runner.run().close();
            stepStale = false;
        }
        return step;
    }

    void checkWidth(int width) {
        if (width != keys) {
            throw new IllegalArgumentException("frames are " + width + " wide; this model reads " + keys + " keys");
        }
    }

    /** Teacher-forced logits {@code [B, T, K]} without dropout. */
    SequenceBatch score(FrameBatch batch) {
        checkWidth(batch.frameSize());
        int rows = batch.batch();
        int time = batch.targetSteps();
        int towers = towers(rows);
        GruGraph.Pass pass = pass(batch.sourceSteps(), time, towers, false);
        List<Tensor> owned = InputFeed.tensors();
        float[] logits = new float[rows * time * keys];
        try {
            Session.Runner runner = session.runner();
            for (int k = 0; k < towers; k++) {
                int first = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                GruGraph.Tower tower = pass.towers.get(k);
                feedForward(runner, tower, batch, first, count, owned);
                runner.fetch(tower.logits);
            }
            try (Result result = runner.run()) {
                for (int k = 0; k < towers; k++) {
                    int first = InputFeed.towerStart(rows, towers, k);
                    int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                    fromColumns(Tensors.read((TFloat32) result.get(k)), keys, time, first, count, rows, logits);
                }
            }
        } finally {
            InputFeed.close(owned);
        }
        return SequenceBatch.wrap(rows, time, keys, logits);
    }

    /** Feeds a tower's source, teacher-forced decoder inputs and rows. */
    void feedForward(Session.Runner runner, GruGraph.Tower tower, FrameBatch batch, int first, int count, List<Tensor> owned) {
        runner.feed(tower.source, InputFeed.own(owned, Tensors.floats(columns(batch.source(), first, count), keys,
                (long) batch.sourceSteps() * count)));
        runner.feed(tower.target, InputFeed.own(owned, Tensors.floats(decoderColumns(batch, first, count), keys,
                (long) batch.targetSteps() * count)));
        runner.feed(tower.rows, InputFeed.own(owned, TInt32.scalarOf(count)));
    }

    /** The encoder's final states from the zero state: one {@code [B, H]} tensor per layer, the decoder's state names. */
    DecoderState encode(SequenceBatch source) {
        checkWidth(source.width());
        int rows = source.batch();
        int towers = towers(rows);
        GruGraph.Pass pass = pass(source.time(), 0, towers, true);
        int layers = family.layers();
        int h = family.hidden();
        List<float[]> states = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            states.add(new float[rows * h]);
        }
        List<Tensor> owned = InputFeed.tensors();
        try {
            Session.Runner runner = session.runner();
            for (int k = 0; k < towers; k++) {
                int first = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                GruGraph.Tower tower = pass.towers.get(k);
                runner.feed(tower.source, InputFeed.own(owned, Tensors.floats(columns(source, first, count), keys,
                        (long) source.time() * count)));
                runner.feed(tower.rows, InputFeed.own(owned, TInt32.scalarOf(count)));
                for (int l = 0; l < layers; l++) {
                    runner.fetch(tower.encoder.get(l).last());
                }
            }
            try (Result result = runner.run()) {
                for (int k = 0; k < towers; k++) {
                    int first = InputFeed.towerStart(rows, towers, k);
                    int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                    for (int l = 0; l < layers; l++) {
                        float[] state = Tensors.read((TFloat32) result.get(k * layers + l)); // [H, count]
                        float[] target = states.get(l);
                        for (int u = 0; u < h; u++) {
                            for (int b = 0; b < count; b++) {
                                target[(first + b) * h + u] = state[u * count + b];
                            }
                        }
                    }
                }
            }
        } finally {
            InputFeed.close(owned);
        }
        return DecoderState.of(rows, Seq2SeqLayout.stateNames(family), states);
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

    /** The teacher-forced decoder inputs ({@link FrameBatch#decoderInput}) of rows {@code first …} as columns {@code [K, T·count]}. */
    static float[] decoderColumns(FrameBatch batch, int first, int count) {
        int k = batch.frameSize();
        int time = batch.targetSteps();
        float[] out = new float[k * time * count];
        int columns = time * count;
        for (int b = 0; b < count; b++) {
            for (int t = 0; t < time; t++) {
                float[] frame = batch.decoderInput(first + b, t);
                int column = t * count + b;
                for (int i = 0; i < k; i++) {
                    out[i * columns + column] = frame[i];
                }
            }
        }
        return out;
    }

    /** Columns {@code [K, T·count]} back into rows {@code first …} of a batch-major {@code [rows, T, K]} array. */
    static void fromColumns(float[] columns, int k, int time, int first, int count, int rows, float[] out) {
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

    Weights exportWeights() {
        return weights.read(session);
    }

    void importWeights(Weights values) {
        weights.load(session, values);
        stepStale = true;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
