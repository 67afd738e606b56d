package dev.midigen.backend.tf;

import static dev.midigen.backend.tf.StepGraph.rowProduct;
import static dev.midigen.backend.tf.StepGraph.transpose;

import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.weights.GruLayout;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the seq2seq GRU family ({@link Seq2SeqLayout}, {@link GruLayout}'s equations) from TensorFlow ops into a graph
 * that holds its weights ({@link TfVariables}, canonical shapes): forward passes (encoder, decoder, classifier; any
 * batch, unrolled over fixed source and target lengths), the backward pass with Adam, and the one-step decoder graph.
 *
 * <p>As {@link LstmGraph}: a pass splits its batch into towers of single-threaded ops that run side by side; inside a
 * tower activations are feature-major, {@code [features, T·B]} with column {@code t·B + b}, so that a step's products
 * are {@code R [3H, H] · h [H, B]} with the canonical matrices and gate blocks are row blocks.
 *
 * <p>A training step is two session runs. The first runs the forward pass with dropout and teacher forcing and fetches
 * the logits and the values the backward pass reads ({@link LayerValues}: per layer the gates {@code z, r}, the
 * candidate {@code h~}, the recurrent candidate product {@code Rh h + Rbh} and the outputs, each one tensor over all
 * steps; the classifier's hidden layer; the dropout masks). The loss and its gradient with respect to the logits are
 * computed in Java by {@link dev.midigen.model.BernoulliLoss} (the one definition of the losses), and the second run feeds
 * that gradient and the first run's values (to placeholders, so nothing of the forward pass runs again) into the
 * backward pass, written here by hand: per step only {@code dh}, one product by {@code Rᵀ} and two element-wise ops,
 * the step-independent factors of the gate derivatives computed over all steps at once before the loop, and every
 * weight gradient one GEMM over all steps. Then global-norm clipping and {@code ApplyAdam}.
 */
final class GruGraph {
    private final Ops root;
    private final Seq2SeqGru family;
    private final int keys;
    private final int layers;
    private final int hidden;
    private final int classifierHidden;
    private final TfVariables params;
    private int graphs;

    GruGraph(Ops tf, Seq2SeqGru family, int keys, TfVariables params) {
        this.root = tf;
        this.family = family;
        this.keys = keys;
        this.layers = family.layers();
        this.hidden = family.hidden();
        this.classifierHidden = family.classifierHidden();
        this.params = params;
    }

    // ------------------------------------------------------------------------------------------ forward

    /**
     * One GRU layer's weights as a tower reads them: W {@code [3H, n]}, R {@code [3H, H]}, and the biases as columns — the
     * input products' {@code [Wbz + Rbz; Wbr + Rbr; Wbh]} ({@code [3H, 1]}: the update and reset gates see the two
     * biases' sum, so it is added once over all steps) and the recurrent candidate's {@code Rbh} ({@code [H, 1]}, scaled
     * by the reset gate with the product).
     */
    private record LayerWeights(Operand<TFloat32> w, Operand<TFloat32> r, Operand<TFloat32> inputBias,
                                Operand<TFloat32> candidateBias) {
    }

    /** A tower's reads of the weights. */
    private final class Reads {
        final List<LayerWeights> encoder = new ArrayList<>();
        final List<LayerWeights> decoder = new ArrayList<>();
        final Operand<TFloat32> w0;
        final Operand<TFloat32> b0;
        final Operand<TFloat32> w1;
        final Operand<TFloat32> b1;

        Reads(Ops tf) {
            for (int l = 0; l < layers; l++) {
                encoder.add(layer(tf, Seq2SeqLayout.ENCODER, l));
                decoder.add(layer(tf, Seq2SeqLayout.DECODER, l));
            }
            w0 = read(tf, Seq2SeqLayout.HIDDEN_WEIGHTS);
            b0 = tf.reshape(read(tf, Seq2SeqLayout.HIDDEN_BIAS), tf.constant(new int[] {classifierHidden, 1}));
            w1 = read(tf, Seq2SeqLayout.OUTPUT_WEIGHTS);
            b1 = tf.reshape(read(tf, Seq2SeqLayout.OUTPUT_BIAS), tf.constant(new int[] {keys, 1}));
        }

        private LayerWeights layer(Ops tf, String prefix, int l) {
            Operand<TFloat32> b = tf.reshape(read(tf, GruLayout.biases(prefix, l)), tf.constant(new int[] {2, 3, hidden})); // W|R, z|r|h
            Operand<TFloat32> gates = tf.slice(b, tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {2, 2, hidden}));
            Operand<TFloat32> gateSum = tf.sum(gates, tf.constant(0));                                                // [2, H]
            Operand<TFloat32> inputCandidate = tf.slice(b, tf.constant(new int[] {0, 2, 0}), tf.constant(new int[] {1, 1, hidden}));
            Operand<TFloat32> recurrentCandidate = tf.slice(b, tf.constant(new int[] {1, 2, 0}), tf.constant(new int[] {1, 1, hidden}));
            Operand<TFloat32> inputBias = tf.reshape(tf.concat(List.of(tf.reshape(gateSum, tf.constant(new int[] {-1})),
                    tf.reshape(inputCandidate, tf.constant(new int[] {-1}))), tf.constant(0)), tf.constant(new int[] {3 * hidden, 1}));
            return new LayerWeights(read(tf, GruLayout.inputWeights(prefix, l)), read(tf, GruLayout.recurrentWeights(prefix, l)),
                    inputBias, tf.reshape(recurrentCandidate, tf.constant(new int[] {hidden, 1})));
        }

        private Operand<TFloat32> read(Ops tf, String name) {
            return tf.identity(params.get(name));
        }
    }

    /**
     * A GRU layer's values over all steps that the backward pass reads, feature-major {@code [·, T·B]}: the update and
     * reset gates {@code zr} ({@code [2H, ·]}, z first), the candidate {@code n} and the recurrent candidate product
     * {@code qn = Rh h + Rbh} ({@code [H, ·]}), the outputs {@code h} ({@code [H, ·]}, step 0 first); and the last
     * output {@code [H, B]}.
     */
    record LayerValues(Operand<TFloat32> zr, Operand<TFloat32> n, Operand<TFloat32> qn, Operand<TFloat32> h,
                       Operand<TFloat32> last) {
        List<Operand<TFloat32>> saved() {
            return List.of(zr, n, qn, h);
        }
    }

    /** One step's values. */
    private record Cell(Operand<TFloat32> zr, Operand<TFloat32> n, Operand<TFloat32> qn, Operand<TFloat32> h) {
    }

    /** One tower of a forward pass: its feeds and what the caller fetches. */
    static final class Tower {
        /** {@code [K, S·B]} source frames; {@code [K, T·B]} the decoder's inputs under teacher forcing. */
        Placeholder<TFloat32> source;
        Placeholder<TFloat32> target;
        /** This tower's rows and, with dropout, its first row in the batch. */
        Placeholder<TInt32> rows;
        Placeholder<TInt32> offset;
        final List<LayerValues> encoder = new ArrayList<>();
        final List<LayerValues> decoder = new ArrayList<>();
        /** The classifier's ReLU outputs {@code [C, T·B]} (before its dropout) and the logits {@code [K, T·B]}. */
        Operand<TFloat32> hiddenLayer;
        Operand<TFloat32> logits;
        /** With dropout: this tower's keep masks (scaled by 1 / (1 − p)) of each GRU layer but the top one, and the classifier's. */
        final List<Operand<TFloat32>> encoderKeep = new ArrayList<>();
        final List<Operand<TFloat32>> decoderKeep = new ArrayList<>();
        Operand<TFloat32> classifierKeep;
    }

    /** A forward pass over {@code S} source and {@code T} target steps. */
    static final class Pass {
        int sourceSteps;
        int targetSteps;
        boolean mixed;
        boolean encoderOnly;
        boolean dropout;
        /** How many towers the batch is split into. */
        int towerCount;
        /** Mixed teacher forcing: {@code [T]}, 1 where the decoder reads the true previous frame. */
        Placeholder<TFloat32> forced;
        /** Dropout: the seed ({@code int64 [2]}) and the whole batch's rows. */
        Placeholder<TInt64> seed;
        Placeholder<TInt32> batch;
        final List<Tower> towers = new ArrayList<>();
    }

    /** The batch's dropout masks, {@code [width, steps, batch]}, one per GRU layer but the top, then the classifier's. */
    private record Masks(List<Operand<TFloat32>> encoder, List<Operand<TFloat32>> decoder, Operand<TFloat32> classifier) {
    }

    /**
     * A forward pass. {@code mixed}: the decoder runs step by step and, where {@link Pass#forced} is 0, reads its own
     * previous prediction thresholded at probability ½ instead of the target frame; otherwise every step reads the
     * target frame and each layer's input products are one GEMM over all steps. {@code encoderOnly}: the encoder's
     * final states alone.
     */
    Pass forward(int sourceSteps, int targetSteps, int towers, float gruDropout, float classifierDropout, boolean mixed,
                 boolean encoderOnly) {
        Ops tf = root.withSubScope("pass" + sourceSteps + "_" + targetSteps + (mixed ? "m" : "") + (encoderOnly ? "e" : "")
                + "x" + towers + "_" + graphs++);
        Pass pass = new Pass();
        pass.sourceSteps = sourceSteps;
        pass.targetSteps = targetSteps;
        pass.mixed = mixed;
        pass.encoderOnly = encoderOnly;
        pass.dropout = gruDropout > 0 || classifierDropout > 0;
        pass.towerCount = towers;
        Masks masks = null;
        if (pass.dropout) {
            Ops d = tf;
            pass.seed = d.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            pass.batch = d.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
            List<Operand<TFloat32>> encoder = new ArrayList<>();
            List<Operand<TFloat32>> decoder = new ArrayList<>();
            for (int l = 0; l < layers - 1; l++) {
                encoder.add(mask(d, pass, 2 * l + 1, hidden, sourceSteps, gruDropout));
                decoder.add(mask(d, pass, 2 * l + 2, hidden, targetSteps, gruDropout));
            }
            masks = new Masks(encoder, decoder, mask(d, pass, 2 * layers + 1, classifierHidden, targetSteps, classifierDropout));
        }
        if (mixed) {
            pass.forced = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(targetSteps)));
        }
        for (int k = 0; k < towers; k++) {
            pass.towers.add(tower(tf, pass, masks));
        }
        return pass;
    }

    /** A keep mask {@code [width, steps, batch]}: 1 / (1 − p) where a uniform draw from (seed + stream) is ≥ p, else 0. */
    private static Operand<TFloat32> mask(Ops d, Pass pass, int stream, int width, int steps, float p) {
        return StatelessDropout.mask(d, pass.seed, pass.batch, stream, width, steps, p);
    }

    /** This tower's columns of a batch mask {@code [width, steps, batch]}, as {@code [width, steps·rows]}. */
    private static Operand<TFloat32> towerMask(Ops tf, Pass pass, Operand<TFloat32> mask, Tower f, int width, int steps) {
        if (mask == null) {
            return null;
        }
        if (pass.towerCount == 1) {
            return tf.reshape(mask, tf.constant(new int[] {width, -1}));
        }
        Operand<TFloat32> own = tf.slice(mask, tf.stack(List.of(tf.constant(0), tf.constant(0), f.offset)),
                tf.stack(List.of(tf.constant(width), tf.constant(steps), f.rows)));
        return tf.reshape(own, tf.constant(new int[] {width, -1}));
    }

    private Tower tower(Ops tf, Pass pass, Masks masks) {
        int s = pass.sourceSteps;
        int time = pass.targetSteps;
        Tower f = new Tower();
        Reads reads = new Reads(tf);
        f.source = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(keys, -1)));
        f.rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        if (pass.dropout) {
            f.offset = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
            for (int l = 0; l < layers - 1; l++) {
                f.encoderKeep.add(towerMask(tf, pass, masks.encoder().get(l), f, hidden, s));
                f.decoderKeep.add(towerMask(tf, pass, masks.decoder().get(l), f, hidden, time));
            }
            f.classifierKeep = towerMask(tf, pass, masks.classifier(), f, classifierHidden, time);
        }
        Operand<TFloat32> zero = tf.zeros(tf.stack(List.of(tf.constant(hidden), f.rows)), TFloat32.class);
        Operand<TFloat32> below = f.source;
        for (int l = 0; l < layers; l++) {
            LayerValues values = layer(tf, below, zero, reads.encoder.get(l), s);
            f.encoder.add(values);
            below = keep(tf, values.h(), f.encoderKeep, l);
        }
        if (pass.encoderOnly) {
            return f;
        }
        f.target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(keys, -1)));
        if (pass.mixed) {
            decodeStepByStep(tf, pass, f, reads);
        } else {
            below = f.target;
            for (int l = 0; l < layers; l++) {
                LayerValues values = layer(tf, below, f.encoder.get(l).last(), reads.decoder.get(l), time);
                f.decoder.add(values);
                below = keep(tf, values.h(), f.decoderKeep, l);
            }
            Ops c = tf;
            f.hiddenLayer = c.nn.relu(c.math.add(c.linalg.matMul(reads.w0, below), reads.b0));
            Operand<TFloat32> dropped = f.classifierKeep == null ? f.hiddenLayer : c.math.mul(f.hiddenLayer, f.classifierKeep);
            f.logits = c.math.add(c.linalg.matMul(reads.w1, dropped), reads.b1);
        }
        return f;
    }

    /** A layer's outputs with its dropout mask (none for the top layer or without dropout). */
    private static Operand<TFloat32> keep(Ops tf, Operand<TFloat32> h, List<? extends Operand<TFloat32>> keeps, int layer) {
        return layer < keeps.size() && keeps.get(layer) != null ? tf.math.mul(h, keeps.get(layer)) : h;
    }

    /** A GRU layer over {@code steps} steps of {@code x} ({@code [n, steps·B]}) from {@code h0} ({@code [H, B]}). */
    private LayerValues layer(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h0, LayerWeights w, int steps) {
        List<Operand<TFloat32>> projections;
        if (ROW_PROJECTION) {
            // Xᵀ Wᵀ, [steps·B, 3H]: Eigen runs this form at 115 GFLOP/s against 81 for W X (measured at 2048 columns);
            // each step's rows are a view, transposed to [3H, B]
            Operand<TFloat32> rowsOf = tf.linalg.matMul(x, w.w(), MatMul.transposeA(true), MatMul.transposeB(true));
            rowsOf = tf.nn.biasAdd(rowsOf, tf.reshape(w.inputBias(), tf.constant(new int[] {-1})));
            Operand<TInt32> perm = tf.constant(new int[] {1, 0});
            Operand<TInt32> stepRows = tf.constant(new int[] {-1, 3 * hidden});
            projections = new ArrayList<>();
            for (Output<TFloat32> part : tf.split(tf.constant(0), tf.reshape(rowsOf, tf.constant(new int[] {steps, -1, 3 * hidden})),
                    (long) steps).output()) {
                projections.add(tf.linalg.transpose(tf.reshape(part, stepRows), perm));
            }
        } else {
            Operand<TFloat32> projection = tf.math.add(tf.linalg.matMul(w.w(), x), w.inputBias()); // [3H, steps·B]
            projections = byStep(tf, projection, 3 * hidden, steps);
        }
        List<Cell> cells = new ArrayList<>();
        Operand<TFloat32> h = h0;
        for (int t = 0; t < steps; t++) {
            Ops step = tf; // no sub-scope per step: TensorFlow Java scans the whole graph for each new scope
            Cell cell = cell(step, projections.get(t), h, w);
            cells.add(cell);
            h = cell.h();
        }
        return collect(tf, cells);
    }

    private LayerValues collect(Ops tf, List<Cell> cells) {
        List<Operand<TFloat32>> zr = new ArrayList<>();
        List<Operand<TFloat32>> n = new ArrayList<>();
        List<Operand<TFloat32>> qn = new ArrayList<>();
        List<Operand<TFloat32>> h = new ArrayList<>();
        for (Cell cell : cells) {
            zr.add(cell.zr());
            n.add(cell.n());
            qn.add(cell.qn());
            h.add(cell.h());
        }
        Operand<TInt32> columns = tf.constant(1);
        return new LayerValues(concat(tf, "zr", zr, columns), concat(tf, "n", n, columns), concat(tf, "qn", qn, columns),
                concat(tf, "h", h, columns), cells.get(cells.size() - 1).h());
    }

    private static Operand<TFloat32> concat(Ops tf, String name, List<Operand<TFloat32>> parts, Operand<TInt32> axis) {
        return parts.size() == 1 ? tf.identity(parts.get(0)) : tf.concat(parts, axis);
    }

    /**
     * One step, feature-major: {@code p = W x + Wb} ({@code [3H, B]}) given, {@code q = R h + Rb};
     * {@code [z; r] = σ(p_zr + q_zr)}, {@code n = tanh(p_h + r ⊙ q_h)}, {@code h' = n + z ⊙ (h − n)}.
     */
    private Cell cell(Ops tf, Operand<TFloat32> p, Operand<TFloat32> h, LayerWeights w) {
        Operand<TFloat32> q = tf.linalg.matMul(w.r(), h);
        Operand<TInt32> rows = tf.constant(0);
        Operand<TInt32> sizes = tf.constant(new int[] {2 * hidden, hidden});
        List<Output<TFloat32>> ps = tf.splitV(p, sizes, rows, 2L).output();
        List<Output<TFloat32>> qs = tf.splitV(q, sizes, rows, 2L).output();
        Operand<TFloat32> qn = tf.math.add(qs.get(1), w.candidateBias());
        Operand<TFloat32> zr = tf.math.sigmoid(tf.math.add(ps.get(0), qs.get(0)));
        List<Output<TFloat32>> gates = tf.split(rows, zr, 2L).output();
        Operand<TFloat32> n = tf.math.tanh(tf.math.add(ps.get(1), tf.math.mul(gates.get(1), qn)));
        Operand<TFloat32> next = tf.math.add(n, tf.math.mul(gates.get(0), tf.math.sub(h, n)));
        return new Cell(zr, n, qn, next);
    }

    /**
     * A feature-major {@code [width, steps·B]} tensor as one {@code [width, B]} tensor per step: one transpose to
     * {@code [steps, width, B]}, then an unstack along its first axis, which hands out views (no copy per step).
     */
    private static List<Operand<TFloat32>> byStep(Ops tf, Operand<TFloat32> columns, int width, int steps) {
        List<Operand<TFloat32>> parts = new ArrayList<>();
        if (UNSTACK) {
            Operand<TFloat32> stepMajor = tf.linalg.transpose(tf.reshape(columns, tf.constant(new int[] {width, steps, -1})),
                    tf.constant(new int[] {1, 0, 2}));
            parts.addAll(tf.unstack(stepMajor, (long) steps).output());
            return parts;
        }
        // one Split for all steps rather than a Slice and a Reshape per step (fewer ops; LstmGraph measured it faster)
        Operand<TFloat32> byStep = tf.reshape(columns, tf.constant(new int[] {width, steps, -1}));
        Operand<TInt32> shape = tf.constant(new int[] {width, -1});
        for (Output<TFloat32> part : tf.split(tf.constant(1), byStep, (long) steps).output()) {
            parts.add(tf.reshape(part, shape));
        }
        return parts;
    }

    /**
     * {@code -Dmidigen.tf.gru.steps=unstack}: per-step views by one transpose and an unstack instead of a strided slice per
     * step. Same CPU time, but measured slower on 2 cores without oneDNN (1.2 instead of 1.5–1.9 cores busy).
     */
    private static final boolean ROW_PROJECTION = !"columns".equals(System.getProperty("midigen.tf.gru.projection"));
    private static final boolean UNSTACK = "unstack".equals(System.getProperty("midigen.tf.gru.steps"));

    /** The decoder and classifier step by step, each step reading the target frame or its own thresholded prediction. */
    private void decodeStepByStep(Ops tf, Pass pass, Tower f, Reads reads) {
        int time = pass.targetSteps;
        Operand<TFloat32> targets = tf.reshape(f.target, tf.constant(new int[] {keys, time, -1}));
        List<Output<TFloat32>> forced = tf.unstack(pass.forced, (long) time).output();
        List<Operand<TFloat32>> keepsByStep = new ArrayList<>();
        List<List<Cell>> cells = new ArrayList<>();
        Operand<TFloat32>[] h = newOperands(layers);
        for (int l = 0; l < layers; l++) {
            cells.add(new ArrayList<>());
            h[l] = f.encoder.get(l).last();
            keepsByStep.add(l < f.decoderKeep.size() && f.decoderKeep.get(l) != null
                    ? tf.reshape(f.decoderKeep.get(l), tf.constant(new int[] {hidden, time, -1})) : null);
        }
        Operand<TFloat32> classifierKeeps = f.classifierKeep == null ? null
                : tf.reshape(f.classifierKeep, tf.constant(new int[] {classifierHidden, time, -1}));
        List<Operand<TFloat32>> hiddenSteps = new ArrayList<>();
        List<Operand<TFloat32>> logitSteps = new ArrayList<>();
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> zero = tf.constant(0f);
        Operand<TFloat32> previous = null;
        for (int t = 0; t < time; t++) {
            Ops step = tf; // no sub-scope per step: TensorFlow Java scans the whole graph for each new scope
            Operand<TFloat32> x = column(step, targets, keys, t);
            if (t > 0) {
                Operand<TFloat32> predicted = step.dtypes.cast(step.math.greaterEqual(previous, zero), TFloat32.class);
                Operand<TFloat32> ratio = forced.get(t);
                x = step.math.add(step.math.mul(x, ratio), step.math.mul(predicted, step.math.sub(one, ratio)));
            }
            for (int l = 0; l < layers; l++) {
                Ops layer = step;
                LayerWeights w = reads.decoder.get(l);
                Operand<TFloat32> p = layer.math.add(layer.linalg.matMul(w.w(), x), w.inputBias());
                Cell cell = cell(layer, p, h[l], w);
                cells.get(l).add(cell);
                h[l] = cell.h();
                x = keepsByStep.get(l) == null ? h[l] : layer.math.mul(h[l], column(layer, keepsByStep.get(l), hidden, t));
            }
            Operand<TFloat32> m = step.nn.relu(step.math.add(step.linalg.matMul(reads.w0, x), reads.b0));
            hiddenSteps.add(m);
            Operand<TFloat32> dropped = classifierKeeps == null ? m : step.math.mul(m, column(step, classifierKeeps,
                    classifierHidden, t));
            previous = step.math.add(step.linalg.matMul(reads.w1, dropped), reads.b1);
            logitSteps.add(previous);
        }
        for (int l = 0; l < layers; l++) {
            f.decoder.add(collect(tf, cells.get(l)));
        }
        Operand<TInt32> columns = tf.constant(1);
        f.hiddenLayer = concat(tf, "hidden", hiddenSteps, columns);
        f.logits = concat(tf, "logits", logitSteps, columns);
    }

    /** Step {@code t}'s columns {@code [width, B]} of a {@code [width, steps, B]} tensor. */
    private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> byStep, int width, int t) {
        return tf.reshape(tf.slice(byStep, tf.constant(new int[] {0, t, 0}), tf.constant(new int[] {width, 1, -1})),
                tf.constant(new int[] {width, -1}));
    }

    // ------------------------------------------------------------------------------------------ training

    /** A layer's forward values fed back for the backward pass (the first run's {@link LayerValues#saved()}). */
    record LayerFeeds(Placeholder<TFloat32> zr, Placeholder<TFloat32> n, Placeholder<TFloat32> qn, Placeholder<TFloat32> h) {
        List<Placeholder<TFloat32>> all() {
            return List.of(zr, n, qn, h);
        }
    }

    /** One tower's feeds of the backward pass. */
    static final class BackTower {
        /** What the decoder read at each step {@code [K, T·B]} (the target frames, or the thresholded predictions). */
        Placeholder<TFloat32> inputs;
        /** The loss's gradient with respect to the logits {@code [K, T·B]}. */
        Placeholder<TFloat32> dLogits;
        Placeholder<TFloat32> hiddenLayer;
        final List<LayerFeeds> encoder = new ArrayList<>();
        final List<LayerFeeds> decoder = new ArrayList<>();
        final List<Placeholder<TFloat32>> encoderKeep = new ArrayList<>();
        final List<Placeholder<TFloat32>> decoderKeep = new ArrayList<>();
        Placeholder<TFloat32> classifierKeep;
    }

    /** The two runs of a training step. */
    static final class Train {
        /** The first run: the forward pass with dropout and teacher forcing. */
        Pass pass;
        /** The second run's feeds, per tower (its source and rows are the pass's). */
        final List<BackTower> towers = new ArrayList<>();
        /** The gradients before clipping, in the weights' order (for tests). */
        List<Operand<TFloat32>> gradients;
        TfAdam.Update update;
    }

    /** A training step over {@code S} source and {@code T} target steps, then {@link TfAdam#update}. */
    Train train(int sourceSteps, int targetSteps, int towers, float gruDropout, float classifierDropout, boolean mixed,
                double clipNorm, TfAdam adam) {
        Train s = new Train();
        s.pass = forward(sourceSteps, targetSteps, towers, gruDropout, classifierDropout, mixed, false);
        Ops tf = root.withSubScope("backward" + sourceSteps + "_" + targetSteps + (mixed ? "m" : "") + "x" + towers + "_" + graphs++);
        List<List<Operand<TFloat32>>> towerGradients = new ArrayList<>();
        for (int k = 0; k < towers; k++) {
            BackTower back = backTower(tf, s.pass);
            s.towers.add(back);
            towerGradients.add(backward(tf, s.pass, s.pass.towers.get(k), back));
        }
        s.gradients = TfNet.sumTowers(tf, towerGradients, params.size());
        List<Operand<TFloat32>> halfSquares = new ArrayList<>();
        for (Operand<TFloat32> gi : s.gradients) {
            halfSquares.add(tf.nn.l2Loss(gi)); // Σ g² / 2 in one pass
        }
        s.update = adam.update(tf, s.gradients, tf.math.sqrt(tf.math.mul(tf.math.addN(halfSquares), tf.constant(2f))), clipNorm);
        return s;
    }

    private BackTower backTower(Ops tf, Pass pass) {
        BackTower b = new BackTower();
        Shape columns = Shape.of(-1, -1);
        b.inputs = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(keys, -1)));
        b.dLogits = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(keys, -1)));
        b.hiddenLayer = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(classifierHidden, -1)));
        for (int l = 0; l < layers; l++) {
            b.encoder.add(layerFeeds(tf, "encoder" + l, columns));
            b.decoder.add(layerFeeds(tf, "decoder" + l, columns));
        }
        if (pass.dropout) {
            Tower f = pass.towers.isEmpty() ? null : pass.towers.get(0);
            for (int l = 0; l < layers - 1; l++) {
                b.encoderKeep.add(f.encoderKeep.get(l) == null ? null
                        : tf.placeholder(TFloat32.class, Placeholder.shape(columns)));
                b.decoderKeep.add(f.decoderKeep.get(l) == null ? null
                        : tf.placeholder(TFloat32.class, Placeholder.shape(columns)));
            }
            b.classifierKeep = f.classifierKeep == null ? null
                    : tf.placeholder(TFloat32.class, Placeholder.shape(columns));
        }
        return b;
    }

    private static LayerFeeds layerFeeds(Ops tf, String name, Shape shape) {
        return new LayerFeeds(tf.placeholder(TFloat32.class, Placeholder.shape(shape)),
                tf.placeholder(TFloat32.class, Placeholder.shape(shape)),
                tf.placeholder(TFloat32.class, Placeholder.shape(shape)),
                tf.placeholder(TFloat32.class, Placeholder.shape(shape)));
    }

    /** What a layer's backward pass gives: its weights' gradients, its input's ({@code [n, T·B]}) and its initial state's. */
    private record LayerGradients(Operand<TFloat32> dW, Operand<TFloat32> dR, Operand<TFloat32> dB, Operand<TFloat32> dX,
                                  Operand<TFloat32> dInitial) {
    }

    /** One tower's gradients of every weight, in {@link TfVariables#names} order, from the second run's feeds only. */
    private List<Operand<TFloat32>> backward(Ops tf, Pass pass, Tower f, BackTower b) {
        int s = pass.sourceSteps;
        int time = pass.targetSteps;
        Reads reads = new Reads(tf);
        Operand<TFloat32>[] g = newOperands(params.size());

        // the classifier
        Ops c = tf;
        Operand<TFloat32> top = b.decoder.get(layers - 1).h();
        Operand<TFloat32> dropped = b.classifierKeep == null ? b.hiddenLayer : c.math.mul(b.hiddenLayer, b.classifierKeep);
        g[params.index(Seq2SeqLayout.OUTPUT_WEIGHTS)] = c.linalg.matMul(b.dLogits, dropped, MatMul.transposeB(true));
        g[params.index(Seq2SeqLayout.OUTPUT_BIAS)] = c.sum(b.dLogits, c.constant(1));
        Operand<TFloat32> dDropped = c.linalg.matMul(transpose(c, reads.w1), b.dLogits);
        Operand<TFloat32> dHidden = c.nn.reluGrad(b.classifierKeep == null ? dDropped : c.math.mul(dDropped, b.classifierKeep),
                b.hiddenLayer);
        g[params.index(Seq2SeqLayout.HIDDEN_WEIGHTS)] = c.linalg.matMul(dHidden, top, MatMul.transposeB(true));
        g[params.index(Seq2SeqLayout.HIDDEN_BIAS)] = c.sum(dHidden, c.constant(1));
        Operand<TFloat32> dOut = c.linalg.matMul(transpose(c, reads.w0), dHidden); // [H, T·B]

        // the decoder, top layer first; layer l starts from encoder layer l's last output
        Operand<TFloat32>[] dInitial = newOperands(layers);
        for (int l = layers - 1; l >= 0; l--) {
            Ops layer = tf;
            Operand<TFloat32> h0 = column(layer, layer.reshape(b.encoder.get(l).h(), layer.constant(new int[] {hidden, s, -1})),
                    hidden, s - 1);
            Operand<TFloat32> x = l == 0 ? b.inputs : keep(layer, b.decoder.get(l - 1).h(), b.decoderKeep, l - 1);
            LayerGradients lg = layerBackward(layer, b.decoder.get(l), h0, dOut, null, x, reads.decoder.get(l), time, l > 0, true);
            put(g, Seq2SeqLayout.DECODER, l, lg);
            dInitial[l] = lg.dInitial();
            if (l > 0) {
                dOut = l - 1 < b.decoderKeep.size() && b.decoderKeep.get(l - 1) != null
                        ? layer.math.mul(lg.dX(), b.decoderKeep.get(l - 1)) : lg.dX();
            }
        }
        // the encoder, top layer first: its outputs reach the loss through the decoder's initial states (and the layer above)
        Operand<TFloat32> zero = tf.zeros(tf.stack(List.of(tf.constant(hidden), f.rows)), TFloat32.class);
        dOut = null;
        for (int l = layers - 1; l >= 0; l--) {
            Ops layer = tf;
            Operand<TFloat32> x = l == 0 ? f.source : keep(layer, b.encoder.get(l - 1).h(), b.encoderKeep, l - 1);
            LayerGradients lg = layerBackward(layer, b.encoder.get(l), zero, dOut, dInitial[l], x, reads.encoder.get(l), s, l > 0,
                    false);
            put(g, Seq2SeqLayout.ENCODER, l, lg);
            if (l > 0) {
                dOut = l - 1 < b.encoderKeep.size() && b.encoderKeep.get(l - 1) != null
                        ? layer.math.mul(lg.dX(), b.encoderKeep.get(l - 1)) : lg.dX();
            }
        }
        return List.of(g);
    }

    private void put(Operand<TFloat32>[] g, String prefix, int l, LayerGradients lg) {
        g[params.index(GruLayout.inputWeights(prefix, l))] = lg.dW();
        g[params.index(GruLayout.recurrentWeights(prefix, l))] = lg.dR();
        g[params.index(GruLayout.biases(prefix, l))] = lg.dB();
    }

    /**
     * A GRU layer's backward pass over {@code steps} steps. With {@code d} the gradient reaching a step's output
     * (from above, and from the next step), the derivatives of the output with respect to the pre-activations are
     * step-independent factors computed over all steps first:
     * <pre>
     *   a_h:  A = (1 − z)(1 − n²)          a_z:  Bz = (h_prev − n) z (1 − z)
     *   a_r:  C = A · qn · r (1 − r)       qn:   D = A · r
     * </pre>
     * so that per step {@code dQ_t = d ⊙ [Bz; C; D]} and {@code d_prev = Rᵀ dQ_t + d ⊙ z}; afterwards, over all steps,
     * {@code dP = d ⊙ [Bz; C; A]}, {@code dW = dP Xᵀ}, {@code dR = dQ H_prevᵀ}, the biases' sums, {@code dX = Wᵀ dP}.
     *
     * @param dOut   the gradient of the outputs from above, {@code [H, steps·B]} (null: none)
     * @param dFinal the gradient of the last output from elsewhere (the decoder's initial state), {@code [H, B]} (null: none)
     */
    private LayerGradients layerBackward(Ops tf, LayerFeeds v, Operand<TFloat32> h0, Operand<TFloat32> dOut,
                                         Operand<TFloat32> dFinal, Operand<TFloat32> x, LayerWeights w, int steps,
                                         boolean wantX, boolean wantInitial) {
        int h = hidden;
        Operand<TInt32> rows = tf.constant(0);
        List<Output<TFloat32>> gates = tf.split(rows, v.zr(), 2L).output();
        Operand<TFloat32> z = gates.get(0);
        Operand<TFloat32> r = gates.get(1);
        Operand<TFloat32> previous = steps == 1 ? h0 : tf.concat(List.of(h0, tf.reshape(tf.slice(
                tf.reshape(v.h(), tf.constant(new int[] {h, steps, -1})), tf.constant(new int[] {0, 0, 0}),
                tf.constant(new int[] {h, steps - 1, -1})), tf.constant(new int[] {h, -1}))), tf.constant(1));
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> oneMinusZ = tf.math.sub(one, z);
        Operand<TFloat32> a = tf.math.mul(oneMinusZ, tf.math.sub(one, tf.math.square(v.n())));
        Operand<TFloat32> bz = tf.math.mul(tf.math.mul(tf.math.sub(previous, v.n()), z), oneMinusZ);
        Operand<TFloat32> cr = tf.math.mul(tf.math.mul(a, v.qn()), tf.math.mul(r, tf.math.sub(one, r)));
        Operand<TFloat32> d = tf.math.mul(a, r);
        // dQ's factors and z in one tensor, so that a step reads both with one slice; [4, H, steps·B]
        Operand<TFloat32> gqz = tf.reshape(tf.concat(List.of(bz, cr, d, z), rows), tf.constant(new int[] {4, h, -1}));
        Operand<TFloat32> gq = tf.splitV(gqz, tf.constant(new int[] {3, 1}), rows, 2L).output().get(0); // [3, H, steps·B]
        Operand<TFloat32> gp = tf.concat(List.of(bz, cr, a), rows);
        Operand<TFloat32> gqzByStep = tf.reshape(gqz, tf.constant(new int[] {4, h, steps, -1}));
        List<Operand<TFloat32>> gqSteps = new ArrayList<>();                                    // [3, H, B] per step
        List<Operand<TFloat32>> zSteps = new ArrayList<>();                                     // [H, B] per step
        Operand<TInt32> fourBlocks = tf.constant(new int[] {4, h, -1});
        List<Output<TFloat32>> gqzSteps = tf.split(tf.constant(2), gqzByStep, (long) steps).output();
        for (int t = 0; t < steps; t++) {
            Operand<TFloat32> both = tf.reshape(gqzSteps.get(t), fourBlocks);
            List<Output<TFloat32>> parts = tf.splitV(both, tf.constant(new int[] {3, 1}), rows, 2L).output();
            gqSteps.add(parts.get(0));
            zSteps.add(tf.reshape(parts.get(1), tf.constant(new int[] {h, -1})));
        }
        List<Operand<TFloat32>> dOutSteps = dOut == null ? null : byStep(tf, dOut, h, steps);
        Operand<TFloat32> rT = transpose(tf, w.r()); // [H, 3H]

        Operand<TFloat32>[] dh = newOperands(steps);
        Operand<TFloat32> carry = null;
        for (int t = steps - 1; t >= 0; t--) {
            Ops step = tf; // no sub-scope per step: TensorFlow Java scans the whole graph for each new scope
            Operand<TFloat32> grad = dOutSteps == null ? null : dOutSteps.get(t);
            if (t == steps - 1 && dFinal != null) {
                grad = grad == null ? dFinal : step.math.add(grad, dFinal);
            }
            if (carry != null) {
                grad = grad == null ? carry : step.math.add(grad, carry);
            }
            if (grad == null) {
                throw new IllegalStateException("no gradient reaches a GRU layer's last step");
            }
            dh[t] = grad;
            if (t > 0 || wantInitial) {
                Operand<TFloat32> dq = step.reshape(step.math.mul(gqSteps.get(t), grad), step.constant(new int[] {3 * h, -1}));
                carry = step.math.add(step.linalg.matMul(rT, dq), step.math.mul(grad, zSteps.get(t)));
            }
        }
        Operand<TFloat32> dH = steps == 1 ? dh[0] : tf.concat(List.of(dh), tf.constant(1)); // [H, steps·B]
        Operand<TFloat32> spread = tf.expandDims(dH, tf.constant(0));                                        // [1, H, steps·B]
        Operand<TInt32> threeBlocks = tf.constant(new int[] {3, h, -1});
        Operand<TInt32> flat = tf.constant(new int[] {3 * h, -1});
        Operand<TFloat32> dQ = tf.reshape(tf.math.mul(gq, spread), flat);
        Operand<TFloat32> dP = tf.reshape(tf.math.mul(tf.reshape(gp, threeBlocks), spread), flat);
        Operand<TFloat32> dW = tf.linalg.matMul(dP, x, MatMul.transposeB(true));
        Operand<TFloat32> dR = tf.linalg.matMul(dQ, previous, MatMul.transposeB(true));
        Operand<TInt32> columns = tf.constant(1);
        Operand<TFloat32> dB = tf.concat(List.of(tf.sum(dP, columns), tf.sum(dQ, columns)), rows);
        Operand<TFloat32> dX = wantX ? tf.linalg.matMul(transpose(tf, w.w()), dP) : null;
        return new LayerGradients(dW, dR, dB, dX, wantInitial ? carry : null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Operand<TFloat32>[] newOperands(int size) {
        return new Operand[size];
    }

    // ------------------------------------------------------------------------------------------ decoding

    /**
     * One decoder step, batch-major ({@code x · W} with padded {@code [in, 3Hp]} copies of the weights), the state packed
     * in one tensor each way; each product row by row ({@code BatchMatMul} of {@code [N, 1, ·]}) and every width
     * padded to {@value StepGraph#LANES}, so that a row's logits are the same in any batch. Padded units have zero weights and
     * biases, so their state stays zero.
     */
    StepGraph step() {
        Ops tf = root.withSubScope("step_" + graphs++);
        StepGraph s = new StepGraph();
        int hp = StepGraph.padded(hidden);
        int cp = StepGraph.padded(classifierHidden);
        int kp = StepGraph.padded(keys);
        s.outputWidth = kp;
        s.stateWidth = layers * hp;
        Ops wt = tf;
        List<Operand<TFloat32>> inputWeights = new ArrayList<>();
        List<Operand<TFloat32>> recurrentWeights = new ArrayList<>();
        List<Operand<TFloat32>> inputBiases = new ArrayList<>();
        List<Operand<TFloat32>> recurrentBiases = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? keys : hidden;
            int inPadded = l == 0 ? keys : hp;
            String prefix = Seq2SeqLayout.DECODER;
            inputWeights.add(padGates(wt, s, params.get(GruLayout.inputWeights(prefix, l)), in, inPadded, hp, "input" + l));
            recurrentWeights.add(padGates(wt, s, params.get(GruLayout.recurrentWeights(prefix, l)), hidden, hp, hp, "recurrent" + l));
            Operand<TFloat32> b = params.get(GruLayout.biases(prefix, l));
            Operand<TFloat32> blocks = wt.pad(wt.reshape(b, wt.constant(new int[] {6, hidden})),
                    wt.constant(new int[][] {{0, 0}, {0, hp - hidden}}), wt.constant(0f));
            Operand<TFloat32> both = wt.reshape(blocks, wt.constant(new int[] {6 * hp}));
            inputBiases.add(s.snapshot(wt, wt.slice(both, wt.constant(new int[] {0}), wt.constant(new int[] {3 * hp})),
                    "input_bias" + l, 3L * hp));
            recurrentBiases.add(s.snapshot(wt, wt.slice(both, wt.constant(new int[] {3 * hp}), wt.constant(new int[] {3 * hp})),
                    "recurrent_bias" + l, 3L * hp));
        }
        Operand<TFloat32> w0 = s.snapshot(wt, wt.pad(transpose(wt, params.get(Seq2SeqLayout.HIDDEN_WEIGHTS)),
                wt.constant(new int[][] {{0, hp - hidden}, {0, cp - classifierHidden}}), wt.constant(0f)), "classifier0", hp, cp);
        Operand<TFloat32> b0 = s.snapshot(wt, wt.pad(params.get(Seq2SeqLayout.HIDDEN_BIAS),
                wt.constant(new int[][] {{0, cp - classifierHidden}}), wt.constant(0f)), "classifier0_bias", cp);
        Operand<TFloat32> w1 = s.snapshot(wt, wt.pad(transpose(wt, params.get(Seq2SeqLayout.OUTPUT_WEIGHTS)),
                wt.constant(new int[][] {{0, cp - classifierHidden}, {0, kp - keys}}), wt.constant(0f)), "classifier1", cp, kp);
        Operand<TFloat32> b1 = s.snapshot(wt, wt.pad(params.get(Seq2SeqLayout.OUTPUT_BIAS),
                wt.constant(new int[][] {{0, kp - keys}}), wt.constant(0f)), "classifier1_bias", kp);

        s.inputs = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, keys)));
        s.state = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s.stateWidth)));
        List<Output<TFloat32>> parts = layers == 1 ? List.of(tf.identity(s.state).asOutput())
                : tf.split(tf.constant(1), s.state, (long) layers).output();
        List<Operand<TFloat32>> out = new ArrayList<>();
        Operand<TFloat32> below = s.inputs;
        Operand<TInt32> sizes = tf.constant(new int[] {2 * hp, hp});
        Operand<TInt32> axis = tf.constant(1);
        List<Operand<TFloat32>> newState = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Ops layer = tf;
            Operand<TFloat32> state = parts.get(l);
            Operand<TFloat32> fromInput = layer.nn.biasAdd(rowProduct(layer, below, inputWeights.get(l)), inputBiases.get(l));
            Operand<TFloat32> fromState = layer.nn.biasAdd(rowProduct(layer, state, recurrentWeights.get(l)), recurrentBiases.get(l));
            List<Output<TFloat32>> xs = layer.splitV(fromInput, sizes, axis, 2L).output();
            List<Output<TFloat32>> hs = layer.splitV(fromState, sizes, axis, 2L).output();
            Operand<TFloat32> zr = layer.math.sigmoid(layer.math.add(xs.get(0), hs.get(0)));
            List<Output<TFloat32>> gates = layer.split(axis, zr, 2L).output();
            Operand<TFloat32> n = layer.math.tanh(layer.math.add(xs.get(1), layer.math.mul(gates.get(1), hs.get(1))));
            Operand<TFloat32> next = layer.math.add(n, layer.math.mul(gates.get(0), layer.math.sub(state, n)));
            newState.add(next);
            below = next;
        }
        Operand<TFloat32> m = tf.nn.relu(tf.nn.biasAdd(rowProduct(tf, below, w0), b0));
        out.add(tf.nn.biasAdd(rowProduct(tf, m, w1), b1));
        out.addAll(newState);
        s.output = tf.concat(out, axis);
        return s;
    }

    /** {@code [3H, in]} → its transpose padded to {@code [inPadded, 3Hp]}, each gate block padded on its own. */
    private Operand<TFloat32> padGates(Ops tf, StepGraph s, Operand<TFloat32> m, int in, int inPadded, int hp, String name) {
        Operand<TFloat32> blocks = tf.pad(tf.reshape(transpose(tf, m), tf.constant(new int[] {in, 3, hidden})),
                tf.constant(new int[][] {{0, inPadded - in}, {0, 0}, {0, hp - hidden}}), tf.constant(0f));
        return s.snapshot(tf, tf.reshape(blocks, tf.constant(new int[] {inPadded, 3 * hp})), name, inPadded, 3L * hp);
    }
}
