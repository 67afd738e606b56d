package dev.midigen.backend.tf;

import dev.midigen.model.DecoderState;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.reference.LstmStateBuffers;
import dev.midigen.model.reference.LstmStateNames;
import dev.midigen.model.spi.BatchChecks;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * An LSTM family's network ({@link LstmGraph}): forward passes by (steps, sparse or dense input, continuation, towers)
 * — a pass splits its batch into towers, one per thread — and training graphs by (window steps, sparse or dense,
 * towers), one {@code Session.run} a step that feeds the batch and a few scalars and fetches only the loss. The
 * decoder's state is the reference backend's ({@link LstmStateNames}: {@code lstm.l.h}, {@code lstm.l.c},
 * {@code attention.memory} oldest first, {@code attention.count}), so a state moves between backends. TensorFlow keeps
 * the output layer's matrix transposed ({@code logits = features · W}).
 */
final class LstmNet extends TfNet {
    /** Longest forward pass scoring unrolls; longer inputs are scored in chunks of this many steps. */
    static final int MAX_SCORE_STEPS = 128;
    /** Scoring passes are unrolled over the next of these lengths (inputs are padded with zeros). */
    private static final int[] SCORE_BUCKETS = {8, 16, 32, 64, MAX_SCORE_STEPS};

    final LstmNetwork network;
    final LstmGraph builder;

    LstmNet(ModelSpec spec, Weights initial, int threads) {
        super(spec, initial, threads, Set.of(LstmLayout.OUTPUT_WEIGHTS), TfRuntime::config);
        this.network = spec.lstmNetwork();
        this.builder = new LstmGraph(tf, network, weights);
    }

    @Override
    protected StepGraph buildStep() {
        return builder.step();
    }

    static int bucket(int time) {
        for (int bucket : SCORE_BUCKETS) {
            if (time <= bucket) {
                return bucket;
            }
        }
        return MAX_SCORE_STEPS;
    }

    /** Towers for a batch: one per thread, at most one per sequence. */
    int towers(int batch) {
        return Math.max(1, Math.min(threads, batch));
    }

    private LstmGraph.Pass pass(int time, boolean sparse, boolean continuation, int towers) {
        return built("score" + time + (sparse ? "s" : "d") + (continuation ? "c" : "") + "x" + towers,
                () -> builder.score(time, sparse, continuation, towers));
    }

    /** Logits of whole sequences from the zero state (no dropout), in chunks of {@link #MAX_SCORE_STEPS}. */
    @Override
    SequenceBatch score(ModelBatch batch) {
        SequenceBatch inputs = batch.inputs();
        int rows = inputs.batch();
        int time = inputs.time();
        int width = inputs.width();
        int outputs = network.outputSize();
        float[] values = new float[rows * time * width];
        inputs.copyTo(values, 0);
        boolean sparse = InputFeed.sparse(values);
        int towers = towers(rows);
        float[] logits = new float[rows * time * outputs];
        List<Tensor> owned = InputFeed.tensors();
        int layers = network.layerSizes().size();
        int length = network.attentionLength();
        float[][][] h = new float[towers][layers][];
        float[][][] c = new float[towers][layers][];
        float[][] memory = new float[towers][];
        try {
            for (int from = 0; from < time; from += MAX_SCORE_STEPS) {
                int steps = Math.min(MAX_SCORE_STEPS, time - from);
                boolean continuation = from > 0;
                int padded = continuation ? MAX_SCORE_STEPS : bucket(steps);
                boolean last = from + steps >= time;
                LstmGraph.Pass pass = pass(padded, sparse, continuation, towers);
                Session.Runner runner = session.runner();
                if (continuation && length > 0) {
                    runner.feed(pass.attentionMask, InputFeed.own(owned, Tensors.floats(
                            LstmGraph.continuationMask(padded, length, from), padded, length + padded)));
                }
                for (int k = 0; k < towers; k++) {
                    LstmGraph.Tower tower = pass.towers.get(k);
                    int first = InputFeed.towerStart(rows, towers, k);
                    int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                    InputFeed.feed(runner, tower.input, values, time, width, first, count, from, steps, padded, owned);
                    if (continuation) {
                        for (int l = 0; l < layers; l++) {
                            int size = network.layerSizes().get(l);
                            runner.feed(tower.initialH.get(l), InputFeed.own(owned, Tensors.floats(h[k][l], count, size)));
                            runner.feed(tower.initialC.get(l), InputFeed.own(owned, Tensors.floats(c[k][l], count, size)));
                        }
                        if (length > 0) {
                            runner.feed(tower.memory, InputFeed.own(owned, Tensors.floats(memory[k], count, length,
                                    network.topSize())));
                        }
                    }
                    runner.fetch(tower.logits);
                    if (!last) {
                        for (int l = 0; l < layers; l++) {
                            runner.fetch(tower.finalH.get(l));
                            runner.fetch(tower.finalC.get(l));
                        }
                        if (length > 0) {
                            runner.fetch(tower.memoryOut);
                        }
                    }
                }
                int fetches = 1 + (last ? 0 : 2 * layers + (length > 0 ? 1 : 0));
                try (Result result = runner.run()) {
                    for (int k = 0; k < towers; k++) {
                        int first = InputFeed.towerStart(rows, towers, k);
                        int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                        int at = k * fetches;
                        float[] chunk = Tensors.read((TFloat32) result.get(at));
                        for (int b = 0; b < count; b++) {
                            System.arraycopy(chunk, b * padded * outputs, logits, ((first + b) * time + from) * outputs,
                                    steps * outputs);
                        }
                        if (!last) {
                            for (int l = 0; l < layers; l++) {
                                h[k][l] = Tensors.read((TFloat32) result.get(at + 1 + 2 * l));
                                c[k][l] = Tensors.read((TFloat32) result.get(at + 2 + 2 * l));
                            }
                            if (length > 0) {
                                memory[k] = Tensors.read((TFloat32) result.get(at + 1 + 2 * layers));
                            }
                        }
                    }
                }
                InputFeed.close(owned);
            }
        } finally {
            InputFeed.close(owned);
        }
        return SequenceBatch.wrap(rows, time, outputs, logits);
    }

