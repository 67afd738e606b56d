package dev.midigen.backend.tf;

import dev.midigen.model.Architecture;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One network in one TensorFlow graph and session, whatever its cells: the weights as variables ({@link TfVariables})
 * and the graphs built on them so far, each built once and cached by shape (the batch size is never part of a graph's
 * shape); the graph grows as graphs are added and the session picks new ops up on its next run. What depends on the
 * cells is the subclass's — scoring, encoding, the decoder state's layout and the training step's runs: {@link LstmNet}
 * ({@link LstmGraph}), {@link GruNet} ({@link GruGraph}) and the drum VAE's {@link VaeNet} ({@link VaeGraph}). The
 * model ({@link TfModel}), its decoders ({@link TfDecoder}) and the trainer
 * ({@link TfTrainer}) are written once over this. Not thread-safe.
 */
abstract class TfNet implements AutoCloseable {
    /** Longest window (source or target) a training step unrolls: graph size and build time grow with it. */
    static final int MAX_TRAIN_STEPS = 512;

    final ModelSpec spec;
    final Graph graph;
    final Ops tf;
    final Session session;
    final TfVariables weights;
    /** Threads: TensorFlow's pool sizes. */
    final int threads;
    private final Map<String, Object> built = new HashMap<>();
    private StepGraph step;
    private boolean stepStale;
    private long buildNanos;

    /** The network of {@code spec}'s cells, holding {@code initial} (checked), on {@code threads} threads (0 = every core). */
    static TfNet create(ModelSpec spec, Weights initial, int threads) {
        Architecture parts = spec.architecture();
        if (parts.bridge() == Architecture.Bridge.VARIATIONAL) {
            return new VaeNet(spec, initial, threads);
        }
        return parts.decoder().cell() == Architecture.Cell.LSTM ? new LstmNet(spec, initial, threads)
                : new GruNet(spec, initial, threads);
    }

    /**
     * @param transposed the weights TensorFlow keeps transposed ({@link TfVariables})
     * @param config     the session's configuration for the number of threads
     */
    TfNet(ModelSpec spec, Weights initial, int threads, Set<String> transposed, IntFunction<ConfigProto> config) {
        this.spec = spec;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        Graph g = new Graph();
        Session s = null;
        try {
            this.tf = Ops.create(g);
            this.weights = new TfVariables(tf, CanonicalLayout.shapes(spec), transposed, "weights");
            s = new Session(g, config.apply(this.threads));
            weights.load(s, initial);
        } catch (RuntimeException | Error e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
        this.graph = g;
        this.session = s;
        buildNanos += System.nanoTime() - start;
    }

    /** The weights (already checked) in the canonical order. */
    static Weights canonicalOrder(Weights weights, ModelSpec spec) {
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : CanonicalLayout.shapes(spec).keySet()) {
            ordered.put(name, weights.get(name));
        }
        return Weights.of(ordered);
    }

    /** Time spent building graphs so far (ms), for the benches. */
    double buildMillis() {
        return buildNanos / 1e6;
    }

    /** The graph built for {@code key}, by {@code build} on first use (its time counted). */
    @SuppressWarnings("unchecked")
    <T> T built(String key, Supplier<T> build) {
        Object cached = built.get(key);
        if (cached == null) {
            long start = System.nanoTime();
            cached = build.get();
            buildNanos += System.nanoTime() - start;
            built.put(key, cached);
        }
        return (T) cached;
    }

