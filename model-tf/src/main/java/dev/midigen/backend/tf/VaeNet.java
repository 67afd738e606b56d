package dev.midigen.backend.tf;

import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.eval.GrooveLoss;
import dev.midigen.model.reference.LatentDistribution;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * A drum VAE's network ({@link VaeGraph}): forward passes by (source steps, target steps), the encoder alone by source
 * steps, and training graphs by (source steps, target steps) — one {@code Session.run} a step, which feeds the batch,
 * {@code ε} and the update's scalars, and fetches the raw outputs, {@code μ} and {@code σ}, from which the reported loss
 * is {@link GrooveLoss}'s total, computed here in double (so it is exactly the evaluator's figure for what the step
 * computed). The decoder's state is the reference's ({@link VaeLayout#stateNames}: each layer's {@code h} and
 * {@code c}, then {@code latent.z}); a decoder starts with none (DecoderBase refuses a step until one is set).
 *
 * <p>{@code ε} of step {@code n} (the optimizer's step count after the update) is
 * {@link LatentDistribution#trainingNoise} of the config's seed and {@code n}, as every backend draws it, so a run
 * repeats itself and a resumed run draws what it would have drawn. {@code TrainingConfig.dropout} drops each LSTM
 * layer's inputs ({@link VaeGraph}), its masks drawn in the graph from (seed, step).
 *
 * <p>The session is {@link TfRuntime#config}'s (single-threaded ops, run side by side: the encoder's two directions,
 * the backward pass's independent chains). Measured on 2 shared cores, groovae-2bar, batch 64 × 32 steps: 199 ms a
 * training step, and 208 ms with each op on both threads ({@code -Dmidigen.tf.intra=2}) — the same within the noise.
 */
final class VaeNet extends TfNet {
    final DrumVae family;
    final VaeGraph builder;
    final List<String> stateNames;
    private final int frame;
    private final int latent;
    private final int[] decoder;
    /** The step graph's packed state's widths ({@link VaeGraph#stateSlots}). */
    private final int[] slots;

    VaeNet(ModelSpec spec, Weights initial, int threads) {
        super(spec, initial, threads, Set.of(), TfRuntime::config);
        this.family = (DrumVae) spec.family();
        this.builder = new VaeGraph(tf, spec, weights);
        this.stateNames = VaeLayout.stateNames(spec);
        this.frame = spec.inputSize();
        this.latent = family.latent();
        this.decoder = builder.decoder;
        this.slots = builder.stateSlots();
    }

    @Override
    protected StepGraph buildStep() {
        return builder.step();
    }

    private static void checkSteps(int steps, String what) {
        if (steps < 1 || steps > MAX_TRAIN_STEPS) {
            throw new IllegalArgumentException("the tf backend unrolls a drum VAE's " + what + " of 1 to " + MAX_TRAIN_STEPS
                    + " frames, got " + steps);
        }
    }

    private VaeGraph.Pass pass(int sourceSteps, int targetSteps) {
        checkSteps(sourceSteps, "sources");
        if (targetSteps > 0) {
            checkSteps(targetSteps, "decoder inputs");
        }
        return built((targetSteps == 0 ? "encode" : "score") + sourceSteps + "_" + targetSteps,
                () -> builder.forward(sourceSteps, targetSteps, false));
    }

    /** Raw outputs {@code [B, T, F]} of each row decoded from the encoding of its source ({@code z = μ}). */
    @Override
    SequenceBatch score(ModelBatch batch) {
        SequenceBatch source = batch.source();
        SequenceBatch inputs = batch.inputs();
        int rows = inputs.batch();
        int time = inputs.time();
        VaeGraph.Pass pass = pass(source.time(), time);
        List<Tensor> owned = InputFeed.tensors();
        try {
            Session.Runner runner = session.runner();
            runner.feed(pass.source, InputFeed.own(owned, GruNet.frames(source, 0, rows)));
            runner.feed(pass.inputs, InputFeed.own(owned, GruNet.frames(inputs, 0, rows)));
            runner.fetch(pass.outputs);
            float[] outputs = new float[rows * time * frame];
            try (Result result = runner.run()) {
                GruNet.fromColumns(Tensors.read((TFloat32) result.get(0)), frame, time, 0, rows, outputs);
            }
            return SequenceBatch.wrap(rows, time, frame, outputs);
        } finally {
            InputFeed.close(owned);
        }
    }

    /** The bridge of {@code z = μ}: each decoder layer's {@code h} and {@code c}, then {@code latent.z}. */
    @Override
    DecoderState encode(SequenceBatch source) {
        int rows = source.batch();
        VaeGraph.Pass pass = pass(source.time(), 0);
        List<Tensor> owned = InputFeed.tensors();
        try {
            Session.Runner runner = session.runner();
            runner.feed(pass.source, InputFeed.own(owned, GruNet.frames(source, 0, rows)));
            runner.fetch(pass.bridge).fetch(pass.mu);
            float[] bridge;
            float[] mu;
            try (Result result = runner.run()) {
                bridge = Tensors.read((TFloat32) result.get(0));
                mu = Tensors.read((TFloat32) result.get(1));
            }
            List<float[]> tensors = new ArrayList<>();
            int at = 0;
            for (int d : decoder) {
                for (int part = 0; part < 2; part++) {
                    tensors.add(rowsOf(bridge, at, d, rows));
                    at += d;
                }
            }
            tensors.add(rowsOf(mu, 0, latent, rows));
            return DecoderState.of(rows, stateNames, tensors);
        } finally {
            InputFeed.close(owned);
        }
    }

    /** Rows {@code from … from + width} of feature-major {@code [·, B]} values as a batch-major {@code [B, width]} array. */
    private static float[] rowsOf(float[] columns, int from, int width, int batch) {
        float[] out = new float[batch * width];
        for (int u = 0; u < width; u++) {
            for (int b = 0; b < batch; b++) {
                out[b * width + u] = columns[(from + u) * batch + b];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ decoder state

    /** The packed rows ({@code [h⁰ c⁰ h¹ c¹ … z]}, each padded: {@link VaeGraph#stateSlots}) → the named tensors. */
    @Override
    DecoderState state(float[] packed, int batch) {
        int width = packed.length / batch;
        List<float[]> tensors = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < stateNames.size(); i++) {
            int size = stateWidth(i);
            float[] tensor = new float[batch * size];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(packed, b * width + at, tensor, b * size, size);
            }
            tensors.add(tensor);
            at += slots[i];
        }
        return DecoderState.of(batch, stateNames, tensors);
    }

    /** Checks every tensor (names, in any order, and sizes) before it changes anything; the padding is zeros. */
    @Override
    void setState(DecoderState state, float[] packed, int batch) {
        if (!new HashSet<>(state.names()).equals(new HashSet<>(stateNames)) || state.names().size() != stateNames.size()) {
            throw new IllegalArgumentException("state tensors " + state.names() + " are not this decoder's " + stateNames);
        }
        float[][] tensors = new float[stateNames.size()][];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = new float[batch * stateWidth(i)];
        }
        state.copyInto(stateNames, tensors);
        int width = packed.length / batch;
        Arrays.fill(packed, 0f);
        int at = 0;
        for (int i = 0; i < tensors.length; i++) {
            int size = stateWidth(i);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(tensors[i], b * size, packed, b * width + at, size);
            }
            at += slots[i];
        }
    }

    /** Width of state tensor {@code i} ({@link #stateNames} order). */
    private int stateWidth(int i) {
        return i < 2 * decoder.length ? decoder[i / 2] : latent;
    }

    // ------------------------------------------------------------------------------------------ training

    /**
     * The training step's single run, ready: the batch, {@code ε} and {@code 1/B} fed; it fetches the graph's loss,
     * the raw outputs, {@code μ} and {@code σ}, and reports {@link GrooveLoss}'s total of the last three.
     *
     * @throws IllegalArgumentException when the targets are not groove frames as wide as the model's
     */
    @Override
    Run train(TrainingBatch batch, TrainingConfig config, TfAdam adam) {
        if (!(batch.targets() instanceof Targets.Groove groove) || groove.frames().width() != frame) {
            throw new IllegalArgumentException("a drum VAE learns from groove frames " + frame + " wide (Targets.Groove), not "
                    + batch.targets().getClass().getSimpleName());
        }
        ModelBatch inputs = batch.inputs();
        int rows = inputs.batch();
        int sourceSteps = inputs.source().time();
        int time = inputs.time();
        Run run = new Run();
        try {
            checkSteps(sourceSteps, "sources");
            checkSteps(time, "decoder inputs");
            float dropout = (float) config.dropout();
            VaeGraph.Train graph = built("train" + sourceSteps + "_" + time + "_" + dropout,
                    () -> builder.train(sourceSteps, time, config.clipNorm(), dropout, adam));
            VaeGraph.Pass pass = graph.pass;
            run.gradients = graph.gradients;
            run.update = graph.update;
            run.lossOp = graph.loss;
            List<Tensor> owned = run.owned;
            float[] epsilon = LatentDistribution.trainingNoise(config.seed(), adam.step() + 1, rows, latent);
            float[] epsilonColumns = new float[epsilon.length];
            for (int b = 0; b < rows; b++) {
                for (int j = 0; j < latent; j++) {
                    epsilonColumns[j * rows + b] = epsilon[b * latent + j];
                }
            }
            run.runner = session.runner()
                    .feed(pass.source, InputFeed.own(owned, GruNet.frames(inputs.source(), 0, rows)))
                    .feed(pass.inputs, InputFeed.own(owned, GruNet.frames(inputs.inputs(), 0, rows)))
                    .feed(graph.targets, InputFeed.own(owned, GruNet.frames(groove.frames(), 0, rows)))
                    .feed(pass.epsilon, InputFeed.own(owned, Tensors.floats(epsilonColumns, latent, rows)))
                    .feed(graph.scale, InputFeed.own(owned, Tensors.scalar(1f / rows)));
            if (pass.dropoutSeed != null) {
                feedDropout(run, pass.dropoutSeed, pass.rows, config, adam, rows);
            }
            float[] targets = groove.frames().toArray();
            run.reported = List.of(pass.outputs, pass.mu, pass.sigma);
            run.report = values -> {
                float[] outputs = new float[rows * time * frame];
                GruNet.fromColumns(values.get(0), frame, time, 0, rows, outputs);
                return GrooveLoss.of(outputs, targets, rows, time, frame / 3, rowsOf(values.get(1), 0, latent, rows),
                        rowsOf(values.get(2), 0, latent, rows), family.beta(), GrooveLoss.nats(family.freeBits()), family.feelLoss())
                        .total();
            };
            return run;
        } catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }
}
