package dev.midigen.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.model.Decoder;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Targets;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.testkit.Assertions;
import dev.midigen.model.testkit.ConformanceNetworks;
import dev.midigen.model.testkit.FrameConformanceCases;
import dev.midigen.model.testkit.GradientHarness;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trainer's threads, dropout, masks, checkpoints and errors; the sparse path on a drum-kit network. */
class Dl4jTrainerTest {
    /** A small network over the real drum-kit encoding (518 inputs, 512 classes), with attention. */
    private static final ModelSpec DRUMS = new ModelSpec(new NextTokenLstm(List.of(24, 16), 6), DrumKitSpec.MAGENTA, 5);
    /** A small seq2seq GRU over seven keys. */
    private static final ModelSpec SEQ2SEQ = new ModelSpec(new Seq2SeqGru(6, 2, 5), FrameConformanceCases.SEVEN_KEYS, 7);

    private static Dl4jBackend backend;

    @BeforeAll
    static void open() {
        backend = new Dl4jBackend();
    }

    private static TrainingConfig config(int threads, double dropout) {
        return TrainingConfig.builder().learningRate(3e-3).clipNorm(1.0).batchSize(6).windowSteps(10).steps(10)
                .dropout(dropout).headDropout(dropout).evalInterval(0).checkpointMinutes(0).seed(9).threads(threads).build();
    }

