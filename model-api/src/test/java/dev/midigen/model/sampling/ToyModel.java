package dev.midigen.model.sampling;

import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model for tests whose logits come from a rule over what it has read: the position of the token
 * just read (0 for the first input), that token (the arg-max of the input's first
 * {@code vocabularySize} values, which is the token one-hot in every token codec) and the sum of all
 * tokens read so far. Its state is those numbers, so {@link DecoderState#select} and primer state
 * transfer matter exactly as for a real network. Decoders record their inputs and state changes.
 */
public final class ToyModel implements SequenceModel {

    /** What the model has read at a step. */
    public record Context(int position, int token, long tokenSum) {
    }

    /** The logits (one per label) after reading a step. */
    @FunctionalInterface
    public interface Rule {
        float[] logits(Context context);
    }

    private final ModelSpec spec;
    private final Rule rule;
    private final int vocabulary;
    private final int width;
    private final int labels;
    private int outputs;
    private final List<ToyDecoder> decoders = new ArrayList<>();

    public ToyModel(EncodingSpec encoding, Rule rule) {
        this.spec = new ModelSpec(new NextTokenLstm(List.of(4), 0), encoding, 0);
        this.rule = rule;
        this.vocabulary = spec.tokenCodec().vocabularySize();
        this.width = spec.tokenCodec().inputSize();
        this.labels = spec.tokenCodec().labelCount();
        this.outputs = labels;
    }

    /** Makes decoders give {@code count} logits per row (the rule's first ones), for tests of malformed output. */
    public ToyModel withLogitsPerRow(int count) {
        this.outputs = count;
        return this;
    }

    /** Logits with {@code value} at {@code label} and 0 elsewhere. */
    public static float[] peak(int labelCount, int label, float value) {
        float[] logits = new float[labelCount];
        logits[label] = value;
        return logits;
    }

    /** Logits that are the natural logs of {@code probabilities}. */
    public static float[] logsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    /** Every decoder opened so far, in order. */
    public List<ToyDecoder> decoders() {
        return decoders;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return "toy";
    }

    @Override
    public Decoder newDecoder(int batchSize) {
        ToyDecoder decoder = new ToyDecoder(batchSize);
        decoders.add(decoder);
        return decoder;
    }

    @Override
    public SequenceBatch score(dev.midigen.model.ModelBatch batch) {
        SequenceBatch inputs = batch.inputs();
        float[] out = new float[inputs.batch() * inputs.time() * labels];
        for (int b = 0; b < inputs.batch(); b++) {
            try (ToyDecoder decoder = new ToyDecoder(1)) {
                for (int t = 0; t < inputs.time(); t++) {
                    float[] logits = decoder.step(inputs.vector(b, t));
                    System.arraycopy(logits, 0, out, (b * inputs.time() + t) * labels, labels);
                }
            }
        }
        return SequenceBatch.wrap(inputs.batch(), inputs.time(), labels, out);
    }

    @Override
    public Weights exportWeights() {
        throw new UnsupportedOperationException("a toy model has no weights");
    }

    @Override
    public void close() {
    }

    /** A decoder of the toy model. */
    public final class ToyDecoder implements Decoder {
        private final int batch;
        private float[] position;
        private float[] sum;
        private final List<float[]> inputs = new ArrayList<>();
        private int setStates;

        ToyDecoder(int batch) {
            this.batch = batch;
            reset();
        }

        /** The inputs of every step, {@code batch × width} each. */
        public List<float[]> inputs() {
            return inputs;
        }

        /** How often {@link #setState} was called. */
        public int setStates() {
            return setStates;
        }

        @Override
        public int batchSize() {
            return batch;
        }

        @Override
        public float[] step(float[] in) {
            if (in.length != batch * width) {
                throw new IllegalArgumentException(in.length + " inputs for " + batch + " × " + width);
            }
            inputs.add(in.clone());
            float[] out = new float[batch * outputs];
            for (int r = 0; r < batch; r++) {
                int token = 0;
                for (int v = 1; v < vocabulary; v++) {
                    if (in[r * width + v] > in[r * width + token]) {
                        token = v;
                    }
                }
                position[r] += 1;
                sum[r] += token;
                float[] logits = rule.logits(new Context((int) position[r], token, (long) sum[r]));
                System.arraycopy(logits, 0, out, r * outputs, Math.min(outputs, labels));
            }
            return out;
        }

        @Override
        public DecoderState state() {
            return DecoderState.of(batch, List.of("position", "sum"), List.of(position, sum));
        }

        @Override
        public void setState(DecoderState state) {
            if (state.batch() != batch) {
                throw new IllegalArgumentException("state of " + state.batch() + " for a decoder of " + batch);
            }
            setStates++;
            position = state.tensor("position");
            sum = state.tensor("sum");
        }

        @Override
        public void reset() {
            position = new float[batch];
            Arrays.fill(position, -1);
            sum = new float[batch];
        }

        @Override
        public void close() {
        }
    }
}
