package dev.midigen.model.testkit;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The small seq2seq networks the conformance suite runs: frames of 7 keys, GRU stacks of 1–3 layers of 3 or 5
 * units, classifiers of 3–6, so that gate-order, transposition and bias mistakes cannot hide in symmetric sizes; and
 * one whose keys, hidden and classifier widths are all 7, so that buffers an engine shares by shape cannot hide
 * either (dl4j's scratch matrices once used one matrix as a product's input and output when the widths agreed).
 */
public final class FrameConformanceCases {
    /** Seven keys from middle C. */
    public static final PianoRollSpec SEVEN_KEYS = new PianoRollSpec(4, 60, 7, false);
    /** How much larger than Glorot the GRU matrices are (so that reset and update gates move away from ½). */
    public static final float GRU_SCALE = 2;

    private FrameConformanceCases() {
    }

    /** A named network: its spec, whose seed also seeds its weights. */
    public record FrameCase(String name, ModelSpec spec) {
        public Weights weights() {
            return FrameConformanceCases.weights(spec, spec.seed());
        }

        public Seq2SeqGru family() {
            return (Seq2SeqGru) spec.family();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static List<FrameCase> cases() {
        return List.of(
                new FrameCase("seq2seq 1 layer of 5, classifier 4", new ModelSpec(new Seq2SeqGru(5, 1, 4), SEVEN_KEYS, 201)),
                new FrameCase("seq2seq 2 layers of 3, classifier 6", new ModelSpec(new Seq2SeqGru(3, 2, 6), SEVEN_KEYS, 202)),
                new FrameCase("seq2seq 3 layers of 5, classifier 3", new ModelSpec(new Seq2SeqGru(5, 3, 3), SEVEN_KEYS, 203)),
                new FrameCase("seq2seq 2 layers of 7, classifier 7 (every width equal)",
                        new ModelSpec(new Seq2SeqGru(7, 2, 7), SEVEN_KEYS, 204)));
    }

    /**
     * {@link Seq2SeqLayout#initial} weights with every bias drawn uniformly from [−0.5, 0.5] (input and recurrent
     * GRU biases differ, so a backend that drops the recurrent candidate bias or applies the reset gate before
     * the recurrent product fails) and the GRU matrices scaled by {@value #GRU_SCALE}.
     */
    public static Weights weights(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : Seq2SeqLayout.initial(spec, seed).asMap().entrySet()) {
            Tensor tensor = entry.getValue();
            float[] values = tensor.toArray();
            for (int i = 0; i < values.length; i++) {
                if (tensor.rank() == 1) {
                    values[i] = (float) (random.nextDouble() - 0.5);
                } else if (entry.getKey().contains("gru.")) {
                    values[i] *= GRU_SCALE;
                }
            }
            tensors.put(entry.getKey(), Tensor.wrap(values, tensor.shape()));
        }
        return Weights.of(tensors);
    }

    /** {@code batch × time × keys} frames, each key on with probability {@code density}. */
    public static SequenceBatch frames(int batch, int time, int keys, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * time * keys];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < density ? 1f : 0f;
        }
        return SequenceBatch.wrap(batch, time, keys, values);
    }

    /** Source and target windows of random frames (density 0.35), teacher-forced everywhere. */
    public static TrainingBatch batch(int batch, int sourceSteps, int targetSteps, int keys, long seed) {
        return TrainingBatch.seq2seq(frames(batch, sourceSteps, keys, 0.35, seed), frames(batch, targetSteps, keys, 0.35,
                seed + 1));
    }

    /**
     * A batch a seq2seq model can learn: each sequence holds one chord (its own keys) through source and
     * target, so the target is the source's last frame repeated — learnable only by carrying the encoder's
     * state or reading the previous frame.
     */
    public static TrainingBatch learnable(int batch, int sourceSteps, int targetSteps, int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] source = new float[batch * sourceSteps * keys];
        float[] target = new float[batch * targetSteps * keys];
        for (int b = 0; b < batch; b++) {
            float[] chord = new float[keys];
            for (int k = 0; k < keys; k++) {
                chord[k] = random.nextDouble() < 0.4 ? 1f : 0f;
            }
            for (int t = 0; t < sourceSteps; t++) {
                System.arraycopy(chord, 0, source, (b * sourceSteps + t) * keys, keys);
            }
            for (int t = 0; t < targetSteps; t++) {
                System.arraycopy(chord, 0, target, (b * targetSteps + t) * keys, keys);
            }
        }
        return TrainingBatch.seq2seq(SequenceBatch.wrap(batch, sourceSteps, keys, source),
                SequenceBatch.wrap(batch, targetSteps, keys, target));
    }
}
