package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.GrooveCodec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groove windows for a drum-vae over synthetic performances (the Roland kit at 16ths: 16 steps a bar, 27 values). */
class GrooveWindowsTest {
    private static final GrooveSpec SPEC = GrooveSpec.GROOVAE;
    private static final GrooveCodec CODEC = new GrooveCodec(SPEC);
    private static final int CLASSES = DrumMap.ROLAND.size();
    private static final int WIDTH = 3 * CLASSES;
    private static final int BAR = 16;
    private static final int CLOSED_HAT = 2;

    @TempDir
    Path dir;

    /**
     * A performance of {@code bars} bars: a kick on every bar's first step, other hits at random, each with a velocity
     * {@code k / 127} and an offset in quarter steps (never early on step 0, so it can be written as MIDI); no hit in
     * the bars listed as silent.
     */
    static GrooveTrack performance(int bars, long seed, int... silentBars) {
        Set<Integer> silent = new HashSet<>();
        for (int bar : silentBars) {
            silent.add(bar);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int steps = bars * BAR;
        int[] hits = new int[steps];
        float[] velocities = new float[steps * CLASSES];
        float[] offsets = new float[steps * CLASSES];
        for (int step = 0; step < steps; step++) {
            if (silent.contains(step / BAR)) {
                continue;
            }
            for (int c = 0; c < CLASSES; c++) {
                if (!(c == 0 && step % BAR == 0) && random.nextInt(4) != 0) {
                    continue;
                }
                hits[step] |= 1 << c;
                velocities[step * CLASSES + c] = (1 + random.nextInt(127)) / 127f;
                int quarters = step == 0 ? -random.nextInt(2) : random.nextInt(3) - 1;
                offsets[step * CLASSES + c] = quarters == 0 ? 0f : 0.5f * quarters; // never -0f: frames compare bitwise
            }
        }
        return GrooveTrack.of(DrumMap.ROLAND, 4, BAR, hits, velocities, offsets);
    }

    private static GrooveWindows windows(int bars, GrooveTransform transform, GrooveTrack... tracks) {
        return new GrooveWindows(SPEC, bars, transform, Arrays.stream(tracks).map(CODEC::encode).toList());
    }

    private static List<TrainingBatch> validation(GrooveWindows windows, int batchSize) {
        List<TrainingBatch> batches = new ArrayList<>();
        windows.validationBatches(batchSize, 0).forEach(batches::add);
        return batches;
    }

    /** The frames of window {@code b} of a batch, as a groove track. */
    private static GrooveTrack window(SequenceBatch batch, int b) {
        float[] values = new float[batch.time() * batch.width()];
        for (int t = 0; t < batch.time(); t++) {
            System.arraycopy(batch.vector(b, t), 0, values, t * batch.width(), batch.width());
        }
        return CODEC.decode(FrameSeq.wrap(batch.time(), batch.width(), values));
    }

    @Test
    void aFiveBarPerformanceHoldsFourTwoBarWindowsOrTwoFourBarWindowsOneBarApart() {
        GrooveTrack five = performance(5, 1);
        FrameSeq frames = CODEC.encode(five);
        GrooveWindows two = windows(2, GrooveTransform.NONE, five);
        assertThat(two.windowCount()).isEqualTo(4);
        assertThat(two.windowSteps()).isEqualTo(32);
        assertThat(two.stepsPerBar()).isEqualTo(16);
        assertThat(two.frameSize()).isEqualTo(WIDTH);
        assertThat(two.sequenceCount()).isEqualTo(1);
        assertThat(two.silentWindows()).isZero();
        List<TrainingBatch> batches = validation(two, 3);
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).inputs().batch()).isEqualTo(3);
        assertThat(batches.get(1).inputs().batch()).isEqualTo(1);
        SequenceBatch targets = batches.get(0).grooveTargets();
        assertThat(targets.time()).isEqualTo(32);
        assertThat(targets.width()).isEqualTo(WIDTH);
        for (int w = 0; w < 4; w++) {
            SequenceBatch batch = batches.get(w / 3).grooveTargets();
            assertThat(batch.toArray()).hasSize(batch.batch() * 32 * WIDTH);
            float[] expected = frames.slice(w * BAR, w * BAR + 32).toArray();
            float[] actual = Arrays.copyOfRange(batch.toArray(), (w % 3) * 32 * WIDTH, (w % 3 + 1) * 32 * WIDTH);
            assertThat(actual).as("window %d starts at bar %d", w, w).containsExactly(expected);
        }
        assertThat(batches.get(0).targets()).isInstanceOf(Targets.Groove.class);
        assertThat(batches.get(0).inputs().hasSource()).isTrue();

