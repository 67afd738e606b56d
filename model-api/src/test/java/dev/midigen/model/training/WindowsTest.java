package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.DrumKitCodec;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.TrainingBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {
    /** drum-kit without counters: the input is the token's one-hot over 512. */
    private static final DrumKitCodec CODEC = new DrumKitCodec(new DrumKitSpec(DrumMap.GM, 4, 0));

    private static List<TrainingBatch> list(Iterable<TrainingBatch> batches) {
        List<TrainingBatch> list = new java.util.ArrayList<>();
        batches.forEach(list::add);
        return list;
    }

    private static int hot(TrainingBatch batch, int b, int t) {
        int width = batch.inputs().inputs().width();
        int found = -1;
        for (int w = 0; w < width; w++) {
            if (batch.inputs().inputs().get(b, t, w) == 1f) {
                found = w;
            }
        }
        return found;
    }

    @Test
    void aWindowReadsTokensAndPredictsTheNextOnes_paddingIsMasked() {
        Windows windows = new Windows(CODEC, List.of(IntSeq.of(1, 2, 3, 4)), 5);

        List<TrainingBatch> batches = list(windows.validationBatches(8, 0));

        assertThat(batches).hasSize(1);
        TrainingBatch batch = batches.get(0);
        assertThat(batch.inputs().batch()).isEqualTo(1);
        // steps 0..2 read tokens 1, 2, 3 and predict 2, 3, 4; steps 3 and 4 are padding
        assertThat(new int[] {hot(batch, 0, 0), hot(batch, 0, 1), hot(batch, 0, 2), hot(batch, 0, 3)})
                .containsExactly(1, 2, 3, -1);
        assertThat(batch.categoricalTargets().labels()).containsExactly(2, 3, 4, 0, 0);
        assertThat(batch.categoricalTargets().mask()).containsExactly(1f, 1f, 1f, 0f, 0f);
        assertThat(windows.labelledSteps()).isEqualTo(3);
    }

    @Test
    void validationWindowsCoverEverySequenceConsecutively() {
        Windows windows = new Windows(CODEC, List.of(IntSeq.of(0, 1, 2, 3, 4, 5, 6), IntSeq.of(9), IntSeq.of(7, 8)), 3);

        List<TrainingBatch> batches = list(windows.validationBatches(2, 0));

        // sequence 0: windows at 0 and 3 (labels 1..3, 4..6); sequence 1 is too short; sequence 2: one window
        assertThat(windows.sequenceCount()).isEqualTo(2);
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).categoricalTargets().labels()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(batches.get(1).categoricalTargets().labels()).containsExactly(8, 0, 0);
        assertThat(batches.get(1).categoricalTargets().mask()).containsExactly(1f, 0f, 0f);
        assertThat(list(windows.validationBatches(2, 1))).hasSize(1);
        float labelled = 0;
        for (TrainingBatch batch : batches) {
            for (float m : batch.categoricalTargets().mask()) {
                labelled += m;
            }
        }
        assertThat((long) labelled).isEqualTo(windows.labelledSteps());
    }

    @Test
    void trainingBatchesDependOnlyOnSeedAndStep() {
        Windows windows = new Windows(CODEC, List.of(IntSeq.of(0, 1, 2, 3, 4, 5, 6, 7), IntSeq.of(10, 11, 12)), 4);

        TrainingBatch a = windows.trainingBatch(7, 42, 16);
        TrainingBatch again = windows.trainingBatch(7, 42, 16);
        TrainingBatch next = windows.trainingBatch(7, 43, 16);

        assertThat(again.categoricalTargets().labels()).containsExactly(a.categoricalTargets().labels());
        assertThat(again.inputs().inputs().toArray()).containsExactly(a.inputs().inputs().toArray());
        assertThat(next.categoricalTargets().labels()).isNotEqualTo(a.categoricalTargets().labels());
        // every labelled step predicts the token after the one it reads
        for (int b = 0; b < 16; b++) {
            for (int t = 0; t < 4; t++) {
                int row = b * 4 + t;
                if (a.categoricalTargets().mask()[row] == 1f) {
                    int read = hot(a, b, t);
                    assertThat(a.categoricalTargets().labels()[row]).isEqualTo(read == 12 || read == 7 ? -1 : read + 1);
                }
            }
        }
    }
}
