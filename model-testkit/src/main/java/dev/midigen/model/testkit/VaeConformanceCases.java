package dev.midigen.model.testkit;

import dev.midigen.codec.encoding.GrooveCodec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The small drum VAEs ({@link DrumVae}) the conformance suite runs, over GrooVAE's groove encoding
 * ({@link GrooveSpec#GROOVAE}: the 9 Roland classes, frames of 27 values): two bidirectional encoder layers of 3 and 4
 * units (layer 1 reads both directions of layer 0, 6 values; the latent reads both directions of layer 1, 8 values), a
 * latent of 4 and two decoder layers of 5 and 6 (the bridge writes 22 state values, the first layer reads 27 + 4), so
 * that layer wiring, direction order, the bridge's h-then-c order and gate-order or transposition mistakes cannot hide
 * in equal sizes.
 *
 * <p>Its inputs are realistic groove frames (hits 0/1; a velocity in (0, 1] and an offset in [−1, 1) where a class is
 * hit, 0 where it is not), read as a drum VAE reads them: the decoder's teacher-forced inputs
 * ({@link DrumVaeLatents#decoderInputs}: zeros, then the target one step late, and the step's hits for a model with
 * hit controls) and a source of its own random frames
 * of the same length. The source is not {@code GrooveTransform.HUMANIZE} of the target: that zeroes every velocity and
 * offset, so two thirds of the encoder's input columns would never count. Training batches ({@link #batch}) are built
 * as {@code GrooveWindows} builds them: the source is the spec's transformation of the target.
 */
public final class VaeConformanceCases {
    /** How much larger than Glorot the LSTM matrices are (so that the gates move away from ½). */
    public static final float LSTM_SCALE = 2;
    /** How much larger than Glorot {@code latent.mu.W} is (so that μ, and with it the KL, is well away from 0). */
    public static final float MU_SCALE = 3;
    /** How often a class is hit at a step. */
    public static final double DENSITY = 0.35;

    private VaeConformanceCases() {
    }

    /** A named network: its spec, whose seed also seeds its weights. */
    public record VaeCase(String name, ModelSpec spec) {
        public Weights weights() {
            return VaeConformanceCases.weights(spec, spec.seed());
        }

        public DrumVae family() {
            return (DrumVae) spec.family();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Encoder 3, 4 (each way), z 4, decoder 5, 6, 2 bars of GrooVAE's encoding, β 0.2 over 2 free bits (1.39 nats:
     * the posteriors of the suite's grooves under these weights have 1.7–2.4 nats of KL, so the penalty counts, less the
     * free bits), learning to humanize; then the same with hit controls (its decoder's first layer reads 27 + 9 + 4:
     * the previous frame, the step's hits and z) and absolute errors for velocities and offsets ({@link FeelLoss#L1}).
     */
    public static List<VaeCase> cases() {
        DrumVae plain = new DrumVae(List.of(3, 4), 4, List.of(5, 6), 2, 0.2, 2, GrooveTransform.HUMANIZE);
        return List.of(new VaeCase("drum-vae: encoder 2 layers of 3, 4 each way, z 4, decoder 2 layers of 5, 6",
                        new ModelSpec(plain, GrooveSpec.GROOVAE, 301)),
                new VaeCase("drum-vae with hit controls and an L1 feel loss: the same sizes, each step reading its hits",
                        new ModelSpec(plain.withHitControls(true).withFeelLoss(FeelLoss.L1), GrooveSpec.GROOVAE, 302)));
    }

    /**
     * {@link VaeLayout#initial} weights with every bias (LSTM input and recurrent biases, μ's, σ's, the bridge's and the
     * head's) drawn uniformly from [−0.5, 0.5] — the initial ones are nearly all zero or constant, which would let a
     * backend that drops or misplaces a bias pass — the LSTM matrices scaled by {@value #LSTM_SCALE} and μ's by
     * {@value #MU_SCALE}.
     */
    public static Weights weights(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : VaeLayout.initial(spec, seed).asMap().entrySet()) {
            Tensor tensor = entry.getValue();
            float[] values = tensor.toArray();
            for (int i = 0; i < values.length; i++) {
                if (tensor.rank() == 1) {
                    values[i] = (float) (random.nextDouble() - 0.5);
                } else if (entry.getKey().contains("lstm.")) {
                    values[i] *= LSTM_SCALE;
                } else if (entry.getKey().equals(VaeLayout.MU_WEIGHTS)) {
                    values[i] *= MU_SCALE;
                }
            }
            tensors.put(entry.getKey(), Tensor.wrap(values, tensor.shape()));
        }
        return Weights.of(tensors);
    }

    /**
     * {@code batch × time} groove frames of {@code spec}'s encoding: each class hit with probability {@value #DENSITY};
     * a hit's velocity one of 1/127 … 127/127 and its offset uniform in [−1, 1); 0 and 0 where a class is not hit.
     */
    public static SequenceBatch frames(ModelSpec spec, int batch, int time, long seed) {
        return frames(spec, batch, time, seed, DENSITY);
    }

    /** {@link #frames(ModelSpec, int, int, long)} with each class hit with probability {@code density}. */
    public static SequenceBatch frames(ModelSpec spec, int batch, int time, long seed, double density) {
        int width = spec.inputSize();
        int classes = width / 3;
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * time * width];
        for (int base = 0; base < values.length; base += width) {
            for (int c = 0; c < classes; c++) {
                if (random.nextDouble() < density) {
                    values[base + c] = 1f;
                    values[base + classes + c] = (random.nextInt(127) + 1) / 127f;
                    values[base + 2 * classes + c] = (float) (random.nextDouble() * 2 - 1);
                }
            }
        }
        return SequenceBatch.wrap(batch, time, width, values);
    }

    /**
     * What the model reads for {@code batch} windows of {@code time} steps: the teacher-forced decoder inputs of target
     * frames (seed {@code seed + 1}) and a source of other frames (seed {@code seed}), as long.
     */
    public static ModelBatch inputs(ModelSpec spec, int batch, int time, long seed) {
        SequenceBatch source = frames(spec, batch, time, seed);
        SequenceBatch targets = frames(spec, batch, time, seed + 1);
        return new ModelBatch(DrumVaeLatents.decoderInputs(targets, spec.architecture().controlSize()), source);
    }

    /** {@code spec}'s transformation ({@link DrumVae#transform()}) of each row of {@code frames}, encoded again. */
    public static SequenceBatch transformed(ModelSpec spec, SequenceBatch frames) {
        GrooveCodec codec = new GrooveCodec((GrooveSpec) spec.encoding());
        GrooveTransform transform = ((DrumVae) spec.family()).transform();
        int width = frames.width();
        int window = frames.time() * width;
        float[] all = frames.toArray();
        float[] out = new float[all.length];
        for (int b = 0; b < frames.batch(); b++) {
            float[] row = new float[window];
            System.arraycopy(all, b * window, row, 0, window);
            FrameSeq encoded = codec.encode(transform.apply(codec.decode(FrameSeq.wrap(frames.time(), width, row))));
            System.arraycopy(encoded.toArray(), 0, out, b * window, window);
        }
        return SequenceBatch.wrap(frames.batch(), frames.time(), width, out);
    }

    /**
     * A training batch of {@code batch} windows of {@code time} steps, as {@code GrooveWindows} cuts them: the targets
     * are random frames, the decoder reads them one step late, the encoder reads their transformation.
     */
    public static TrainingBatch batch(ModelSpec spec, int batch, int time, long seed) {
        SequenceBatch targets = frames(spec, batch, time, seed);
        return TrainingBatch.groove(transformed(spec, targets),
                DrumVaeLatents.decoderInputs(targets, spec.architecture().controlSize()), targets);
    }
}
