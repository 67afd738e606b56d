package dev.midigen.model.training;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.Head;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.BackendBase;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.TrainerBase;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test backend of every family whose trainer learns only the output bias by plain gradient descent on the head's
 * objective (the rest of the network is the reference's, frozen): cross-entropy over the unmasked steps for a
 * categorical head, the spec's Bernoulli loss with the batch's teacher forcing for a multi-label head. Weak, but it
 * really learns, its state is tiny and canonical (the step count; moments of zero), and it is deterministic.
 * {@code flipAfter} makes it climb the loss after that many steps, to exercise early stopping.
 */
final class OutputBiasBackend extends BackendBase {
    private final JavaBackend reference = new JavaBackend();
    private final long flipAfter;

    OutputBiasBackend(long flipAfter) {
        super("bias-only", EnumSet.allOf(Capability.class));
        this.flipAfter = flipAfter;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public String unsupported(ModelSpec spec) {
        return reference.unsupported(spec);
    }

    @Override
    protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
        return reference.fromWeights(spec, weights);
    }

    @Override
    protected Trainer trainerChecked(ModelSpec spec, TrainingConfig config, Weights initial) {
        return new BiasTrainer(spec, config, initial);
    }

    private final class BiasTrainer extends TrainerBase {
        private final String biasName;
        private Weights weights;
        private long steps;

        BiasTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
            super(spec, config, "bias-only");
            this.weights = initial;
            this.biasName = spec.head() instanceof Head.Categorical ? LstmLayout.OUTPUT_BIAS : Seq2SeqLayout.OUTPUT_BIAS;
        }

        @Override
        protected double stepChecked(TrainingBatch batch) {
            SequenceBatch logits;
            try (SequenceModel model = reference.fromWeights(spec(), weights)) {
                logits = Evaluator.trainingLogits(model, batch);
            }
            float[] bias = weights.get(biasName).toArray();
            double[] gradient = new double[bias.length];
            double loss = spec().head() instanceof Head.MultiLabel head
                    ? multiLabel(head.loss(), logits, batch.multiLabelTargets(), gradient)
                    : categorical(logits, batch, gradient);
            double direction = steps < flipAfter ? 1 : -1;
            for (int k = 0; k < bias.length; k++) {
                bias[k] -= (float) (direction * config().learningRate() * gradient[k]);
            }
            Map<String, Tensor> updated = new LinkedHashMap<>(weights.asMap());
            updated.put(biasName, Tensor.wrap(bias, bias.length));
            weights = Weights.of(updated);
            steps++;
            return loss;
        }

        /** Mean cross-entropy over the unmasked steps; its gradient for the bias (the mean over those steps). */
        private double categorical(SequenceBatch logits, TrainingBatch batch, double[] gradient) {
            int[] labels = batch.categoricalTargets().labels();
            float[] mask = batch.categoricalTargets().mask();
            int width = gradient.length;
            double loss = 0;
            double count = 0;
            for (int row = 0; row < labels.length; row++) {
                if (mask[row] == 0f) {
                    continue;
                }
                int b = row / logits.time();
                int t = row % logits.time();
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < width; k++) {
                    max = Math.max(max, logits.get(b, t, k));
                }
                double sum = 0;
                for (int k = 0; k < width; k++) {
                    sum += Math.exp(logits.get(b, t, k) - max);
                }
                for (int k = 0; k < width; k++) {
                    double p = Math.exp(logits.get(b, t, k) - max) / sum;
                    gradient[k] += p - (k == labels[row] ? 1 : 0);
                }
                loss -= logits.get(b, t, labels[row]) - max - Math.log(sum);
                count++;
            }
            for (int k = 0; k < width; k++) {
                gradient[k] /= Math.max(count, 1);
            }
            return loss / Math.max(count, 1);
        }

        /** The mean loss over every value; its gradient for the bias (per unit: the mean over its values). */
        private static double multiLabel(BernoulliLoss loss, SequenceBatch logits, SequenceBatch targets, double[] gradient) {
            int units = targets.width();
            float[] x = logits.toArray();
            float[] y = targets.toArray();
            for (int i = 0; i < x.length; i++) {
                gradient[i % units] += loss.gradient(x[i], y[i]) * units / x.length;
            }
            return loss.mean(logits, targets);
        }

        @Override
        protected SequenceBatch scoreChecked(ModelBatch batch) {
            try (SequenceModel model = reference.fromWeights(spec(), weights)) {
                return model.score(batch);
            }
        }

        @Override
        protected Weights weightsChecked() {
            return weights;
        }

        @Override
        protected void importChecked(Weights newWeights) {
            weights = newWeights;
        }

        @Override
        protected OptimizerState optimizerStateChecked() {
            OptimizerState zero = OptimizerState.fresh(weights);
            return new OptimizerState(steps, zero.firstMoments(), zero.secondMoments());
        }

        @Override
        protected void restoreChecked(OptimizerState state) {
            steps = state.step();
        }

        @Override
        protected SequenceModel toModelChecked() {
            return reference.fromWeights(spec(), weights);
        }
    }
}
