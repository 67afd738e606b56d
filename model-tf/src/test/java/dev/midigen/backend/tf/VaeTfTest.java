package dev.midigen.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.reference.LatentDistribution;
import dev.midigen.model.testkit.GradientHarness;
import dev.midigen.model.testkit.VaeConformanceCases;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drum VAE on the tf backend ({@link VaeNet}, {@link VaeGraph}) against the reference backend: raw outputs,
 * encodings and decoder steps for random weights; the training step's gradient against central differences of the
 * reference's {@link GrooveLoss} with the same {@code ε}; the loss it reports against {@link GrooveLoss}'s total of
 * the reference's outputs; a short training run on a tiny groove set; exported weights and the optimizer state.
 */
class VaeTfTest {
    private static final TfBackend BACKEND = new TfBackend();
    private static final JavaBackend REFERENCE = new JavaBackend();
    /** The small network: encoder 8 (each way), z 4, decoder 8, 1 bar of GrooVAE's 27-value frames. */
    static final ModelSpec SMALL = new ModelSpec(new DrumVae(List.of(8), 4, List.of(8), 1, 0.2, 1,
            GrooveTransform.HUMANIZE), GrooveSpec.GROOVAE, 0);
    /** Two layers each side, sizes all different (layer 1 of the encoder reads both directions of layer 0), 2 classes. */
    static final ModelSpec DEEP = new ModelSpec(new DrumVae(List.of(3, 5), 3, List.of(4, 6), 1, 0.5, 0.5,
            GrooveTransform.NONE), new GrooveSpec(DrumMap.of("two", List.of(new DrumMap.DrumClass("kick", List.of(36)),
            new DrumMap.DrumClass("snare", List.of(38)))), 4), 0);

    @BeforeAll
    static void tensorflow() {
        TfRuntime.require();
    }

    /**
     * Every tensor uniform in [−0.6, 0.6), biases included, so that every term of the equations counts; {@code μ}'s
     * matrix 4 times larger, so that the KL is well above the free bits and its penalty counts too.
     */
    static Weights randomWeights(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        VaeLayout.shapes(spec).forEach((name, shape) -> {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            float[] values = new float[size];
            float scale = name.equals(VaeLayout.MU_WEIGHTS) ? 4f : 1f;
            for (int i = 0; i < size; i++) {
                values[i] = scale * (float) (random.nextDouble() * 1.2 - 0.6);
            }
            tensors.put(name, Tensor.of(values, shape));
        });
        return Weights.of(tensors);
    }

    /** Groove frames ({@link VaeConformanceCases#frames}), each class hit with probability 0.4. */
    static SequenceBatch frames(ModelSpec spec, int batch, int time, long seed) {
        return VaeConformanceCases.frames(spec, batch, time, seed, 0.4);
    }

    /** A training batch: random target frames, the decoder reading them one step late, a source of other frames. */
    static TrainingBatch batch(ModelSpec spec, int rows, int time, long seed) {
        SequenceBatch target = frames(spec, rows, time, seed);
        return TrainingBatch.groove(frames(spec, rows, time, seed + 1), DrumVaeLatents.decoderInputs(target), target);
    }

    static TrainingConfig config(double learningRate) {
        return TrainingConfig.builder().learningRate(learningRate).clipNorm(1.0).batchSize(4).seed(9).threads(1).dropout(0)
                .build();
    }

    /**
     * The reference's training loss of {@code batch} with {@code weights} and {@code ε} ({@code batch × Z}): the
     * posterior, {@code z = μ + σ ⊙ ε}, the decoder stepped from the state of {@code z} over the teacher-forced inputs,
     * and {@link GrooveLoss}'s total.
     */
    static GrooveLoss.Parts referenceLoss(ModelSpec spec, Weights weights, TrainingBatch batch, float[] epsilon) {
        DrumVae family = (DrumVae) spec.family();
        DrumVaeLatents latents = DrumVaeLatents.of(spec, weights);
        ModelBatch inputs = batch.inputs();
        LatentDistribution q = latents.encode(inputs.source());
        float[] mu = q.mu();
        float[] sigma = q.sigma();
        float[] z = new float[mu.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = mu[i] + sigma[i] * epsilon[i];
        }
        SequenceBatch outputs = stepped(REFERENCE, spec, weights, latents.stateFromLatent(z), inputs.inputs());
        return GrooveLoss.of(outputs.toArray(), batch.grooveTargets().toArray(), inputs.batch(), inputs.time(),
                spec.inputSize() / 3, mu, sigma, family.beta(), GrooveLoss.nats(family.freeBits()), family.feelLoss());
    }

