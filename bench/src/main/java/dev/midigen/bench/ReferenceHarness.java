package dev.midigen.bench;

import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Backends;
import dev.midigen.model.Decoder;
import dev.midigen.model.Head;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import java.util.ArrayList;
import java.util.List;

/**
 * The one end-to-end measurement of a backend on a {@link Workload}, through the SPI only ({@link Backend#newTrainer},
 * {@link Backend#fromWeights}, {@link Decoder}), so every backend is measured the same way: training (mean ms/step and
 * sequences/s of timed steps after warm-up steps), forward-only scoring of a training batch, and decoders of each
 * requested batch stepping with each step's input fed back from its logits (a categorical head's best label through
 * the token codec; a multi-label head's positive logits as the next frame). Batches are built before any clock starts.
 */
public final class ReferenceHarness {
    /** Distinct training batches, used in turn (the PyTorch peers also cycle over 4). */
    private static final int DISTINCT_BATCHES = 4;

    private ReferenceHarness() {
    }

    /**
     * How much to measure.
     *
     * @param warmup         training steps before the clock starts
     * @param trainSteps     timed training steps (0 = no training figures)
     * @param scoreRepeats   timed scoring calls after one untimed (0 = no scoring figure)
     * @param sampleSteps    timed decoder steps at batch 1; a decoder of batch {@code b} takes
     *                       {@code max(50, sampleSteps / b)} (0 = no sampling figures)
     * @param decoderBatches the decoder batches to sample with, one after another
     * @param threads        the trainer's compute threads (0 = the backend's default)
     */
    public record Settings(int warmup, int trainSteps, int scoreRepeats, int sampleSteps, List<Integer> decoderBatches,
                           int threads) {
        public static final Settings DEFAULT = new Settings(8, 20, 3, 5000, List.of(1, 64), 0);

        public Settings {
            decoderBatches = List.copyOf(decoderBatches);
            if (warmup < 0 || trainSteps < 0 || scoreRepeats < 0 || sampleSteps < 0 || threads < 0
                    || decoderBatches.stream().anyMatch(b -> b < 1)) {
                throw new IllegalArgumentException("steps, repeats and threads must be >= 0 and decoder batches >= 1");
            }
        }

        /** Timed steps of a decoder of {@code batch}. */
        int sampleSteps(int batch) {
            return batch == 1 ? sampleSteps : Math.max(50, sampleSteps / batch);
        }
    }

    /**
     * One backend's figures on one workload.
     *
     * @param notes what was not measured and why, one line each
     */
    public record Measurement(String backend, String version, Workload workload, List<Figure> figures, List<String> notes) {
        public Measurement {
            figures = List.copyOf(figures);
            notes = List.copyOf(notes);
        }

        /** The figure of {@code metric} at {@code batch}, if measured. */
        public java.util.Optional<Figure> figure(Metric metric, int batch) {
            return figures.stream().filter(f -> f.metric() == metric && f.batch() == batch).findFirst();
        }
    }

    /** Measures the backend called {@code name} ({@link Backends#discover()}). */
    public static Measurement measure(String name, Workload workload, Settings settings) {
        return measure(Backends.discover().open(name), workload, settings);
    }

    /** Measures {@code backend}: training if it trains, then scoring and sampling if it runs the workload's model. */
    public static Measurement measure(Backend backend, Workload workload, Settings settings) {
        ModelSpec spec = workload.spec();
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String unsupported = backend.unsupported(spec);
        if (unsupported != null) {
            notes.add("the " + backend.name() + " backend does not run " + workload.key() + ": " + unsupported);
            return new Measurement(backend.name(), backend.version(), workload, figures, notes);
        }
        List<TrainingBatch> batches = workload.batches(DISTINCT_BATCHES);
        if (settings.trainSteps() == 0) {
            notes.add("training: not measured (0 training steps)");
        } else if (!backend.capabilities().contains(Capability.TRAIN)) {
            notes.add("training: the " + backend.name() + " backend does not train");
        } else {
            train(backend, workload, settings, batches, figures);
        }
        try (SequenceModel model = backend.fromWeights(spec, workload.initialWeights())) {
            if (settings.scoreRepeats() > 0 && backend.capabilities().contains(Capability.SCORE)) {
                figures.add(new Figure(Metric.SCORE_SEQUENCES_PER_SECOND, workload.batchSize(),
                        score(model, batches, settings.scoreRepeats())));
            }
            if (settings.sampleSteps() > 0 && backend.capabilities().contains(Capability.SAMPLE)) {
                for (int batch : settings.decoderBatches()) {
                    double perSecond = sample(model, batch, settings.sampleSteps(batch));
                    figures.add(new Figure(Metric.SAMPLE_STEPS_PER_SECOND, batch, perSecond));
                    figures.add(new Figure(Metric.SAMPLE_SEQUENCE_STEPS_PER_SECOND, batch, perSecond * batch));
                }
            }
        }
        return new Measurement(backend.name(), backend.version(), workload, figures, notes);
    }

