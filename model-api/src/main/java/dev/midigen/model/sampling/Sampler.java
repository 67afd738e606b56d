package dev.midigen.model.sampling;

import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sampler every backend's models go through: the same logits and seed give the same tokens
 * everywhere.
 *
 * <p><b>Primer.</b> The primer's tokens are fed first, one step at a time, on a decoder of batch 1;
 * their logits are ignored except the last step's, which give the first generated token's
 * distribution. That decoder's state is then copied into every row of the sampling decoder
 * ({@link DecoderState#select}), so each output starts from the same primed state however many are
 * sampled together.
 *
 * <p><b>Steps.</b> Sampling works in label space. For each row: the logits become a distribution
 * ({@link LabelDistribution}: temperature, top-k, top-p), a label is drawn from the row's output's own
 * random stream ({@link SeedStreams}), and {@code codec.tokenForLabel(history, length, label)} turns
 * it into a token (lookback labels become the token they repeat); the next input is
 * {@code codec.input(history, length - 1, …)}. All rows step together on one decoder; rows draw in
 * ascending order, each from its own output's stream, so output {@code i} gets the same tokens alone
 * as in a batch (as long as the backend's logits for a row do not depend on the batch size).
 *
 * <p><b>Beam search</b> (Magenta's {@code beam_search.beam_search} as {@code EventSequenceRnnModel}
 * uses it). Each output keeps {@code beamSize × branchFactor} rows, at first all the primer. The first
 * iteration takes {@code (steps − 1) mod stepsPerIteration + 1} sampled steps, every later one
 * {@code stepsPerIteration}. Before each later iteration the rows are pruned to the {@code beamSize}
 * with the highest total log-likelihood (a stable sort, highest first: equal scores keep the lower
 * row), and the survivors are branched again as Python's {@code beams * branchFactor} does: row
 * {@code j} continues survivor {@code j mod beamSize}, with its decoder state ({@code select}). At the
 * end the row with the highest score wins (the lowest row on ties). Every step is <em>sampled</em>;
 * beamSize 1 and branchFactor 1 is plain sampling. Scores are summed in {@code double}, in step order;
 * unlike Magenta they leave out the primer's own likelihood, which is the same for every row.
 *
 * <p>Immutable and thread-safe; each call opens and closes its own decoders.
 */
public final class Sampler {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final SamplingConfig config;

    public Sampler(SamplingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public SamplingConfig config() {
        return config;
    }

    /** Outputs {@code 0 … numOutputs − 1}, each {@code steps} tokens after the primer. */
    public List<Sample> sample(SequenceModel model, IntSeq primer, int steps, int numOutputs) {
        return sample(model, primer, steps, 0, numOutputs);
    }

    /** Output {@code outputIndex} alone: the same tokens it gets in any batch. */
    public Sample sampleOne(SequenceModel model, IntSeq primer, int steps, int outputIndex) {
        return sample(model, primer, steps, outputIndex, 1).get(0);
    }

    /**
     * Outputs {@code firstOutput … firstOutput + count − 1}, each {@code steps} tokens after the primer.
     *
     * @throws IllegalArgumentException for an empty or invalid primer, or counts below 1
     * @throws IllegalStateException    when the model's logits are malformed (wrong width, NaN)
     */
    public List<Sample> sample(SequenceModel model, IntSeq primer, int steps, int firstOutput, int count) {
        return sample(prime(model, primer), steps, firstOutput, count);
    }

    /**
     * A primer read by a model once (its tokens fed one step at a time on a decoder of batch 1): what
     * {@link #sample(Primed, int, int, int)} starts every batch of outputs from.
     *
     * @param logits  the primer's last step's logits (the first generated token's distribution)
     * @param state   the decoder's state after the primer
     * @param control what every step reads after the codec's features ({@code Architecture.controlSize()} values: a
     *                conditioned model's style and tempo, {@code Controls}); empty for a model without one
     */
    public record Primed(SequenceModel model, IntSeq primer, float[] logits, DecoderState state, float[] control,
                         Primed unconditioned) {
        public Primed(SequenceModel model, IntSeq primer, float[] logits, DecoderState state, float[] control) {
            this(model, primer, logits, state, control, null);
        }

        public Primed {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(primer, "primer");
            Objects.requireNonNull(logits, "logits");
            Objects.requireNonNull(state, "state");
            control = control == null ? new float[0] : control.clone();
        }
    }

    /**
     * Feeds the primer to the model.
     *
     * @throws IllegalArgumentException for an empty or invalid primer
     * @throws IllegalStateException    when the model's logits are malformed
     */
    public Primed prime(SequenceModel model, IntSeq primer) {
        return prime(model, primer, null);
    }

    /**
     * Feeds the primer to a model with its control at every step (null: all zeros, a conditioned model's "any style"
     * at 120 bpm), which every sampled step reads too.
     *
     * @throws IllegalArgumentException for an empty or invalid primer, or a control of the wrong width
     * @throws IllegalStateException    when the model's logits are malformed
     */
    /**
     * {@link #prime(SequenceModel, IntSeq, float[])} with classifier-free guidance when the config asks for it
     * ({@link SamplingConfig#guidance} &gt; 0): the primer is read a second time with {@code unconditioned} (the control
     * with its style zeroed, the "any style" the model learned from windows whose style training dropped), and every
     * step samples from {@code cond + w · (cond − uncond)} logits.
     */
    public Primed prime(SequenceModel model, IntSeq primer, float[] control, float[] unconditioned) {
        Primed conditioned = prime(model, primer, control);
        if (config.guidance() == 0 || unconditioned == null || Arrays.equals(unconditioned, conditioned.control())) {
            return conditioned;
        }
        Primed plain = prime(model, primer, unconditioned);
        return new Primed(model, conditioned.primer(), conditioned.logits(), conditioned.state(), conditioned.control(),
                plain);
    }

    public Primed prime(SequenceModel model, IntSeq primer, float[] control) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(primer, "primer");
        TokenCodec<?> codec = model.spec().tokenCodec();
        if (primer.length() == 0) {
            throw new IllegalArgumentException("the primer is empty: the first step needs at least one token to read");
        }
        List<String> problems = codec.validate(primer);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("primer is not valid " + codec.spec().typeName() + " tokens: "
                    + String.join("; ", problems));
        }
        int features = codec.inputSize();
        float[] controls = control != null ? control.clone() : new float[model.spec().decoderInputSize() - features];
        if (features + controls.length != model.spec().decoderInputSize()) {
            throw new IllegalArgumentException("a control of " + controls.length + " values for a model whose steps read "
                    + (model.spec().decoderInputSize() - features));
        }
        int[] tokens = primer.toArray();
        float[] logits = null;
        try (Decoder one = model.newDecoder(1)) {
            float[] input = new float[features + controls.length];
            System.arraycopy(controls, 0, input, features, controls.length);
            for (int i = 0; i < tokens.length; i++) {
                codec.input(tokens, i, input, 0);
                logits = checkedLogits(model, codec, one.step(input), 1, "primer step " + i);
            }
            return new Primed(model, primer, logits, one.state(), controls);
        }
    }

    /**
     * Outputs {@code firstOutput … firstOutput + count − 1} from a primed model, each {@code steps} tokens after the
     * primer: the same as {@link #sample(SequenceModel, IntSeq, int, int, int)} gives them.
     */
    public List<Sample> sample(Primed primed, int steps, int firstOutput, int count) {
        Objects.requireNonNull(primed, "primed");
        if (steps < 1) {
            throw new IllegalArgumentException("steps to sample must be >= 1, got " + steps);
        }
        if (count < 1 || firstOutput < 0) {
            throw new IllegalArgumentException("outputs " + firstOutput + " + " + count + ": need first >= 0 and count >= 1");
        }
        return new Run(primed, steps, firstOutput, count).sample();
    }

    /** One call's state: rows, histories, scores and pending logits. */
    private final class Run {
        private final SequenceModel model;
        private final TokenCodec<?> codec;
        private final int[] primer;
        private final int steps;
        private final int firstOutput;
        private final int outputs;
        private final int branches;
        private final int rows;
        private final int labels;
        private final int width;

        private final Primed primed;

        Run(Primed primed, int steps, int firstOutput, int outputs) {
            this.primed = primed;
            this.model = primed.model();
            this.codec = model.spec().tokenCodec();
            this.primer = primed.primer().toArray();
            this.steps = steps;
            this.firstOutput = firstOutput;
            this.outputs = outputs;
            this.branches = config.branches();
            this.rows = Math.multiplyExact(outputs, branches);
            this.labels = codec.labelCount();
            this.width = codec.inputSize() + primed.control().length;
        }

        List<Sample> sample() {
            float[] primedLogits = primed.logits();
            RandomGenerator[] streams = new RandomGenerator[outputs];
            for (int o = 0; o < outputs; o++) {
                streams[o] = SeedStreams.forOutput(config.seed(), firstOutput + o);
            }
            int length = primer.length + steps;
            int[][] history = new int[rows][];
            for (int r = 0; r < rows; r++) {
                history[r] = Arrays.copyOf(primer, length);
            }
            double[] score = new double[rows];
            Primed plain = primed.unconditioned();
            if (plain != null) {
                primedLogits = guided(primedLogits, plain.logits());
            }
            float[] logits = new float[rows * labels];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(primedLogits, 0, logits, r * labels, labels);
            }
            int firstIteration = (steps - 1) % config.stepsPerIteration() + 1;
            try (Decoder decoder = model.newDecoder(rows);
                 Decoder unconditioned = plain == null ? null : model.newDecoder(rows)) {
                decoder.setState(primed.state().select(new int[rows]));
                if (unconditioned != null) {
                    unconditioned.setState(plain.state().select(new int[rows]));
                }
                float[] inputs = new float[rows * width];
                float[] plainInputs = plain == null ? null : new float[rows * width];
                float[] control = primed.control();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(control, 0, inputs, r * width + width - control.length, control.length);
                    if (plain != null) {
                        System.arraycopy(plain.control(), 0, plainInputs, r * width + width - control.length,
                                control.length);
                    }
                }
                for (int t = 0; t < steps; t++) {
                    if (t >= firstIteration && (t - firstIteration) % config.stepsPerIteration() == 0) {
                        int[] from = pruneAndBranch(score);
                        history = permute(history, from);
                        score = permute(score, from);
                        logits = permute(logits, from, labels);
                        decoder.setState(decoder.state().select(from));
                        if (unconditioned != null) {
                            unconditioned.setState(unconditioned.state().select(from));
                        }
                    }
                    int position = primer.length + t;
                    for (int r = 0; r < rows; r++) {
                        double[] distribution;
                        int output = firstOutput + r / branches;
                        StepMask mask = config.constraint().at(output, history[r], position);
                        float[] row = logits;
                        int offset = r * labels;
                        if (!(mask instanceof StepMask.Any)) {
                            row = masked(logits, offset, history[r], position, mask, output, t);
                            offset = 0;
                        }
                        try {
                            distribution = LabelDistribution.of(row, offset, labels, config);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalStateException(model.backend() + " model gave bad logits for output "
                                    + (firstOutput + r / branches) + " at step " + t + ": " + e.getMessage(), e);
                        }
                        int label = LabelDistribution.draw(distribution, streams[r / branches]);
                        history[r][position] = codec.tokenForLabel(history[r], position, label);
                        score[r] += Math.log(distribution[label]);
                    }
                    if (t + 1 < steps) {
                        for (int r = 0; r < rows; r++) {
                            codec.input(history[r], position, inputs, r * width);
                            if (plainInputs != null) {
                                codec.input(history[r], position, plainInputs, r * width);
                            }
                        }
                        logits = checked(decoder.step(inputs), rows, "step " + t);
                        if (unconditioned != null) {
                            logits = guided(logits, checked(unconditioned.step(plainInputs), rows, "step " + t));
                        }
                    }
                }
            }
            List<Sample> samples = new ArrayList<>(outputs);
            for (int o = 0; o < outputs; o++) {
                int best = o * branches;
                for (int r = best + 1; r < (o + 1) * branches; r++) {
                    if (score[r] > score[best]) {
                        best = r;
                    }
                }
                IntSeq tokens = IntSeq.wrap(config.includePrimer() ? history[best]
                        : Arrays.copyOfRange(history[best], primer.length, length));
                samples.add(new Sample(firstOutput + o, tokens, config.includePrimer() ? primer.length : 0, score[best]));
                if (branches > 1) {
                    LOG.debug("output {}: beam search yields a sequence of log-likelihood {}", firstOutput + o, score[best]);
                }
            }
            return samples;
        }

        /** For each output: its {@code beamSize} best rows (stable, highest first), each branched. */
        private int[] pruneAndBranch(double[] score) {
            int[] from = new int[rows];
            Integer[] order = new Integer[branches];
            for (int o = 0; o < outputs; o++) {
                int base = o * branches;
                for (int j = 0; j < branches; j++) {
                    order[j] = base + j;
                }
                Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
                for (int j = 0; j < branches; j++) {
                    from[base + j] = order[j % config.beamSize()];
                }
            }
            return from;
        }

        /** Classifier-free guidance: {@code cond + w · (cond − uncond)}, element by element. */
        private float[] guided(float[] conditioned, float[] plain) {
            double w = config.guidance();
            float[] out = new float[conditioned.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (conditioned[i] + w * (conditioned[i] - plain[i]));
            }
            return out;
        }

        /** One row's logits with every label whose token the mask refuses at −∞. */
        private float[] masked(float[] logits, int offset, int[] tokens, int position, StepMask mask, int output, int t) {
            float[] row = Arrays.copyOfRange(logits, offset, offset + labels);
            boolean any = false;
            for (int label = 0; label < labels; label++) {
                if (mask.allows(codec.tokenForLabel(tokens, position, label))) {
                    any = any || row[label] != Float.NEGATIVE_INFINITY;
                } else {
                    row[label] = Float.NEGATIVE_INFINITY;
                }
            }
            if (!any) {
                throw new IllegalArgumentException("the sampling constraint allows no token the model can give at step " + t
                        + " of output " + output);
            }
            return row;
        }

        private float[] checked(float[] logits, int batch, String where) {
            return checkedLogits(model, codec, logits, batch, where);
        }
    }

    private static float[] checkedLogits(SequenceModel model, TokenCodec<?> codec, float[] logits, int batch, String where) {
        int labels = codec.labelCount();
        if (logits == null || logits.length != batch * labels) {
            throw new IllegalStateException(model.backend() + " model gave " + (logits == null ? "no" : logits.length)
                    + " logits at " + where + ", expected " + batch + " × " + labels + " (the "
                    + codec.spec().typeName() + " codec's labels)");
        }
        return logits;
    }

    private static int[][] permute(int[][] rows, int[] from) {
        int[][] out = new int[from.length][];
        for (int r = 0; r < from.length; r++) {
            out[r] = rows[from[r]].clone();
        }
        return out;
    }

    private static double[] permute(double[] values, int[] from) {
        double[] out = new double[from.length];
        for (int r = 0; r < from.length; r++) {
            out[r] = values[from[r]];
        }
        return out;
    }

    private static float[] permute(float[] values, int[] from, int width) {
        float[] out = new float[from.length * width];
        for (int r = 0; r < from.length; r++) {
            System.arraycopy(values, from[r] * width, out, r * width, width);
        }
        return out;
    }

    /**
     * Outputs {@code firstOutput … firstOutput + count − 1} of a multi-label head, stepped together as rows of one
     * decoder, each value chosen by {@link SamplingConfig#units()} and fed back as the next step's input. The decoder
     * starts as {@link SamplingConfig#start()} says ({@link DecoderStart}; by default guided by the primer's last 64
     * steps when there is a primer, from zeros otherwise) and reads the primer's last step first (silence without a
     * primer). Output {@code i} draws from {@link SeedStreams#forOutput}{@code (seed, i)} — first the random start's
     * values, then one draw per unit per step in unit order — so it is the same alone or among others.
     *
     * @param primer the primer's steps ({@code P × width}, row-major), or null
     * @throws IllegalArgumentException for a guided start without a primer
     * @throws IllegalStateException    when the model gives a NaN logit
     */
    public List<UnitSample> sampleUnits(SequenceModel model, float[] primer, int steps, int firstOutput, int count) {
        int width = model.spec().inputSize();
        int primerLength = primer == null ? 0 : primer.length / width;
        DecoderStart start = config.start() != null ? config.start()
                : primerLength > 0 && model.spec().hasEncoder() ? new DecoderStart.Guided(64)
                : new DecoderStart.Zero();
        if (start instanceof DecoderStart.Guided && primerLength == 0) {
            throw new IllegalArgumentException("a guided start needs a primer (the encoder reads its last steps)");
        }
        List<RandomGenerator> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            streams.add(SeedStreams.forOutput(config.seed(), firstOutput + i));
        }
        float[] input = new float[count * width];
        if (primerLength > 0) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(primer, (primerLength - 1) * width, input, i * width, width);
            }
        }
        float[][] generated = new float[count][steps * width];
        double[] logLikelihood = new double[count];
        UnitSampling units = config.units();
        try (Decoder decoder = model.newDecoder(count)) {
            decoder.setState(startState(model, start, decoder, primer, primerLength, width, streams));
            for (int t = 0; t < steps; t++) {
                float[] logits = decoder.step(input);
                for (int i = 0; i < count; i++) {
                    RandomGenerator random = streams.get(i);
                    for (int k = 0; k < width; k++) {
                        float logit = logits[i * width + k];
                        if (Float.isNaN(logit)) {
                            throw new IllegalStateException("the model gave a NaN logit at step " + t + ", output "
                                    + (firstOutput + i));
                        }
                        boolean on = units.sounds(logit, random);
                        double p = units.probability(logit);
                        logLikelihood[i] += Math.log(on ? p : 1 - p);
                        input[i * width + k] = on ? 1f : 0f;
                    }
                    System.arraycopy(input, i * width, generated[i], t * width, width);
                }
            }
        }
        List<UnitSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(new UnitSample(firstOutput + i, steps, width, generated[i], logLikelihood[i]));
        }
        return samples;
    }

    private static DecoderState startState(SequenceModel model, DecoderStart start, Decoder decoder, float[] primer,
                                           int primerLength, int width, List<RandomGenerator> streams) {
        int outputs = decoder.batchSize();
        if (start instanceof DecoderStart.Guided guided) {
            int read = Math.min(guided.steps(), primerLength);
            float[] source = new float[read * width];
            System.arraycopy(primer, (primerLength - read) * width, source, 0, read * width);
            DecoderState one = model.encode(SequenceBatch.wrap(1, read, width, source));
            return one.select(new int[outputs]);
        }
        decoder.reset();
        DecoderState zero = decoder.state();
        if (start instanceof DecoderStart.Random random) {
            List<float[]> tensors = new ArrayList<>();
            for (String name : zero.names()) {
                tensors.add(zero.tensor(name));
            }
            for (int i = 0; i < outputs; i++) {
                for (float[] tensor : tensors) {
                    int units = tensor.length / outputs;
                    for (int u = 0; u < units; u++) {
                        tensor[i * units + u] = (float) ((streams.get(i).nextDouble() * 2 - 1) * random.scale());
                    }
                }
            }
            return DecoderState.of(outputs, zero.names(), tensors);
        }
        return zero;
    }
}
