package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameTrainingLoopTest {
    private static final PianoRollSpec ENCODING = new PianoRollSpec(4, 60, 12, false);
    private static final ModelSpec SPEC = new ModelSpec(new Seq2SeqGru(4, 1, 3), ENCODING, 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Corpus corpus;

    @TempDir
    Path dir;

    /** Ten 8-bar pieces of triads held a bar each, within an octave, split by hash. */
    @BeforeAll
    static void buildCorpus() throws IOException {
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
        CorpusBuilder.build(new BuildRequest(input, shared.resolve("corpus"), false, EncodingBindings.of(ENCODING, settings),
                new SplitPolicy.Hashed(1, 0.3, 0), settings, 2), BuildListener.SILENT);
        corpus = CorpusStore.open(shared.resolve("corpus"));
    }

    /** lr 0.9 on the output bias, batch 4 × (16 + 16), BCE, every {@code eval} steps; checkpoints as given. */
    private static FrameTrainingConfig config(int steps, double checkpointMinutes) {
        return new FrameTrainingConfig(new TrainingConfig(0.9, 0, 4, 16, steps, 0, 0, 5, 0, checkpointMinutes, 7, 0), 16, 0,
                0.5, new FrameLoss.Bce());
    }

    private static FrameTrainingLoop.Request request(FrameTrainingConfig config, Path out, boolean resume) {
        return new FrameTrainingLoop.Request(SPEC, config, corpus, new OutputBiasFrameBackend(), out, false, resume, "test");
    }

    @Test
    void trainsValidatesAndWritesABundle() throws IOException {
        Path out = dir.resolve("model");
        FrameTrainingLoop.Result result = FrameTrainingLoop.run(request(config(20, 0), out, false),
                FrameTrainingLoop.Listener.SILENT);
        assertThat(result.steps()).isEqualTo(20);
        ModelBundle bundle = ModelBundle.read(out);
        assertThat(bundle.weights()).isEqualTo(result.bundle().weights());
        assertThat(bundle.provenance().frameTraining()).isEqualTo(config(20, 0));
        assertThat(bundle.provenance().training()).isEqualTo(config(20, 0).training());
        assertThat(bundle.metrics().get("validationLoss")).isEqualTo(result.validation().teacherForced().loss());
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
    void anInterruptedRunResumesFromItsCheckpointToTheSameWeights() throws IOException {
        FrameTrainingConfig everyStep = config(12, 1e-9);
        FrameTrainingLoop.Result whole = FrameTrainingLoop.run(request(everyStep, dir.resolve("whole"), false),
                FrameTrainingLoop.Listener.SILENT);
        Path out = dir.resolve("interrupted");
        assertThatThrownBy(() -> FrameTrainingLoop.run(request(everyStep, out, false), new FrameTrainingLoop.Listener() {
            @Override
            public void checkpointed(long step, Path checkpoint) {
                if (step == 7) {
                    throw new IllegalStateException("power cut");
                }
            }
        })).hasMessage("power cut");
        assertThat(TrainingLoop.workFolder(out).resolve("checkpoint/bundle.json")).exists();
        FrameTrainingLoop.Result resumed = FrameTrainingLoop.run(request(everyStep, out, true), FrameTrainingLoop.Listener.SILENT);
        assertThat(resumed.steps()).isEqualTo(12);
        assertThat(resumed.bundle().weights()).isEqualTo(whole.bundle().weights());
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);
        assertThatThrownBy(() -> FrameTrainingLoop.run(request(config(12, 0), out, false), FrameTrainingLoop.Listener.SILENT))
                .hasMessageContaining("the output exists");
        assertThat(FrameTrainingLoop.run(request(config(12, 0), dir.resolve("none"), true), FrameTrainingLoop.Listener.SILENT)
                .steps()).as("nothing to resume: run from step 0").isEqualTo(12);
    }

    @Test
    void anInterruptedThreadStopsBetweenStepsAndAResumedFinishedRunSaysSo() throws IOException {
        FrameTrainingConfig everyStep = config(12, 1e-9);
        Path whole = dir.resolve("whole");
        FrameTrainingLoop.run(request(everyStep, whole, false), FrameTrainingLoop.Listener.SILENT);
        Path out = dir.resolve("out");
        try {
            assertThatThrownBy(() -> FrameTrainingLoop.run(request(everyStep, out, false), new FrameTrainingLoop.Listener() {
                @Override
                public void stepped(long step, long totalSteps, double loss, double stepsPerSecond) {
                    if (step == 4) {
                        Thread.currentThread().interrupt();
                    }
                }
            })).isInstanceOf(java.io.InterruptedIOException.class).hasMessageContaining("training stopped at step 4");
        } finally {
            Thread.interrupted();
        }
        assertThat(out).doesNotExist();
        FrameTrainingLoop.Result resumed = FrameTrainingLoop.run(request(everyStep, out, true), FrameTrainingLoop.Listener.SILENT);
        assertThat(resumed.bundle().weights()).isEqualTo(ModelBundle.read(whole).weights());
        assertThat(steps(out)).containsExactly(5L, 10L, 12L).isEqualTo(steps(whole));

        assertThatThrownBy(() -> FrameTrainingLoop.run(request(everyStep, out, true), FrameTrainingLoop.Listener.SILENT))
                .isInstanceOf(RunFinishedException.class).hasMessageContaining("nothing to resume");
        assertThat(ModelBundle.read(out).weights()).isEqualTo(resumed.bundle().weights());
    }

    private static List<Long> steps(Path bundle) throws IOException {
        List<Long> steps = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve("metrics.jsonl"))) {
            steps.add(JSON.readTree(line).get("step").asLong());
        }
        return steps;
    }
}
