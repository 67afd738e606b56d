package dev.midigen.backend.tf;

import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.BatchChecks;
import dev.midigen.model.spi.TrainerBase;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * Trains a model of any family the tf backend runs in one TensorFlow session ({@link TfNet}): the weights and Adam's
 * moments ({@link TfAdam}) are variables; a step runs graphs built once per shape (the network's
 * {@link TfNet#train}), whose last run fetches the loss where the graph computes it and applies the update. Dropout
 * masks come from TensorFlow's stateless random ops seeded by (seed, step), so a run repeats itself. Not thread-safe.
 */
final class TfTrainer extends TrainerBase {
    private final TfNet net;
    private final TfAdam adam;

    /** @param initial checked against the spec */
    TfTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        super(spec, config, TfBackend.NAME);
        this.net = TfNet.create(spec, initial, config.threads());
        try {
            this.adam = new TfAdam(net, config.learningRate());
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    @Override
    protected double stepChecked(TrainingBatch batch) {
        try (TfNet.Run run = net.train(batch, config(), adam)) {
            adam.feed(run.runner, run.update, run.owned);
            run.fetchLoss();
            run.runner.addTarget(run.update.op());
            double loss;
            try (Result result = run.runner.run()) {
                loss = run.lossOf(result);
            }
            adam.advance();
            return loss;
        }
    }

    /**
     * The batch's loss and every weight's gradient before clipping, canonical order and layout, without an update (for
     * tests): what {@link #step} would apply. The first array holds the loss {@link #step} would report, and, where that
     * is computed from the step's outputs ({@code TfNet.Run.report}), the graph's own loss after it.
     */
    List<float[]> gradients(TrainingBatch batch) {
        check();
        BatchChecks.check(spec(), batch);
        try (TfNet.Run run = net.train(batch, config(), adam)) {
            run.fetchLoss();
            run.gradients.forEach(run.runner::fetch);
            int at = run.lossFetches();
            List<float[]> out = new ArrayList<>();
            try (Result result = run.runner.run()) {
                float reported = (float) run.lossOf(result);
                out.add(run.report != null && run.lossOp != null
                        ? new float[] {reported, ((TFloat32) result.get(0)).getFloat()} : new float[] {reported});
                for (int i = 0; i < run.gradients.size(); i++) {
                    out.add(net.weights.canonical(i, Tensors.read((TFloat32) result.get(at + i))));
                }
            }
            return out;
        }
    }

    /** Optimizer steps taken (restored with the optimizer state). */
    long steps() {
        return adam.step();
    }

    /** The graph and session, for tests. */
    TfNet net() {
        return net;
    }

    @Override
    protected SequenceBatch scoreChecked(ModelBatch batch) {
        return net.score(batch);
    }

    @Override
    protected Weights weightsChecked() {
        return net.exportWeights();
    }

    @Override
    protected void importChecked(Weights weights) {
        net.importWeights(weights);
    }

    @Override
    protected OptimizerState optimizerStateChecked() {
        return adam.state(net.session);
    }

    @Override
    protected void restoreChecked(OptimizerState state) {
        adam.restore(net.session, state);
    }

    @Override
    protected SequenceModel toModelChecked() {
        return new TfModel(spec(), net.exportWeights(), config().threads());
    }

    @Override
    protected void release() {
        net.close();
    }
}
