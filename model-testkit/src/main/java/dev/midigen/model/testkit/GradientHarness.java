package dev.midigen.model.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.midigen.model.Architecture;
import dev.midigen.model.Decoder;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.Head;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.reference.LatentDistribution;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The finite-difference gradient check every training backend runs: a backend's analytic gradients of a batch's loss
 * (named and shaped as the canonical weights) against central differences of the pure-Java reference's loss of the
 * same batch, computed in double — the head's objective on the reference's training logits
 * ({@link Evaluator#trainingLogits}, teacher forcing included), so one harness serves every family. The frames a
 * decoder feeds back where the batch does not teacher-force are constants of the training step, so they are held
 * fixed ({@link #fedBack}) while the weights move. A drum VAE's objective ({@link GrooveLoss}: reconstruction and the
 * latent's penalty) depends on the noise {@code ε} its step draws for {@code z = μ + σ ⊙ ε}; that too is a constant of
 * the step, which the check takes as given ({@link #referenceLoss(ModelSpec, Weights, TrainingBatch, float[])}).
 */
public final class GradientHarness {
    private final double epsilon;
    private final double absolute;
    private final double relative;
    private final int samplesPerTensor;

    /**
     * @param epsilon          the step of the central differences
     * @param absolute         the absolute part of the tolerance
     * @param relative         the part of the tolerance relative to the finite difference
     * @param samplesPerTensor how many values of each tensor to check (all of a smaller tensor)
     */
    public GradientHarness(double epsilon, double absolute, double relative, int samplesPerTensor) {
        this.epsilon = epsilon;
        this.absolute = absolute;
        this.relative = relative;
        this.samplesPerTensor = samplesPerTensor;
    }

    /** ε 3·10⁻³, tolerance 2·10⁻⁴ + 1% of the difference, 10 values a tensor. */
    public static GradientHarness standard() {
        return new GradientHarness(3e-3, 2e-4, 1e-2, 10);
    }

    /** The head's objective for {@code batch} on the reference with {@code weights}, in double (a drum VAE's at z = μ). */
    public static double referenceLoss(ModelSpec spec, Weights weights, TrainingBatch batch) {
        return referenceLoss(spec, weights, batch, null);
    }

    /**
     * The head's objective for {@code batch} on the reference with {@code weights}, in double. For a drum VAE (a
     * {@link Head.Groove} head): {@link GrooveLoss}'s total, the reconstruction by the decoder started from
     * {@code z = μ + σ ⊙ noise} (the bridge of it, {@link DrumVaeLatents#stateFromLatent}) reading the batch's
     * teacher-forced inputs, plus {@code β · max(KL − freeBits · ln 2, 0)} of the posterior {@code N(μ, σ²)} of the
     * batch's source, averaged over the sequences.
     *
     * @param noise a drum VAE's {@code ε} ({@code batch × Z}, row-major: what its training step drew), null for zeros
     *              ({@code z = μ}); null for every other family
     */
    public static double referenceLoss(ModelSpec spec, Weights weights, TrainingBatch batch, float[] noise) {
        if (spec.head() instanceof Head.Groove) {
            return grooveLoss(spec, weights, batch, noise);
        }
        if (noise != null) {
            throw new IllegalArgumentException("only a drum VAE draws a latent; " + spec.family().typeName() + " has no noise");
        }
        try (SequenceModel model = new JavaBackend().fromWeights(spec, weights)) {
            SequenceBatch logits = Evaluator.trainingLogits(model, batch);
            if (spec.head() instanceof Head.MultiLabel head) {
                return head.loss().mean(logits, batch.multiLabelTargets());
            }
            return Assertions.crossEntropy(logits, batch.categoricalTargets());
        }
    }

    /** The groove objective of {@link #referenceLoss(ModelSpec, Weights, TrainingBatch, float[])}. */
    private static double grooveLoss(ModelSpec spec, Weights weights, TrainingBatch batch, float[] noise) {
        ModelBatch given = batch.inputs();
        if (!given.hasSource() || !batch.allForced()) {
            throw new IllegalArgumentException("a drum VAE's batch has a source and teacher-forces every step");
        }
        DrumVaeLatents latents = DrumVaeLatents.of(spec, weights);
        LatentDistribution q = latents.encode(given.source());
        float[] mu = q.mu();
        float[] sigma = q.sigma();
        float[] z = mu.clone();
        if (noise != null) {
            if (noise.length != z.length) {
                throw new IllegalArgumentException("noise for " + q.batch() + " × " + q.size() + " latents, got "
                        + noise.length + " values");
            }
            for (int i = 0; i < z.length; i++) {
                z[i] = mu[i] + sigma[i] * noise[i];
            }
        }
        SequenceBatch inputs = given.inputs();
        int rows = inputs.batch();
        int time = inputs.time();
        int width = inputs.width();
        int outputs = spec.head().outputSize();
        float[] logits = new float[rows * time * outputs];
        float[] step = new float[rows * width];
        try (SequenceModel model = new JavaBackend().fromWeights(spec, weights); Decoder decoder = model.newDecoder(rows)) {
            decoder.setState(latents.stateFromLatent(z));
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(inputs.vector(b, t), 0, step, b * width, width);
                }
                float[] out = decoder.step(step);
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(out, b * outputs, logits, (b * time + t) * outputs, outputs);
                }
            }
        }
        Architecture.Latent latent = spec.architecture().latent();
        return GrooveLoss.of(SequenceBatch.wrap(rows, time, outputs, logits), (Targets.Groove) batch.targets(), mu, sigma,
                latent.beta(), GrooveLoss.nats(latent.freeBits()), ((Head.Groove) spec.head()).feel()).total();
    }

    /**
     * Checks {@code analytic} against central differences of the reference's loss of {@code batch} (its fed-back frames
     * held fixed) at values drawn with {@code seed}; fails naming the tensor, the index and both numbers. Returns how
     * many values it checked.
     */
    public int check(String what, ModelSpec spec, Weights weights, TrainingBatch batch, Weights analytic, long seed) {
        return check(what, spec, weights, batch, analytic, seed, null);
    }

    /**
     * {@link #check(String, ModelSpec, Weights, TrainingBatch, Weights, long)} for a drum VAE whose step drew
     * {@code noise} ({@code ε}, {@code batch × Z}; null for zeros, {@code z = μ}).
     */
    public int check(String what, ModelSpec spec, Weights weights, TrainingBatch batch, Weights analytic, long seed,
                     float[] noise) {
        TrainingBatch fixed = fedBack(spec, weights, batch);
        return check(what, weights, analytic, w -> referenceLoss(spec, w, fixed, noise), seed);
    }

    /**
     * Checks {@code analytic} against central differences of {@code loss} (a backend's own, e.g. with its dropout
     * masks) at values drawn with {@code seed}, the tensors in {@code weights}' order; fails naming the tensor, the
     * index and both numbers. Returns how many values it checked.
     */
    public int check(String what, Weights weights, Weights analytic, ToDoubleFunction<Weights> loss, long seed) {
        assertThat(analytic.names()).as(what + ": gradient tensors").containsExactlyElementsOf(weights.names());
        SplittableRandom random = new SplittableRandom(seed);
        int checked = 0;
        for (String tensor : weights.names()) {
            float[] gradient = analytic.get(tensor).toArray();
            assertThat(gradient).as(what + ": " + tensor).hasSize(weights.get(tensor).size());
            int samples = Math.min(gradient.length, samplesPerTensor);
            for (int s = 0; s < samples; s++) {
                int index = gradient.length <= samplesPerTensor ? s : random.nextInt(gradient.length);
                double plus = loss.applyAsDouble(nudged(weights, tensor, index, epsilon));
                double minus = loss.applyAsDouble(nudged(weights, tensor, index, -epsilon));
                double numeric = (plus - minus) / (2 * epsilon);
                if (Math.abs(numeric - gradient[index]) > absolute + relative * Math.abs(numeric)) {
                    fail(String.format(Locale.ROOT, "%s: d loss / d %s[%d]: finite differences %.6g, analytic %.6g", what,
                            tensor, index, numeric, gradient[index]));
                }
                checked++;
            }
        }
        return checked;
    }

    /**
     * {@code batch} teacher-forced on what the reference decoder with {@code weights} read: its given inputs where the
     * batch forces, else the previous step's logits thresholded at 0 (as {@link Evaluator#trainingLogits} feeds them
     * back). The same loss at {@code weights}; {@code batch} itself when it forces every step.
     */
    public static TrainingBatch fedBack(ModelSpec spec, Weights weights, TrainingBatch batch) {
        if (batch.allForced()) {
            return batch;
        }
        ModelBatch given = batch.inputs();
        int rows = given.batch();
        int time = given.time();
        int width = given.inputs().width();
        int outputs = spec.head().outputSize();
        float[] logits;
        try (SequenceModel model = new JavaBackend().fromWeights(spec, weights)) {
            logits = Evaluator.trainingLogits(model, batch).toArray();
        }
        float[] inputs = given.inputs().toArray();
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < time; t++) {
                if (!batch.forced(t)) {
                    for (int i = 0; i < width; i++) {
                        inputs[(b * time + t) * width + i] = logits[(b * time + t - 1) * outputs + i] >= 0f ? 1f : 0f;
                    }
                }
            }
        }
        return new TrainingBatch(new ModelBatch(SequenceBatch.wrap(rows, time, width, inputs), given.source()),
                batch.targets(), null);
    }

    /** {@code weights} with value {@code index} of {@code name} moved by {@code delta}. */
    public static Weights nudged(Weights weights, String name, int index, double delta) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        Tensor tensor = weights.get(name);
        float[] values = tensor.toArray();
        values[index] += (float) delta;
        tensors.put(name, Tensor.wrap(values, tensor.shape()));
        return Weights.of(tensors);
    }

    /**
     * Larger recurrent, attention and output weights than Glorot's, so that every path (the recurrence and the
     * attention's scores especially) moves the loss by more than the tolerance.
     */
    public static Weights sharpen(Weights weights) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : weights.asMap().entrySet()) {
            Tensor tensor = entry.getValue();
            String name = entry.getKey();
            float scale = name.endsWith(".R") ? 2f : name.startsWith("attention") ? 6f
                    : name.equals("output.W") || name.equals("classifier.1.W") ? 3f : 1f;
            float[] values = tensor.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
            tensors.put(name, Tensor.wrap(values, tensor.shape()));
        }
        return Weights.of(tensors);
    }

    /**
     * An LSTM network of the gradient checks: its spec (whose seed seeds its weights and batch) and whether its inputs
     * are one-hot rows ({@link #oneHot}) or dense ({@link ConformanceNetworks#inputs}).
     */
    public record LstmCase(String name, ModelSpec spec, boolean oneHot) {
        /** {@link ConformanceNetworks#weights}, sharpened. */
        public Weights weights() {
            return sharpen(ConformanceNetworks.weights(spec.lstmNetwork(), spec.seed()));
        }

        /** 3 sequences of 7 steps, random labels, sequence 1 ending two steps early. */
        public TrainingBatch batch() {
            int batch = 3;
            int time = 7;
            SplittableRandom random = new SplittableRandom(spec.seed());
            SequenceBatch inputs = oneHot ? GradientHarness.oneHot(batch, time, spec.inputSize(), random)
                    : ConformanceNetworks.inputs(batch, time, spec.inputSize(), spec.seed());
            if (spec.controls() != null) {
                inputs = withControls(inputs, spec);
            }
            int[] labels = new int[batch * time];
            float[] mask = new float[batch * time];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(spec.head().outputSize());
                mask[i] = i % time >= time - 2 && i / time == 1 ? 0f : 1f;
            }
            return TrainingBatch.categorical(inputs, labels, mask);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The LSTM networks every backend's gradient check runs: 1 to 3 layers, attention, dense and one-hot inputs. */
    public static List<LstmCase> lstmCases() {
        return List.of(
                new LstmCase("1 layer of 5, dense inputs", new ModelSpec(new NextTokenLstm(List.of(5), 0),
                        ConformanceNetworks.MELODY, 11), false),
                new LstmCase("2 layers of 5, 4, attention over 3, dense inputs", new ModelSpec(
                        new NextTokenLstm(List.of(5, 4), 3), ConformanceNetworks.MELODY, 12), false),
                new LstmCase("2 layers of 5, 4, attention over 3, one-hot inputs", new ModelSpec(
                        new NextTokenLstm(List.of(5, 4), 3), ConformanceNetworks.MELODY, 13), true),
                new LstmCase("drum-rnn 3 layers of 4, 6, 3, attention over 2, one-hot inputs", new ModelSpec(
                        new DrumRnn(List.of(4, 6, 3), 2), ConformanceNetworks.TWO_DRUMS, 14), true),
                new LstmCase("drum-rnn 2 layers of 4, 3, attention over 2, one-hot inputs, style and tempo controls",
                        new ModelSpec(new DrumRnn(List.of(4, 3), 2), ConformanceNetworks.TWO_DRUMS, 15,
                                ConformanceNetworks.STYLE_AND_TEMPO), true));
    }

    /** {@code inputs} with each sequence's control ({@link ConformanceNetworks#control}) after every step's features. */
    static SequenceBatch withControls(SequenceBatch inputs, ModelSpec spec) {
        int features = inputs.width();
        int width = spec.decoderInputSize();
        float[] values = new float[inputs.batch() * inputs.time() * width];
        for (int b = 0; b < inputs.batch(); b++) {
            float[] control = ConformanceNetworks.control(spec.controls(), b);
            for (int t = 0; t < inputs.time(); t++) {
                int row = b * inputs.time() + t;
                System.arraycopy(inputs.vector(b, t), 0, values, row * width, features);
                System.arraycopy(control, 0, values, row * width + features, control.length);
            }
        }
        return SequenceBatch.wrap(inputs.batch(), inputs.time(), width, values);
    }

    /** One-hot rows (a token among the first width − 3 columns) and one ±1 counter among the last 3. */
    public static SequenceBatch oneHot(int batch, int time, int width, SplittableRandom random) {
        float[] values = new float[batch * time * width];
        for (int row = 0; row < batch * time; row++) {
            values[row * width + random.nextInt(width - 3)] = 1f;
            values[row * width + width - 1 - random.nextInt(3)] = random.nextBoolean() ? 1f : -1f;
        }
        return SequenceBatch.wrap(batch, time, width, values);
    }
}
