package dev.midigen.backend.tf;

import static dev.midigen.backend.tf.StepGraph.rowProduct;
import static dev.midigen.backend.tf.StepGraph.transpose;

import dev.midigen.model.LstmNetwork;
import dev.midigen.model.weights.LstmLayout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds an LSTM family's network from TensorFlow ops into a graph that holds its weights ({@link TfVariables}): forward
 * passes over whole sequences (unrolled over a fixed number of steps, any batch), the training step
 * (gradients, global-norm clipping, Adam) and the one-step decoder graph. Each is built once and reused;
 * the caller caches them by shape ({@link LstmNet}).
 *
 * <p>The equations are {@link LstmLayout}'s. What was measured on 2 cores and decided:
 * <ul>
 *   <li><b>Towers.</b> A pass splits its batch into towers (one per thread), each a chain of single-threaded
 *       ops that TensorFlow's inter-op pool runs side by side: the per-step products are too small to share
 *       between cores (a 32 × 256 × 1024 product takes as long with 2 intra-op threads as with 1), whole
 *       towers are not.</li>
 *   <li><b>Feature-major LSTM layers.</b> Inside a tower the LSTM layers keep their activations as columns:
 *       {@code [features, T·B]}, column {@code t·B + b}; a step is {@code z_tᵀ = R · h_{t−1}ᵀ + P_tᵀ} with the
 *       canonical {@code R [4H, H]}, and its gate blocks are row blocks. Eigen multiplies
 *       {@code [1024, 256] · [256, 32]} in 0.18 ms and the row-major {@code [32, 256] · [256, 1024]} in 0.38 ms,
 *       which is most of a step. The head (attention, output layer, loss) is batch-major, {@code [B, T, H]}.</li>
 *   <li><b>A hand-written backward pass through the LSTM layers.</b> {@code tf.gradients} differentiates the
 *       head down to the top layer's outputs; the layers' steps then run backwards in ops written here
 *       ({@code SigmoidGrad}, {@code TanhGrad} on stacked gates; one product per step by the transposed
 *       {@code [R | W]}, which also yields the gradient of the layer below's output), and the weight
 *       gradients are one GEMM each over all steps. {@code tf.gradients} through the unrolled steps
 *       ({@code -Dmidigen.tf.backward=autodiff}) builds about 30 ops a step and multiplies by {@code Rᵀ} with
 *       {@code transpose} flags that Eigen runs up to 4× slower.</li>
 *   <li><b>Sparse first-layer inputs</b> (a one-hot token and a few counters) are a
 *       {@code SparseTensorDenseMatMul} with the input weights, and their weight gradient the adjoint product
 *       (3 ms each way for 64 × 64 drum-kit steps; a dense 518-wide GEMM takes 25–47 ms, a gather of weight
 *       rows 40–80 ms).</li>
 * </ul>
 * Grappler's arithmetic optimiser must stay off ({@link TfRuntime#config}): it folds the explicit transposes
 * back into {@code MatMul} flags.
 *
 * <p>The unrolled steps' ops share their layer's scope (TensorFlow makes their names unique): TensorFlow Java's
 * {@code Ops.withSubScope} imports the names of every op already in the graph ({@code NameScope.importIdsFrom}),
 * so a sub-scope per step made building quadratic (10.7 s for the bench's training graph of 9,000 ops; 1.0–1.4 s
 * without).
 */
final class LstmGraph {
    /** Added to attention scores that must not count (exp underflows to exactly 0). */
    private static final float MASKED = -1e9f;

    private final Ops root;
    private final LstmNetwork network;
    private final TfVariables params;
    private final int layers;
    private final int[] hidden;
    private final int top;
    private final int length;
    private int graphs;

    LstmGraph(Ops tf, LstmNetwork network, TfVariables params) {
        this.root = tf;
        this.network = network;
        this.params = params;
        this.layers = network.layerSizes().size();
        this.hidden = network.layerSizes().stream().mapToInt(Integer::intValue).toArray();
        this.top = network.topSize();
        this.length = network.attentionLength();
    }

    // ------------------------------------------------------------------------------------------ passes

    /** How a tower reads its inputs: dense {@code [B·T, n]} batch-major, or its non-zero values. */
    static final class InputOps {
        final boolean sparse;
        /** Dense: {@code [B·T, n]}, batch-major. */
        Placeholder<TFloat32> dense;
        /** Sparse: {@code [nnz, 2]}, each value's time-major row ({@code t · B + b}) and column, rows ascending. */
        Placeholder<TInt64> indices;
        Placeholder<TFloat32> values;
        /** Sparse: {@code [T · B, n]}. */
        Placeholder<TInt64> denseShape;

        InputOps(boolean sparse) {
            this.sparse = sparse;
        }
    }

    /** One tower of a pass: its feeds and the tensors the loss, the gradients and the caller need. */
    static final class Tower {
        InputOps input;
        /** Value reads of the parameters, in {@link TfVariables#names} order. */
        List<Operand<TFloat32>> reads = new ArrayList<>();
        /** Logits, {@code [B·T, outputSize]}, batch-major. */
        Operand<TFloat32> logits;
        /** What the head reads: the top layer's outputs after dropout, {@code [B, T, H]}. */
        Operand<TFloat32> headInput;
        /** The first layer's input projection of a sparse input, {@code [T·B, 4H]} time-major rows (autodiff). */
        Operand<TFloat32> sparseProjection;
        /** Per layer: the recurrent products {@code R · h_{t−1}ᵀ} ({@code [4H, B]}) of the steps that have one. */
        List<List<Operand<TFloat32>>> recurrent = new ArrayList<>();
        /**
         * Per layer: the outputs those products read, {@code [H, T·B]}, step by step; from zero for the first
         * step when the pass starts from zeros (null when there is one step).
         */
        List<Operand<TFloat32>> previous = new ArrayList<>();
        /** Per layer: each step's cell. */
        List<List<Cell>> cells = new ArrayList<>();
        /** Per layer: what its input projection read, {@code [n, T·B]} (null for a sparse first layer). */
        List<Operand<TFloat32>> layerInputs = new ArrayList<>();
        /** Per layer: each step's dropout mask of the layer's output, {@code [H, B]} (empty without dropout). */
        List<List<Output<TFloat32>>> keep = new ArrayList<>();
        /** Continuations: the initial state feeds ({@code [B, H]}); every pass: the final state ({@code [B, H]}). */
        List<Placeholder<TFloat32>> initialH = new ArrayList<>();
        List<Placeholder<TFloat32>> initialC = new ArrayList<>();
        List<Operand<TFloat32>> finalH = new ArrayList<>();
        List<Operand<TFloat32>> finalC = new ArrayList<>();
        /** With attention: the memory feed {@code [B, L, H]} (continuations) and the new memory (the last L top outputs). */
        Placeholder<TFloat32> memory;
        Operand<TFloat32> memoryOut;
        /** Dropout: this tower's first sequence in the batch and its number of sequences. */
        Placeholder<TInt32> offset;
        Placeholder<TInt32> count;
    }

    /** A forward pass over {@code time} steps, split into towers. */
    static final class Pass {
        int time;
        boolean sparse;
        boolean continuation;
        List<Tower> towers = new ArrayList<>();
        /** Continuations with attention: the {@code [T, L + T]} mask of the keys each step may attend to. */
        Placeholder<TFloat32> attentionMask;
        /** Dropout: the seed (int64 [2]) and the whole batch's size. */
        Placeholder<TInt64> seed;
        Placeholder<TInt32> batch;
    }

    /**
     * A forward pass over {@code time} steps in {@code towers} towers. A continuation starts from fed state
     * ({@code h}, {@code c} per layer and, with attention, the last {@code L} top outputs with a fed mask);
     * otherwise from zeros (and the attention mask is a constant).
     *
     * @param dropout the probability of dropping a layer output (0 = none)
     */
    Pass pass(Ops tf, int time, boolean sparse, boolean continuation, int towers, float dropout) {
        Pass pass = new Pass();
        pass.time = time;
        pass.sparse = sparse;
        pass.continuation = continuation;
        List<Operand<TFloat32>> keep = new ArrayList<>();
        if (dropout > 0) {
            Ops d = tf.withSubScope("dropout");
            pass.seed = d.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            pass.batch = d.withName("batch").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
            for (int l = 0; l < layers; l++) {
                // one mask for the whole batch, [T, H, B], so that it does not depend on the towers
                Operand<TInt64> layerSeed = d.math.add(pass.seed, d.constant(new long[] {0, 0x9E3779B97F4A7C15L * (l + 1)}));
                Operand<TInt32> shape = d.stack(List.of(d.constant(time), d.constant(hidden[l]), pass.batch));
                Operand<TFloat32> uniform = d.random.statelessRandomUniform(shape, layerSeed, TFloat32.class);
                keep.add(d.math.mul(d.dtypes.cast(d.math.greaterEqual(uniform, d.constant(dropout)), TFloat32.class),
                        d.constant(1f / (1f - dropout))));
            }
        }
        if (continuation && length > 0) {
            pass.attentionMask = tf.withName("attention_mask").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(time, length + time)));
        }
        for (int k = 0; k < towers; k++) {
            pass.towers.add(tower(tf.withSubScope("tower" + k), pass, keep));
        }
        return pass;
    }

    private Tower tower(Ops tf, Pass pass, List<Operand<TFloat32>> keep) {
        int time = pass.time;
        Tower f = new Tower();
        f.input = inputs(tf, pass.sparse);
        for (int i = 0; i < params.size(); i++) {
            f.reads.add(tf.withName("read_" + params.names.get(i).replace('.', '_')).identity(params.variables.get(i)));
        }
        if (!keep.isEmpty()) {
            f.offset = tf.withName("offset").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
            f.count = tf.withName("count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        }
        Operand<TFloat32> below = null; // [n, T·B]
        for (int l = 0; l < layers; l++) {
            int h = hidden[l];
            Ops layer = tf.withSubScope("layer" + l);
            Operand<TFloat32> w = read(f, LstmLayout.inputWeights(l)); // [4H, n]
            Operand<TFloat32> r = read(f, LstmLayout.recurrentWeights(l)); // [4H, H]
            Operand<TFloat32> b = read(f, LstmLayout.biases(l));
            Operand<TFloat32> bias = layer.math.add(layer.slice(b, layer.constant(new int[] {0}), layer.constant(new int[] {4 * h})),
                    layer.slice(b, layer.constant(new int[] {4 * h}), layer.constant(new int[] {4 * h})));
            List<Output<TFloat32>> steps;
            if (l == 0 && pass.sparse) {
                InputOps in = f.input;
                Operand<TFloat32> rows = layer.sparse.sparseTensorDenseMatMul(in.indices, in.values, in.denseShape, w,
                        SparseTensorDenseMatMul.adjointB(true)); // [T·B, 4H]
                f.sparseProjection = rows;
                f.layerInputs.add(null);
                Operand<TFloat32> columns = layer.linalg.transpose(layer.reshape(rows, layer.constant(new int[] {time, -1, 4 * h})),
                        layer.constant(new int[] {0, 2, 1})); // [T, 4H, B]
                Operand<TFloat32> projection = layer.withName("projection").math.add(columns,
                        layer.reshape(bias, layer.constant(new int[] {1, 4 * h, 1})));
                steps = layer.unstack(projection, (long) time, Unstack.axis(0L)).output();
            } else {
                if (l == 0) {
                    int n = network.inputSize();
                    below = layer.reshape(layer.linalg.transpose(layer.reshape(f.input.dense, layer.constant(new int[] {-1, time, n})),
                            layer.constant(new int[] {2, 1, 0})), layer.constant(new int[] {n, -1})); // [n, T·B]
                }
                f.layerInputs.add(below);
                Operand<TFloat32> projection = layer.withName("projection").math.add(layer.linalg.matMul(w, below),
                        layer.reshape(bias, layer.constant(new int[] {4 * h, 1}))); // [4H, T·B]
                // one [4H, B] block per step: one Split (a Slice and a Reshape per step were 6-10% slower steps)
                steps = layer.split(layer.constant(1), projection, (long) time).output();
            }
            List<Output<TFloat32>> masks = List.of();
            if (!keep.isEmpty()) {
                // this tower's columns of the batch's mask
                Operand<TFloat32> own = layer.slice(keep.get(l), layer.stack(List.of(layer.constant(0), layer.constant(0), f.offset)),
                        layer.stack(List.of(layer.constant(time), layer.constant(h), f.count)));
                masks = layer.unstack(own, (long) time, Unstack.axis(0L)).output();
            }
            f.keep.add(masks);
            Operand<TFloat32> hPrev = null;
            Operand<TFloat32> cPrev = null;
            if (pass.continuation) {
                Placeholder<TFloat32> h0 = layer.withName("h0").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h)));
                Placeholder<TFloat32> c0 = layer.withName("c0").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h)));
                f.initialH.add(h0);
                f.initialC.add(c0);
                hPrev = transpose(layer, h0);
                cPrev = transpose(layer, c0);
            }
            List<Operand<TFloat32>> outputs = new ArrayList<>();
            List<Operand<TFloat32>> dropped = new ArrayList<>();
            List<Operand<TFloat32>> previous = new ArrayList<>();
            List<Operand<TFloat32>> products = new ArrayList<>();
            List<Cell> cells = new ArrayList<>();
            for (int t = 0; t < time; t++) {
                Ops step = layer; // no sub-scope per step: see the class comment
                Operand<TFloat32> z = steps.get(t);
                if (hPrev != null) {
                    Operand<TFloat32> q = step.withName("recurrent").linalg.matMul(r, hPrev);
                    products.add(q);
                    previous.add(hPrev);
                    z = step.math.add(z, q);
                }
                Cell hc = cell(step, z, cPrev, h, 0);
                cells.add(hc);
                hPrev = hc.h();
                cPrev = hc.c();
                outputs.add(hPrev);
                dropped.add(masks.isEmpty() ? hPrev : step.math.mul(hPrev, masks.get(t)));
            }
            f.recurrent.add(products);
            if (!pass.continuation && time > 1) {
                previous.add(0, layer.zerosLike(outputs.get(0))); // h_{−1} = 0: dR can then read all of dZ
            }
            f.previous.add(previous.isEmpty() ? null : layer.concat(previous, layer.constant(1)));
            f.cells.add(cells);
            f.finalH.add(transpose(layer, hPrev));
            f.finalC.add(transpose(layer, cPrev));
            below = layer.withName("outputs").concat(dropped, layer.constant(1)); // [H, T·B]
        }
        // [H, T·B] → [B, T, H]
        f.headInput = tf.linalg.transpose(tf.reshape(below, tf.constant(new int[] {top, time, -1})), tf.constant(new int[] {2, 1, 0}));
        f.logits = head(tf, f, pass, f.headInput);
        return f;
    }

    private InputOps inputs(Ops tf, boolean sparse) {
        InputOps in = new InputOps(sparse);
        if (sparse) {
            in.indices = tf.withName("indices").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, 2)));
            in.values = tf.withName("values").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
            in.denseShape = tf.withName("dense_shape").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        } else {
            in.dense = tf.withName("inputs").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, network.inputSize())));
        }
        return in;
    }

    private Operand<TFloat32> read(Tower f, String name) {
        return f.reads.get(params.names.indexOf(name));
    }

    /**
     * A step's new output and cell, and what its backward pass reads: the three sigmoid gates together
     * (blocks i, o, f) and apart, the candidate {@code g}, {@code tanh(c')} and the cell before (null: zero).
     */
    private record Cell(Operand<TFloat32> h, Operand<TFloat32> c, Operand<TFloat32> sigmoids, Operand<TFloat32> i,
                        Operand<TFloat32> o, Operand<TFloat32> f, Operand<TFloat32> g, Operand<TFloat32> tanhC,
                        Operand<TFloat32> cPrev) {
    }

    /**
     * One LSTM step from pre-activations {@code z} (gate blocks i, o, f, c along {@code axis}: 0 in the
     * feature-major passes, 1 in the batch-major decoder step); {@code c} null = zero.
     */
    private static Cell cell(Ops tf, Operand<TFloat32> z, Operand<TFloat32> c, int h, int axis) {
        List<Output<TFloat32>> parts = tf.splitV(z, tf.constant(new int[] {3 * h, h}), tf.constant(axis), 2L).output();
        Operand<TFloat32> sigmoids = tf.math.sigmoid(parts.get(0));
        List<Output<TFloat32>> gates = tf.split(tf.constant(axis), sigmoids, 3L).output();
        Operand<TFloat32> g = tf.math.tanh(parts.get(1));
        Operand<TFloat32> input = tf.math.mul(gates.get(LstmLayout.GATE_I), g);
        Operand<TFloat32> cell = c == null ? input : tf.math.add(tf.math.mul(gates.get(LstmLayout.GATE_F), c), input);
        Operand<TFloat32> tanhC = tf.math.tanh(cell);
        Operand<TFloat32> out = tf.withName("h").math.mul(gates.get(LstmLayout.GATE_O), tanhC);
        return new Cell(out, cell, sigmoids, gates.get(LstmLayout.GATE_I), gates.get(LstmLayout.GATE_O),
                gates.get(LstmLayout.GATE_F), g, tanhC, c);
    }

    /** Attention (when the network has it) and the output layer, from the top outputs {@code [B, T, H]}. */
    private Operand<TFloat32> head(Ops root, Tower f, Pass pass, Operand<TFloat32> batchMajor) {
        Ops tf = root.withSubScope("head");
        int time = pass.time;
        Operand<TFloat32> features = batchMajor;
        if (length > 0) {
            Operand<TFloat32> keys = batchMajor;
            Operand<TFloat32> mask;
            if (pass.continuation) {
                f.memory = tf.withName("memory").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, length, top)));
                keys = tf.concat(List.of(f.memory, batchMajor), tf.constant(1));
                mask = pass.attentionMask;
                f.memoryOut = tf.slice(keys, tf.constant(new int[] {0, time, 0}), tf.constant(new int[] {-1, length, -1}));
            } else {
                mask = tf.constant(firstMask(time, length));
                Operand<TFloat32> padded = time >= length ? batchMajor : tf.concat(List.of(
                        tf.tile(tf.zerosLike(tf.slice(batchMajor, tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, 1, -1}))),
                                tf.constant(new int[] {1, length - time, 1})), batchMajor), tf.constant(1));
                int from = Math.max(0, time - length);
                f.memoryOut = tf.slice(padded, tf.constant(new int[] {0, from, 0}), tf.constant(new int[] {-1, length, -1}));
            }
            int keyCount = pass.continuation ? length + time : time;
            Operand<TFloat32> attentionW = read(f, LstmLayout.ATTENTION);
            // u_j = W k_j for every key: [B·K, H] · Wᵀ
            Operand<TFloat32> u = tf.reshape(tf.linalg.matMul(tf.reshape(keys, tf.constant(new int[] {-1, top})), attentionW,
                    MatMul.transposeB(true)), tf.constant(new int[] {-1, keyCount, top}));
            Operand<TFloat32> scores = batchMatMul(tf, batchMajor, u, false, true); // [B, T, K]: h_t · u_j
            Operand<TFloat32> masked = tf.math.add(scores, tf.math.mul(tf.math.sub(mask, tf.constant(1f)), tf.constant(-MASKED)));
            Operand<TFloat32> weights = tf.math.mul(tf.nn.softmax(masked), mask);
            Operand<TFloat32> context = batchMatMul(tf, weights, keys, false, false); // [B, T, H]
            features = tf.concat(List.of(batchMajor, context), tf.constant(2));
        }
        Operand<TFloat32> flat = tf.reshape(features, tf.constant(new int[] {-1, network.outputInputSize()}));
        return tf.withName("logits").nn.biasAdd(tf.linalg.matMul(flat, read(f, LstmLayout.OUTPUT_WEIGHTS)),
                read(f, LstmLayout.OUTPUT_BIAS));
    }

    private static Operand<TFloat32> batchMatMul(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y, boolean adjX, boolean adjY) {
        return tf.train.batchMatMul(x, y, TFloat32.class, BatchMatMul.adjX(adjX), BatchMatMul.adjY(adjY));
    }

    /** Which earlier steps step t attends to from the start: t − L ≤ j ≤ t − 1 (1 = yes). */
    static float[][] firstMask(int time, int length) {
        float[][] mask = new float[time][time];
        for (int t = 0; t < time; t++) {
            for (int j = Math.max(0, t - length); j < t; j++) {
                mask[t][j] = 1f;
            }
        }
        return mask;
    }

    /**
     * The keys a continuation's step t (global step {@code start + t}) attends to: memory slot k is global
     * step {@code start − L + k} (before the sequence when negative), key {@code L + j} is the chunk's step j.
     */
    static float[] continuationMask(int time, int length, long start) {
        int keys = length + time;
        float[] mask = new float[time * keys];
        for (int t = 0; t < time; t++) {
            long now = start + t;
            for (int k = 0; k < length; k++) {
                long position = start - length + k;
                if (position >= 0 && position >= now - length) {
                    mask[t * keys + k] = 1f;
                }
            }
            for (int j = Math.max(0, t - length); j < t; j++) {
                mask[t * keys + length + j] = 1f;
            }
        }
        return mask;
    }

    // ------------------------------------------------------------------------------------------ scoring

    /** A forward pass for scoring (no dropout). */
    Pass score(int time, boolean sparse, boolean continuation, int towers) {
        Ops tf = root.withSubScope("score" + time + (sparse ? "s" : "d") + (continuation ? "c" : "") + "x" + towers + "_" + graphs++);
        return pass(tf, time, sparse, continuation, towers, 0f);
    }

    // ------------------------------------------------------------------------------------------ training

    /** The ops of one training step over {@code time} steps. */
    static final class Train {
        Pass pass;
        /** Per tower: labels and each step's weight in the mean (its mask value over the batch's mask total). */
        List<Placeholder<TInt32>> labels = new ArrayList<>();
        List<Placeholder<TFloat32>> weights = new ArrayList<>();
        /** The batch's mean masked cross-entropy (before the update). */
        Operand<TFloat32> loss;
        /** The gradients before clipping, in {@link TfVariables#names} order and TensorFlow's layout (for tests). */
        List<Operand<TFloat32>> gradients;
        TfAdam.Update update;
    }

    /**
     * A training step: forward with dropout, the masked mean cross-entropy (sparse softmax cross-entropy,
     * whose {@code backprop} output seeds the gradients), each tower's gradients and their sum, then
     * {@link TfAdam#update} (global-norm clipping, {@code ApplyAdam}).
     *
     * @param autodiff differentiate the LSTM layers with {@code tf.gradients} instead of by hand
     */
    Train train(int time, boolean sparse, int towers, float dropout, double clipNorm, boolean autodiff, TfAdam adam) {
        Ops tf = root.withSubScope("train" + time + (sparse ? "s" : "d") + "x" + towers + "_" + graphs++);
        Train s = new Train();
        s.pass = pass(tf, time, sparse, false, towers, dropout);
        List<Operand<TFloat32>> losses = new ArrayList<>();
        List<List<Operand<TFloat32>>> towerGradients = new ArrayList<>();
        for (int k = 0; k < towers; k++) {
            Tower f = s.pass.towers.get(k);
            Ops loss = tf.withSubScope("tower" + k).withSubScope("loss");
            Placeholder<TInt32> labels = loss.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> weights = loss.withName("weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
            s.labels.add(labels);
            s.weights.add(weights);
            var crossEntropy = loss.nn.sparseSoftmaxCrossEntropyWithLogits(f.logits, labels);
            losses.add(loss.sum(loss.math.mul(crossEntropy.loss(), weights), loss.constant(0)));
            Operand<TFloat32> dLogits = loss.math.mul(crossEntropy.backprop(), loss.expandDims(weights, loss.constant(1)));
            Ops gradientScope = tf.withSubScope("tower" + k).withSubScope("gradients");
            towerGradients.add(autodiff ? gradients(gradientScope, f, dLogits, time)
                    : backward(gradientScope, f, dLogits, time, sparse));
        }
        s.loss = losses.size() == 1 ? losses.get(0) : tf.withName("loss").math.addN(losses);
        s.gradients = TfNet.sumTowers(tf.withSubScope("gradients"), towerGradients, params.size());
        Ops opt = tf.withSubScope("adam");
        s.update = adam.update(opt, s.gradients, TfAdam.globalNorm(opt, s.gradients), clipNorm);
        return s;
    }

    /**
     * One tower's gradients, the LSTM layers by hand: {@code tf.gradients} differentiates the head (output
     * layer, attention) down to the top layer's outputs; then each layer's steps run backwards, feature-major:
     * <pre>
     *   dh = dOut_t ⊙ keep_t + dh_next        dc = tanh'(c') ⊙ o ⊙ dh + dc_next
     *   d[i, o, f] = σ'(·) ⊙ [dc ⊙ g, dh ⊙ tanh c', dc ⊙ c]      dg = tanh'(·) ⊙ dc ⊙ i
     *   [dh_next; dOut_below_t] = [R | W]ᵀ · dz_t                dc_next = dc ⊙ f
     * </pre>
     * and the weight gradients are one GEMM each over all steps: {@code dW = dZ · Xᵀ},
     * {@code dR = dZ_{1..} · H_prevᵀ}, {@code db = Σ dZ}.
     */
    private List<Operand<TFloat32>> backward(Ops grad, Tower f, Operand<TFloat32> dLogits, int time, boolean sparse) {
        List<String> names = params.names;
        Operand<TFloat32>[] g = newOperands(names.size());
        List<Operand<?>> xs = new ArrayList<>();
        List<Integer> headParams = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).startsWith("lstm.")) {
                headParams.add(i);
                xs.add(f.reads.get(i));
            }
        }
        xs.add(f.headInput);
        Gradients head = grad.withSubScope("head").gradients(List.of(f.logits), xs, Gradients.dx(List.of(dLogits)));
        for (int k = 0; k < headParams.size(); k++) {
            g[headParams.get(k)] = floats(head.dy(k));
        }
        // d(top outputs) [B, T, H] → [T, H, B] → one [H, B] per step
        List<Output<TFloat32>> dOut = grad.unstack(grad.linalg.transpose(floats(head.dy(headParams.size())),
                grad.constant(new int[] {1, 2, 0})), (long) time, Unstack.axis(0L)).output();
        for (int l = layers - 1; l >= 0; l--) {
            Ops layer = grad.withSubScope("layer" + l);
            int h = hidden[l];
            boolean below = l > 0;
            Operand<TFloat32> w = read(f, LstmLayout.inputWeights(l));
            Operand<TFloat32> rT = transpose(layer, read(f, LstmLayout.recurrentWeights(l))); // [H, 4H]
            Operand<TFloat32> product = below ? layer.concat(List.of(rT, transpose(layer, w)), layer.constant(0)) : rT;
            Operand<TFloat32> wT = below ? layer.slice(product, layer.constant(new int[] {h, 0}), layer.constant(new int[] {-1, -1}))
                    : null;
            List<Cell> cells = f.cells.get(l);
            List<Output<TFloat32>> masks = f.keep.get(l);
            Operand<TFloat32>[] dz = newOperands(time);
            List<Operand<TFloat32>> dBelow = new ArrayList<>();
            Operand<TFloat32> dhNext = null;
            Operand<TFloat32> dcNext = null;
            for (int t = time - 1; t >= 0; t--) {
                Ops step = layer; // no sub-scope per step: see the class comment
                Cell cell = cells.get(t);
                Operand<TFloat32> dh = masks.isEmpty() ? dOut.get(t) : step.math.mul(dOut.get(t), masks.get(t));
                if (dhNext != null) {
                    dh = step.math.add(dh, dhNext);
                }
                Operand<TFloat32> dc = step.math.tanhGrad(cell.tanhC(), step.math.mul(dh, cell.o()));
                if (dcNext != null) {
                    dc = step.math.add(dc, dcNext);
                }
                Operand<TFloat32> di = step.math.mul(dc, cell.g());
                Operand<TFloat32> dOutGate = step.math.mul(dh, cell.tanhC());
                Operand<TFloat32> dForget = cell.cPrev() == null ? step.zerosLike(di) : step.math.mul(dc, cell.cPrev());
                Operand<TFloat32> dSigmoids = step.math.sigmoidGrad(cell.sigmoids(),
                        step.concat(List.of(di, dOutGate, dForget), step.constant(0)));
                Operand<TFloat32> dCandidate = step.math.tanhGrad(cell.g(), step.math.mul(dc, cell.i()));
                dz[t] = step.withName("dz").concat(List.of(dSigmoids, dCandidate), step.constant(0)); // [4H, B]
                if (t > 0) {
                    Operand<TFloat32> back = step.linalg.matMul(product, dz[t]);
                    if (below) {
                        List<Output<TFloat32>> split = step.splitV(back, step.constant(new int[] {h, -1}), step.constant(0), 2L)
                                .output();
                        dhNext = split.get(0);
                        dBelow.add(split.get(1));
                    } else {
                        dhNext = back;
                    }
                    dcNext = step.math.mul(dc, cell.f());
                } else if (below) {
                    dBelow.add(step.linalg.matMul(wT, dz[t]));
                }
            }
            Operand<TFloat32> dZ = layer.withName("dZ").concat(List.of(dz), layer.constant(1)); // [4H, T·B]
            int wi = names.indexOf(LstmLayout.inputWeights(l));
            if (l == 0 && sparse) {
                InputOps in = f.input;
                // Xᵀ · dZᵀ = [n, 4H], transposed to the canonical [4H, n] (dZ is transposed first: the op's own
                // adjoint of its dense operand is 4× slower)
                g[wi] = transpose(layer, layer.withName("dW").sparse.sparseTensorDenseMatMul(in.indices, in.values,
                        in.denseShape, transpose(layer, dZ), SparseTensorDenseMatMul.adjointA(true)));
            } else {
                g[wi] = layer.withName("dW").linalg.matMul(dZ, f.layerInputs.get(l), MatMul.transposeB(true));
            }
            int ri = names.indexOf(LstmLayout.recurrentWeights(l));
            if (time > 1) {
                g[ri] = layer.withName("dR").linalg.matMul(dZ, f.previous.get(l), MatMul.transposeB(true));
            } else {
                g[ri] = layer.zeros(layer.constant(new int[] {4 * h, h}), TFloat32.class);
            }
            Operand<TFloat32> db = layer.sum(dZ, layer.constant(1));
            g[names.indexOf(LstmLayout.biases(l))] = layer.withName("dB").concat(List.of(db, db), layer.constant(0));
            if (below) {
                java.util.Collections.reverse(dBelow);
                dOut = new ArrayList<>();
                for (Operand<TFloat32> d : dBelow) {
                    dOut.add(d.asOutput());
                }
            }
        }
        return List.of(g);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Operand<TFloat32>[] newOperands(int size) {
        return new Operand[size];
    }

    /**
     * One tower's gradients of every parameter by {@code tf.gradients} through the unrolled steps (for
     * comparison: slower). It is asked for the per-step products {@code R · h_{t−1}ᵀ} rather than {@code R},
     * so that {@code dR} is one GEMM over all steps instead of 63 and their sum.
     */
    private List<Operand<TFloat32>> gradients(Ops grad, Tower f, Operand<TFloat32> dLogits, int time) {
        List<Operand<?>> xs = new ArrayList<>();
        List<String> names = params.names;
        boolean sparse = f.sparseProjection != null;
        int[] direct = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean recurrent = name.endsWith(".R");
            boolean sparseInput = sparse && name.equals(LstmLayout.inputWeights(0));
            direct[i] = recurrent || sparseInput ? -1 : xs.size();
            if (direct[i] >= 0) {
                xs.add(f.reads.get(i));
            }
        }
        int projectionIndex = xs.size();
        if (sparse) {
            xs.add(f.sparseProjection);
        }
        int[] recurrentIndex = new int[layers];
        for (int l = 0; l < layers; l++) {
            recurrentIndex[l] = xs.size();
            xs.addAll(f.recurrent.get(l));
        }
        Gradients gradients = grad.gradients(List.of(f.logits), xs, Gradients.dx(List.of(dLogits)));
        List<Operand<TFloat32>> g = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (direct[i] >= 0) {
                g.add(floats(gradients.dy(direct[i])));
            } else if (name.endsWith(".R")) {
                int l = Integer.parseInt(name.substring("lstm.".length(), name.length() - 2));
                List<Operand<TFloat32>> products = f.recurrent.get(l);
                int h = hidden[l];
                if (products.isEmpty()) {
                    g.add(grad.zeros(grad.constant(new int[] {4 * h, h}), TFloat32.class));
                } else {
                    List<Operand<TFloat32>> dq = new ArrayList<>();
                    for (int k = 0; k < products.size(); k++) {
                        dq.add(floats(gradients.dy(recurrentIndex[l] + k)));
                    }
                    dq.add(0, grad.zerosLike(dq.get(0))); // the first step has no product (h_{−1} = 0)
                    Operand<TFloat32> stacked = grad.concat(dq, grad.constant(1));
                    g.add(grad.withName("recurrent" + l).linalg.matMul(stacked, f.previous.get(l), MatMul.transposeB(true)));
                }
            } else { // sparse first-layer input weights: the adjoint product with the projection's gradient
                InputOps in = f.input;
                g.add(transpose(grad, grad.withName("sparse_input").sparse.sparseTensorDenseMatMul(in.indices, in.values,
                        in.denseShape, floats(gradients.dy(projectionIndex)), SparseTensorDenseMatMul.adjointA(true))));
            }
        }
        return g;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> floats(Output<?> output) {
        if (output == null) {
            throw new IllegalStateException("TensorFlow gave no gradient for a parameter");
        }
        return (Operand<TFloat32>) output;
    }

    // ------------------------------------------------------------------------------------------ decoding

    /** The step graph's padded widths of each layer ({@link StepGraph#LANES}). */
    int[] paddedHidden() {
        int[] padded = new int[layers];
        for (int l = 0; l < layers; l++) {
            padded[l] = StepGraph.padded(hidden[l]);
        }
        return padded;
    }

    /** The step graph's attention slots (0 without attention). */
    int slots() {
        return length > 0 ? StepGraph.padded(length) : 0;
    }

    /**
     * One decoder step ({@link StepGraph}); its state {@code [N, stateWidth]}: h, c of each layer ({@code Hp} wide
     * each), the memory ({@code Lp·Hp}), the count.
     */
    StepGraph step() {
        Ops tf = root.withSubScope("step_" + graphs++);
        StepGraph s = new StepGraph();
        int[] paddedHidden = paddedHidden();
        int hp = paddedHidden[layers - 1];
        int lp = slots();
        s.outputWidth = StepGraph.padded(network.outputSize());
        int[] sizes = new int[2 * layers + (length > 0 ? 2 : 0)];
        for (int l = 0; l < layers; l++) {
            sizes[2 * l] = paddedHidden[l];
            sizes[2 * l + 1] = paddedHidden[l];
        }
        if (length > 0) {
            sizes[2 * layers] = lp * hp;
            sizes[2 * layers + 1] = 1;
        }
        for (int size : sizes) {
            s.stateWidth += size;
        }
        Weights w = stepWeights(tf.withSubScope("weights"), s, paddedHidden);

        s.inputs = tf.withName("inputs").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, network.inputSize())));
        s.state = tf.withName("state").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s.stateWidth)));
        List<Output<TFloat32>> parts = tf.splitV(s.state, tf.constant(sizes), tf.constant(1), (long) sizes.length).output();
        List<Operand<TFloat32>> out = new ArrayList<>();
        List<Operand<TFloat32>> newState = new ArrayList<>();
        Operand<TFloat32> below = s.inputs;
        for (int l = 0; l < layers; l++) {
            Ops layer = tf.withSubScope("layer" + l);
            Operand<TFloat32> z = layer.nn.biasAdd(layer.math.add(rowProduct(layer, below, w.input[l]),
                    rowProduct(layer, parts.get(2 * l), w.recurrent[l])), w.bias[l]);
            Cell hc = cell(layer, z, parts.get(2 * l + 1), paddedHidden[l], 1);
            newState.add(hc.h());
            newState.add(hc.c());
            below = hc.h();
        }
        Operand<TFloat32> features = below;
        if (length > 0) {
            Ops att = tf.withSubScope("attention");
            Operand<TFloat32> memory = att.reshape(parts.get(2 * layers), att.constant(new int[] {-1, lp, hp}));
            Operand<TFloat32> count = parts.get(2 * layers + 1); // [N, 1]
            // s_j = h · (W m_j) = (h · W) · m_j
            Operand<TFloat32> query = rowProduct(att, below, w.attention);
            Operand<TFloat32> scores = att.reshape(batchMatMul(att, memory, att.expandDims(query, att.constant(2)), false, false),
                    att.constant(new int[] {-1, lp}));
            Operand<TFloat32> slots = att.constant(new float[][] {slotIndices(lp)});
            Operand<TFloat32> valid = att.dtypes.cast(att.math.less(slots, count), TFloat32.class); // [N, Lp]
            Operand<TFloat32> masked = att.math.add(scores, att.math.mul(att.math.sub(valid, att.constant(1f)),
                    att.constant(-MASKED)));
            Operand<TFloat32> weights = att.math.mul(att.nn.softmax(masked), valid);
            Operand<TFloat32> context = att.reshape(batchMatMul(att, att.expandDims(weights, att.constant(1)), memory, false, false),
                    att.constant(new int[] {-1, hp}));
            features = att.concat(List.of(below, context), att.constant(1));
            // append h: into slot count while there is room, else shift out the oldest and write slot L − 1
            Operand<TBool> full = att.math.greaterEqual(count, att.constant((float) length)); // [N, 1]
            Operand<TFloat32> shifted = att.concat(List.of(
                    att.slice(memory, att.constant(new int[] {0, 1, 0}), att.constant(new int[] {-1, lp - 1, hp})),
                    att.zerosLike(att.slice(memory, att.constant(new int[] {0, 0, 0}), att.constant(new int[] {-1, 1, hp})))),
                    att.constant(1));
            Operand<TFloat32> base = att.select(att.expandDims(full, att.constant(2)), shifted, memory);
            Operand<TFloat32> slot = att.math.minimum(count, att.constant((float) (length - 1))); // [N, 1]
            Operand<TFloat32> write = att.expandDims(att.dtypes.cast(att.math.equal(slots, slot), TFloat32.class),
                    att.constant(2)); // [N, Lp, 1]
            Operand<TFloat32> appended = att.math.add(att.math.mul(base, att.math.sub(att.constant(1f), write)),
                    att.math.mul(att.expandDims(below, att.constant(1)), write));
            newState.add(att.reshape(appended, att.constant(new int[] {-1, lp * hp})));
            newState.add(att.math.minimum(att.math.add(count, att.constant(1f)), att.constant((float) length)));
        }
        out.add(tf.nn.biasAdd(rowProduct(tf, features, w.output), w.outputBias));
        out.addAll(newState);
        s.output = tf.withName("output").concat(out, tf.constant(1));
        return s;
    }

    /** The weights a step graph reads: the variables, or padded copies of them. */
    private final class Weights {
        final Operand<TFloat32>[] input;
        final Operand<TFloat32>[] recurrent;
        final Operand<TFloat32>[] bias;
        Operand<TFloat32> attention;
        Operand<TFloat32> output;
        Operand<TFloat32> outputBias;

        Weights() {
            input = newOperands(layers);
            recurrent = newOperands(layers);
            bias = newOperands(layers);
        }

    }

    /**
     * Variables holding the weights as the step graph reads them — {@code [in, out]} for {@code x · W}, padded
     * to its widths (zero rows and columns for the padded units, slots and logits) — with the ops that fill
     * them from the weights in {@code s.prepare}.
     */
    private Weights stepWeights(Ops tf, StepGraph s, int[] paddedHidden) {
        Weights w = new Weights();
        for (int l = 0; l < layers; l++) {
            int h = hidden[l];
            int hp = paddedHidden[l];
            int in = l == 0 ? network.inputSize() : hidden[l - 1];
            int inPadded = l == 0 ? in : paddedHidden[l - 1];
            w.input[l] = padGates(tf, s, transpose(tf, params.get(LstmLayout.inputWeights(l))), in, inPadded, h, hp, "input" + l);
            w.recurrent[l] = padGates(tf, s, transpose(tf, params.get(LstmLayout.recurrentWeights(l))), h, hp, h, hp,
                    "recurrent" + l);
            Operand<TFloat32> b = params.get(LstmLayout.biases(l));
            Operand<TFloat32> sum = tf.math.add(tf.slice(b, tf.constant(new int[] {0}), tf.constant(new int[] {4 * h})),
                    tf.slice(b, tf.constant(new int[] {4 * h}), tf.constant(new int[] {4 * h})));
            Operand<TFloat32> gates = tf.pad(tf.reshape(sum, tf.constant(new int[] {4, h})),
                    tf.constant(new int[][] {{0, 0}, {0, hp - h}}), tf.constant(0f));
            w.bias[l] = s.snapshot(tf, tf.reshape(gates, tf.constant(new int[] {4 * hp})), "bias" + l, 4 * hp);
        }
        int h = top;
        int hp = paddedHidden[layers - 1];
        if (length > 0) {
            Operand<TFloat32> a = tf.pad(params.get(LstmLayout.ATTENTION), tf.constant(new int[][] {{0, hp - h}, {0, hp - h}}),
                    tf.constant(0f));
            w.attention = s.snapshot(tf, a, "attention", hp, hp);
        }
        int blocks = length > 0 ? 2 : 1;
        int out = network.outputSize();
        Operand<TFloat32> o = tf.pad(tf.reshape(params.get(LstmLayout.OUTPUT_WEIGHTS), tf.constant(new int[] {blocks, h, out})),
                tf.constant(new int[][] {{0, 0}, {0, hp - h}, {0, s.outputWidth - out}}), tf.constant(0f));
        w.output = s.snapshot(tf, tf.reshape(o, tf.constant(new int[] {blocks * hp, s.outputWidth})), "output",
                blocks * hp, s.outputWidth);
        Operand<TFloat32> ob = tf.pad(params.get(LstmLayout.OUTPUT_BIAS), tf.constant(new int[][] {{0, s.outputWidth - out}}),
                tf.constant(0f));
        w.outputBias = s.snapshot(tf, ob, "output_bias", s.outputWidth);
        return w;
    }

    /** {@code [rows, 4H]} → {@code [rowsPadded, 4Hp]}, each gate block padded on its own. */
    private Operand<TFloat32> padGates(Ops tf, StepGraph s, Operand<TFloat32> m, int rows, int rowsPadded, int h, int hp,
                                       String name) {
        Operand<TFloat32> blocks = tf.pad(tf.reshape(m, tf.constant(new int[] {rows, 4, h})),
                tf.constant(new int[][] {{0, rowsPadded - rows}, {0, 0}, {0, hp - h}}), tf.constant(0f));
        return s.snapshot(tf, tf.reshape(blocks, tf.constant(new int[] {rowsPadded, 4 * hp})), name, rowsPadded, 4 * hp);
    }

    private static float[] slotIndices(int length) {
        float[] slots = new float[length];
        for (int k = 0; k < length; k++) {
            slots[k] = k;
        }
        return slots;
    }
}
