package dev.midigen.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.midigen.model.Decoder;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameModel;
import dev.midigen.model.FrameTrainingBatch;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.conformance.FrameConformanceCases;
import dev.midigen.model.eval.FrameEvaluator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seq2seq training graph's gradients ({@link GruGraph}'s hand-written backward pass, the loss's gradient from
 * {@link FrameLoss}) against central finite differences of the reference backend's loss: BCE and focal loss, full and
 * partial teacher forcing (the frames the decoder fed back held fixed, as the training step treats them), one and two
 * towers.
 */
class FrameGradientCheckTest {
    private static final double EPSILON = 3e-3;
    private static final int SOURCE = 4;
    private static final int TARGET = 4;

    @BeforeAll
    static void tensorflow() {
        TfRuntime.require();
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("2 layers of 3, bce, teacher forcing, 2 towers", 1, new FrameLoss.Bce(), false, 2));
        cases.add(Arguments.of("2 layers of 3, focal, partial teacher forcing, 2 towers", 1, new FrameLoss.Focal(0.75, 2), true, 2));
        cases.add(Arguments.of("1 layer of 5, focal 0.6/1.5, partial teacher forcing, 1 tower", 0, new FrameLoss.Focal(0.6, 1.5),
                true, 1));
        cases.add(Arguments.of("3 layers of 5, bce, partial teacher forcing, 2 towers", 2, new FrameLoss.Bce(), true, 2));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String name, int network, FrameLoss loss, boolean partial, int towers) {
        ModelSpec spec = FrameConformanceCases.cases().get(network).spec();
        Weights weights = FrameConformanceCases.weights(spec, spec.seed());
        FrameBatch frames = FrameConformanceCases.batch(3, SOURCE, TARGET, 7, spec.seed() + 3);
        boolean[] forced = {true, !partial, true, !partial};
        FrameTrainingBatch batch = new FrameTrainingBatch(frames, forced);
        FrameTrainingConfig config = new FrameTrainingConfig(new TrainingConfig(1e-3, 0, 3, TARGET, 1, 0, 0, 0, 0, 0, 1, 2),
                SOURCE, 0, partial ? 0.5 : 1, loss);
        List<float[]> grads;
        System.setProperty(TfFrameNet.TOWERS_PROPERTY, Integer.toString(towers));
        try (TfFrameTrainer trainer = new TfFrameTrainer(spec, config, weights)) {
            grads = trainer.gradients(batch);
        } finally {
            System.clearProperty(TfFrameNet.TOWERS_PROPERTY);
        }
        // what the decoder read at each step under this teacher forcing, then held fixed
        float[][] inputs = decoderInputs(spec, weights, batch);
        assertThat((double) grads.get(0)[0]).as("loss").isCloseTo(referenceLoss(spec, weights, frames, inputs, loss),
                org.assertj.core.data.Offset.offset(1e-5));

        List<String> names = new ArrayList<>(Seq2SeqLayout.shapes(spec).keySet());
        SplittableRandom random = new SplittableRandom(spec.seed());
        int checked = 0;
        for (int i = 0; i < names.size(); i++) {
            String tensor = names.get(i);
            float[] analytic = grads.get(i + 1);
            assertThat(analytic).as(tensor).hasSize(weights.get(tensor).size());
            int samples = Math.min(analytic.length, 6);
            for (int s = 0; s < samples; s++) {
                int index = analytic.length <= 6 ? s : random.nextInt(analytic.length);
                double plus = referenceLoss(spec, with(weights, tensor, index, EPSILON), frames, inputs, loss);
                double minus = referenceLoss(spec, with(weights, tensor, index, -EPSILON), frames, inputs, loss);
                double numeric = (plus - minus) / (2 * EPSILON);
                if (Math.abs(numeric - analytic[index]) > 2e-4 + 1e-2 * Math.abs(numeric)) {
                    fail(String.format(Locale.ROOT, "%s: d loss / d %s[%d]: finite differences %.6g, TensorFlow %.6g", name, tensor,
                            index, numeric, analytic[index]));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    /** Each step's decoder input under the batch's teacher forcing, from the reference: {@code [t][b·K + i]}. */
    private static float[][] decoderInputs(ModelSpec spec, Weights weights, FrameTrainingBatch batch) {
        FrameBatch frames = batch.frames();
        int k = frames.frameSize();
        float[][] inputs = new float[frames.targetSteps()][frames.batch() * k];
        try (FrameModel model = new JavaBackend().frameModel(spec, weights)) {
            SequenceBatch logits = FrameEvaluator.trainingLogits(model, batch);
            for (int t = 0; t < frames.targetSteps(); t++) {
                for (int b = 0; b < frames.batch(); b++) {
                    for (int i = 0; i < k; i++) {
                        inputs[t][b * k + i] = t == 0 || batch.forced(t) ? frames.decoderInput(b, t)[i]
                                : logits.get(b, t - 1, i) >= 0f ? 1f : 0f;
                    }
                }
            }
        }
        return inputs;
    }

    /** The mean loss of the reference's decoder reading {@code inputs} from the encoder's state, in double. */
    private static double referenceLoss(ModelSpec spec, Weights weights, FrameBatch frames, float[][] inputs, FrameLoss loss) {
        int k = frames.frameSize();
        double sum = 0;
        try (FrameModel model = new JavaBackend().frameModel(spec, weights); Decoder decoder = model.newDecoder(frames.batch())) {
            decoder.setState(model.encode(frames.source()));
            for (int t = 0; t < frames.targetSteps(); t++) {
                float[] logits = decoder.step(inputs[t]);
                for (int b = 0; b < frames.batch(); b++) {
                    for (int i = 0; i < k; i++) {
                        sum += loss.value(logits[b * k + i], frames.target().get(b, t, i));
                    }
                }
            }
        }
        return sum / ((double) frames.batch() * frames.targetSteps() * k);
    }

    private static Weights with(Weights weights, String name, int index, double delta) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        Tensor tensor = weights.get(name);
        float[] values = tensor.toArray();
        values[index] += (float) delta;
        tensors.put(name, Tensor.wrap(values, tensor.shape()));
        return Weights.of(tensors);
    }
}
