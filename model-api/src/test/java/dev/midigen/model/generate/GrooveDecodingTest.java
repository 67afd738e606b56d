package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.CanonicalLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Humanizing step by step reads what training reads: a humanizer's frames, scored teacher-forced on the decoder
 * inputs training builds from them ({@link DrumVaeLatents#decoderInputs(SequenceBatch, int)}), give back the same
 * offsets.
 */
class GrooveDecodingTest {

    @Test
    void keepingHitsStepByStepFeedsTheDecoderWhatTrainingFeedsIt() {
        DrumVae family = new DrumVae(List.of(5), 3, List.of(6), 1, 0.2, 1, GrooveTransform.HUMANIZE, true);
        ModelSpec spec = new ModelSpec(family, GrooveSpec.GROOVAE, 4);
        int classes = 9;
        int width = 3 * classes;
        int windows = 2;
        int steps = 16;
        SplittableRandom random = new SplittableRandom(1);
        float[] hits = new float[windows * steps * classes];
        float[] sources = new float[windows * steps * width];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = random.nextDouble() < 0.3 ? 1 : 0;
            sources[i / classes * width + i % classes] = hits[i];
        }
        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 4))) {
            SequenceBatch source = SequenceBatch.wrap(windows, steps, width, sources);
            SequenceBatch frames = new GrooveDecoding(model).keepHits(source, hits);
            SequenceBatch inputs = DrumVaeLatents.decoderInputs(frames, spec.architecture().controlSize());
            assertThat(inputs.width()).isEqualTo(spec.decoderInputSize());
            SequenceBatch outputs = model.score(new ModelBatch(inputs, source));

            int compared = 0;
            for (int w = 0; w < windows; w++) {
                for (int t = 0; t < steps; t++) {
                    for (int c = 0; c < classes; c++) {
                        if (hits[(w * steps + t) * classes + c] == 1) {
                            assertThat(frames.vector(w, t)[2 * classes + c])
                                    .isCloseTo((float) Math.tanh(outputs.vector(w, t)[2 * classes + c]), within(1e-5f));
                            compared++;
                        }
                    }
                }
            }
            assertThat(compared).isGreaterThan(10);
        }
    }
}