    // ------------------------------------------------------------------------------------------ decoder state

    @Override
    DecoderState state(float[] packed, int batch) {
        LstmStateBuffers state = new LstmStateBuffers(batch, network);
        copy(packed, state, batch, false);
        return state.snapshot();
    }

    @Override
    void setState(DecoderState newState, float[] packed, int batch) {
        LstmStateBuffers state = new LstmStateBuffers(batch, network);
        state.restore(newState);
        Arrays.fill(packed, 0f);
        copy(packed, state, batch, true);
    }

    /**
     * Copies between the step graph's packed rows ({@link LstmGraph#step}: h, c of each layer, the memory, the count;
     * padded) and the reference's buffers, into the packed rows when {@code pack}.
     */
    private void copy(float[] packed, LstmStateBuffers state, int batch, boolean pack) {
        int width = packed.length / batch;
        int[] hidden = builder.paddedHidden();
        int top = network.topSize();
        int topPadded = hidden[hidden.length - 1];
        int length = network.attentionLength();
        for (int b = 0; b < batch; b++) {
            int at = b * width;
            for (int l = 0; l < hidden.length; l++) {
                int h = network.layerSizes().get(l);
                move(pack, packed, at, state.h(l), b * h, h);
                move(pack, packed, at + hidden[l], state.c(l), b * h, h);
                at += 2 * hidden[l];
            }
            if (length > 0) {
                for (int k = 0; k < length; k++) {
                    move(pack, packed, at + k * topPadded, state.memory(), (b * length + k) * top, top);
                }
                int count = at + builder.slots() * topPadded;
                if (pack) {
                    packed[count] = state.count()[b];
                } else {
                    state.count()[b] = Math.round(packed[count]);
                }
            }
        }
    }

    private static void move(boolean pack, float[] packed, int at, float[] values, int offset, int length) {
        if (pack) {
            System.arraycopy(values, offset, packed, at, length);
        } else {
            System.arraycopy(packed, at, values, offset, length);
        }
    }

    // ------------------------------------------------------------------------------------------ training

    /**
     * One run: the masked mean cross-entropy (each unmasked step weighted by its mask over the batch's mask total),
     * fetched with the update. {@code -Dmidigen.tf.backward=autodiff} builds the graph with {@code tf.gradients}
     * through the LSTM steps (slower; for comparison).
     */
    @Override
    Run train(TrainingBatch batch, TrainingConfig config, TfAdam adam) {
        SequenceBatch inputs = batch.inputs().inputs();
        Targets.Categorical targets = batch.categoricalTargets();
        int[] labels = targets.labels();
        float[] mask = targets.mask();
        double total = BatchChecks.maskTotal(targets, network.outputSize());
        int[] safeLabels = new int[labels.length];
        float[] weights = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] > 0f) {
                safeLabels[i] = labels[i];
                weights[i] = (float) (mask[i] / total);
            }
        }
        int rows = inputs.batch();
        int time = inputs.time();
        float[] values = new float[rows * time * inputs.width()];
        inputs.copyTo(values, 0);
        boolean sparse = InputFeed.sparse(values);
        int towers = towers(rows);
        LstmGraph.Train graph = built("train" + time + (sparse ? "s" : "d") + "x" + towers, () -> {
            checkWindow(time, Integer.toString(time));
            return builder.train(time, sparse, towers, (float) config.dropout(), config.clipNorm(),
                    "autodiff".equals(System.getProperty("midigen.tf.backward")), adam);
        });
        Run run = new Run();
        try {
            run.runner = session.runner();
            run.lossOp = graph.loss;
            run.gradients = graph.gradients;
            run.update = graph.update;
            LstmGraph.Pass pass = graph.pass;
            if (pass.seed != null) {
                feedDropout(run, pass.seed, pass.batch, config, adam, rows);
            }
            for (int k = 0; k < towers; k++) {
                LstmGraph.Tower tower = pass.towers.get(k);
                int first = InputFeed.towerStart(rows, towers, k);
                int count = InputFeed.towerStart(rows, towers, k + 1) - first;
                InputFeed.feed(run.runner, tower.input, values, time, inputs.width(), first, count, 0, time, time, run.owned);
                int[] towerLabels = Arrays.copyOfRange(safeLabels, first * time, (first + count) * time);
                float[] towerWeights = Arrays.copyOfRange(weights, first * time, (first + count) * time);
                run.runner.feed(graph.labels.get(k), InputFeed.own(run.owned, Tensors.ints(towerLabels, towerLabels.length)));
                run.runner.feed(graph.weights.get(k), InputFeed.own(run.owned, Tensors.vector(towerWeights,
                        towerWeights.length)));
                if (tower.offset != null) {
                    run.runner.feed(tower.offset, InputFeed.own(run.owned, TInt32.scalarOf(first)));
                    run.runner.feed(tower.count, InputFeed.own(run.owned, TInt32.scalarOf(count)));
                }
            }
            return run;
        } catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }
}