    /** Raw outputs of a decoder of {@code backend} started from {@code state} and stepped through {@code inputs}. */
    static SequenceBatch stepped(dev.midigen.model.spi.Backend backend, ModelSpec spec, Weights weights, DecoderState state,
                                 SequenceBatch inputs) {
        try (SequenceModel model = backend.fromWeights(spec, weights)) {
            return stepped(model, state, inputs);
        }
    }

    static SequenceBatch stepped(SequenceModel model, DecoderState state, SequenceBatch inputs) {
        int rows = inputs.batch();
        int time = inputs.time();
        int width = inputs.width();
        float[] all = inputs.toArray();
        float[] out = new float[rows * time * width];
        try (Decoder decoder = model.newDecoder(rows)) {
            decoder.setState(state);
            float[] step = new float[rows * width];
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(all, (b * time + t) * width, step, b * width, width);
                }
                float[] o = decoder.step(step);
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(o, b * width, out, (b * time + t) * width, width);
                }
            }
        }
        return SequenceBatch.wrap(rows, time, width, out);
    }

    static double maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    // ------------------------------------------------------------------------------------------ forward

    @Test
    void theTfBackendRunsTheDrumVae() {
        assertThat(BACKEND.unsupported(SMALL)).isNull();
        assertThat(BACKEND.unsupported(new ModelSpec(DrumVae.GROOVAE, GrooveSpec.GROOVAE, 0))).isNull();
    }

    @Test
    void outputsEncodingsAndStepsMatchTheReference() {
        for (ModelSpec spec : List.of(SMALL, DEEP)) {
            Weights weights = randomWeights(spec, 7);
            int time = 16;
            int rows = 3;
            SequenceBatch source = frames(spec, rows, time, 11);
            SequenceBatch target = frames(spec, rows, time, 12);
            ModelBatch batch = new ModelBatch(DrumVaeLatents.decoderInputs(target), source);
            try (SequenceModel tf = BACKEND.fromWeights(spec, weights); SequenceModel java = REFERENCE.fromWeights(spec, weights)) {
                SequenceBatch scores = tf.score(batch);
                SequenceBatch expected = java.score(batch);
                assertThat(maxDifference(scores.toArray(), expected.toArray())).as(spec.family() + " score").isLessThan(1e-4);

                DecoderState state = tf.encode(source);
                DecoderState want = java.encode(source);
                assertThat(state.names()).containsExactlyElementsOf(VaeLayout.stateNames(spec));
                for (String name : want.names()) {
                    assertThat(maxDifference(state.tensor(name), want.tensor(name))).as("encode: " + name).isLessThan(1e-4);
                }

                // the decoder from the tf encoding steps as the tf score; from any latent, as the reference's decoder
                SequenceBatch steps = stepped(tf, state, batch.inputs());
                assertThat(maxDifference(steps.toArray(), scores.toArray())).as("steps from encode vs score").isLessThan(1e-5);
                DrumVaeLatents latents = DrumVaeLatents.of(spec, weights);
                float[] z = latents.samplePrior(rows, new SplittableRandom(3));
                z[0] = 2.5f;
                DecoderState fromLatent = latents.stateFromLatent(z);
                assertThat(maxDifference(stepped(tf, fromLatent, batch.inputs()).toArray(),
                        stepped(java, fromLatent, batch.inputs()).toArray())).as("steps from a prior z").isLessThan(1e-4);
            }
        }
    }

    @Test
    void aDecoderStartsFromALatentAndItsStateRoundTrips() {
        Weights weights = randomWeights(DEEP, 8);
        SequenceBatch source = frames(DEEP, 3, 16, 21);
        float[] zeros = new float[3 * DEEP.inputSize()];
        try (SequenceModel tf = BACKEND.fromWeights(DEEP, weights); Decoder decoder = tf.newDecoder(3)) {
            assertThatThrownBy(() -> decoder.step(zeros)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(decoder::state).isInstanceOf(IllegalStateException.class);
            DecoderState encoded = tf.encode(source);
            decoder.setState(encoded);
            DecoderState back = decoder.state();
            for (String name : encoded.names()) {
                assertThat(back.tensor(name)).as(name).containsExactly(encoded.tensor(name));
            }
            float[] first = decoder.step(zeros);
            DecoderState after = decoder.state();
            assertThat(after.tensor(VaeLayout.LATENT_STATE)).containsExactly(encoded.tensor(VaeLayout.LATENT_STATE));
            // a selected row steps exactly as it did in the whole batch
            try (Decoder one = tf.newDecoder(2)) {
                one.setState(encoded.select(new int[] {2, 0}));
                float[] two = one.step(new float[2 * DEEP.inputSize()]);
                int f = DEEP.inputSize();
                for (int i = 0; i < f; i++) {
                    assertThat(two[i]).isEqualTo(first[2 * f + i]);
                    assertThat(two[f + i]).isEqualTo(first[i]);
                }
            }
            decoder.reset();
            assertThatThrownBy(() -> decoder.step(zeros)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> decoder.setState(DecoderState.of(3, List.of("lstm.0.h"), List.of(new float[12]))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ------------------------------------------------------------------------------------------ training

    @Test
    void theReportedLossIsGrooveLossOfTheReferenceWithTheSameEpsilon() {
        for (ModelSpec spec : List.of(SMALL, DEEP)) {
            Weights weights = randomWeights(spec, 13);
            TrainingBatch batch = batch(spec, 3, 16, 31);
            int latent = ((DrumVae) spec.family()).latent();
            TrainingConfig config = config(1e-3);
            try (TfTrainer trainer = (TfTrainer) BACKEND.newTrainer(spec, config, weights)) {
                float[] epsilon = LatentDistribution.trainingNoise(config.seed(), 1, 3, latent);
                GrooveLoss.Parts expected = referenceLoss(spec, weights, batch, epsilon);
                float[] losses = trainer.gradients(batch).get(0);
                System.out.println("reported loss: " + losses[0] + ", graph " + losses[1] + ", reference " + expected);
                assertThat(expected.penalty()).as("the KL above the free bits counts").isGreaterThan(0);
                assertThat(Math.abs(losses[0] - expected.total())).as("reported vs the reference's GrooveLoss "
                        + expected).isLessThan(1e-5 * expected.total());
                assertThat(Math.abs(losses[1] - expected.total())).as("the graph's own loss (float)")
                        .isLessThan(1e-4 * expected.total());
                double stepped = trainer.step(batch);
                assertThat(stepped).as("the step reports the loss before its update").isEqualTo(losses[0], within(1e-4 * losses[0]));
                // step 2 draws another ε
                float[] next = LatentDistribution.trainingNoise(config.seed(), 2, 3, latent);
                assertThat(next).isNotEqualTo(epsilon);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheReferenceLoss() {
        GradientHarness harness = GradientHarness.standard();
        for (ModelSpec spec : List.of(SMALL, DEEP)) {
            Weights weights = randomWeights(spec, 13);
            TrainingBatch batch = batch(spec, 2, 16, 41);
            TrainingConfig config = config(1e-3);
            float[] epsilon = LatentDistribution.trainingNoise(config.seed(), 1, 2, ((DrumVae) spec.family()).latent());
            Weights analytic;
            try (TfTrainer trainer = (TfTrainer) BACKEND.newTrainer(spec, config, weights)) {
                List<float[]> g = trainer.gradients(batch);
                Map<String, Tensor> tensors = new LinkedHashMap<>();
                int i = 1;
                for (String name : weights.names()) {
                    tensors.put(name, Tensor.of(g.get(i++), weights.get(name).shape()));
                }
                analytic = Weights.of(tensors);
            }
            GrooveLoss.Parts parts = referenceLoss(spec, weights, batch, epsilon);
            System.out.println("gradient check at " + parts);
            assertThat(parts.penalty()).as("the KL above the free bits counts").isGreaterThan(0);
            int checked = harness.check(spec.family().toString(), weights, analytic,
                    w -> referenceLoss(spec, w, batch, epsilon).total(), 17);
            assertThat(checked).isGreaterThan(4 * 10);
        }
    }

    /** Two grooves of one bar (kick, snare, hats, each its own velocities and timing), and their humanize sources. */
    static TrainingBatch grooves(ModelSpec spec) {
        int classes = spec.inputSize() / 3;
        int width = spec.inputSize();
        int time = 16;
        int rows = 4;
        float[] target = new float[rows * time * width];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < time; t++) {
                int base = (b * time + t) * width;
                List<int[]> hits = new ArrayList<>(); // class, velocity, offset per mille
                if (t % 8 == (b % 2 == 0 ? 0 : 2)) {
                    hits.add(new int[] {0, 110, -50});
                }
                if (t % 8 == 4) {
                    hits.add(new int[] {1, b < 2 ? 100 : 70, 120});
                }
                if (t % 2 == 0) {
                    hits.add(new int[] {2, t % 4 == 0 ? 90 : 50, t % 4 == 0 ? 0 : 250});
                }
                for (int[] hit : hits) {
                    target[base + hit[0]] = 1f;
                    target[base + classes + hit[0]] = hit[1] / 127f;
                    target[base + 2 * classes + hit[0]] = hit[2] / 1000f;
                }
            }
        }
        float[] source = target.clone();
        for (int base = 0; base < source.length; base += width) {
            for (int i = classes; i < width; i++) {
                source[base + i] = 0f;
            }
        }
        SequenceBatch frames = SequenceBatch.wrap(rows, time, width, target);
        return TrainingBatch.groove(SequenceBatch.wrap(rows, time, width, source), DrumVaeLatents.decoderInputs(frames), frames);
    }

    /**
     * Input dropout (GrooVAE's): drawn in the graph from (seed, step), so a run repeats itself exactly; it changes the
     * training loss, a different seed drops other inputs, and with hit controls the controls are never dropped.
     */
    @Test
    void dropoutIsSeededByTheRunAndTheStepAndSparesTheHitControls() {
        ModelSpec controlled = new ModelSpec(((DrumVae) SMALL.family()).withHitControls(true), SMALL.encoding(), SMALL.seed());
        for (ModelSpec spec : List.of(SMALL, controlled)) {
            Weights weights = randomWeights(spec, 17);
            SequenceBatch target = frames(spec, 3, 16, 41);
            TrainingBatch batch = TrainingBatch.groove(frames(spec, 3, 16, 42),
                    DrumVaeLatents.decoderInputs(target, spec.architecture().controlSize()), target);
            double plain = reportedLoss(spec, weights, batch, config(1e-3));
            TrainingConfig dropped = config(1e-3).toBuilder().dropout(0.5).build();
            double once = reportedLoss(spec, weights, batch, dropped);
            assertThat(reportedLoss(spec, weights, batch, dropped)).as("the same seed and step").isEqualTo(once);
            assertThat(once).as("dropout changes the loss").isNotEqualTo(plain);
            assertThat(reportedLoss(spec, weights, batch, dropped.toBuilder().seed(10).build())).as("another seed")
                    .isNotEqualTo(once);
        }
        // one layer each side, the source and the previous frames all zero: dropout finds nothing to drop but the
        // controls, so the loss must not move
        ModelSpec oneLayer = new ModelSpec(new DrumVae(List.of(3), 4, List.of(5), 1, 0.2, 2, GrooveTransform.HUMANIZE,
                true), SMALL.encoding(), 5);
        Weights weights = randomWeights(oneLayer, 19);
        SequenceBatch target = frames(oneLayer, 2, 16, 43);
        SequenceBatch zeros = SequenceBatch.wrap(2, 16, target.width(), new float[target.toArray().length]);
        float[] controlsOnly = DrumVaeLatents.decoderInputs(target, 9).toArray();
        int width = target.width() + 9;
        for (int i = 0; i < controlsOnly.length; i++) {
            if (i % width < target.width()) {
                controlsOnly[i] = 0;
            }
        }
        TrainingBatch batch = TrainingBatch.groove(zeros, SequenceBatch.wrap(2, 16, width, controlsOnly), target);
        assertThat(reportedLoss(oneLayer, weights, batch, config(1e-3).toBuilder().dropout(0.5).build()))
                .as("the controls are never dropped").isEqualTo(reportedLoss(oneLayer, weights, batch, config(1e-3)),
                        within(1e-9));
    }

    private static double reportedLoss(ModelSpec spec, Weights weights, TrainingBatch batch, TrainingConfig config) {
        try (TfTrainer trainer = (TfTrainer) BACKEND.newTrainer(spec, config, weights)) {
            return trainer.gradients(batch).get(0)[0];
        }
    }

    @Test
    void trainingOnATinyGrooveSetLowersTheLoss() {
        TrainingBatch batch = grooves(SMALL);
        double first;
        double last = 0;
        int steps = 40;
        try (Trainer trainer = BACKEND.newTrainer(SMALL, config(1e-2), VaeLayout.initial(SMALL, 3))) {
            first = trainer.step(batch);
            for (int i = 1; i < steps; i++) {
                double loss = trainer.step(batch);
                assertThat(loss).isFinite();
                if (i >= steps - 5) {
                    last += loss / 5;
                }
            }
            System.out.printf(Locale.ROOT, "drum VAE on tf, %d steps on 4 one-bar grooves: loss %.3f -> %.3f%n", steps, first,
                    last);
            assertThat(last).as("mean loss of the last 5 steps, first %.3f", first).isLessThan(0.5 * first);
        }
    }

    @Test
    void exportedWeightsAndTheOptimizerStateRoundTrip() {
        TrainingBatch batch = batch(DEEP, 3, 16, 51);
        TrainingConfig config = config(1e-2);
        try (Trainer trainer = BACKEND.newTrainer(DEEP, config, randomWeights(DEEP, 4))) {
            for (int i = 0; i < 3; i++) {
                trainer.step(batch);
            }
            Weights exported = trainer.exportWeights();
            assertThat(exported.names()).containsExactlyElementsOf(VaeLayout.shapes(DEEP).keySet());
            SequenceBatch scored = trainer.score(batch.inputs());
            try (SequenceModel model = BACKEND.fromWeights(DEEP, exported)) {
                assertThat(maxDifference(model.score(batch.inputs()).toArray(), scored.toArray())).isEqualTo(0.0);
                Weights again = model.exportWeights();
                for (String name : exported.names()) {
                    assertThat(again.get(name).toArray()).as(name).containsExactly(exported.get(name).toArray());
                }
            }
            try (SequenceModel java = REFERENCE.fromWeights(DEEP, exported)) {
                assertThat(maxDifference(java.score(batch.inputs()).toArray(), scored.toArray())).isLessThan(1e-4);
            }

            OptimizerState state = trainer.optimizerState();
            assertThat(state.step()).isEqualTo(3);
            assertThat(state.firstMoments().names()).containsExactlyElementsOf(VaeLayout.shapes(DEEP).keySet());
            state.checkFits(exported);
            for (String name : exported.names()) {
                assertThat(state.firstMoments().get(name).shape()).isEqualTo(exported.get(name).shape());
                assertThat(maxDifference(state.secondMoments().get(name).toArray(),
                        new float[exported.get(name).size()])).as("v of " + name).isGreaterThan(0);
            }
            OptimizerState copy = OptimizerState.fromBytes(state.toBytes(), "a serialised state");
            try (Trainer resumed = BACKEND.newTrainer(DEEP, config, exported)) {
                resumed.restoreOptimizerState(copy);
                double a = trainer.step(batch);
                double b = resumed.step(batch);
                assertThat(b).as("the resumed step (the same ε)").isEqualTo(a);
                Weights wa = trainer.exportWeights();
                Weights wb = resumed.exportWeights();
                for (String name : wa.names()) {
                    assertThat(wb.get(name).toArray()).as(name).containsExactly(wa.get(name).toArray());
                }
            }
        }
    }
}
