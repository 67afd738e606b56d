package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.model.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTargetWindowsTest {
    /** A sequence whose frame f has key (f mod keys) on, and key (base) on: every window is recognisable. */
    private static FrameSeq sequence(int frames, int keys, int base) {
        float[] data = new float[frames * keys];
        for (int f = 0; f < frames; f++) {
            data[f * keys + f % keys] = 1;
            data[f * keys + base] = 1;
        }
        return FrameSeq.wrap(frames, keys, data);
    }

    @Test
    void windowsAreConsecutiveSourceThenTarget() {
        // 70 keys: two words of bits
        SourceTargetWindows windows = new SourceTargetWindows(List.of(sequence(4, 70, 69), sequence(5, 70, 69), sequence(12, 70, 68),
                sequence(9, 70, 67)), 3, 2);
        assertThat(windows.sequenceCount()).isEqualTo(3); // 4 frames hold no window of 3 + 2, 5 frames one
        assertThat(windows.windowCount()).isEqualTo(1 + 8 + 5);
        TrainingBatch batch = windows.batch(7, 3, 16);
        for (int b = 0; b < 16; b++) {
            float[] first = batch.inputs().source().vector(b, 0);
            int start = indexOfOn(first, 67);
            for (int t = 0; t < 3; t++) {
                assertThat(indexOfOn(batch.inputs().source().vector(b, t), 67)).isEqualTo((start + t) % 70);
            }
            for (int t = 0; t < 2; t++) {
                assertThat(indexOfOn(batch.multiLabelTargets().vector(b, t), 67)).isEqualTo((start + 3 + t) % 70);
            }
        }
        assertThat(windows.batch(7, 3, 16).inputs().source().toArray()).isEqualTo(batch.inputs().source().toArray());
        assertThat(windows.batch(7, 4, 16).inputs().source().toArray()).isNotEqualTo(batch.inputs().source().toArray());
    }

    /** The lowest key that is on, below {@code below}. */
    private static int indexOfOn(float[] frame, int below) {
        for (int i = 0; i < below; i++) {
            if (frame[i] == 1f) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void teacherForcingIsSeededByStep() {
        SourceTargetWindows windows = new SourceTargetWindows(List.of(sequence(400, 8, 7)), 4, 64, 0.5);
        TrainingBatch a = windows.trainingBatch(1, 10, 4);
        TrainingBatch b = windows.trainingBatch(1, 10, 4);
        assertThat(a.teacherForced()).isEqualTo(b.teacherForced());
        assertThat(a.multiLabelTargets().toArray()).isEqualTo(b.multiLabelTargets().toArray());
        int forced = 0;
        for (boolean f : a.teacherForced()) {
            forced += f ? 1 : 0;
        }
        assertThat(forced).isBetween(16, 48);
        assertThat(new SourceTargetWindows(List.of(sequence(400, 8, 7)), 4, 64, 1).trainingBatch(1, 10, 4).teacherForced())
                .containsOnly(true);
        boolean[] none = new SourceTargetWindows(List.of(sequence(400, 8, 7)), 4, 64, 0).trainingBatch(1, 10, 4)
                .teacherForced();
        assertThat(none[0]).isTrue();
        assertThat(java.util.Arrays.copyOfRange(none, 1, none.length)).containsOnly(false);
    }

    @Test
    void validationIsFixedAndSpread() {
        List<FrameSeq> sequences = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sequences.add(sequence(50, 8, 7));
        }
        SourceTargetWindows windows = new SourceTargetWindows(sequences, 5, 5);
        int all = 0;
        for (TrainingBatch batch : windows.validationBatches(7, 0)) {
            all += batch.inputs().batch();
        }
        assertThat(all).isEqualTo(50);
        List<Integer> sizes = new ArrayList<>();
        for (TrainingBatch batch : windows.validationBatches(4, 10)) {
            sizes.add(batch.inputs().batch());
            // windows start at multiples of 10 frames: source frame 0 has key (start mod 8) on
            float[] first = batch.inputs().source().vector(0, 0);
            assertThat(indexOfOn(first, 7) % 2).isZero();
        }
        assertThat(sizes).containsExactly(4, 4, 2);
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> new SourceTargetWindows(List.of(sequence(10, 8, 7), sequence(10, 9, 8)), 2, 2))
                .hasMessageContaining("frames of 9 values");
        SourceTargetWindows none = new SourceTargetWindows(List.of(sequence(3, 8, 7)), 2, 2);
        assertThatThrownBy(() -> none.batch(1, 0, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no sequence holds a window of 2 + 2 frames");
    }
}
