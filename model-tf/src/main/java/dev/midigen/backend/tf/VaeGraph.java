package dev.midigen.backend.tf;

import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.weights.VaeLayout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the drum VAE ({@link DrumVae}, {@link VaeLayout}'s equations, as the reference's {@code VaeNetwork}) from
 * TensorFlow's primitive ops into the graph that holds its weights: forward passes over a source of {@code S} frames
 * and {@code T} decoder steps (unrolled: a drum VAE's windows have one fixed length per spec, so there are few shapes),
 * the training step, and the one-step decoder graph.
 *
 * <p>The passes are feature-major, as {@link LstmGraph}'s layers: a sequence of frames is columns {@code [F, T·B]},
 * column {@code t·B + b}; an LSTM step is {@code z_t = P_t + R · h_{t−1}} with the canonical {@code R [4H, H]},
 * {@code P = W · X + b} one product over all steps, and its gate blocks (i, o, f, c) are row blocks. Step 0 of an
 * encoder direction starts from zeros, so it has no recurrent product. The decoder's first layer reads
 * {@code [y ; z]} ({@code y} the previous frame, then the step's hit controls if the model has them): its {@code W} is
 * split into {@code y}'s columns (one product over all steps) and {@code z}'s (one
 * product per sequence, added at every step); its state starts from {@code tanh(bridge.W z + bridge.b)}, layer by
 * layer {@code h} then {@code c}. Layers run one after the other over all steps (teacher forcing: no step reads
 * an output).
 *
 * <p>The training step's loss is {@link GrooveLoss}'s written in ops — {@code softplus(o) − o·y} for the hits (the
 * same function as its stable BCE form), the head's {@code FeelLoss} (squared or absolute errors) through
 * {@code sigmoid} and {@code tanh}, the KL per sequence
 * with {@code β · relu(KL − free nats)} — summed and divided by the batch, with {@code z = μ + σ ⊙ ε} and {@code ε}
 * fed. Its gradient is TensorFlow's own ({@code tf.gradients}, every op here has one), asked for the per-step
 * recurrent products {@code R · h_{t−1}} instead of {@code R}, so that each {@code dR} is one product over all steps
 * ({@code [dq_1 … dq_n] · [h_0 … h_{n−1}]ᵀ}) rather than a sum of one per step. Then global-norm clipping and Adam
 * ({@link TfAdam#update}).
 *
 * <p>As in {@link LstmGraph}, the unrolled steps' ops share one scope per graph (a sub-scope per step makes building
 * quadratic in TensorFlow Java).
 */
final class VaeGraph {
    private final Ops root;
    private final TfVariables params;
    final int frame;
    /** Width of a decoder step's input: the frame, then the hit controls if any. */
    final int stepInput;
    final int classes;
    final int latent;
    final int[] encoder;
    final int[] decoder;
    final float beta;
    final float freeNats;
    private final FeelLoss feel;
    private int graphs;

    VaeGraph(Ops tf, ModelSpec spec, TfVariables params) {
        DrumVae family = (DrumVae) spec.family();
        this.root = tf;
        this.params = params;
        this.frame = spec.inputSize();
        this.stepInput = spec.decoderInputSize();
        this.classes = frame / 3;
        this.latent = family.latent();
        this.encoder = family.encoder().stream().mapToInt(Integer::intValue).toArray();
        this.decoder = family.decoder().stream().mapToInt(Integer::intValue).toArray();
        this.beta = (float) family.beta();
        this.freeNats = (float) GrooveLoss.nats(family.freeBits());
        this.feel = family.feelLoss();
    }

    /** Rows of the bridge's output ({@code Σ 2·D_l}): each decoder layer's {@code h} then {@code c}. */
    int bridgeRows() {
        int rows = 0;
        for (int d : decoder) {
            rows += 2 * d;
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------ forward passes

    /** One LSTM of the pass: its recurrent weights' index and its products {@code R · h} with the {@code h} they read. */
    static final class Recurrence {
        final int weights;
        final List<Operand<TFloat32>> products = new ArrayList<>();
        final List<Operand<TFloat32>> previous = new ArrayList<>();

        Recurrence(int weights) {
            this.weights = weights;
        }
    }

    /** A forward pass's feeds and values (feature-major columns, {@code t·B + b}). */
    static final class Pass {
        /** {@code [F, S·B]}. */
        Placeholder<TFloat32> source;
        /** The decoder's inputs {@code [F, T·B]}; null for the encoder alone. */
        Placeholder<TFloat32> inputs;
        /** {@code [Z, B]}, training only ({@code z = μ + σ ⊙ ε}; else {@code z = μ}). */
        Placeholder<TFloat32> epsilon;
        /** Training with dropout only: the masks' seed ({@code int64 [2]}) and the batch's rows. */
        Placeholder<TInt64> dropoutSeed;
        Placeholder<TInt32> rows;
        /** Value reads of the weights, in {@link TfVariables#names} order. */
        final List<Operand<TFloat32>> reads = new ArrayList<>();
        final List<Recurrence> recurrences = new ArrayList<>();
        /** {@code [Z, B]}. */
        Operand<TFloat32> mu;
        Operand<TFloat32> sigma;
        /** {@code tanh(bridge.W z + bridge.b)}, {@code [Σ 2·D_l, B]}. */
        Operand<TFloat32> bridge;
        /** Raw outputs {@code [F, T·B]}; null for the encoder alone. */
        Operand<TFloat32> outputs;
    }

    /**
     * A forward pass: the encoder over {@code sourceSteps} frames, the latent, the bridge and (unless
     * {@code targetSteps} is 0) the decoder over {@code targetSteps} steps. {@code training}: {@code z = μ + σ ⊙ ε}
     * with {@code ε} fed, else {@code z = μ}.
     */
    Pass forward(int sourceSteps, int targetSteps, boolean training) {
        Ops tf = root.withSubScope((training ? "train" : targetSteps == 0 ? "encode" : "score") + sourceSteps + "_"
                + targetSteps + "_" + graphs++);
        return forward(tf, sourceSteps, targetSteps, training, 0);
    }

    /**
     * @param dropout while training, the probability of dropping each input of every LSTM layer, at every step (Magenta's
     *                {@code DropoutWrapper(input_keep_prob)} on GrooVAE's cells; its {@code dropout_keep_prob} 0.3 is
     *                dropout 0.7): the encoder's layers (one mask for both directions), the decoder's layers > 0, and of
     *                the decoder's first layer the previous frame — not its controls (the hits it must play) nor
     *                {@code z}
     */
    private Pass forward(Ops tf, int sourceSteps, int targetSteps, boolean training, float dropout) {
        Pass p = new Pass();
        boolean drop = training && dropout > 0;
        if (drop) {
            p.dropoutSeed = tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            p.rows = tf.withName("rows").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        }
        int stream = 0;
        for (int i = 0; i < params.size(); i++) {
            p.reads.add(tf.withName("read_" + params.names.get(i).replace('.', '_')).identity(params.variables.get(i)));
        }
        p.source = tf.withName("source").placeholder(TFloat32.class, Placeholder.shape(Shape.of(frame, -1)));
        Operand<TInt32> columns = tf.constant(1);
        Operand<TInt32> rowsAxis = tf.constant(0);

        // encoder: each layer both ways, the next layer reading [fw ; bw]
        Operand<TFloat32> x = p.source;
        Operand<TFloat32> forwardLast = null;
        Operand<TFloat32> backwardFirst = null;
        for (int l = 0; l < encoder.length; l++) {
            if (drop) {
                x = dropped(tf, p, x, ++stream, l == 0 ? frame : 2 * encoder[l - 1], sourceSteps, dropout);
            }
            List<Operand<TFloat32>> fw = layer(tf, p, VaeLayout.ENCODER_FORWARD, l, x, sourceSteps, encoder[l], false,
                    null, null, null);
            List<Operand<TFloat32>> bw = layer(tf, p, VaeLayout.ENCODER_BACKWARD, l, x, sourceSteps, encoder[l], true,
                    null, null, null);
            forwardLast = fw.get(sourceSteps - 1);
            backwardFirst = bw.get(0);
            if (l + 1 < encoder.length) {
                x = tf.concat(List.of(steps(tf, fw), steps(tf, bw)), rowsAxis);
            }
        }
        Operand<TFloat32> summary = tf.concat(List.of(forwardLast, backwardFirst), rowsAxis);
        p.mu = tf.withName("mu").math.add(tf.linalg.matMul(read(p, VaeLayout.MU_WEIGHTS), summary),
                column(tf, read(p, VaeLayout.MU_BIAS)));
        p.sigma = tf.withName("sigma").math.softplus(tf.math.add(tf.linalg.matMul(read(p, VaeLayout.SIGMA_WEIGHTS), summary),
                column(tf, read(p, VaeLayout.SIGMA_BIAS))));
        Operand<TFloat32> z = p.mu;
        if (training) {
            p.epsilon = tf.withName("epsilon").placeholder(TFloat32.class, Placeholder.shape(Shape.of(latent, -1)));
            z = tf.withName("z").math.add(p.mu, tf.math.mul(p.sigma, p.epsilon));
        }
        p.bridge = tf.withName("bridge").math.tanh(tf.math.add(tf.linalg.matMul(read(p, VaeLayout.BRIDGE_WEIGHTS), z),
                column(tf, read(p, VaeLayout.BRIDGE_BIAS))));
        if (targetSteps == 0) {
            return p;
        }

        // decoder: the initial states from the bridge, layer 0 reading [y ; z]
        long[] sizes = new long[2 * decoder.length];
        for (int l = 0; l < decoder.length; l++) {
            sizes[2 * l] = decoder[l];
            sizes[2 * l + 1] = decoder[l];
        }
        List<Output<TFloat32>> initial = tf.splitV(p.bridge, tf.constant(toInts(sizes)), rowsAxis, (long) sizes.length).output();
        p.inputs = tf.withName("inputs").placeholder(TFloat32.class, Placeholder.shape(Shape.of(stepInput, -1)));
        Operand<TFloat32> w0 = read(p, VaeLayout.inputWeights(VaeLayout.DECODER, 0));
        Operand<TFloat32> frameWeights = tf.slice(w0, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, stepInput}));
        Operand<TFloat32> latentWeights = tf.slice(w0, tf.constant(new int[] {0, stepInput}), tf.constant(new int[] {-1, -1}));
        Operand<TFloat32> fromLatent = tf.linalg.matMul(latentWeights, z); // [4D, B], read at every step
        x = p.inputs;
        if (drop) {
            if (stepInput == frame) {
                x = dropped(tf, p, x, ++stream, frame, targetSteps, dropout);
            } else {
                List<Output<TFloat32>> parts = tf.splitV(x, tf.constant(new int[] {frame, stepInput - frame}), rowsAxis, 2L)
                        .output();
                x = tf.concat(List.of(dropped(tf, p, parts.get(0), ++stream, frame, targetSteps, dropout), parts.get(1)),
                        rowsAxis);
            }
        }
        List<Operand<TFloat32>> outputs = null;
        for (int l = 0; l < decoder.length; l++) {
            if (drop && l > 0) {
                x = dropped(tf, p, x, ++stream, decoder[l - 1], targetSteps, dropout);
            }
            outputs = layer(tf, p, VaeLayout.DECODER, l, x, targetSteps, decoder[l], false, l == 0 ? frameWeights : null,
                    l == 0 ? fromLatent : null, initial.subList(2 * l, 2 * l + 2));
            x = steps(tf, outputs);
        }
        p.outputs = tf.withName("outputs").math.add(tf.linalg.matMul(read(p, VaeLayout.HEAD_WEIGHTS), x),
                column(tf, read(p, VaeLayout.HEAD_BIAS)));
        return p;
    }

    /**
     * One LSTM layer of one direction over {@code steps} steps of {@code x} ({@code [in, steps·B]}): each step's output
     * {@code [H, B]}, in time order.
     *
     * @param inputWeights the layer's {@code W} (null: {@code prefix}'s own), e.g. the frame's columns of the decoder's
     * @param everyStep    added to every step's gate pre-activations ({@code [4H, B]}), or null
     * @param initial      the initial {@code h} and {@code c}, or null for zeros
     */
    private List<Operand<TFloat32>> layer(Ops tf, Pass p, String prefix, int l, Operand<TFloat32> x, int steps, int units,
                                          boolean backwards, Operand<TFloat32> inputWeights, Operand<TFloat32> everyStep,
                                          List<? extends Operand<TFloat32>> initial) {
        Operand<TFloat32> w = inputWeights != null ? inputWeights : read(p, VaeLayout.inputWeights(prefix, l));
        String recurrentName = VaeLayout.recurrentWeights(prefix, l);
        Operand<TFloat32> r = read(p, recurrentName);
        Recurrence recurrence = new Recurrence(params.index(recurrentName));
        p.recurrences.add(recurrence);
        Operand<TFloat32> b = read(p, VaeLayout.biases(prefix, l));
        Operand<TFloat32> bias = tf.reshape(tf.sum(tf.reshape(b, tf.constant(new int[] {2, 4 * units})), tf.constant(0)),
                tf.constant(new int[] {4 * units, 1}));
        Operand<TFloat32> projected = tf.math.add(tf.linalg.matMul(w, x), bias);
        List<Operand<TFloat32>> pieces = new ArrayList<>();
        if (steps == 1) {
            pieces.add(projected);
        } else {
            pieces.addAll(tf.split(tf.constant(1), projected, (long) steps).output());
        }
        Operand<TInt32> gateSizes = tf.constant(new int[] {3 * units, units});
        Operand<TInt32> rowsAxis = tf.constant(0);
        Operand<TFloat32> h = initial == null ? null : initial.get(0);
        Operand<TFloat32> c = initial == null ? null : initial.get(1);
        Operand<TFloat32>[] out = newOperands(steps);
        for (int k = 0; k < steps; k++) {
            int t = backwards ? steps - 1 - k : k;
            Operand<TFloat32> pre = pieces.get(t);
            if (everyStep != null) {
                pre = tf.math.add(pre, everyStep);
            }
            if (h != null) {
                Operand<TFloat32> product = tf.linalg.matMul(r, h);
                recurrence.products.add(product);
                recurrence.previous.add(h);
                pre = tf.math.add(pre, product);
            }
            List<Output<TFloat32>> blocks = tf.splitV(pre, gateSizes, rowsAxis, 2L).output();
            List<Output<TFloat32>> gates = tf.split(rowsAxis, tf.math.sigmoid(blocks.get(0)), 3L).output();
            Operand<TFloat32> candidate = tf.math.tanh(blocks.get(1));
            Operand<TFloat32> written = tf.math.mul(gates.get(0), candidate);
            c = c == null ? written : tf.math.add(tf.math.mul(gates.get(2), c), written);
            h = tf.math.mul(gates.get(1), tf.math.tanh(c));
            out[t] = h;
        }
        return List.of(out);
    }

    /** {@code x} ({@code [width, steps·B]}) times dropout mask {@code stream} of the pass. */
    private static Operand<TFloat32> dropped(Ops tf, Pass p, Operand<TFloat32> x, int stream, int width, int steps,
                                             float dropout) {
        Operand<TFloat32> mask = StatelessDropout.mask(tf, p.dropoutSeed, p.rows, stream, width, steps, dropout);
        return tf.math.mul(x, tf.reshape(mask, tf.constant(new int[] {width, -1})));
    }

    /** Per-step columns {@code [H, B]} side by side: {@code [H, steps·B]}, column {@code t·B + b}. */
    private static Operand<TFloat32> steps(Ops tf, List<Operand<TFloat32>> outputs) {
        return outputs.size() == 1 ? outputs.get(0) : tf.concat(outputs, tf.constant(1));
    }

    private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> vector) {
        return tf.expandDims(vector, tf.constant(1));
    }

    private Operand<TFloat32> read(Pass p, String name) {
        return p.reads.get(params.index(name));
    }

    // ------------------------------------------------------------------------------------------ training

    /** The ops of one training step. */
    static final class Train {
        Pass pass;
        /** Target frames, {@code [F, T·B]}. */
        Placeholder<TFloat32> targets;
        /** {@code 1 / B}. */
        Placeholder<TFloat32> scale;
        /** {@link GrooveLoss}'s total of the batch (before the update), in float. */
        Operand<TFloat32> loss;
        /** The gradients before clipping, in {@link TfVariables#names} order and the canonical layout. */
        List<Operand<TFloat32>> gradients;
        TfAdam.Update update;
    }

    /** The head's {@link FeelLoss} of each error: its square or its absolute value. */
    private Operand<TFloat32> feel(Ops tf, Operand<TFloat32> error) {
        return feel == FeelLoss.MSE ? tf.math.square(error) : tf.math.abs(error);
    }

    /**
     * A training step over {@code sourceSteps} source frames and {@code targetSteps} decoder steps, with input dropout
     * {@code dropout} ({@link #forward(Ops, int, int, boolean, float)}).
     */
    Train train(int sourceSteps, int targetSteps, double clipNorm, float dropout, TfAdam adam) {
        Ops tf = root.withSubScope("train" + sourceSteps + "_" + targetSteps + "_" + graphs++);
        Train s = new Train();
        Pass p = forward(tf, sourceSteps, targetSteps, true, dropout);
        s.pass = p;
        Ops loss = tf.withSubScope("loss");
        s.targets = loss.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(frame, -1)));
        s.scale = loss.withName("scale").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TInt32> rowsAxis = loss.constant(0);
        List<Output<TFloat32>> o = loss.split(rowsAxis, p.outputs, 3L).output();
        List<Output<TFloat32>> y = loss.split(rowsAxis, s.targets, 3L).output();
        Operand<TInt32> all = loss.constant(new int[] {0, 1});
        Operand<TFloat32> hits = loss.sum(loss.math.sub(loss.math.softplus(o.get(0)), loss.math.mul(o.get(0), y.get(0))), all);
        Operand<TFloat32> velocity = loss.sum(feel(loss, loss.math.sub(loss.math.sigmoid(o.get(1)), y.get(1))), all);
        Operand<TFloat32> offset = loss.sum(feel(loss, loss.math.sub(loss.math.tanh(o.get(2)), y.get(2))), all);
        Operand<TFloat32> half = loss.constant(0.5f);
        Operand<TFloat32> klTerms = loss.math.sub(loss.math.mul(half, loss.math.sub(loss.math.add(loss.math.square(p.mu),
                loss.math.square(p.sigma)), loss.constant(1f))), loss.math.log(p.sigma));
        Operand<TFloat32> kl = loss.sum(klTerms, rowsAxis); // [B]
        Operand<TFloat32> penalty = loss.sum(loss.math.mul(loss.constant(beta),
                loss.nn.relu(loss.math.sub(kl, loss.constant(freeNats)))), rowsAxis);
        s.loss = loss.withName("total").math.mul(loss.math.addN(List.of(hits, velocity, offset, penalty)), s.scale);

        // the gradient: the weights read directly, except each R, whose products are asked for instead
        List<Operand<?>> xs = new ArrayList<>();
        int[] direct = new int[params.size()];
        List<Integer> recurrent = new ArrayList<>();
        for (Recurrence r : p.recurrences) {
            recurrent.add(r.weights);
        }
        for (int i = 0; i < params.size(); i++) {
            direct[i] = recurrent.contains(i) ? -1 : xs.size();
            if (direct[i] >= 0) {
                xs.add(p.reads.get(i));
            }
        }
        int[] firstProduct = new int[p.recurrences.size()];
        for (int k = 0; k < p.recurrences.size(); k++) {
            firstProduct[k] = xs.size();
            xs.addAll(p.recurrences.get(k).products);
        }
        Ops grad = tf.withSubScope("gradients");
        Gradients gradients = grad.gradients(List.of(s.loss), xs);
        Operand<TFloat32>[] g = newOperands(params.size());
        for (int i = 0; i < params.size(); i++) {
            if (direct[i] >= 0) {
                g[i] = floats(gradients.dy(direct[i]));
            }
        }
        for (int k = 0; k < p.recurrences.size(); k++) {
            Recurrence r = p.recurrences.get(k);
            int[] shape = params.shapes.get(r.weights);
            if (r.products.isEmpty()) {
                g[r.weights] = grad.zeros(grad.constant(shape), TFloat32.class);
                continue;
            }
            List<Operand<TFloat32>> dq = new ArrayList<>();
            for (int j = 0; j < r.products.size(); j++) {
                dq.add(floats(gradients.dy(firstProduct[k] + j)));
            }
            Operand<TFloat32> dQ = dq.size() == 1 ? dq.get(0) : grad.concat(dq, grad.constant(1));
            Operand<TFloat32> previous = r.previous.size() == 1 ? r.previous.get(0) : grad.concat(r.previous, grad.constant(1));
            g[r.weights] = grad.linalg.matMul(dQ, StepGraph.transpose(grad, previous));
        }
        s.gradients = List.of(g);
        Ops opt = tf.withSubScope("adam");
        s.update = adam.update(opt, s.gradients, TfAdam.globalNorm(opt, s.gradients), clipNorm);
        return s;
    }

    // ------------------------------------------------------------------------------------------ decoding

    /**
     * One decoder step for any batch, batch-major as every {@link StepGraph}: inputs {@code [N, F + C]} (the previous
     * frame, then the hit controls if any) and the state packed as {@code [h⁰ c⁰ h¹ c¹ … z]}, each tensor padded to a multiple of
     * {@value StepGraph#LANES} ({@link #stateSlots}), in; the raw outputs (padded likewise) and the new state (with
     * {@code z} unchanged) out. Products are row by row and every element-wise op works on padded widths, so a row's
     * numbers do not depend on how many rows share the step; padded units have zero weights and stay zero. The
     * weights are copied once into the step graph's padded, transposed snapshots ({@link StepGraph#prepare}).
     */
    StepGraph step() {
        Ops tf = root.withSubScope("step_" + graphs++);
        StepGraph s = new StepGraph();
        int[] slots = stateSlots();
        int stateWidth = 0;
        for (int slot : slots) {
            stateWidth += slot;
        }
        int fp = StepGraph.padded(frame);
        int zp = StepGraph.padded(latent);
        s.outputWidth = fp;
        s.stateWidth = stateWidth;
        Pass p = new Pass();
        p.reads.addAll(params.variables);
        List<Operand<TFloat32>> inputWeights = new ArrayList<>();
        List<Operand<TFloat32>> recurrentWeights = new ArrayList<>();
        List<Operand<TFloat32>> biases = new ArrayList<>();
        for (int l = 0; l < decoder.length; l++) {
            int d = decoder[l];
            int dp = StepGraph.padded(d);
            int in = l == 0 ? stepInput + latent : decoder[l - 1];
            int inPadded = l == 0 ? stepInput + zp : StepGraph.padded(decoder[l - 1]);
            inputWeights.add(s.snapshot(tf, padGates(tf, read(p, VaeLayout.inputWeights(VaeLayout.DECODER, l)), in, inPadded, d),
                    "input" + l, inPadded, 4L * dp));
            recurrentWeights.add(s.snapshot(tf, padGates(tf, read(p, VaeLayout.recurrentWeights(VaeLayout.DECODER, l)), d, dp, d),
                    "recurrent" + l, dp, 4L * dp));
            Operand<TFloat32> b = tf.sum(tf.reshape(read(p, VaeLayout.biases(VaeLayout.DECODER, l)),
                    tf.constant(new int[] {2, 4, d})), tf.constant(0));
            biases.add(s.snapshot(tf, tf.reshape(tf.pad(b, tf.constant(new int[][] {{0, 0}, {0, dp - d}}), tf.constant(0f)),
                    tf.constant(new int[] {4 * dp})), "bias" + l, 4L * dp));
        }
        int top = decoder[decoder.length - 1];
        int topPadded = StepGraph.padded(top);
        Operand<TFloat32> headWeights = s.snapshot(tf, tf.pad(StepGraph.transpose(tf, read(p, VaeLayout.HEAD_WEIGHTS)),
                tf.constant(new int[][] {{0, topPadded - top}, {0, fp - frame}}), tf.constant(0f)), "head", topPadded, fp);
        Operand<TFloat32> headBias = s.snapshot(tf, tf.pad(read(p, VaeLayout.HEAD_BIAS),
                tf.constant(new int[][] {{0, fp - frame}}), tf.constant(0f)), "head_bias", fp);

        s.inputs = tf.withName("inputs").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, stepInput)));
        s.state = tf.withName("state").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s.stateWidth)));
        Operand<TInt32> axis = tf.constant(1);
        List<Output<TFloat32>> parts = tf.splitV(s.state, tf.constant(slots), axis, (long) slots.length).output();
        Operand<TFloat32> z = parts.get(slots.length - 1);
        Operand<TFloat32> x = tf.concat(List.of(s.inputs, z), axis);
        List<Operand<TFloat32>> out = new ArrayList<>();
        out.add(null);
        for (int l = 0; l < decoder.length; l++) {
            int dp = StepGraph.padded(decoder[l]);
            Operand<TFloat32> pre = tf.nn.biasAdd(tf.math.add(StepGraph.rowProduct(tf, x, inputWeights.get(l)),
                    StepGraph.rowProduct(tf, parts.get(2 * l), recurrentWeights.get(l))), biases.get(l));
            List<Output<TFloat32>> blocks = tf.splitV(pre, tf.constant(new int[] {3 * dp, dp}), axis, 2L).output();
            List<Output<TFloat32>> gates = tf.split(axis, tf.math.sigmoid(blocks.get(0)), 3L).output();
            Operand<TFloat32> c = tf.math.add(tf.math.mul(gates.get(2), parts.get(2 * l + 1)),
                    tf.math.mul(gates.get(0), tf.math.tanh(blocks.get(1))));
            Operand<TFloat32> h = tf.math.mul(gates.get(1), tf.math.tanh(c));
            out.add(h);
            out.add(c);
            x = h;
        }
        out.set(0, tf.nn.biasAdd(StepGraph.rowProduct(tf, x, headWeights), headBias));
        out.add(z);
        s.output = tf.concat(out, axis);
        return s;
    }

    /**
     * Widths of the step graph's packed state, {@code [h⁰ c⁰ h¹ c¹ … z]}, each padded to a multiple of
     * {@value StepGraph#LANES}.
     */
    int[] stateSlots() {
        int[] slots = new int[2 * decoder.length + 1];
        for (int l = 0; l < decoder.length; l++) {
            slots[2 * l] = StepGraph.padded(decoder[l]);
            slots[2 * l + 1] = StepGraph.padded(decoder[l]);
        }
        slots[slots.length - 1] = StepGraph.padded(latent);
        return slots;
    }

    /**
     * An LSTM matrix {@code [4H, in]} → its transpose {@code [inPadded, 4·Hp]}, each gate block padded to
     * {@code Hp} columns and zero rows added below for the padded inputs.
     */
    private static Operand<TFloat32> padGates(Ops tf, Operand<TFloat32> m, int in, int inPadded, int units) {
        int up = StepGraph.padded(units);
        Operand<TFloat32> blocks = tf.pad(tf.reshape(StepGraph.transpose(tf, m), tf.constant(new int[] {in, 4, units})),
                tf.constant(new int[][] {{0, inPadded - in}, {0, 0}, {0, up - units}}), tf.constant(0f));
        return tf.reshape(blocks, tf.constant(new int[] {inPadded, 4 * up}));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32>[] newOperands(int size) {
        return new Operand[size];
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> floats(Output<?> output) {
        if (output == null) {
            throw new IllegalStateException("TensorFlow gave no gradient for a weight of the drum VAE");
        }
        return (Output<TFloat32>) output;
    }
}