        GrooveWindows four = windows(4, GrooveTransform.NONE, five);
        assertThat(four.windowCount()).isEqualTo(2);
        SequenceBatch fourTargets = validation(four, 8).get(0).grooveTargets();
        assertThat(fourTargets.batch()).isEqualTo(2);
        assertThat(fourTargets.time()).isEqualTo(64);
        assertThat(Arrays.copyOfRange(fourTargets.toArray(), 64 * WIDTH, 128 * WIDTH))
                .containsExactly(frames.slice(BAR, 5 * BAR).toArray());
    }

    @Test
    void stepsAfterTheLastWholeBarAndShortPerformancesHoldNoWindow() {
        FrameSeq fiveAndAHalf = CODEC.encode(performance(6, 2)).slice(0, 5 * BAR + 8);
        GrooveWindows windows = new GrooveWindows(SPEC, 2, GrooveTransform.NONE,
                List.of(fiveAndAHalf, CODEC.encode(performance(1, 3)), CODEC.encode(performance(2, 4))));
        assertThat(windows.windowCount()).isEqualTo(4 + 1);
        assertThat(windows.shortSequences()).isEqualTo(1);
        assertThat(windows.sequenceCount()).isEqualTo(2);
    }

    @Test
    void humanizeGivesTheTargetsHitsWithNoVelocityOrOffset() {
        GrooveWindows windows = windows(2, GrooveTransform.HUMANIZE, performance(5, 5), performance(3, 6));
        int checkedHits = 0;
        for (TrainingBatch batch : validation(windows, 4)) {
            for (int b = 0; b < batch.inputs().batch(); b++) {
                GrooveTrack source = window(batch.inputs().source(), b);
                GrooveTrack target = window(batch.grooveTargets(), b);
                assertThat(source.hits()).isEqualTo(target.hits());
                for (int step = 0; step < target.length(); step++) {
                    for (int c = 0; c < CLASSES; c++) {
                        assertThat(source.velocity(step, c)).isZero();
                        assertThat(source.offset(step, c)).isZero();
                        checkedHits += target.hit(step, c) ? 1 : 0;
                    }
                }
                // the target is the real performance: its velocities are not all zero
                assertThat(target.velocities().toArray()).isNotEqualTo(new float[target.length() * CLASSES]);
            }
        }
        // a humanizer's windows are half a bar apart: 7 in 5 bars, 3 in 3
        assertThat(windows.windowCount()).isEqualTo(7 + 3);
        assertThat(GrooveWindows.hop(GrooveTransform.HUMANIZE, 16)).isEqualTo(8);
        assertThat(GrooveWindows.hop(GrooveTransform.HUMANIZE, 12)).as("3/4: a bar").isEqualTo(12);
        assertThat(GrooveWindows.hop(GrooveTransform.NONE, 16)).isEqualTo(16);
        assertThat(checkedHits).isGreaterThan(50);
    }

    @Test
    void tapPutsEveryStepsHitsOnTheClosedHatWithTheLoudestHitsVelocityAndOffset() {
        GrooveWindows windows = windows(2, GrooveTransform.TAP, performance(4, 7));
        int tapped = 0;
        for (TrainingBatch batch : validation(windows, 2)) {
            for (int b = 0; b < batch.inputs().batch(); b++) {
                GrooveTrack source = window(batch.inputs().source(), b);
                GrooveTrack target = window(batch.grooveTargets(), b);
                for (int step = 0; step < target.length(); step++) {
                    int loudest = -1;
                    for (int c = 0; c < CLASSES; c++) {
                        if (target.hit(step, c) && (loudest < 0 || target.velocity(step, c) > target.velocity(step, loudest))) {
                            loudest = c;
                        }
                    }
                    if (loudest < 0) {
                        assertThat(source.hits().get(step)).isZero();
                        continue;
                    }
                    tapped++;
                    assertThat(source.hits().get(step)).isEqualTo(1 << CLOSED_HAT);
                    assertThat(source.velocity(step, CLOSED_HAT)).isEqualTo(target.velocity(step, loudest));
                    assertThat(source.offset(step, CLOSED_HAT)).isEqualTo(target.offset(step, loudest));
                }
            }
        }
        assertThat(tapped).isGreaterThan(20);
    }

    @Test
    void noneGivesTheTargetItselfAsTheSource() {
        GrooveWindows windows = windows(2, GrooveTransform.NONE, performance(5, 8));
        for (TrainingBatch batch : validation(windows, 3)) {
            assertThat(batch.inputs().source().toArray()).containsExactly(batch.grooveTargets().toArray());
        }
    }

    @Test
    void theDecoderReadsTheTargetsOneStepLateWithZerosFirst() {
        GrooveWindows windows = windows(4, GrooveTransform.HUMANIZE, performance(6, 9));
        TrainingBatch batch = windows.trainingBatch(3, 0, 5);
        SequenceBatch inputs = batch.inputs().inputs();
        SequenceBatch targets = batch.grooveTargets();
        assertThat(inputs.time()).isEqualTo(64);
        assertThat(batch.allForced()).isTrue();
        for (int b = 0; b < 5; b++) {
            assertThat(inputs.vector(b, 0)).containsOnly(0f);
            for (int t = 1; t < 64; t++) {
                assertThat(inputs.vector(b, t)).containsExactly(targets.vector(b, t - 1));
            }
        }
    }

    @Test
    void withHitControlsEachStepReadsThePreviousHitsAndItsOwn() {
        GrooveWindows windows = new GrooveWindows(SPEC, 2, GrooveTransform.HUMANIZE, true,
                List.of(CODEC.encode(performance(3, 12))));
        TrainingBatch batch = windows.trainingBatch(5, 1, 4);
        SequenceBatch inputs = batch.inputs().inputs();
        SequenceBatch targets = batch.grooveTargets();
        assertThat(inputs.width()).isEqualTo(WIDTH + CLASSES);
        assertThat(targets.width()).isEqualTo(WIDTH);
        for (int b = 0; b < 4; b++) {
            for (int t = 0; t < 32; t++) {
                float[] input = inputs.vector(b, t);
                float[] previousHits = t == 0 ? new float[CLASSES] : Arrays.copyOf(targets.vector(b, t - 1), CLASSES);
                assertThat(Arrays.copyOf(input, CLASSES)).containsExactly(previousHits);
                assertThat(Arrays.copyOfRange(input, CLASSES, WIDTH)).as("no velocities or offsets fed back").containsOnly(0f);
                assertThat(Arrays.copyOfRange(input, WIDTH, WIDTH + CLASSES))
                        .containsExactly(Arrays.copyOf(targets.vector(b, t), CLASSES));
            }
        }
        assertThat(batch.inputs().source().width()).isEqualTo(WIDTH);
    }

    @Test
    void anAllSilentWindowIsLeftOutAndCounted() {
        // bars 2 and 3 of 5 silent: windows at bars 0, 1 and 3 have hits; the one at bar 2 has none
        GrooveWindows windows = windows(2, GrooveTransform.NONE, performance(5, 10, 2, 3));
        assertThat(windows.windowCount()).isEqualTo(3);
        assertThat(windows.silentWindows()).isEqualTo(1);
        FrameSeq frames = CODEC.encode(performance(5, 10, 2, 3));
        List<TrainingBatch> batches = validation(windows, 8);
        float[] targets = batches.get(0).grooveTargets().toArray();
        int[] starts = {0, 1, 3};
        for (int w = 0; w < 3; w++) {
            assertThat(Arrays.copyOfRange(targets, w * 32 * WIDTH, (w + 1) * 32 * WIDTH))
                    .containsExactly(frames.slice(starts[w] * BAR, starts[w] * BAR + 32).toArray());
        }

        GrooveWindows quiet = windows(2, GrooveTransform.NONE, performance(3, 11, 0, 1, 2));
        assertThat(quiet.windowCount()).isZero();
        assertThat(quiet.silentWindows()).isEqualTo(2);
        assertThat(quiet.sequenceCount()).isZero();
        assertThat(quiet.stepsPerEpoch(1)).isZero();
        assertThat(quiet.validationBatches(4, 0)).isEmpty();
        assertThatThrownBy(() -> quiet.trainingBatch(1, 0, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 bars");
    }

    @Test
    void theSameSeedAndStepGiveTheSameBatchAndEveryWindowIsDrawn() {
        GrooveTrack[] tracks = {performance(5, 12), performance(7, 13), performance(3, 14, 1)};
        GrooveWindows a = windows(2, GrooveTransform.NONE, tracks);
        GrooveWindows b = windows(2, GrooveTransform.NONE, tracks);
        assertThat(a.windowCount()).isEqualTo(4 + 6 + 2);
        for (long step : new long[] {0, 1, 17, 1_000_000}) {
            assertSameBatch(a.trainingBatch(42, step, 8), b.trainingBatch(42, step, 8));
        }
        float[] first = a.trainingBatch(42, 1, 8).grooveTargets().toArray();
        assertThat(a.trainingBatch(42, 2, 8).grooveTargets().toArray()).isNotEqualTo(first);
        assertThat(a.trainingBatch(43, 1, 8).grooveTargets().toArray()).isNotEqualTo(first);

        // every kept window turns up among the draws of a few steps, and nothing else does
        List<float[]> kept = new ArrayList<>();
        for (TrainingBatch batch : validation(a, 1)) {
            kept.add(batch.grooveTargets().toArray());
        }
        Set<Integer> seen = new HashSet<>();
        for (long step = 0; step < 20; step++) {
            SequenceBatch targets = a.trainingBatch(5, step, 8).grooveTargets();
            for (int w = 0; w < 8; w++) {
                float[] window = Arrays.copyOfRange(targets.toArray(), w * 32 * WIDTH, (w + 1) * 32 * WIDTH);
                int index = IntStream.range(0, kept.size()).filter(i -> Arrays.equals(kept.get(i), window))
                        .findFirst().orElse(-1);
                assertThat(index).as("a drawn window is a kept one").isNotNegative();
                seen.add(index);
            }
        }
        assertThat(seen).hasSize(kept.size());
        assertThat(a.stepsPerEpoch(5)).isEqualTo(2);
    }

    private static void assertSameBatch(TrainingBatch x, TrainingBatch y) {
        assertThat(x.inputs().source().toArray()).containsExactly(y.inputs().source().toArray());
        assertThat(x.inputs().inputs().toArray()).containsExactly(y.inputs().inputs().toArray());
        assertThat(x.grooveTargets().toArray()).containsExactly(y.grooveTargets().toArray());
    }

    @Test
    void validationWindowsAreTheKeptOnesInOrderSpreadWhenFewerAreAsked() {
        GrooveWindows windows = windows(2, GrooveTransform.NONE, performance(9, 15));
        assertThat(windows.windowCount()).isEqualTo(8);
        List<float[]> all = new ArrayList<>();
        windows.validationBatches(1, 0).forEach(batch -> all.add(batch.grooveTargets().toArray()));
        List<float[]> four = new ArrayList<>();
        windows.validationBatches(1, 4).forEach(batch -> four.add(batch.grooveTargets().toArray()));
        assertThat(four).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(four.get(i)).containsExactly(all.get(2 * i));
        }
    }

    @Test
    void framesOfAnotherSizeAreRefused() {
        FrameSeq gm = new GrooveCodec(new GrooveSpec(DrumMap.GM, 4)).encode(GrooveTrack.of(DrumMap.GM, 4, 16,
                new int[16], new float[16 * DrumMap.GM.size()], new float[16 * DrumMap.GM.size()]));
        if (gm.frameSize() != WIDTH) {
            assertThatThrownBy(() -> new GrooveWindows(SPEC, 2, GrooveTransform.NONE, List.of(gm)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groove frames");
        }
        assertThatThrownBy(() -> new GrooveWindows(SPEC, 2, GrooveTransform.NONE,
                List.of(FrameSeq.wrap(32, 10, new float[320])))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrooveWindows(SPEC, 0, GrooveTransform.NONE, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void grooveBatchesCheckTheirShapes() {
        SequenceBatch frames = SequenceBatch.wrap(2, 4, WIDTH, new float[2 * 4 * WIDTH]);
        TrainingBatch batch = TrainingBatch.groove(frames, frames, frames);
        assertThat(batch.grooveTargets()).isSameAs(frames);
        assertThat(batch.teacherForced()).isNull();
        assertThatThrownBy(batch::multiLabelTargets).isInstanceOf(IllegalStateException.class);
        SequenceBatch shorter = SequenceBatch.wrap(2, 3, WIDTH, new float[2 * 3 * WIDTH]);
        assertThatThrownBy(() -> TrainingBatch.groove(frames, shorter, frames)).isInstanceOf(IllegalArgumentException.class);
        SequenceBatch narrower = SequenceBatch.wrap(2, 4, 3, new float[2 * 4 * 3]);
        assertThatThrownBy(() -> TrainingBatch.groove(narrower, frames, frames)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrainingBatch.groove(frames, narrower, frames)).isInstanceOf(IllegalArgumentException.class);
        SequenceBatch controlled = SequenceBatch.wrap(2, 4, WIDTH + CLASSES, new float[2 * 4 * (WIDTH + CLASSES)]);
        assertThat(TrainingBatch.groove(frames, controlled, frames).inputs().inputs()).isSameAs(controlled);
        assertThatThrownBy(() -> TrainingBatch.seq2seq(frames, frames).grooveTargets())
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * Through the corpus: performances written as MIDI, built with the groove encoding, read back by
     * {@link TrainingWindows#of} for a drum-vae — the corpus frames are the performances' own (velocities k/127 and
     * quarter-step offsets survive MIDI exactly), and every window of every file is there.
     */
    @Test
    void aDrumVaeReadsGrooveWindowsFromAGrooveCorpus() throws IOException {
        Path input = dir.resolve("grooves");
        Files.createDirectories(input);
        List<GrooveTrack> performances = List.of(performance(5, 20), performance(4, 21), performance(8, 22, 3, 4),
                performance(1, 23));
        for (int i = 0; i < performances.size(); i++) {
            Files.write(input.resolve("groove" + i + ".mid"), SmfWriter.standard().toBytes(
                    NotesToMidi.convert(performances.get(i).toNoteSequence(480, 120))));
        }
        BuildSettings settings = new BuildSettings("hash", false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        CorpusBuilder.build(new BuildRequest(input, dir.resolve("corpus"), false, EncodingBindings.of(SPEC, settings),
                new SplitPolicy.Hashed(1, 0, 0), settings, 1), BuildListener.SILENT);
        Corpus corpus = CorpusStore.open(dir.resolve("corpus"));

        List<FrameSeq> built = corpus.examples(Split.TRAIN).stream()
                .map(example -> ((ExampleData.Frames) example.data()).frames()).toList();
        assertThat(built).containsExactlyInAnyOrderElementsOf(performances.stream().map(CODEC::encode).toList());

        ModelSpec twoBars = new ModelSpec(DrumVae.GROOVAE_2BAR, SPEC, 1);
        TrainingWindows train = TrainingWindows.of(twoBars, TrainingConfig.builder().build(), corpus, Split.TRAIN);
        assertThat(train).isInstanceOf(GrooveWindows.class);
        GrooveWindows two = (GrooveWindows) train;
        // a humanizer's windows, half a bar apart: 7 + 5 + 13, of which the one over the silent bars 3 and 4 is left out;
        // the 1-bar piece holds none
        assertThat(two.windowCount()).isEqualTo(7 + 5 + 12);
        assertThat(two.silentWindows()).isEqualTo(1);
        assertThat(two.shortSequences()).isEqualTo(1);
        assertThat(two.transform()).isEqualTo(GrooveTransform.HUMANIZE);
        TrainingBatch batch = two.trainingBatch(1, 0, 4);
        assertThat(batch.inputs().inputs().width()).isEqualTo(twoBars.inputSize());
        assertThat(batch.inputs().source().time()).isEqualTo(32);

        GrooveWindows four = (GrooveWindows) TrainingWindows.of(new ModelSpec(DrumVae.GROOVAE_4BAR, SPEC, 1),
                TrainingConfig.builder().build(), corpus, Split.TRAIN);
        // no four bars of the 8-bar piece are all silent
        assertThat(four.windowCount()).isEqualTo(2 + 1 + 5);
        assertThat(four.silentWindows()).isZero();
        assertThat(four.shortSequences()).isEqualTo(1);
        assertThat(four.transform()).isEqualTo(GrooveTransform.NONE);
        assertThat(((GrooveWindows) TrainingWindows.of(twoBars, TrainingConfig.builder().build(), corpus,
                Split.VALIDATION)).windowCount()).isZero();

        // TrainingConfig.defaultsFor gives a model with an encoder the seq2seq defaults (teacher forcing 0.5, 64 steps):
        // none of them changes a drum-vae's windows, which are teacher-forced everywhere
        GrooveWindows defaults = (GrooveWindows) TrainingWindows.of(twoBars, TrainingConfig.defaultsFor(twoBars), corpus,
                Split.TRAIN);
        assertThat(defaults.windowCount()).isEqualTo(two.windowCount());
        assertThat(defaults.trainingBatch(1, 0, 4).allForced()).isTrue();
        assertSameBatch(defaults.trainingBatch(1, 0, 4), batch);
    }

    @Test
    void aDrumVaeRefusesATokenCorpus() throws IOException {
        Path input = dir.resolve("loops");
        Files.createDirectories(input);
        Files.write(input.resolve("loop.mid"), SmfWriter.standard().toBytes(
                NotesToMidi.convert(performance(2, 30).toNoteSequence(480, 120))));
        DrumKitSpec drumKit = new DrumKitSpec(DrumMap.ROLAND, 4, 0);
        BuildSettings settings = new BuildSettings("hash", false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        CorpusBuilder.build(new BuildRequest(input, dir.resolve("tokens"), false, EncodingBindings.of(drumKit, settings),
                new SplitPolicy.Hashed(1, 0, 0), settings, 1), BuildListener.SILENT);
        Corpus tokens = CorpusStore.open(dir.resolve("tokens"));
        assertThatThrownBy(() -> TrainingWindows.of(new ModelSpec(DrumVae.GROOVAE, SPEC, 1), TrainingConfig.builder().build(),
                tokens, Split.TRAIN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--encoding groove");
        assertThatThrownBy(() -> GrooveWindows.of(new ModelSpec(new DrumRnn(List.of(4), 0), drumKit, 1), tokens,
                Split.TRAIN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drum-vae");
    }
}
