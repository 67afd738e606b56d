package dev.midigen.model.training;

import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainer;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.eval.FrameEvaluator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A test backend whose frame trainer learns only the logits' bias ({@code classifier.1.b}) by plain gradient descent on
 * the config's loss, the rest of the seq2seq network the reference's, frozen. It really learns (the keys' rates), its
 * state is tiny, and it is deterministic.
 */
final class OutputBiasFrameBackend implements Backend {
    private final JavaBackend reference = new JavaBackend();

    @Override
    public String name() {
        return "output-bias";
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.FRAME_MODEL, Capability.FRAME_TRAIN);
    }

    @Override
    public String unsupported(ModelSpec spec) {
        return reference.unsupported(spec);
    }

    @Override
    public FrameModel frameModel(ModelSpec spec, Weights weights) {
        return reference.frameModel(spec, weights);
    }

    @Override
    public FrameTrainer newFrameTrainer(ModelSpec spec, FrameTrainingConfig config, Weights initial) {
        Seq2SeqLayout.check(initial, spec);
        return new Trainer(spec, config, initial);
    }

    @Override
    public dev.midigen.model.Trainer newTrainer(ModelSpec spec, dev.midigen.model.TrainingConfig config, Weights initial) {
        throw new UnsupportedOperationException();
    }

    @Override
    public dev.midigen.model.SequenceModel fromWeights(ModelSpec spec, Weights weights) {
        throw new UnsupportedOperationException();
    }

    private final class Trainer implements FrameTrainer {
        private final ModelSpec spec;
        private final FrameTrainingConfig config;
        private Weights weights;
        private long steps;

        Trainer(ModelSpec spec, FrameTrainingConfig config, Weights weights) {
            this.spec = spec;
            this.config = config;
            this.weights = weights;
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
            SequenceBatch logits;
            try (FrameModel model = frameModel(spec, weights)) {
                logits = FrameEvaluator.trainingLogits(model, batch);
            }
            SequenceBatch target = batch.frames().target();
            double loss = config.loss().mean(logits, target);
            int keys = target.width();
            float[] x = logits.toArray();
            float[] y = target.toArray();
            double[] gradient = new double[keys];
            for (int i = 0; i < x.length; i++) {
                gradient[i % keys] += config.loss().gradient(x[i], y[i]) * keys / x.length; // per key: the mean over its values
            }
            float[] bias = weights.get(Seq2SeqLayout.OUTPUT_BIAS).toArray();
            for (int k = 0; k < keys; k++) {
                bias[k] -= (float) (config.training().learningRate() * gradient[k]);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
            tensors.put(Seq2SeqLayout.OUTPUT_BIAS, Tensor.wrap(bias, keys));
            weights = Weights.of(tensors);
            steps++;
            return loss;
        }

        @Override
        public SequenceBatch score(FrameBatch batch) {
            try (FrameModel model = frameModel(spec, weights)) {
                return model.score(batch);
            }
        }

        @Override
        public Weights exportWeights() {
            return weights;
        }

        @Override
        public void importWeights(Weights newWeights) {
            weights = newWeights;
        }

        @Override
        public byte[] optimizerState() {
            return ByteBuffer.allocate(8).putLong(steps).array();
        }

        @Override
        public void restoreOptimizerState(byte[] state) {
            steps = ByteBuffer.wrap(state).getLong();
        }

        @Override
        public FrameModel toModel() {
            return frameModel(spec, weights);
        }

        @Override
        public void close() {
        }
    }
}
