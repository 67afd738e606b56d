package dev.midigen.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.testkit.FrameConformanceCases;
import dev.midigen.model.testkit.GradientHarness;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training graphs' gradients against central finite differences of the reference backend's loss, computed in
 * double ({@link GradientHarness}). The LSTM families: the head through {@code tf.gradients}, the LSTM layers by hand or, for comparison, by
 * {@code tf.gradients}; masks, sparse and dense inputs, one and two towers. The seq2seq GRU ({@link GruGraph}'s
 * hand-written backward pass, the loss's gradient from {@link BernoulliLoss}): BCE and focal loss, full and partial
 * teacher forcing (the frames the decoder fed back held fixed, as the training step treats them), one and two towers.
 */
class GradientCheckTest {
    @BeforeAll
    static void tensorflow() {
        TfRuntime.require();
    }

    /**
     * A network, a batch, the trainer's threads and the system properties it runs under, and up to {@code samples}
     * values per tensor to check.
     */
    record Case(String name, ModelSpec spec, Weights weights, TrainingBatch batch, int threads, Map<String, String> properties,
                int samples) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<GradientHarness.LstmCase> networks = GradientHarness.lstmCases();
        for (GradientHarness.LstmCase network : networks) {
            for (boolean sparse : new boolean[] {false, true}) {
                cases.add(lstm(network + (sparse ? ", sparse path" : ", dense path") + ", 2 towers, by hand", network, sparse,
                        2, false));
            }
        }
        GradientHarness.LstmCase attention = networks.get(2);
        cases.add(lstm(attention + ", sparse path, 1 tower, tf.gradients", attention, true, 1, true));
        cases.add(lstm(attention + ", dense path, 2 towers, tf.gradients", attention, false, 2, true));
        cases.add(seq2seq("seq2seq 2 layers of 3, bce, teacher forcing, 2 towers", 1, new BernoulliLoss.Bce(), false, 2));
        cases.add(seq2seq("seq2seq 2 layers of 3, focal, partial teacher forcing, 2 towers", 1, new BernoulliLoss.Focal(0.75, 2),
                true, 2));
        cases.add(seq2seq("seq2seq 1 layer of 5, focal 0.6/1.5, partial teacher forcing, 1 tower", 0,
                new BernoulliLoss.Focal(0.6, 1.5), true, 1));
        cases.add(seq2seq("seq2seq 3 layers of 5, bce, partial teacher forcing, 2 towers", 2, new BernoulliLoss.Bce(), true, 2));
        return cases;
    }

    /** {@code network}'s sharpened weights and batch, on the sparse or the dense input path. */
    private static Case lstm(String name, GradientHarness.LstmCase network, boolean sparsePath, int threads, boolean autodiff) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("midigen.tf.sparseDensity", sparsePath ? "1" : "0");
        if (autodiff) {
            properties.put("midigen.tf.backward", "autodiff");
        }
        return new Case(name, network.spec(), network.weights(), network.batch(), threads, properties, 10);
    }

    /** {@link FrameConformanceCases}' network with {@code loss}; 3 sequences of 4 source and 4 target frames. */
    private static Case seq2seq(String name, int network, BernoulliLoss loss, boolean partial, int towers) {
        ModelSpec base = FrameConformanceCases.cases().get(network).spec();
        ModelSpec spec = new ModelSpec(((Seq2SeqGru) base.family()).withLoss(loss), base.encoding(), base.seed());
        TrainingBatch frames = FrameConformanceCases.batch(3, 4, 4, 7, spec.seed() + 3);
        TrainingBatch batch = new TrainingBatch(frames.inputs(), frames.targets(), new boolean[] {true, !partial, true, !partial});
        return new Case(name, spec, FrameConformanceCases.weights(spec, spec.seed()), batch, 2,
                Map.of(GruNet.TOWERS_PROPERTY, Integer.toString(towers)), 6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Case c) {
        ModelBatch inputs = c.batch().inputs();
        TrainingConfig config = TrainingConfig.builder().learningRate(1e-3).clipNorm(0).batchSize(inputs.batch())
                .windowSteps(inputs.time()).sourceSteps(inputs.hasSource() ? inputs.source().time() : 0).steps(1).dropout(0)
                .evalInterval(0).checkpointMinutes(0).threads(c.threads()).build();
        List<float[]> grads;
        c.properties().forEach(System::setProperty);
        try (TfTrainer trainer = new TfTrainer(c.spec(), config, c.weights())) {
            grads = trainer.gradients(c.batch());
        } finally {
            c.properties().keySet().forEach(System::clearProperty);
        }
        assertThat((double) grads.get(0)[0]).as("loss").isCloseTo(GradientHarness.referenceLoss(c.spec(), c.weights(),
                c.batch()), org.assertj.core.data.Offset.offset(1e-5));
        Map<String, Tensor> analytic = new LinkedHashMap<>();
        int i = 1;
        for (Map.Entry<String, int[]> tensor : CanonicalLayout.shapes(c.spec()).entrySet()) {
            analytic.put(tensor.getKey(), Tensor.wrap(grads.get(i++), tensor.getValue()));
        }
        GradientHarness harness = new GradientHarness(3e-3, 2e-4, 1e-2, c.samples());
        assertThat(harness.check(c.name(), c.spec(), c.weights(), c.batch(), Weights.of(analytic), c.spec().seed() + 1))
                .isGreaterThan(40);
    }
}
