package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.CanonicalLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GrooveEvaluationTest {

    @Test
    void hitsVelocitiesAndOffsetsOfOneHandMadeStep() {
        // 2 classes, 1 step: class 0 played (velocity 0.5, offset 0.2), class 1 not; predicted: class 0 hit with
        // sigmoid(0) = 0.5 velocity and tanh(0) = 0 offset, class 1 hit too (a false positive)
        SequenceBatch outputs = SequenceBatch.wrap(1, 1, 6, new float[] {2, 1, 0, 5, 0, 3});
        Targets.Groove targets = new Targets.Groove(SequenceBatch.wrap(1, 1, 6, new float[] {1, 0, 0.5f, 0, 0.2f, 0}));

        GrooveEvaluation evaluation = GrooveEvaluation.of(outputs, targets, FeelLoss.MSE);

        assertThat(evaluation.truePositive()).isEqualTo(1);
        assertThat(evaluation.falsePositive()).isEqualTo(1);
        assertThat(evaluation.falseNegative()).isZero();
        assertThat(evaluation.precision()).isEqualTo(0.5);
        assertThat(evaluation.recall()).isEqualTo(1.0);
        assertThat(evaluation.f1()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(evaluation.velocityMae()).isCloseTo(0, within(1e-9));
        assertThat(evaluation.offsetMae()).isCloseTo(0.2, within(1e-6));
        assertThat(evaluation.loss()).isCloseTo(GrooveLoss.reconstruction(outputs, targets, FeelLoss.MSE).total(),
                within(1e-9));
        assertThat(GrooveEvaluation.of(outputs, targets, FeelLoss.L1).loss()).as("scored as the head's feel loss")
                .isCloseTo(GrooveLoss.reconstruction(outputs, targets, FeelLoss.L1).total(), within(1e-9));
        assertThat(evaluation.plus(evaluation).loss()).as("a mean per window").isCloseTo(evaluation.loss(), within(1e-9));
        assertThat(evaluation.summary()).containsKeys("validationLoss", "validationHitF1", "validationVelocityMae");
        assertThat(GrooveEvaluation.EMPTY.loss()).isNaN();
        assertThatThrownBy(() -> GrooveEvaluation.of(SequenceBatch.wrap(1, 2, 6, new float[12]), targets,
                FeelLoss.MSE))
                .hasMessageContaining("groove targets");
    }

    @Test
    void theEvaluatorOfADrumVaeScoresItsWindowsTeacherForced() {
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(4), 3, List.of(5), 1, 0.2, 1, GrooveTransform.HUMANIZE),
                GrooveSpec.GROOVAE, 5);
        SplittableRandom random = new SplittableRandom(3);
        int frame = 27;
        float[] target = new float[2 * 16 * frame];
        for (int row = 0; row < 2 * 16; row++) {
            for (int c = 0; c < 9; c++) {
                if (random.nextDouble() < 0.3) {
                    target[row * frame + c] = 1;
                    target[row * frame + 9 + c] = (float) random.nextDouble();
                    target[row * frame + 18 + c] = (float) (random.nextDouble() - 0.5);
                }
            }
        }
        SequenceBatch frames = SequenceBatch.wrap(2, 16, frame, target);
        TrainingBatch batch = TrainingBatch.groove(frames, DrumVaeLatents.decoderInputs(frames), frames);

        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 5))) {
            Evaluation evaluation = Evaluator.forSpec(spec).evaluate(model, List.of(batch));

            assertThat(evaluation).isInstanceOf(GrooveEvaluation.class);
            GrooveEvaluation groove = (GrooveEvaluation) evaluation;
            assertThat(groove.sequences()).isEqualTo(2);
            assertThat(groove.truePositive() + groove.falseNegative()).as("every played hit counted once")
                    .isEqualTo(countHits(target, frame));
            SequenceBatch outputs = model.score(batch.inputs());
            assertThat(groove.loss()).isCloseTo(
                    GrooveLoss.reconstruction(outputs, new Targets.Groove(frames), FeelLoss.MSE).total(), within(1e-6));
        }
        assertThat(Evaluator.forSpec(spec).empty()).isEqualTo(GrooveEvaluation.EMPTY);
    }

    private static long countHits(float[] frames, int frame) {
        long hits = 0;
        for (int row = 0; row < frames.length / frame; row++) {
            for (int c = 0; c < 9; c++) {
                hits += frames[row * frame + c] >= 0.5f ? 1 : 0;
            }
        }
        return hits;
    }
}