    private static void train(Backend backend, Workload workload, Settings settings, List<TrainingBatch> batches,
                              List<Figure> figures) {
        int steps = settings.warmup() + settings.trainSteps();
        try (Trainer trainer = backend.newTrainer(workload.spec(), workload.config(steps, settings.threads()),
                workload.initialWeights())) {
            for (int i = 0; i < settings.warmup(); i++) {
                trainer.step(batches.get(i % batches.size()));
            }
            long start = System.nanoTime();
            for (int i = 0; i < settings.trainSteps(); i++) {
                trainer.step(batches.get((settings.warmup() + i) % batches.size()));
            }
            double seconds = (System.nanoTime() - start) / 1e9 / settings.trainSteps();
            figures.add(new Figure(Metric.TRAIN_MS_PER_STEP, workload.batchSize(), seconds * 1e3));
            figures.add(new Figure(Metric.TRAIN_SEQUENCES_PER_SECOND, workload.batchSize(), workload.batchSize() / seconds));
        }
    }

    private static double score(SequenceModel model, List<TrainingBatch> batches, int repeats) {
        model.score(batches.get(0).inputs());
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            model.score(batches.get(i % batches.size()).inputs());
        }
        return batches.get(0).inputs().batch() * repeats / ((System.nanoTime() - start) / 1e9);
    }

    /** Decoder steps per second of a decoder of {@code batch} rows, after {@code min(500, steps / 4 + 1)} untimed ones. */
    static double sample(SequenceModel model, int batch, int steps) {
        int warm = Math.min(500, steps / 4 + 1);
        Feedback feedback = Feedback.of(model.spec(), batch, warm + steps);
        try (Decoder decoder = model.newDecoder(batch)) {
            long start = 0;
            for (int t = 0; t < warm + steps; t++) {
                if (t == warm) {
                    start = System.nanoTime();
                }
                feedback.next(t, decoder.step(feedback.input(t)));
            }
            return steps / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** A decoder's inputs, each step's made from the step before's logits. */
    private abstract static class Feedback {
        final int batch;
        final int width;
        final int outputs;
        final float[] input;

        Feedback(int batch, int width, int outputs) {
            this.batch = batch;
            this.width = width;
            this.outputs = outputs;
            this.input = new float[batch * width];
        }

        static Feedback of(ModelSpec spec, int batch, int steps) {
            Head head = spec.head();
            return head instanceof Head.Categorical ? new Tokens(spec.tokenCodec(), batch, steps)
                    : new Frames(batch, spec.inputSize(), head.outputSize());
        }

        /** The input of step {@code t}. */
        abstract float[] input(int t);

        /** Takes step {@code t}'s logits. */
        abstract void next(int t, float[] logits);
    }

    /** Each row's token history; the next token is the codec's token for the best label. */
    private static final class Tokens extends Feedback {
        private final TokenCodec<?> codec;
        private final int[][] tokens;

        Tokens(TokenCodec<?> codec, int batch, int steps) {
            super(batch, codec.inputSize(), codec.labelCount());
            this.codec = codec;
            this.tokens = new int[batch][steps + 1];
        }

        @Override
        float[] input(int t) {
            java.util.Arrays.fill(input, 0f);
            for (int b = 0; b < batch; b++) {
                codec.input(tokens[b], t, input, b * width);
            }
            return input;
        }

        @Override
        void next(int t, float[] logits) {
            for (int b = 0; b < batch; b++) {
                int best = 0;
                for (int k = 1; k < outputs; k++) {
                    if (logits[b * outputs + k] > logits[b * outputs + best]) {
                        best = k;
                    }
                }
                tokens[b][t + 1] = codec.tokenForLabel(tokens[b], t + 1, best);
            }
        }
    }

    /** The next frame: the keys whose logit is positive (probability above one half). */
    private static final class Frames extends Feedback {
        Frames(int batch, int width, int outputs) {
            super(batch, width, outputs);
        }

        @Override
        float[] input(int t) {
            return input;
        }

        @Override
        void next(int t, float[] logits) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < width; k++) {
                    input[b * width + k] = k < outputs && logits[b * outputs + k] > 0 ? 1f : 0f;
                }
            }
        }
    }
}
