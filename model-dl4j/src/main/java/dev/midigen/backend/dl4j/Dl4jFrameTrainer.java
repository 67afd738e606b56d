package dev.midigen.backend.dl4j;

import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the seq2seq GRU family with {@link FrameEngine}: the batch is cut into one block of sequences per thread
 * ({@code threads}, 0 = every core), each block runs forward and backward on its own thread with single-threaded
 * nd4j, the blocks' gradients are added, clipped by global norm and applied with {@link Adam}. Dropout masks depend
 * on (seed, step, sequence), not on the split. Not thread-safe.
 */
final class Dl4jFrameTrainer implements FrameTrainer {
    private final ModelSpec spec;
    private final FrameTrainingConfig config;
    private final Seq2SeqParams params;
    private final NativeSeq2Seq natives;
    private final Adam adam;
    private final List<FrameEngine> engines = new ArrayList<>();
    private final List<Seq2SeqParams> gradients = new ArrayList<>();
    private final BlockPool pool;
    private FrameEngine scorer;
    private boolean closed;

    Dl4jFrameTrainer(ModelSpec spec, FrameTrainingConfig config, Weights initial) {
        this.spec = spec;
        this.config = config;
        this.params = Seq2SeqParams.of(initial, spec);
        this.natives = new NativeSeq2Seq(params);
        this.adam = new Adam(params.names, params.values, config.training().learningRate(), config.training().clipNorm());
        this.pool = new BlockPool(config.training().threads(), "midigen-dl4j-frames-");
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public FrameTrainingConfig config() {
        return config;
    }

    @Override
    public double step(FrameTrainingBatch batch) {
        check();
        FrameBatch frames = batch.frames();
        checkWidth(frames.frameSize());
        int blocks = Math.min(pool.threads(), frames.batch());
        while (engines.size() < blocks) {
            engines.add(new FrameEngine(params));
            gradients.add(params.zerosLike());
        }
        long values = (long) frames.batch() * frames.targetSteps() * frames.frameSize();
        float gruDropout = (float) config.training().dropout();
        float classifierDropout = (float) config.classifierDropout();
        long seed = config.training().seed() * 31 + adam.step() + 1;
        double loss = pool.run(blocks, block -> run(block, blocks, batch, values, gruDropout, classifierDropout, seed));
        Seq2SeqParams sum = gradients.get(0);
        for (int k = 1; k < blocks; k++) {
            sum.add(gradients.get(k));
        }
        adam.update(params.values, sum.values);
        natives.load(params);
        return loss;
    }

    private double run(int block, int blocks, FrameTrainingBatch batch, long values, float gruDropout,
                       float classifierDropout, long seed) {
        int size = batch.frames().batch();
        int from = block * size / blocks;
        int to = (block + 1) * size / blocks;
        Seq2SeqParams grads = gradients.get(block);
        grads.clear();
        return engines.get(block).train(natives, batch, from, to, values, config.loss(), gruDropout, classifierDropout, seed,
                grads);
    }

    private void checkWidth(int width) {
        if (width != params.keys) {
            throw new IllegalArgumentException("frames are " + width + " wide; this model reads " + params.keys + " keys");
        }
    }

    @Override
    public SequenceBatch score(FrameBatch batch) {
        check();
        checkWidth(batch.frameSize());
        if (scorer == null) {
            scorer = new FrameEngine(params);
        }
        float[] logits = new float[batch.batch() * batch.targetSteps() * params.keys];
        scorer.score(natives, batch, 0, batch.batch(), logits);
        return SequenceBatch.wrap(batch.batch(), batch.targetSteps(), params.keys, logits);
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
    public FrameModel toModel() {
        check();
        return new Dl4jFrameModel(spec, params.copy());
    }

    private void check() {
        SequenceModel.checkOpen(closed, "this dl4j frame trainer");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        for (FrameEngine engine : engines) {
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
