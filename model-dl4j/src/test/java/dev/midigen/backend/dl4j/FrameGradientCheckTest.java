package dev.midigen.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.midigen.model.Decoder;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.conformance.FrameConformanceCases;
import dev.midigen.model.eval.FrameEvaluator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seq2seq engine's backward pass (through the classifier, the decoder GRUs, the decoder's initial states into
 * the encoder, the encoder GRUs) against central finite differences of the reference backend's loss, computed in
 * double; and with dropout, against finite differences of the engine's own loss (same masks).
 */
class FrameGradientCheckTest {
    private static final double EPSILON = 1e-3;

    @BeforeAll
    static void nd4j() {
        Nd4jRuntime.require();
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        FrameLoss focal = new FrameLoss.Focal(0.7, 2);
        cases.add(Arguments.of("1 layer of 5, classifier 4, bce, teacher forcing", new ModelSpec(new Seq2SeqGru(5, 1, 4),
                FrameConformanceCases.SEVEN_KEYS, 21), new FrameLoss.Bce(), 1.0));
        cases.add(Arguments.of("2 layers of 4, classifier 6, focal, teacher forcing", new ModelSpec(new Seq2SeqGru(4, 2, 6),
                FrameConformanceCases.SEVEN_KEYS, 22), focal, 1.0));
        cases.add(Arguments.of("2 layers of 4, classifier 6, focal, teacher forcing 0.5", new ModelSpec(new Seq2SeqGru(4, 2, 6),
                FrameConformanceCases.SEVEN_KEYS, 23), focal, 0.5));
        cases.add(Arguments.of("3 layers of 3, classifier 5, bce, no teacher forcing", new ModelSpec(new Seq2SeqGru(3, 3, 5),
                FrameConformanceCases.SEVEN_KEYS, 24), new FrameLoss.Bce(), 0.0));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferencesOfTheReference(String name, ModelSpec spec, FrameLoss loss, double teacher) {
        Weights weights = FrameConformanceCases.weights(spec, spec.seed());
        SplittableRandom random = new SplittableRandom(spec.seed());
        FrameTrainingBatch batch = FrameTrainingBatch.withRatio(FrameConformanceCases.batch(3, 5, 6, 7, spec.seed()), teacher,
                random);
        Seq2SeqParams params = Seq2SeqParams.of(weights, spec);
        Seq2SeqParams grads = params.zerosLike();
        double engineLoss = train(params, batch, loss, 0f, 0f, grads);
        assertThat(engineLoss).as("loss").isCloseTo(referenceLoss(spec, weights, batch, loss),
                org.assertj.core.data.Offset.offset(1e-5));
        // the decoder's own thresholded predictions are constants of the step: hold them fixed while perturbing
        SequenceBatch inputs = decoderInputs(spec, weights, batch);
        check(name, params, grads, random, w -> fixedInputLoss(spec, w, batch.frames(), inputs, loss), weights);
    }

    @Test
    void dropoutGradientsMatchFiniteDifferencesOfTheEngine() {
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(4, 2, 6), FrameConformanceCases.SEVEN_KEYS, 25);
        Weights weights = FrameConformanceCases.weights(spec, spec.seed());
        SplittableRandom random = new SplittableRandom(5);
        FrameTrainingBatch batch = FrameTrainingBatch.teacherForced(FrameConformanceCases.batch(3, 5, 6, 7, 25));
        FrameLoss loss = new FrameLoss.Bce();
        Seq2SeqParams params = Seq2SeqParams.of(weights, spec);
        Seq2SeqParams grads = params.zerosLike();
        train(params, batch, loss, 0.3f, 0.5f, grads);
        check("dropout 0.3 / 0.5", params, grads, random,
                w -> train(Seq2SeqParams.of(w, spec), batch, loss, 0.3f, 0.5f, Seq2SeqParams.zeros(spec)), weights);
    }

    private interface Loss {
        double of(Weights weights);
    }

