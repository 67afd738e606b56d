package dev.midigen.model.weights;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The canonical weights of the seq2seq GRU family ({@link Seq2SeqGru}) over frames of {@code K} values, in
 * this order:
 * <ul>
 *   <li>{@code encoder.gru.l.W}, {@code .R}, {@code .B} for each layer {@code l} (bottom first; layer 0 reads
 *       {@code K}) — {@link GruLayout} under the prefix {@code encoder.};</li>
 *   <li>{@code decoder.gru.l.W}, {@code .R}, {@code .B} — the same under {@code decoder.};</li>
 *   <li>{@code classifier.0.W} {@code [C, H]}, {@code classifier.0.b} {@code [C]} — Linear(H → C), then ReLU;</li>
 *   <li>{@code classifier.1.W} {@code [K, C]}, {@code classifier.1.b} {@code [K]} — Linear(C → K): the logits.</li>
 * </ul>
 * The model: the encoder runs over the source from zeros; decoder layer {@code l} starts from encoder layer
 * {@code l}'s final state; each decoder step's top output goes through the classifier; {@code σ(logit)} is the
 * probability that a key sounds. Dense weights are {@code [out, in]}.
 */
public final class Seq2SeqLayout {
    public static final String ENCODER = "encoder.";
    public static final String DECODER = "decoder.";
    public static final String HIDDEN_WEIGHTS = "classifier.0.W";
    public static final String HIDDEN_BIAS = "classifier.0.b";
    public static final String OUTPUT_WEIGHTS = "classifier.1.W";
    public static final String OUTPUT_BIAS = "classifier.1.b";
    /**
     * The initial output bias: {@code σ(−3) ≈ 0.047}, about the share of keys that sound in a piano roll
     * (Lin et al.'s prior initialisation, which keeps the first steps of focal loss stable).
     */
    public static final float INITIAL_OUTPUT_BIAS = -3f;

    private Seq2SeqLayout() {
    }

    /** The frame size {@code K} of a seq2seq spec (the piano roll's keys). */
    public static int keys(ModelSpec spec) {
        if (!(spec.family() instanceof Seq2SeqGru) || !(spec.encoding() instanceof PianoRollSpec roll)) {
            throw new IllegalArgumentException("not a seq2seq-gru over a piano roll: " + spec.toJson());
        }
        return roll.keys();
    }

    /** The name of decoder layer {@code l}'s state ({@code batch × hidden}) in a {@code DecoderState}. */
    public static String stateName(int layer) {
        return DECODER + "gru." + layer + ".h";
    }

    /** The state names of every layer, bottom first. */
    public static List<String> stateNames(Seq2SeqGru family) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < family.layers(); l++) {
            names.add(stateName(l));
        }
        return Collections.unmodifiableList(names);
    }

    /** Every tensor's name and shape, in order. */
    public static Map<String, int[]> shapes(Seq2SeqGru family, int keys) {
        List<Integer> layers = Collections.nCopies(family.layers(), family.hidden());
        Map<String, int[]> shapes = new LinkedHashMap<>(GruLayout.shapes(ENCODER, keys, layers));
        shapes.putAll(GruLayout.shapes(DECODER, keys, layers));
        shapes.put(HIDDEN_WEIGHTS, new int[] {family.classifierHidden(), family.hidden()});
        shapes.put(HIDDEN_BIAS, new int[] {family.classifierHidden()});
        shapes.put(OUTPUT_WEIGHTS, new int[] {keys, family.classifierHidden()});
        shapes.put(OUTPUT_BIAS, new int[] {keys});
        return shapes;
    }

    public static Map<String, int[]> shapes(ModelSpec spec) {
        return shapes((Seq2SeqGru) spec.family(), keys(spec));
    }

    /**
     * Checks that {@code weights} are exactly the spec's tensors with the right shapes.
     *
     * @throws IllegalArgumentException naming each missing, misshapen or extra tensor
     */
    public static void check(Weights weights, ModelSpec spec) {
        Layouts.check(weights, shapes(spec), false, "seq2seq-gru");
    }

    /**
     * Seeded initial weights, the same on every backend: Glorot-uniform matrices ({@link GruLayout#initial} for
     * each stack, with its own stream), zero biases but {@link #INITIAL_OUTPUT_BIAS} on the logits.
     */
    public static Weights initial(ModelSpec spec, long seed) {
        Seq2SeqGru family = (Seq2SeqGru) spec.family();
        int keys = keys(spec);
        List<Integer> layers = Collections.nCopies(family.layers(), family.hidden());
        SplittableRandom seeds = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.putAll(GruLayout.initial(ENCODER, keys, layers, seeds.nextLong()).asMap());
        tensors.putAll(GruLayout.initial(DECODER, keys, layers, seeds.nextLong()).asMap());
        SplittableRandom random = new SplittableRandom(seeds.nextLong());
        tensors.put(HIDDEN_WEIGHTS, glorot(random, family.classifierHidden(), family.hidden()));
        tensors.put(HIDDEN_BIAS, Tensor.wrap(new float[family.classifierHidden()], family.classifierHidden()));
        tensors.put(OUTPUT_WEIGHTS, glorot(random, keys, family.classifierHidden()));
        float[] bias = new float[keys];
        Arrays.fill(bias, INITIAL_OUTPUT_BIAS);
        tensors.put(OUTPUT_BIAS, Tensor.wrap(bias, keys));
        return Weights.of(tensors);
    }

    private static Tensor glorot(SplittableRandom random, int rows, int cols) {
        return Tensor.wrap(Layouts.glorot(rows, cols, random), rows, cols);
    }
}
