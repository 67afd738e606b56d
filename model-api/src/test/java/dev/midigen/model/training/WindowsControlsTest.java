package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.DrumKitCodec;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Controls;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.TrainingBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A conditioned token model's windows: every step reads its sequence's control after the codec's features. */
class WindowsControlsTest {
    private static final DrumKitCodec CODEC = new DrumKitCodec(new DrumKitSpec(DrumMap.GM, 4, 0));
    private static final Controls CONTROLS = new Controls(List.of("funk", "rock"), Controls.LOG2_TEMPO);

    @Test
    void validationStepsReadTheirSequencesControl() {
        // the one-token sequence holds no window: controls stay aligned with the sequences that do
        Windows windows = new Windows(CODEC, List.of(IntSeq.of(1, 2, 3), IntSeq.of(9), IntSeq.of(4, 5)),
                List.of(CONTROLS.vector("rock", 240), CONTROLS.vector("funk", 60), CONTROLS.vector(null, 120)), 2, 4);

        TrainingBatch batch = windows.validationBatches(8, 0).iterator().next();

        assertThat(batch.inputs().inputs().width()).isEqualTo(512 + 3);
        assertThat(control(batch, 0, 0)).containsExactly(0f, 1f, 1f);
        assertThat(control(batch, 0, 1)).containsExactly(0f, 1f, 1f);
        assertThat(control(batch, 1, 0)).containsExactly(0f, 0f, 0f);
        assertThat(batch.inputs().inputs().get(1, 0, 4)).isEqualTo(1f); // token 4's one-hot is untouched
        assertThat(control(batch, 0, 3)).as("padding reads nothing").containsExactly(0f, 0f, 0f);
    }

    @Test
    void trainingZeroesTheStyleOfAboutATenthOfItsWindowsAndKeepsTheTempo() {
        Windows windows = new Windows(CODEC, List.of(IntSeq.of(1, 2, 3, 4, 5, 6, 7, 8)),
                List.of(CONTROLS.vector("rock", 240)), 2, 4);
        int dropped = 0;
        int total = 0;
        for (long step = 0; step < 50; step++) {
            TrainingBatch batch = windows.trainingBatch(7, step, 64);
            assertThat(java.util.Arrays.equals(windows.trainingBatch(7, step, 64).inputs().inputs().toArray(),
                    batch.inputs().inputs().toArray())).as("the same step, the same batch").isTrue();
            for (int b = 0; b < 64; b++) {
                float[] control = control(batch, b, 0);
                assertThat(control[2]).isEqualTo(1f);
                dropped += control[1] == 0f ? 1 : 0;
                total++;
            }
        }
        assertThat(dropped / (double) total).isCloseTo(Controls.STYLE_DROPOUT, within(0.02));
    }

    @Test
    void aModelWithoutControlsDrawsTheSameBatchesAsBefore() {
        List<IntSeq> sequences = List.of(IntSeq.of(1, 2, 3, 4, 5, 6, 7, 8), IntSeq.of(3, 4, 5));
        Windows plain = new Windows(CODEC, sequences, 4);
        Windows none = new Windows(CODEC, sequences, null, 0, 4);
        assertThat(java.util.Arrays.equals(none.trainingBatch(3, 11, 16).inputs().inputs().toArray(),
                plain.trainingBatch(3, 11, 16).inputs().inputs().toArray())).isTrue();
        assertThat(new dev.midigen.model.ModelSpec(DrumRnn.DRUM_KIT, CODEC.spec(), 1, CONTROLS).decoderInputSize())
                .isEqualTo(515);
    }

    private static float[] control(TrainingBatch batch, int b, int t) {
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
            out[i] = batch.inputs().inputs().get(b, t, 512 + i);
        }
        return out;
    }
}
