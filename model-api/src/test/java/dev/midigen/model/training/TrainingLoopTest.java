package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.time.MeterMap;
import dev.midigen.codec.time.TempoMap;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.Head;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.eval.MultiLabelEvaluation;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {
    private static final DrumKitSpec ENCODING = new DrumKitSpec(DrumMap.GM, 4, 0);
    private static final ModelSpec SPEC = new ModelSpec(new DrumRnn(List.of(4), 0), ENCODING, 3);
    private static final PianoRollSpec PIANOS = new PianoRollSpec(4, 60, 12, false);
    private static final ModelSpec PIANO_SPEC = new ModelSpec(new Seq2SeqGru(4, 1, 3, new BernoulliLoss.Bce()), PIANOS, 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Corpus corpus;
    static Corpus pianos;

    @TempDir
    Path dir;

    /** Twelve two-bar drum loops (kick on beats, hats on 8ths, random snares), half validation. */
    @BeforeAll
    static void buildCorpus() throws IOException {
        Path input = shared.resolve("loops");
        Files.createDirectories(input);
        SplittableRandom random = new SplittableRandom(5);
        Timing.Ppq timing = new Timing.Ppq(96);
        for (int i = 0; i < 12; i++) {
            List<Note> notes = new ArrayList<>();
            for (int step = 0; step < 32; step++) {
                long tick = step * 24L;
                if (step % 4 == 0) {
                    notes.add(new Note(36, 100, tick, tick + 12, 9, 0, true, 0));
                }
                if (step % 2 == 0) {
                    notes.add(new Note(42, 80, tick, tick + 12, 9, 0, true, 0));
                }
                if (random.nextInt(6) == 0) {
                    notes.add(new Note(38, 90, tick, tick + 12, 9, 0, true, 0));
                }
            }
            NoteSequence loop = new NoteSequence(timing, TempoMap.constant(timing, 500_000), MeterMap.fromChanges(96, List.of()),
                    notes, 32 * 24, List.of());
            Files.write(input.resolve("loop" + i + ".mid"), SmfWriter.standard().toBytes(NotesToMidi.convert(loop)));
        }
        BuildSettings settings = new BuildSettings("hash", false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        SplitPolicy split = new SplitPolicy.Hashed(1, 0.4, 0);
        CorpusBuilder.build(new BuildRequest(input, shared.resolve("corpus"), false, EncodingBindings.of(ENCODING, settings),
                split, settings, 2), BuildListener.SILENT);
        corpus = CorpusStore.open(shared.resolve("corpus"));
        pianos = pianoCorpus();
    }

    /** Ten 8-bar pieces of triads held a bar each, within an octave, split by hash: the seq2seq tests' corpus. */
    private static Corpus pianoCorpus() throws IOException {
        Path input = shared.resolve("pianos");
        Files.createDirectories(input);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10; i++) {
            PianoRoll.Builder roll = PianoRoll.builder(4, 16, 60, 12, 8 * 16);
            for (int bar = 0; bar < 8; bar++) {
                int root = 60 + random.nextInt(5);
                for (int interval : new int[] {0, 4, 7}) {
                    roll.note(root + interval, bar * 16, bar * 16 + 16);
                }
            }
            Files.write(input.resolve("piece" + i + ".mid"), SmfWriter.standard().toBytes(NotesToMidi.convert(
                    PianoRollToNotes.convert(roll.build(), NoteWriteOptions.DEFAULT))));
        }
        BuildSettings settings = new BuildSettings("hash", false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        CorpusBuilder.build(new BuildRequest(input, shared.resolve("piano-corpus"), false, EncodingBindings.of(PIANOS, settings),
                new SplitPolicy.Hashed(1, 0.3, 0), settings, 2), BuildListener.SILENT);
        return CorpusStore.open(shared.resolve("piano-corpus"));
    }

    /** A seq2seq GRU: lr 0.9 on the output bias, batch 4 × (16 + 16), BCE, every 5 steps; checkpoints as given. */
    private static TrainingConfig seq2seqConfig(int steps, double checkpointMinutes) {
        return TrainingConfig.builder().learningRate(0.9).clipNorm(0).batchSize(4).windowSteps(16).sourceSteps(16)
                .steps(steps).dropout(0).teacherForcing(0.5).evalInterval(5).checkpointMinutes(checkpointMinutes).seed(7)
                .build();
    }

    private static TrainingLoop.Request seq2seqRequest(TrainingConfig config, Path out, boolean resume) {
        return TrainingLoop.Request.builder(PIANO_SPEC, config, pianos, new OutputBiasBackend(Long.MAX_VALUE), out)
                .resume(resume).createdBy("test").build();
    }

    private static TrainingConfig config(int steps) {
        return TrainingConfig.builder().learningRate(0.5).clipNorm(0).batchSize(4).windowSteps(16).steps(steps)
                .dropout(0)
                .evalInterval(5).checkpointMinutes(0).seed(7).build();
    }

    private TrainingLoop.Request request(TrainingConfig config, Path out, boolean overwrite, boolean resume) {
        return new TrainingLoop.Request(SPEC, config, corpus, new OutputBiasBackend(Long.MAX_VALUE), out, overwrite, resume,
                "test");
    }

    @Test
    void trainsValidatesAndWritesABundleWithItsMetrics() throws IOException {
        Path out = dir.resolve("model");
        List<Double> losses = new ArrayList<>();

        TrainingLoop.Result result = TrainingLoop.run(request(config(20), out, false, false), new TrainingLoop.Listener() {
            @Override
            public void evaluated(long step, Evaluation validation, boolean improved) {
                losses.add(validation.loss());
            }
        });

        assertThat(result.steps()).isEqualTo(20);
        assertThat(losses).hasSize(4); // steps 5, 10, 15 and the final validation
        assertThat(losses.get(3)).isLessThan(losses.get(0));
        ModelBundle bundle = ModelBundle.read(out);
        assertThat(bundle.weights()).isEqualTo(result.bundle().weights());
        assertThat(bundle.provenance().stepsTrained()).isEqualTo(20);
        assertThat(bundle.provenance().corpusFingerprint()).isEqualTo(corpus.manifest().fingerprint());
        assertThat(bundle.metrics().get("validationLoss")).isEqualTo(result.validation().loss());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(4);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("step").asLong()).isEqualTo(5);
        assertThat(first.get("validation").get("loss").asDouble()).isEqualTo(losses.get(0));
        assertThat(TrainingLoop.workFolder(out)).doesNotExist();
    }

    @Test
    void anInterruptedRunResumesFromItsCheckpointToTheSameWeights() throws IOException {
        TrainingConfig everyStep = TrainingConfig.builder().learningRate(0.5).clipNorm(0).batchSize(4).windowSteps(16)
                .steps(12).dropout(0).evalInterval(5).checkpointMinutes(1e-9).seed(7).build();
        TrainingLoop.Result whole = TrainingLoop.run(request(everyStep, dir.resolve("whole"), false, false),
                TrainingLoop.Listener.SILENT);

        Path out = dir.resolve("interrupted");
        assertThatThrownBy(() -> TrainingLoop.run(request(everyStep, out, false, false), new TrainingLoop.Listener() {
            @Override
            public void checkpointed(long step, Path checkpoint) {
                if (step == 7) {
                    throw new IllegalStateException("power cut");
                }
            }
        })).hasMessage("power cut");
        assertThat(out).doesNotExist();
        assertThat(TrainingLoop.workFolder(out).resolve("checkpoint/bundle.json")).exists();

        TrainingLoop.Result resumed = TrainingLoop.run(request(everyStep, out, false, true), TrainingLoop.Listener.SILENT);

        assertThat(resumed.steps()).isEqualTo(12);
        assertThat(resumed.bundle().weights()).isEqualTo(whole.bundle().weights());
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3); // steps 5, 10 and the end
        assertThat(TrainingLoop.workFolder(out)).doesNotExist();
    }

    /** Every file and folder under {@code root}, relative, sorted: what a run left. */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static List<Long> metricSteps(Path bundle) throws IOException {
        List<Long> steps = new ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve("metrics.jsonl"))) {
            steps.add(JSON.readTree(line).get("step").asLong());
        }
        return steps;
    }

    private static final TrainingConfig EVERY_STEP = TrainingConfig.builder().learningRate(0.5).clipNorm(0).batchSize(4)
            .windowSteps(16).steps(12).dropout(0).evalInterval(5).checkpointMinutes(1e-9).seed(7).build();

    @Test
    void linesWrittenAfterTheLastCheckpointAreWrittenOnceWhenResumed() throws IOException {
        Path whole = dir.resolve("whole");
        TrainingLoop.run(request(EVERY_STEP, whole, false, false), TrainingLoop.Listener.SILENT);

        // stopped after step 10's validation line, before step 10's checkpoint: the checkpoint is step 9's
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> TrainingLoop.run(request(EVERY_STEP, out, false, false), new TrainingLoop.Listener() {
            @Override
            public void evaluated(long step, Evaluation validation, boolean improved) {
                if (step == 10) {
                    throw new IllegalStateException("killed");
                }
            }
        })).hasMessage("killed");
        assertThat(Files.readAllLines(TrainingLoop.workFolder(out).resolve("metrics.jsonl"))).hasSize(2);

        TrainingLoop.Result resumed = TrainingLoop.run(request(EVERY_STEP, out, false, true), TrainingLoop.Listener.SILENT);

        assertThat(metricSteps(out)).containsExactly(5L, 10L, 12L).isEqualTo(metricSteps(whole));
        assertThat(resumed.bundle().weights()).isEqualTo(ModelBundle.read(whole).weights());
        assertThat(tree(dir)).allMatch(n -> n.isEmpty() || n.startsWith("whole") || n.startsWith("out"));
        assertThat(tree(out)).isEqualTo(tree(whole));
    }

    @Test
    void aStopAfterTheBundleWasMadeIsCompletedByResumeWhateverTheMoment() throws IOException {
        Path whole = dir.resolve("whole");
        TrainingLoop.run(request(EVERY_STEP, whole, false, false), TrainingLoop.Listener.SILENT);
        List<String> expected = tree(whole);
        byte[] weights = Files.readAllBytes(whole.resolve("weights.safetensors"));
        Path work = TrainingLoop.workFolder(whole);

        // 1. the final bundle made whole in the work folder, not yet moved to the output
        Files.createDirectories(work.resolve("checkpoint"));
        Files.move(whole, work.resolve("final"));
        assertThatThrownBy(() -> TrainingLoop.run(request(EVERY_STEP, whole, false, true), TrainingLoop.Listener.SILENT))
                .isInstanceOf(RunFinishedException.class).hasMessageContaining("nothing to resume");
        assertThat(tree(whole)).isEqualTo(expected);
        assertThat(whole.resolve("weights.safetensors")).hasBinaryContent(weights);
        assertThat(tree(dir)).allMatch(n -> n.isEmpty() || n.startsWith("whole"));

        // 2. moved to the output, the work folder (with its checkpoint) not yet removed
        Files.createDirectories(work.resolve("checkpoint"));
        RunFinishedException finished = org.assertj.core.api.Assertions.catchThrowableOfType(RunFinishedException.class,
                () -> TrainingLoop.run(request(EVERY_STEP, whole, false, true), TrainingLoop.Listener.SILENT));
        assertThat(finished.bundle().weights()).isEqualTo(ModelBundle.read(whole).weights());
        assertThat(tree(dir)).allMatch(n -> n.isEmpty() || n.startsWith("whole"));

        // 3. the work folder renamed away and half deleted by a process that is gone
        Path doomed = Files.createDirectories(dir.resolve("..whole.training.partial-999999999-1"));
        Files.writeString(doomed.resolve("metrics.jsonl"), "{}\n");
        assertThatThrownBy(() -> TrainingLoop.run(request(EVERY_STEP, whole, false, true), TrainingLoop.Listener.SILENT))
                .isInstanceOf(RunFinishedException.class);
        assertThat(tree(dir)).allMatch(n -> n.isEmpty() || n.startsWith("whole"));
        assertThat(tree(whole)).isEqualTo(expected);
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointIsResumedFromTheStart() throws IOException {
        TrainingConfig noCheckpoints = TrainingConfig.builder().learningRate(0.5).clipNorm(0).batchSize(4)
                .windowSteps(16).steps(12).dropout(0).evalInterval(5).checkpointMinutes(0).seed(7).build();
        Path whole = dir.resolve("whole");
        TrainingLoop.run(request(noCheckpoints, whole, false, false), TrainingLoop.Listener.SILENT);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> TrainingLoop.run(request(noCheckpoints, out, false, false), new TrainingLoop.Listener() {
            @Override
            public void stepped(long step, long totalSteps, double loss, double stepsPerSecond) {
                if (step == 7) {
                    throw new IllegalStateException("killed");
                }
            }
        })).hasMessage("killed");
        assertThat(Files.readAllLines(TrainingLoop.workFolder(out).resolve("metrics.jsonl"))).hasSize(1);

        TrainingLoop.Result resumed = TrainingLoop.run(request(noCheckpoints, out, false, true), TrainingLoop.Listener.SILENT);

        assertThat(resumed.bundle().weights()).isEqualTo(ModelBundle.read(whole).weights());
        assertThat(metricSteps(out)).isEqualTo(metricSteps(whole));
        assertThat(tree(out)).isEqualTo(tree(whole));
    }

    @Test
    void resumeDoesNotTakeSomeOtherBundleForTheFinishedRun() throws IOException {
        Path out = dir.resolve("out");
        TrainingLoop.run(request(EVERY_STEP.withSeed(8), out, false, false), TrainingLoop.Listener.SILENT);
        assertThatThrownBy(() -> TrainingLoop.run(request(EVERY_STEP, out, false, true), TrainingLoop.Listener.SILENT))
                .isInstanceOf(FileAlreadyExistsException.class);
        Files.delete(out.resolve("metrics.jsonl"));
        Files.delete(out.resolve("weights.safetensors"));
        Files.delete(out.resolve("optimizer.safetensors"));
        Files.delete(out.resolve("bundle.json"));
        Files.delete(out);
        // nothing there at all (a run killed before it began): resuming it is running it
        TrainingLoop.Result fresh = TrainingLoop.run(request(EVERY_STEP, out, false, true), TrainingLoop.Listener.SILENT);
        assertThat(fresh.steps()).isEqualTo(12);
        assertThat(metricSteps(out)).containsExactly(5L, 10L, 12L);
    }

    @Test
    void aCheckpointCaughtBetweenTheTwoMovesOfItsReplacementIsPutBack() throws IOException {
        Path whole = dir.resolve("whole");
        TrainingLoop.run(request(EVERY_STEP, whole, false, false), TrainingLoop.Listener.SILENT);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> TrainingLoop.run(request(EVERY_STEP, out, false, false), new TrainingLoop.Listener() {
            @Override
            public void checkpointed(long step, Path checkpoint) {
                if (step == 7) {
                    throw new IllegalStateException("killed");
                }
            }
        })).hasMessage("killed");
        Path work = TrainingLoop.workFolder(out);
        // step 8's checkpoint was being written: the old one moved aside, the new one not yet moved in
        Files.move(work.resolve("checkpoint"), work.resolve(".checkpoint.old-999999999-2"));
        Files.createDirectories(work.resolve(".checkpoint.partial-999999999-3"));

        TrainingLoop.Result resumed = TrainingLoop.run(request(EVERY_STEP, out, false, true), TrainingLoop.Listener.SILENT);

        assertThat(resumed.bundle().weights()).isEqualTo(ModelBundle.read(whole).weights());
        assertThat(metricSteps(out)).isEqualTo(metricSteps(whole));
        assertThat(tree(out)).isEqualTo(tree(whole));
        assertThat(work).doesNotExist();
    }

    @Test
    void anInterruptedThreadStopsBetweenStepsKeepingItsCheckpoint() throws IOException {
        Path whole = dir.resolve("whole");
        TrainingLoop.run(request(EVERY_STEP, whole, false, false), TrainingLoop.Listener.SILENT);
        Path out = dir.resolve("out");
        try {
            assertThatThrownBy(() -> TrainingLoop.run(request(EVERY_STEP, out, false, false), new TrainingLoop.Listener() {
                @Override
                public void stepped(long step, long totalSteps, double loss, double stepsPerSecond) {
                    if (step == 7) {
                        Thread.currentThread().interrupt(); // what SIGTERM does to the command's thread
                    }
                }
            })).isInstanceOf(java.io.InterruptedIOException.class)
                    .hasMessageContaining("training stopped at step 7")
                    .hasMessageContaining("--resume continues from the checkpoint of step 7"); // written after step 7
        } finally {
            Thread.interrupted();
        }
        Path work = TrainingLoop.workFolder(out);
        assertThat(out).doesNotExist();
        assertThat(tree(work)).allMatch(n -> !n.contains("partial") && !n.contains(".old-") && !n.contains("final"));

        TrainingLoop.Result resumed = TrainingLoop.run(request(EVERY_STEP, out, false, true), TrainingLoop.Listener.SILENT);
        assertThat(resumed.bundle().weights()).isEqualTo(ModelBundle.read(whole).weights());
        assertThat(tree(out)).isEqualTo(tree(whole));
    }

    @Test
    void earlyStoppingKeepsTheBestWeights() throws IOException {
        TrainingConfig patient = TrainingConfig.builder().learningRate(0.5).clipNorm(0).batchSize(4).windowSteps(16)
                .steps(60).dropout(0).evalInterval(2).patience(2).checkpointMinutes(0).seed(7).build();
        TrainingLoop.Request climbing = new TrainingLoop.Request(SPEC, patient, corpus, new OutputBiasBackend(6),
                dir.resolve("model"), false, false, "test");
        List<Double> losses = new ArrayList<>();

        TrainingLoop.Result result = TrainingLoop.run(climbing, new TrainingLoop.Listener() {
            @Override
            public void evaluated(long step, Evaluation validation, boolean improved) {
                losses.add(validation.loss());
            }
        });

        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.steps()).isLessThan(60);
        double best = losses.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(result.validation().loss()).isEqualTo(best);
    }

    @Test
    void badRequestsAreRefusedBeforeAnyWork() throws IOException {
        ModelSpec melody = new ModelSpec(new dev.midigen.model.NextTokenLstm(List.of(4), 0), MelodySpec.BASIC, 1);
        TrainingLoop.Request wrongEncoding = new TrainingLoop.Request(melody, config(5), corpus,
                new OutputBiasBackend(Long.MAX_VALUE), dir.resolve("m"), false, false, "test");
        assertThatThrownBy(() -> TrainingLoop.run(wrongEncoding, TrainingLoop.Listener.SILENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is encoded as {\"type\":\"drum-kit\"").hasMessageContaining("the model reads {\"type\":\"melody\"");

        Files.createDirectories(dir.resolve("taken"));
        assertThatThrownBy(() -> TrainingLoop.run(request(config(5), dir.resolve("taken"), false, false),
                TrainingLoop.Listener.SILENT)).isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--overwrite");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void seq2seqTrainsValidatesAndWritesABundleWithMultiLabelMetrics() throws IOException {
        Path out = dir.resolve("model");
        TrainingLoop.Result result = TrainingLoop.run(seq2seqRequest(seq2seqConfig(20, 0), out, false),
                TrainingLoop.Listener.SILENT);
        assertThat(result.steps()).isEqualTo(20);
        ModelBundle bundle = ModelBundle.read(out);
        assertThat(bundle.weights()).isEqualTo(result.bundle().weights());
        assertThat(bundle.provenance().training()).isEqualTo(seq2seqConfig(20, 0));
        assertThat(bundle.spec().head()).isEqualTo(new Head.MultiLabel(12, 3, new BernoulliLoss.Bce()));
        assertThat(result.validation()).isInstanceOf(MultiLabelEvaluation.class);
        assertThat(bundle.metrics().get("validationLoss")).isEqualTo(result.validation().loss());
        assertThat(bundle.optimizer()).as("the bundle keeps Adam's canonical state").isNotNull();
        assertThat(bundle.optimizer().step()).isEqualTo(20);
        assertThat(bundle.metrics()).containsKeys("validationFreeRunningF1", "validationRepeatLastFrameF1",
                "validationPredictedDensity", "validationTargetDensity");
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(4); // steps 5, 10, 15 and the end
        JsonNode first = JSON.readTree(lines.get(0));
        JsonNode last = JSON.readTree(lines.get(3));
        assertThat(last.at("/validation/teacherForced/loss").asDouble())
                .isLessThan(first.at("/validation/teacherForced/loss").asDouble());
        assertThat(first.at("/validation/repeatLastFrame/f1").asDouble()).isGreaterThan(0.1);
        assertThat(TrainingLoop.workFolder(out)).doesNotExist();
    }

    @Test
    void seq2seqResumesFromItsCheckpointWithTheSameTeacherForcingDraws() throws IOException {
        TrainingConfig everyStep = seq2seqConfig(12, 1e-9);
        TrainingLoop.Result whole = TrainingLoop.run(seq2seqRequest(everyStep, dir.resolve("whole"), false),
                TrainingLoop.Listener.SILENT);
        Path out = dir.resolve("interrupted");
        assertThatThrownBy(() -> TrainingLoop.run(seq2seqRequest(everyStep, out, false), new TrainingLoop.Listener() {
            @Override
            public void checkpointed(long step, Path checkpoint) {
                if (step == 7) {
                    throw new IllegalStateException("power cut");
                }
            }
        })).hasMessage("power cut");
        assertThat(TrainingLoop.workFolder(out).resolve("checkpoint/bundle.json")).exists();
        TrainingLoop.Result resumed = TrainingLoop.run(seq2seqRequest(everyStep, out, true), TrainingLoop.Listener.SILENT);
        assertThat(resumed.steps()).isEqualTo(12);
        assertThat(resumed.bundle().weights()).isEqualTo(whole.bundle().weights());
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);
        assertThatThrownBy(() -> TrainingLoop.run(seq2seqRequest(seq2seqConfig(12, 0), out, false), TrainingLoop.Listener.SILENT))
                .hasMessageContaining("the output exists");
        assertThat(TrainingLoop.run(seq2seqRequest(seq2seqConfig(12, 0), dir.resolve("none"), true), TrainingLoop.Listener.SILENT)
                .steps()).as("nothing to resume: run from step 0").isEqualTo(12);
    }
}
