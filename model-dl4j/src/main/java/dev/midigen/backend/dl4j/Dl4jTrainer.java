package dev.midigen.backend.dl4j;

import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.TrainerBase;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a model of any family the backend runs with the family's {@link Engine}: the batch is cut into one block of
 * sequences per thread ({@link TrainingConfig#threads()}, 0 = every core), each block runs forward and backward on
 * its own thread with single-threaded nd4j, the blocks' gradients are added, clipped by global norm and applied with
 * {@link Adam}. Dropout masks depend on (seed, step, sequence), not on the split, so the thread count changes
 * results only by the order of float additions. Not thread-safe.
 */
final class Dl4jTrainer extends TrainerBase {
    private final HeapParams params;
    private final NativeWeights natives;
    private final Adam adam;
    private final List<Engine> engines = new ArrayList<>();
    private final List<HeapParams> gradients = new ArrayList<>();
    private final BlockPool pool;
    private Engine scorer;

    Dl4jTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        super(spec, config, Dl4jBackend.NAME);
        this.params = HeapParams.of(spec, initial);
        this.natives = params.natives();
        this.adam = new Adam(params, config.learningRate(), config.clipNorm());
        this.pool = new BlockPool(config.threads(), "midigen-dl4j-");
    }

    @Override
    protected double stepChecked(TrainingBatch batch) {
        int size = batch.inputs().batch();
        int blocks = Math.min(pool.threads(), size);
        while (engines.size() < blocks) {
            engines.add(natives.engine());
            gradients.add(params.zerosLike());
        }
        double total = engines.get(0).lossTotal(batch);
        float dropout = (float) config().dropout();
        float headDropout = (float) config().headDropout();
        long seed = config().seed();
        long step = adam.step() + 1;
        double loss = pool.run(blocks, block -> {
            HeapParams grads = gradients.get(block);
            grads.clear();
            return engines.get(block).train(batch, block * size / blocks, (block + 1) * size / blocks, total, dropout,
                    headDropout, seed, step, grads);
        });
        HeapParams sum = gradients.get(0);
        for (int k = 1; k < blocks; k++) {
            sum.add(gradients.get(k));
        }
        adam.update(params.values, sum.values);
        natives.load();
        return loss;
    }

    @Override
    protected SequenceBatch scoreChecked(ModelBatch batch) {
        if (scorer == null) {
            scorer = natives.engine();
        }
        return scorer.score(batch);
    }

    @Override
    protected Weights weightsChecked() {
        return params.toWeights();
    }

    @Override
    protected void importChecked(Weights weights) {
        params.set(weights);
        natives.load();
    }

    @Override
    protected OptimizerState optimizerStateChecked() {
        return adam.state();
    }

    @Override
    protected void restoreChecked(OptimizerState state) {
        adam.restore(state);
    }

    @Override
    protected SequenceModel toModelChecked() {
        return new Dl4jModel(spec(), params.copy());
    }

    @Override
    protected void release() {
        pool.close();
        for (Engine engine : engines) {
            engine.close();
        }
        engines.clear();
        gradients.clear();
        if (scorer != null) {
            scorer.close();
        }
        natives.close();
    }
}
