package dev.midigen.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.training.Windows;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the {@link ReferenceHarness}, the JMH training benchmark and the PyTorch peers measure: a model, its training
 * settings and its batches. Each value is only data; the measuring is the harness's, the same for every workload.
 */
public enum Workload {
    /**
     * The reference workload: drums_rnn's 2 × 256 LSTM over the drum-kit encoding (input 518 = 512 one-hot tokens + 6
     * binary counters, 512 classes), batch 64 × 64 steps, Adam 1e-3, global-norm clipping at 3, no dropout (the
     * PyTorch measurement had none). Batches: windows over random drum sequences, an event on one step in eight.
     */
    DRUM_RNN("drum-rnn", "2 × 256 LSTM (drum-rnn), drum-kit input 518, 512 classes, batch 64 × 64, Adam 1e-3, clip 3,"
            + " no dropout", 64, "lstm_bench.py",
            Map.of("seq_per_s", Metric.TRAIN_SEQUENCES_PER_SECOND, "train_ms_per_step", Metric.TRAIN_MS_PER_STEP,
                    "sample_steps_per_s", Metric.SAMPLE_STEPS_PER_SECOND)) {
        @Override
        public ModelSpec spec() {
            return new ModelSpec(new DrumRnn(List.of(256, 256), 0), DrumKitSpec.MAGENTA, 1);
        }

        @Override
        TrainingConfig.Builder training() {
            return TrainingConfig.builder().learningRate(1e-3).clipNorm(3.0).batchSize(64).windowSteps(64).dropout(0);
        }

        @Override
        public List<TrainingBatch> batches(int count) {
            SplittableRandom random = new SplittableRandom(1);
            List<IntSeq> sequences = new ArrayList<>();
            for (int s = 0; s < 64; s++) {
                int[] tokens = new int[200];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = random.nextInt(8) == 0 ? random.nextInt(512) : 0;
                }
                sequences.add(IntSeq.wrap(tokens));
            }
            Windows windows = new Windows(spec().tokenCodec(), sequences, 64);
            List<TrainingBatch> batches = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batches.add(windows.trainingBatch(1, i, 64));
            }
            return batches;
        }

        @Override
        List<String> peerArguments(int warmup, int trainSteps, int sampleSteps) {
            return List.of("--warmup", Integer.toString(warmup), "--train-steps", Integer.toString(Math.max(1, trainSteps)),
                    "--sample-steps", Integer.toString(sampleSteps));
        }
    },

    /**
     * DeepMusician's seq2seq workload: encoder and decoder GRUs of 2 × 512 over the piano roll's 88 keys, classifier 256,
     * focal loss (α 0.75, γ 2), batch 32 × (64 source + 64 target frames), Adam 1e-3, clipping at 1, dropout 0.2 between
     * GRU layers and 0.5 in the classifier, teacher forcing 1 (as the PyTorch peer). Random frames, a key on with
     * probability 0.08 (about a piano roll's density).
     */
    SEQ2SEQ_GRU("seq2seq-gru", "seq2seq GRU 2 × 512, 88 keys, classifier 256, focal loss, batch 32 × (64 + 64) frames,"
            + " Adam 1e-3, clip 1, dropout 0.2 / 0.5, teacher forcing 1", 32, "seq2seq_bench.py",
            Map.of("seq2seq_ms_per_step", Metric.TRAIN_MS_PER_STEP)) {
        @Override
        public ModelSpec spec() {
            return new ModelSpec(new Seq2SeqGru(512, 2, 256), PianoRollSpec.PIANO, 1);
        }

        @Override
        TrainingConfig.Builder training() {
            return TrainingConfig.SEQ2SEQ.toBuilder().learningRate(1e-3).clipNorm(1.0).batchSize(32).windowSteps(64)
                    .sourceSteps(64).dropout(0.2).headDropout(0.5).teacherForcing(1);
        }

        @Override
        public List<TrainingBatch> batches(int count) {
            SplittableRandom random = new SplittableRandom(7);
            int keys = spec().inputSize();
            List<TrainingBatch> batches = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batches.add(TrainingBatch.seq2seq(frames(32, 64, keys, random), frames(32, 64, keys, random)));
            }
            return batches;
        }

        private static SequenceBatch frames(int batch, int time, int keys, SplittableRandom random) {
            float[] values = new float[batch * time * keys];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble() < 0.08 ? 1f : 0f;
            }
            return SequenceBatch.wrap(batch, time, keys, values);
        }

        @Override
        List<String> peerArguments(int warmup, int trainSteps, int sampleSteps) {
            return List.of("--warmup", Integer.toString(warmup), "--steps", Integer.toString(Math.max(1, trainSteps)));
        }
    };

    private final String key;
    private final String description;
    private final int batchSize;
    private final String peerScript;
    private final Map<String, Metric> peerFigures;

    Workload(String key, String description, int batchSize, String peerScript, Map<String, Metric> peerFigures) {
        this.key = key;
        this.description = description;
        this.batchSize = batchSize;
        this.peerScript = peerScript;
        this.peerFigures = peerFigures;
    }

    /** The model: its family, encoding and seed 1. */
    public abstract ModelSpec spec();

    abstract TrainingConfig.Builder training();

    /** {@code count} training batches (always the same ones), to build before any clock starts. */
    public abstract List<TrainingBatch> batches(int count);

    /** The PyTorch peer's command-line arguments for these settings. */
    abstract List<String> peerArguments(int warmup, int trainSteps, int sampleSteps);

    /**
     * The training settings for {@code steps} optimizer steps on {@code threads} compute threads (0 = the backend's
     * default); no evaluation, no checkpoints, seed 1.
     */
    public TrainingConfig config(int steps, int threads) {
        return training().steps(Math.max(1, steps)).evalInterval(0).patience(0).checkpointMinutes(0).seed(1)
                .threads(threads).build();
    }

    /** The initial weights (canonical layout, seed 1). */
    public Weights initialWeights() {
        return CanonicalLayout.initial(spec(), 1);
    }

    /** Sequences per training step. */
    public int batchSize() {
        return batchSize;
    }

    /** The name on the command line and in recorded.json. */
    @JsonValue
    public String key() {
        return key;
    }

    /** One line: the network, its input and the training settings. */
    public String description() {
        return description;
    }

    /** The PyTorch peer script of this workload, a resource of this module ({@code dev/midigen/bench/pytorch/}). */
    public String peerScript() {
        return peerScript;
    }

    /** Which of the peer's printed keys is which metric. */
    Map<String, Metric> peerFigures() {
        return peerFigures;
    }

    /** @throws IllegalArgumentException naming the workloads there are */
    @JsonCreator
    public static Workload of(String key) {
        for (Workload workload : values()) {
            if (workload.key.equals(key)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("no workload called " + key + "; known: " + java.util.Arrays.stream(values())
                .map(Workload::key).toList());
    }
}
