package dev.midigen.backend.dl4j;

import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains an LSTM family with {@link LstmEngine}: the batch is cut into one block of sequences per thread
 * ({@link TrainingConfig#threads()}, 0 = every core), each block runs forward and backward on its own
 * thread with single-threaded nd4j, the blocks' gradients are added, clipped by global norm and applied
 * with {@link Adam}. Dropout masks depend on (seed, step, sequence), not on the split, so the thread count
 * changes results only by the order of float additions. Not thread-safe.
 */
final class Dl4jTrainer implements Trainer {
    private final ModelSpec spec;
    private final TrainingConfig config;
    private final LstmNetwork network;
    private final LstmParams params;
    private final NativeParams natives;
    private final Adam adam;
    private final List<LstmEngine> engines = new ArrayList<>();
    private final List<LstmParams> gradients = new ArrayList<>();
    private final BlockPool pool;
    private LstmEngine scorer;
    private boolean closed;

    Dl4jTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        this.spec = spec;
        this.config = config;
        this.network = spec.lstmNetwork();
        this.params = LstmParams.of(initial, network);
        this.natives = new NativeParams(params);
        this.adam = new Adam(params, config.learningRate(), config.clipNorm());
        this.pool = new BlockPool(config.threads(), "midigen-dl4j-");
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public TrainingConfig config() {
        return config;
    }

    @Override
    public double step(TrainingBatch batch) {
        check();
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
        int blocks = Math.min(pool.threads(), inputs.batch());
        while (engines.size() < blocks) {
            engines.add(new LstmEngine(network));
            gradients.add(LstmParams.zeros(network));
        }
        float rate = (float) config.dropout();
        long seed = config.seed() * 31 + adam.step() + 1;
        double maskTotal = total;
        double loss = pool.run(blocks, block -> run(block, blocks, inputs, labels, mask, maskTotal, rate, seed));
        LstmParams sum = gradients.get(0);
        for (int k = 1; k < blocks; k++) {
            sum.add(gradients.get(k));
        }
        adam.update(params, sum);
        natives.load(params);
        return loss;
    }

    private double run(int block, int blocks, SequenceBatch inputs, int[] labels, float[] mask, double maskTotal,
                       float rate, long seed) {
        int from = block * inputs.batch() / blocks;
        int to = (block + 1) * inputs.batch() / blocks;
        LstmParams grads = gradients.get(block);
        grads.clear();
        return engines.get(block).train(natives, inputs, labels, mask, from, to, maskTotal, rate, seed, grads);
    }

    @Override
    public SequenceBatch score(SequenceBatch inputs) {
        check();
        if (scorer == null) {
            scorer = new LstmEngine(network);
        }
        float[] logits = new float[inputs.batch() * inputs.time() * network.outputSize()];
        scorer.score(natives, inputs, 0, inputs.batch(), logits);
        return SequenceBatch.wrap(inputs.batch(), inputs.time(), network.outputSize(), logits);
    }

    @Override
    public Weights exportWeights() {
        check();
        return params.toWeights();
    }

    @Override
    public void importWeights(Weights weights) {
        check();
        params.set(weights);
        natives.load(params);
    }

    @Override
    public byte[] optimizerState() {
        check();
        return adam.save();
    }

    @Override
    public void restoreOptimizerState(byte[] state) {
        check();
        adam.restore(state);
    }

    @Override
    public SequenceModel toModel() {
        check();
        return new Dl4jModel(spec, params.copy());
    }

    /** Optimizer steps taken (restored with the optimizer state). */
    long steps() {
        return adam.step();
    }

    private void check() {
        SequenceModel.checkOpen(closed, "this dl4j trainer");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        for (LstmEngine engine : engines) {
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