    /** The decoder step graph (built on first use), with its padded weights up to date. */
    StepGraph step() {
        if (step == null) {
            step = built("step", this::buildStep);
            stepStale = true;
        }
        if (stepStale && !step.prepare.isEmpty()) {
            Session.Runner runner = session.runner();
            step.prepare.forEach(runner::addTarget);
            runner.run().close();
        }
        stepStale = false;
        return step;
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

    // ------------------------------------------------------------------------------------------ what the cells decide

    protected abstract StepGraph buildStep();

    /** Logits of whole sequences as in inference (no dropout), {@code batch × time × outputSize}. */
    abstract SequenceBatch score(ModelBatch batch);

    /** The encoder's final states through the bridge (a model with an encoder). */
    DecoderState encode(SequenceBatch source) {
        throw new UnsupportedOperationException("a " + spec.family().typeName() + " has no encoder");
    }

    /** The decoder state of {@code batch} rows of the step graph's packed state ({@code [batch, stateWidth]}). */
    abstract DecoderState state(float[] packed, int batch);

    /**
     * Packs {@code state} into {@code packed} ({@code [batch, stateWidth]}), after checking all of it.
     *
     * @throws IllegalArgumentException naming what does not fit (nothing changes then)
     */
    abstract void setState(DecoderState state, float[] packed, int batch);

    /**
     * A training step of {@code batch}, ready for its last run ({@link Run}): the graphs built (cached), the batch fed,
     * with the dropout masks of the config's seed and the optimizer's next step, the runs before it done.
     */
    abstract Run train(TrainingBatch batch, TrainingConfig config, TfAdam adam);

    // ------------------------------------------------------------------------------------------ shared by the cells

    /**
     * A training step ready for its last run: {@link #runner} with the batch fed, the loss it fetches ({@link #lossOp};
     * null when a run before computed it: {@link #loss}), the gradients before clipping and the update. Closing frees
     * every tensor it holds. When {@link #report} is set, the loss reported is it of the values of {@link #reported},
     * which the last run fetches too (the drum VAE's: its evaluator's loss, in double, of the outputs the step computed).
     */
    static final class Run implements AutoCloseable {
        final List<org.tensorflow.Tensor> owned = InputFeed.tensors();
        Session.Runner runner;
        Operand<TFloat32> lossOp;
        double loss;
        List<Operand<TFloat32>> gradients;
        TfAdam.Update update;
        /** A run before this one, whose tensors {@link #runner} feeds. */
        Result first;
        /** What the last run fetches for {@link #report}. */
        List<Operand<TFloat32>> reported = List.of();
        /** The loss reported, of the values of {@link #reported}; null: {@link #lossOp}'s value or {@link #loss}. */
        ToDoubleFunction<List<float[]>> report;

        /** Fetches {@link #lossOp} (when there is one) and then {@link #reported}. */
        void fetchLoss() {
            if (lossOp != null) {
                runner.fetch(lossOp);
            }
            reported.forEach(runner::fetch);
        }

        /** How many values {@link #fetchLoss} fetched. */
        int lossFetches() {
            return (lossOp != null ? 1 : 0) + reported.size();
        }

        /** The loss of the last run's {@code result}, whose first values are {@link #fetchLoss}'s. */
        double lossOf(Result result) {
            if (report != null) {
                int at = lossOp != null ? 1 : 0;
                List<float[]> values = new ArrayList<>();
                for (int i = 0; i < reported.size(); i++) {
                    values.add(Tensors.read((TFloat32) result.get(at + i)));
                }
                return report.applyAsDouble(values);
            }
            return lossOp != null ? ((TFloat32) result.get(0)).getFloat() : loss;
        }

        @Override
        public void close() {
            InputFeed.close(owned);
            if (first != null) {
                first.close();
            }
        }
    }

    /** Feeds a pass's dropout seed (the config's seed and the next step) and the batch's rows. */
    static void feedDropout(Run run, Operand<TInt64> seed, Operand<TInt32> batch, TrainingConfig config, TfAdam adam,
                            int rows) {
        run.runner.feed(seed, InputFeed.own(run.owned, Tensors.longs(config.seed(), adam.step() + 1)));
        run.runner.feed(batch, InputFeed.own(run.owned, TInt32.scalarOf(rows)));
    }

    /**
     * @throws IllegalArgumentException when a window is longer than {@link #MAX_TRAIN_STEPS}
     */
    static void checkWindow(int longest, String window) {
        if (longest > MAX_TRAIN_STEPS) {
            throw new IllegalArgumentException("the tf backend trains windows of up to " + MAX_TRAIN_STEPS
                    + " steps (it unrolls them), got " + window);
        }
    }

    /** Each weight's gradient summed over the towers ({@code towerGradients}: per tower, per weight). */
    static List<Operand<TFloat32>> sumTowers(Ops tf, List<List<Operand<TFloat32>>> towerGradients, int weights) {
        List<Operand<TFloat32>> g = new ArrayList<>();
        for (int i = 0; i < weights; i++) {
            List<Operand<TFloat32>> parts = new ArrayList<>();
            for (List<Operand<TFloat32>> tower : towerGradients) {
                parts.add(tower.get(i));
            }
            g.add(parts.size() == 1 ? parts.get(0) : tf.math.addN(parts));
        }
        return g;
    }
}
