package dev.midigen.model.testkit;

import dev.midigen.model.Architecture;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The model configurations the conformance suite runs, of every family midigen builds: next-token LSTMs with and
 * without attention, DrumRNN with attention ({@link ConformanceNetworks}), seq2seq GRUs with a multi-label head under
 * BCE and focal loss ({@link FrameConformanceCases}), and a drum VAE ({@link VaeConformanceCases}). All are small, with
 * sizes chosen so that gate-order, transposition, attention and bias mistakes cannot hide. Every backend must run the
 * LSTM and seq2seq configurations; a drum VAE only where the backend's {@code unsupported(spec)} says it runs one (the
 * suite skips it elsewhere, giving the backend's reason).
 */
public final class TestModels {
    private TestModels() {
    }

    /** A named configuration: its spec (whose seed also seeds its weights). */
    public record Configuration(String name, ModelSpec spec) {
        /** Seeded canonical weights with non-trivial biases and scaled matrices. */
        public Weights weights() {
            if (variational()) {
                return VaeConformanceCases.weights(spec, spec.seed());
            }
            return spec.architecture().hasEncoder() ? FrameConformanceCases.weights(spec, spec.seed())
                    : ConformanceNetworks.weights(spec.lstmNetwork(), spec.seed());
        }

        public boolean hasEncoder() {
            return spec.architecture().hasEncoder();
        }

        /**
         * Whether the model has a variational bridge (a drum VAE): its decoders start from a latent, never from zeros
         * (a fresh or reset decoder refuses to step until a state is set: {@code encode(source)}, or a state built
         * from a latent), and a training step draws {@code z = μ + σ ⊙ ε}.
         */
        public boolean variational() {
            return spec.architecture().bridge() == Architecture.Bridge.VARIATIONAL;
        }

        public int outputSize() {
            return spec.head().outputSize();
        }

        /**
         * What the model reads for {@code batch} sequences of {@code time} steps: uniform values in [−1, 1] for a token
         * model; random frames (density 0.35) with a source of 6 frames for a seq2seq model; for a drum VAE the
         * teacher-forced decoder inputs of random groove frames and a source of other groove frames as long
         * ({@link VaeConformanceCases#inputs}).
         */
        public ModelBatch inputs(int batch, int time, long seed) {
            if (variational()) {
                return VaeConformanceCases.inputs(spec, batch, time, seed);
            }
            int width = spec.inputSize();
            if (!hasEncoder()) {
                // a conditioned token model reads its control after the codec's features
                return ModelBatch.of(ConformanceNetworks.inputs(batch, time, spec.decoderInputSize(), seed));
            }
            SequenceBatch source = FrameConformanceCases.frames(batch, 6, width, 0.35, seed);
            SequenceBatch inputs = FrameConformanceCases.frames(batch, time, width, 0.35, seed + 1);
            return new ModelBatch(inputs, source);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every configuration: the LSTM cases, then the seq2seq cases under BCE and under focal loss, then the drum VAE. */
    public static List<Configuration> all() {
        List<Configuration> all = new ArrayList<>();
        for (ConformanceNetworks.Case c : ConformanceNetworks.cases()) {
            all.add(new Configuration(c.name(), c.spec()));
        }
        List<FrameConformanceCases.FrameCase> seq2seq = FrameConformanceCases.cases();
        for (int i = 0; i < seq2seq.size(); i++) {
            FrameConformanceCases.FrameCase c = seq2seq.get(i);
            boolean bce = i % 2 == 0;
            ModelSpec spec = new ModelSpec(c.family().withLoss(bce ? new BernoulliLoss.Bce()
                    : new BernoulliLoss.Focal(0.75, 2)), c.spec().encoding(), c.spec().seed());
            all.add(new Configuration(c.name() + (bce ? ", bce" : ", focal"), spec));
        }
        for (VaeConformanceCases.VaeCase c : VaeConformanceCases.cases()) {
            all.add(new Configuration(c.name(), c.spec()));
        }
        return all;
    }
}