    private static void check(String name, Seq2SeqParams params, Seq2SeqParams grads, SplittableRandom random, Loss loss,
                              Weights weights) {
        int checked = 0;
        for (int i = 0; i < params.names.size(); i++) {
            String tensor = params.names.get(i);
            float[] values = params.values[i];
            int samples = Math.min(values.length, 8);
            for (int s = 0; s < samples; s++) {
                int index = values.length <= 8 ? s : random.nextInt(values.length);
                double plus = loss.of(with(weights, tensor, index, EPSILON));
                double minus = loss.of(with(weights, tensor, index, -EPSILON));
                double numeric = (plus - minus) / (2 * EPSILON);
                double analytic = grads.values[i][index];
                if (Math.abs(numeric - analytic) > 2e-4 + 1e-2 * Math.abs(numeric)) {
                    fail(String.format(Locale.ROOT, "%s: d loss / d %s[%d]: finite differences %.6g, backward %.6g", name,
                            tensor, index, numeric, analytic));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(60);
    }

    private static double train(Seq2SeqParams params, FrameTrainingBatch batch, FrameLoss loss, float gruDropout,
                                float classifierDropout, Seq2SeqParams grads) {
        FrameBatch frames = batch.frames();
        long values = (long) frames.batch() * frames.targetSteps() * frames.frameSize();
        try (NativeSeq2Seq natives = new NativeSeq2Seq(params); FrameEngine engine = new FrameEngine(params)) {
            return engine.train(natives, batch, 0, frames.batch(), values, loss, gruDropout, classifierDropout, 9, grads);
        }
    }

    private static Weights with(Weights weights, String name, int index, double delta) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        Tensor tensor = weights.get(name);
        float[] values = tensor.toArray();
        values[index] += (float) delta;
        tensors.put(name, Tensor.wrap(values, tensor.shape()));
        return Weights.of(tensors);
    }

    /** The inputs the decoder read in the reference's training forward: targets where forced, else thresholded logits. */
    private static SequenceBatch decoderInputs(ModelSpec spec, Weights weights, FrameTrainingBatch batch) {
        FrameBatch frames = batch.frames();
        int k = frames.frameSize();
        int time = frames.targetSteps();
        try (FrameModel model = new JavaBackend().frameModel(spec, weights)) {
            SequenceBatch logits = FrameEvaluator.trainingLogits(model, batch);
            float[] inputs = new float[frames.batch() * time * k];
            for (int b = 0; b < frames.batch(); b++) {
                for (int t = 0; t < time; t++) {
                    float[] in = t == 0 || batch.forced(t) ? frames.decoderInput(b, t) : logits.vector(b, t - 1);
                    for (int i = 0; i < k; i++) {
                        inputs[(b * time + t) * k + i] = t == 0 || batch.forced(t) ? in[i] : in[i] >= 0f ? 1f : 0f;
                    }
                }
            }
            return SequenceBatch.wrap(frames.batch(), time, k, inputs);
        }
    }

    /** The reference's loss with the decoder reading {@code inputs}, in double. */
    private static double fixedInputLoss(ModelSpec spec, Weights weights, FrameBatch frames, SequenceBatch inputs,
                                         FrameLoss loss) {
        int k = frames.frameSize();
        int time = frames.targetSteps();
        float[] logits = new float[frames.batch() * time * k];
        try (FrameModel model = new JavaBackend().frameModel(spec, weights); Decoder decoder = model.newDecoder(frames.batch())) {
            decoder.setState(model.encode(frames.source()));
            for (int t = 0; t < time; t++) {
                float[] step = new float[frames.batch() * k];
                for (int b = 0; b < frames.batch(); b++) {
                    System.arraycopy(inputs.vector(b, t), 0, step, b * k, k);
                }
                float[] out = decoder.step(step);
                for (int b = 0; b < frames.batch(); b++) {
                    System.arraycopy(out, b * k, logits, (b * time + t) * k, k);
                }
            }
        }
        return loss.mean(SequenceBatch.wrap(frames.batch(), time, k, logits), frames.target());
    }

    /** The reference's loss for the batch's teacher forcing, in double. */
    static double referenceLoss(ModelSpec spec, Weights weights, FrameTrainingBatch batch, FrameLoss loss) {
        try (FrameModel model = new JavaBackend().frameModel(spec, weights)) {
            return loss.mean(FrameEvaluator.trainingLogits(model, batch), batch.frames().target());
        }
    }
}
