package dev.midigen.backend.tf;

import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains an LSTM family in one TensorFlow session: the weights and Adam's moments are variables, a
 * training step is one {@code Session.run} of a graph built once per (window steps, sparse or dense input)
 * that feeds only the batch and a few scalars and fetches only the loss. Dropout masks come from
 * TensorFlow's stateless random ops seeded by (seed, step), so a run is the same every time. Not
 * thread-safe.
 */
final class TfTrainer implements Trainer {
    /**
     * Longest training window: the pass is unrolled over every step of the window (graph size and build time
     * grow with it: about 2 s at 64 steps for 2 × 256), and backpropagation runs through all of it.
     */
    static final int MAX_TRAIN_STEPS = 512;

    private final ModelSpec spec;
    private final TrainingConfig config;
    private final LstmNetwork network;
    private final TfNet net;
    private final TfAdam adam;
    private final Map<String, LstmGraph.Train> graphs = new HashMap<>();
    /** {@code -Dmidigen.tf.backward=autodiff}: {@code tf.gradients} through the LSTM steps (slower; for comparison). */
    private final boolean autodiff = "autodiff".equals(System.getProperty("midigen.tf.backward"));
    private boolean closed;
    private final TracedRuns runs = new TracedRuns();

    TfTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        this.spec = spec;
        this.config = config;
        this.network = spec.lstmNetwork();
        LstmLayout.check(initial, network);
        this.net = new TfNet(network, initial, config.threads());
        try {
            this.adam = new TfAdam(net, config.learningRate());
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public TrainingConfig config() {
        return config;
    }

    /** The training graph of this shape, built on first use. */
    LstmGraph.Train graph(int time, boolean sparse, int towers) {
        String key = time + (sparse ? "s" : "d") + "x" + towers;
        LstmGraph.Train graph = graphs.get(key);
        if (graph == null) {
            if (time > MAX_TRAIN_STEPS) {
                throw new IllegalArgumentException("the tf backend trains windows of up to " + MAX_TRAIN_STEPS
                        + " steps (it unrolls them), got " + time);
            }
            long start = System.nanoTime();
            graph = net.builder.train(time, sparse, towers, (float) config.dropout(), config.clipNorm(), autodiff, adam.m,
                    adam.v);
            net.addBuildTime(System.nanoTime() - start);
            graphs.put(key, graph);
        }
        return graph;
    }

    @Override
    public double step(TrainingBatch batch) {
        check();
        try (Run run = prepare(batch)) {
            run.runner.fetch(run.graph.loss);
            run.runner.addTarget(run.graph.update);
            double loss;
            try (Result result = runs.run(run.runner)) {
                loss = ((TFloat32) result.get(0)).getFloat();
            }
            adam.advance();
            return loss;
        }
    }

    /** The update runs, for the bench's {@code --profile} ({@link OpProfile}). */
    TracedRuns runs() {
        return runs;
    }

    /**
     * The batch's loss and the gradients of every weight (before clipping), canonical layout, without an
     * update: what {@link #step} would apply (for tests).
     */
    List<float[]> gradients(TrainingBatch batch) {
        check();
        try (Run run = prepare(batch)) {
            run.runner.fetch(run.graph.loss);
            run.graph.gradients.forEach(run.runner::fetch);
            List<float[]> out = new ArrayList<>();
            TfParams weights = net.weights;
            try (Result result = run.runner.run()) {
                out.add(new float[] {((TFloat32) result.get(0)).getFloat()});
                for (int i = 0; i < weights.size(); i++) {
                    int[] shape = weights.canonicalShapes.get(i);
                    float[] values = Tensors.read((TFloat32) result.get(i + 1));
                    out.add(TfParams.transposed(weights.names.get(i), shape) ? TfParams.transpose(values, shape[1], shape[0])
                            : values);
                }
            }
            return out;
        }
    }

    /** A training step's feeds, ready to run; closing frees the fed tensors. */
    private record Run(Session.Runner runner, LstmGraph.Train graph, List<Tensor> owned) implements AutoCloseable {
        @Override
        public void close() {
            InputFeed.close(owned);
        }
    }

    private Run prepare(TrainingBatch batch) {
        SequenceBatch inputs = batch.inputs();
        if (inputs.width() != network.inputSize()) {
            throw new IllegalArgumentException("inputs are " + inputs.width() + " wide, the network reads "
                    + network.inputSize());
        }
        int[] labels = batch.labels();
        float[] mask = batch.mask();
        double total = 0;
        for (int i = 0; i < mask.length; i++) {
            float m = mask[i];
            if (!(m >= 0f) || Float.isInfinite(m)) {
                throw new IllegalArgumentException("mask values are weights >= 0, got " + m + " at " + i);
            }
            if (m > 0f && (labels[i] < 0 || labels[i] >= network.outputSize())) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is not a class 0.."
                        + (network.outputSize() - 1));
            }
            total += m;
        }
        if (total == 0) {
            throw new IllegalArgumentException("the batch has no unmasked step");
        }
        int[] safeLabels = new int[labels.length];
        float[] weights = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] > 0f) {
                safeLabels[i] = labels[i];
                weights[i] = (float) (mask[i] / total);
            }
        }
        int batchSize = inputs.batch();
        int time = inputs.time();
        float[] values = new float[batchSize * time * inputs.width()];
        inputs.copyTo(values, 0);
        boolean sparse = InputFeed.sparse(values);
        int towers = net.towers(batchSize);
        LstmGraph.Train graph = graph(time, sparse, towers);
        List<Tensor> owned = InputFeed.tensors();
        try {
            Session.Runner runner = net.session.runner();
            LstmGraph.Pass pass = graph.pass;
            if (pass.seed != null) {
                runner.feed(pass.seed, InputFeed.own(owned, Tensors.longs(config.seed(), adam.step() + 1)));
                runner.feed(pass.batch, InputFeed.own(owned, TInt32.scalarOf(batchSize)));
            }
            for (int k = 0; k < towers; k++) {
                LstmGraph.Tower tower = pass.towers.get(k);
                int first = InputFeed.towerStart(batchSize, towers, k);
                int count = InputFeed.towerStart(batchSize, towers, k + 1) - first;
                InputFeed.feed(runner, tower.input, values, time, inputs.width(), first, count, 0, time, time, owned);
                int[] towerLabels = Arrays.copyOfRange(safeLabels, first * time, (first + count) * time);
                float[] towerWeights = Arrays.copyOfRange(weights, first * time, (first + count) * time);
                runner.feed(graph.labels.get(k), InputFeed.own(owned, Tensors.ints(towerLabels, towerLabels.length)));
                runner.feed(graph.weights.get(k), InputFeed.own(owned, Tensors.vector(towerWeights, towerWeights.length)));
                if (tower.offset != null) {
                    runner.feed(tower.offset, InputFeed.own(owned, TInt32.scalarOf(first)));
                    runner.feed(tower.count, InputFeed.own(owned, TInt32.scalarOf(count)));
                }
            }
            float[] scalars = adam.nextScalars();
            runner.feed(graph.learningRate, InputFeed.own(owned, Tensors.scalar(scalars[0])));
            runner.feed(graph.beta1Power, InputFeed.own(owned, Tensors.scalar(scalars[1])));
            runner.feed(graph.beta2Power, InputFeed.own(owned, Tensors.scalar(scalars[2])));
            runner.feed(graph.epsilon, InputFeed.own(owned, Tensors.scalar(scalars[3])));
            return new Run(runner, graph, owned);
        } catch (RuntimeException | Error e) {
            InputFeed.close(owned);
            throw e;
        }
    }

    @Override
    public SequenceBatch score(SequenceBatch inputs) {
        check();
        return net.score(inputs);
    }

    @Override
    public Weights exportWeights() {
        check();
        return net.exportWeights();
    }

    @Override
    public void importWeights(Weights weights) {
        check();
        LstmLayout.check(weights, network);
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
    public SequenceModel toModel() {
        check();
        return new TfModel(spec, net.exportWeights(), config.threads());
    }

    /** Optimizer steps taken (restored with the optimizer state). */
    long steps() {
        return adam.step();
    }

    /** The graph and session, for tests and the bench. */
    TfNet net() {
        return net;
    }

    private void check() {
        SequenceModel.checkOpen(closed, "this tf trainer");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        graphs.clear();
        net.close();
    }
}
