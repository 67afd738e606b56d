package dev.midigen.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.reference.LatentDistribution;
import dev.midigen.model.testkit.FrameConformanceCases;
import dev.midigen.model.testkit.GradientHarness;
import dev.midigen.model.testkit.VaeConformanceCases;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engines' backward passes against central finite differences, computed in double: of the reference backend's
 * loss without dropout — for the LSTM families through the LSTM layers, the attention and the output layer, masks
 * included, on the dense and the sparse input path; for the seq2seq GRU through the classifier, the decoder GRUs, the
 * decoder's initial states into the encoder and the encoder GRUs, with teacher forcing and without — and with dropout,
 * of the engine's own loss (same masks).
 */
class GradientCheckTest {

    @BeforeAll
    static void nd4j() {
        Nd4jRuntime.require();
    }

    /**
     * A network, a batch and how to check it: finite differences of step {@code epsilon}, up to {@code samples}
     * values per tensor, more than {@code minChecked} in all; {@code sparse} forces the LSTM engine's input path
     * (null = the engine's own choice).
     */
    record Case(String name, ModelSpec spec, Weights weights, TrainingBatch batch, Boolean sparse, double epsilon,
                int samples, int minChecked) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (GradientHarness.LstmCase network : GradientHarness.lstmCases()) {
            for (boolean sparse : new boolean[] {false, true}) {
                cases.add(new Case(network + (sparse ? ", sparse path" : ", dense path"), network.spec(),
                        network.weights(), network.batch(), sparse, 3e-3, 10, 40));
            }
        }
        BernoulliLoss focal = new BernoulliLoss.Focal(0.7, 2);
        BernoulliLoss bce = new BernoulliLoss.Bce();
        cases.add(seq2seq("seq2seq 1 layer of 5, classifier 4, bce, teacher forcing", new Seq2SeqGru(5, 1, 4, bce), 21, 1.0));
        cases.add(seq2seq("seq2seq 2 layers of 4, classifier 6, focal, teacher forcing", new Seq2SeqGru(4, 2, 6, focal), 22,
                1.0));
        cases.add(seq2seq("seq2seq 2 layers of 4, classifier 6, focal, teacher forcing 0.5", new Seq2SeqGru(4, 2, 6, focal),
                23, 0.5));
        cases.add(seq2seq("seq2seq 3 layers of 3, classifier 5, bce, no teacher forcing", new Seq2SeqGru(3, 3, 5, bce), 24,
                0.0));
        return cases;
    }

    /** 3 sequences of 5 source and 6 target frames of 7 keys, teacher forcing drawn at {@code teacher}. */
    private static Case seq2seq(String name, Seq2SeqGru family, long seed, double teacher) {
        ModelSpec spec = new ModelSpec(family, FrameConformanceCases.SEVEN_KEYS, seed);
        TrainingBatch frames = FrameConformanceCases.batch(3, 5, 6, 7, seed);
        TrainingBatch batch = TrainingBatch.seq2seq(frames.inputs().source(), frames.multiLabelTargets(), teacher,
                new SplittableRandom(seed));
        return new Case(name, spec, FrameConformanceCases.weights(spec, seed), batch, null, 1e-3, 8, 60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferencesOfTheReference(Case c) {
        HeapParams params = HeapParams.of(c.spec, c.weights);
        HeapParams grads = params.zerosLike();
        double loss = train(c, params, 0f, 0f, grads);
        // the decoder's own thresholded predictions are constants of the step: hold them fixed while perturbing
        TrainingBatch fixed = GradientHarness.fedBack(c.spec, c.weights, c.batch);
        assertThat(loss).as("loss").isCloseTo(GradientHarness.referenceLoss(c.spec, c.weights, fixed),
                org.assertj.core.data.Offset.offset(1e-5));
        check(c, grads, w -> GradientHarness.referenceLoss(c.spec, w, fixed));
    }

    /**
     * An LSTM with attention on the sparse path, a seq2seq GRU (GRU dropout 0.3, classifier dropout 0.5) and a drum VAE
     * with hit controls (its LSTM layers' inputs dropped at 0.3).
     */
    static List<Case> dropoutCases() {
        return List.of(cases().get(5), seq2seq("seq2seq 2 layers of 4, classifier 6, bce, teacher forcing",
                new Seq2SeqGru(4, 2, 6, new BernoulliLoss.Bce()), 25, 1.0), vae(VaeConformanceCases.cases().get(1)));
    }

    /** 3 groove windows of 6 steps for a drum VAE. */
    private static Case vae(VaeConformanceCases.VaeCase v) {
        TrainingBatch batch = VaeConformanceCases.batch(v.spec(), 3, 6, v.spec().seed() + 7);
        return new Case(v.name(), v.spec(), v.weights(), batch, null, 1e-3, 8, 60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropoutCases")
    void dropoutGradientsMatchFiniteDifferencesOfTheEngine(Case c) {
        HeapParams params = HeapParams.of(c.spec, c.weights);
        HeapParams grads = params.zerosLike();
        train(c, params, 0.3f, 0.5f, grads);
        check(c, grads, w -> train(c, HeapParams.of(c.spec, w), 0.3f, 0.5f, params.zerosLike()));
    }

    static List<VaeConformanceCases.VaeCase> vaeCases() {
        return VaeConformanceCases.cases();
    }

    /**
     * A drum VAE (with and without hit controls) through the head, the decoder, the bridge, {@code z = μ + σ ⊙ ε} with
     * the engine's {@code ε} (step 9 of seed 0), the KL above the free bits and both encoder directions.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vaeCases")
    void vaeGradientsMatchFiniteDifferencesOfTheReference(VaeConformanceCases.VaeCase v) {
        Case c = vae(v);
        TrainingBatch batch = c.batch;
        float[] noise = LatentDistribution.trainingNoise(0, 9, 3, v.family().latent());
        HeapParams params = HeapParams.of(c.spec, c.weights);
        HeapParams grads = params.zerosLike();
        double loss = train(c, params, 0f, 0f, grads);
        double expected = GradientHarness.referenceLoss(c.spec, c.weights, batch, noise);
        assertThat(loss).as("loss").isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 * expected));
        check(c, grads, w -> GradientHarness.referenceLoss(c.spec, w, batch, noise));
    }

    private static void check(Case c, HeapParams grads, ToDoubleFunction<Weights> loss) {
        GradientHarness harness = new GradientHarness(c.epsilon, 2e-4, 1e-2, c.samples);
        assertThat(harness.check(c.name, c.weights, grads.toWeights(), loss, c.spec.seed() + 1))
                .isGreaterThan(c.minChecked);
    }

    /** One engine step's loss over the whole batch, its gradients added to {@code grads}. */
    private static double train(Case c, HeapParams params, float dropout, float headDropout, HeapParams grads) {
        try (NativeWeights natives = params.natives();
             Engine engine = c.sparse == null ? natives.engine()
                     : new LstmEngine((NativeParams) natives, c.sparse ? 1f : -1f)) {
            return engine.train(c.batch, 0, c.batch.inputs().batch(), engine.lossTotal(c.batch), dropout, headDropout, 0, 9,
                    grads);
        }
    }
}