    /** Drum-kit token sequences (one-hot plus binary counters), the last {@code padding} steps of sequence 1 masked. */
    private static TrainingBatch batch(ModelSpec spec, int batch, int time, int padding, long seed) {
        var codec = spec.tokenCodec();
        int width = codec.inputSize();
        SplittableRandom random = new SplittableRandom(seed);
        float[] inputs = new float[batch * time * width];
        int[] labels = new int[batch * time];
        float[] mask = new float[batch * time];
        for (int b = 0; b < batch; b++) {
            int[] tokens = new int[time + 1];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = random.nextInt(8) * 9;
            }
            for (int t = 0; t < time; t++) {
                codec.input(tokens, t, inputs, (b * time + t) * width);
                labels[b * time + t] = codec.label(tokens, t + 1);
                mask[b * time + t] = b == 1 && t >= time - padding ? 0f : 1f;
            }
        }
        return TrainingBatch.categorical(SequenceBatch.wrap(batch, time, width, inputs), labels, mask);
    }

    /** Seq2seq windows of 5 source and 7 target frames, teacher forcing drawn at ½. */
    private static TrainingBatch frames(long seed) {
        TrainingBatch all = FrameConformanceCases.batch(6, 5, 7, 7, seed);
        return TrainingBatch.seq2seq(all.inputs().source(), all.multiLabelTargets(), 0.5, new SplittableRandom(seed));
    }

    static List<Arguments> families() {
        return List.of(Arguments.of("lstm", DRUMS, (LongFunction<TrainingBatch>) seed -> batch(DRUMS, 6, 10,
                        2 + (int) seed % 2, seed)),
                Arguments.of("seq2seq", SEQ2SEQ, (LongFunction<TrainingBatch>) Dl4jTrainerTest::frames));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void oneThreadAndTwoAgreeWithDropout(String name, ModelSpec spec, LongFunction<TrainingBatch> batches) {
        Weights initial = CanonicalLayout.initial(spec, 1);
        TrainingBatch batch = batches.apply(1);
        try (Trainer one = backend.newTrainer(spec, config(1, 0.5), initial);
             Trainer two = backend.newTrainer(spec, config(2, 0.5), initial)) {
            for (int step = 0; step < 3; step++) {
                assertThat(two.step(batch)).as("loss of step " + step).isCloseTo(one.step(batch),
                        org.assertj.core.data.Offset.offset(1e-5));
            }
            Assertions.assertWeights("one thread and two", one.exportWeights(), two.exportWeights(), 1e-5);
        }
    }

    @Test
    void dropoutChangesTrainingNotScoring() {
        Weights initial = LstmLayout.initial(DRUMS.lstmNetwork(), 2);
        TrainingBatch batch = batch(DRUMS, 4, 8, 0, 2);
        try (Trainer plain = backend.newTrainer(DRUMS, config(1, 0), initial);
             Trainer dropped = backend.newTrainer(DRUMS, config(1, 0.5), initial)) {
            assertThat(dropped.score(batch.inputs()).toArray()).isEqualTo(plain.score(batch.inputs()).toArray());
            double lossPlain = plain.step(batch);
            double lossDropped = dropped.step(batch);
            assertThat(lossDropped).isNotEqualTo(lossPlain);
            assertThat(lossPlain).as("without dropout the reported loss is the scored loss before the step")
                    .isCloseTo(GradientHarness.referenceLoss(DRUMS, initial, batch),
                            org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void maskedStepsTeachNothing() {
        Weights initial = LstmLayout.initial(DRUMS.lstmNetwork(), 3);
        TrainingBatch batch = batch(DRUMS, 3, 9, 4, 3);
        Targets.Categorical targets = batch.categoricalTargets();
        // the same batch with other inputs and labels where sequence 1 is masked
        float[] inputs = batch.inputs().inputs().toArray();
        int[] labels = targets.labels().clone();
        int width = batch.inputs().inputs().width();
        for (int t = 5; t < 9; t++) {
            labels[9 + t] = (labels[9 + t] + 7) % 512;
            for (int k = 0; k < width; k++) {
                inputs[(9 + t) * width + k] = k == t ? 1f : 0f;
            }
        }
        TrainingBatch other = TrainingBatch.categorical(SequenceBatch.wrap(3, 9, width, inputs), labels, targets.mask());
        try (Trainer a = backend.newTrainer(DRUMS, config(1, 0.3), initial);
             Trainer b = backend.newTrainer(DRUMS, config(1, 0.3), initial)) {
            assertThat(b.step(other)).isCloseTo(a.step(batch), org.assertj.core.data.Offset.offset(1e-6));
            Assertions.assertWeights("masked steps", a.exportWeights(), b.exportWeights(), 1e-7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aCheckpointResumesExactly(String name, ModelSpec spec, LongFunction<TrainingBatch> batches) {
        Weights initial = CanonicalLayout.initial(spec, 4);
        TrainingBatch first = batches.apply(5);
        TrainingBatch second = batches.apply(6);
        Weights expected;
        Weights checkpoint;
        OptimizerState state;
        try (Trainer trainer = backend.newTrainer(spec, config(2, 0.5), initial)) {
            trainer.step(first);
            trainer.step(second);
            checkpoint = trainer.exportWeights();
            state = OptimizerState.fromBytes(trainer.optimizerState().toBytes(), "the checkpoint");
            assertThat(state.step()).isEqualTo(2);
            assertThat(state.firstMoments().names()).isEqualTo(checkpoint.names());
            trainer.step(first);
            trainer.step(second);
            expected = trainer.exportWeights();
        }
        try (Trainer resumed = backend.newTrainer(spec, config(2, 0.5), initial)) {
            resumed.importWeights(checkpoint);
            resumed.restoreOptimizerState(state);
            assertThat(resumed.optimizerState()).isEqualTo(state);
            resumed.step(first);
            resumed.step(second);
            assertThat(resumed.exportWeights()).isEqualTo(expected);
        }
    }

    @Test
    void badOptimizerStatesAndBatchesAreRefused() {
        Weights initial = LstmLayout.initial(DRUMS.lstmNetwork(), 6);
        TrainingBatch batch = batch(DRUMS, 2, 4, 0, 6);
        Targets.Categorical targets = batch.categoricalTargets();
        SequenceBatch inputs = batch.inputs().inputs();
        try (Trainer trainer = backend.newTrainer(DRUMS, config(1, 0), initial)) {
            ModelSpec other = ConformanceNetworks.cases().get(0).spec();
            try (Trainer small = backend.newTrainer(other, config(1, 0), ConformanceNetworks.cases().get(0).weights())) {
                assertThatThrownBy(() -> trainer.restoreOptimizerState(small.optimizerState()))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            float[] none = new float[targets.mask().length];
            assertThatThrownBy(() -> trainer.step(TrainingBatch.categorical(inputs, targets.labels(), none)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unmasked step");
            int[] labels = targets.labels().clone();
            labels[1] = 512;
            assertThatThrownBy(() -> trainer.step(TrainingBatch.categorical(inputs, labels, targets.mask())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 512");
            SequenceBatch narrow = ConformanceNetworks.inputs(2, 4, 7, 1);
            assertThatThrownBy(() -> trainer.step(TrainingBatch.categorical(narrow, targets.labels(), targets.mask())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("518");
            assertThat(trainer.optimizerState().step()).as("nothing refused took a step").isZero();
        }
    }

    @Test
    void sparseAndDenseInputsGiveTheReferenceLogits() {
        Weights weights = ConformanceNetworks.weights(DRUMS.lstmNetwork(), 8);
        SequenceBatch inputs = batch(DRUMS, 2, 12, 0, 8).inputs().inputs();
        SequenceBatch expected;
        try (SequenceModel reference = new JavaBackend().fromWeights(DRUMS, weights)) {
            expected = reference.score(inputs);
        }
        for (float density : new float[] {1f, -1f}) {
            SequenceBatch logits;
            try (NativeParams natives = (NativeParams) HeapParams.of(DRUMS, weights).natives();
                 LstmEngine engine = new LstmEngine(natives, density)) {
                logits = engine.score(ModelBatch.of(inputs));
            }
            Assertions.assertLogits(density > 0 ? "sparse path" : "dense path", expected, logits, 1e-4);
        }
        try (SequenceModel model = backend.fromWeights(DRUMS, weights); Decoder decoder = model.newDecoder(2)) {
            float[] all = inputs.toArray();
            int width = inputs.width();
            for (int t = 0; t < 12; t++) {
                float[] step = new float[2 * width];
                for (int b = 0; b < 2; b++) {
                    System.arraycopy(all, (b * 12 + t) * width, step, b * width, width);
                }
                float[] logits = decoder.step(step);
                for (int b = 0; b < 2; b++) {
                    float[] row = java.util.Arrays.copyOfRange(logits, b * 512, (b + 1) * 512);
                    Assertions.assertStep("decoder, sequence " + b + " step " + t, expected.vector(b, t), row, 1e-4);
                }
            }
        }
    }
}
