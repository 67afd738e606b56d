package dev.midigen.model.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.generate.FramePrimer;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.sampling.DecoderStart;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one generator on a model with a multi-label head over a piano roll (a seq2seq GRU). */
class MusicGeneratorPianoRollTest {
    private static final PianoRollSpec SEVEN = FrameConformanceCases.SEVEN_KEYS;
    private static final ModelSpec SPEC = new ModelSpec(new Seq2SeqGru(3, 1, 2), SEVEN, 4);

    @TempDir
    Path dir;

    /** A model whose logits are its output bias whatever it reads: classifier.1.W is zero. */
    private static SequenceModel constant(float... bias) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(Seq2SeqLayout.initial(SPEC, 4).asMap());
        tensors.put(Seq2SeqLayout.OUTPUT_WEIGHTS, Tensor.of(new float[7 * 2], 7, 2));
        tensors.put(Seq2SeqLayout.OUTPUT_BIAS, Tensor.of(bias, 7));
        return new JavaBackend().fromWeights(SPEC, Weights.of(tensors));
    }

    /** Threshold ½, seed 0, the primer left out, and what {@code sampling} adds. */
    private static GenerationRequest request(GenerationLength length, FramePrimer primer, int outputs,
                                             SamplingConfig.Builder sampling) {
        return new GenerationRequest(primer, length, outputs, sampling.build(), null);
    }

    private static SamplingConfig.Builder sampling() {
        return SamplingConfig.builder().includePrimer(false);
    }

    private static FramePrimer primer() {
        PianoRoll roll = PianoRoll.builder(4, 16, 60, 7, 16).note(62, 0, 8).note(64, 4, 16).build();
        return new FramePrimer(roll, 90);
    }

    @Test
    void thresholdDecodingHoldsNotesAcrossFrames() {
        try (SequenceModel model = constant(5, -5, -5, 3, -5, -5, -5)) {
            GenerationRequest request = request(GenerationLength.bars(2), null, 1, sampling().start(new DecoderStart.Zero()));
            Generated piece = new MusicGenerator(model).generate(request).get(0);
            // keys 0 and 3 sound in every one of 32 frames: two notes of 2 bars (32 steps of 120 ticks), at 120 BPM
            assertThat(piece.notes().notes()).extracting(Note::pitch).containsExactlyInAnyOrder(60, 63);
            assertThat(piece.notes().notes()).allSatisfy(n -> {
                assertThat(n.startTick()).isZero();
                assertThat(n.durationTicks()).isEqualTo(32 * 120);
                assertThat(n.channel()).isZero();
            });
            assertThat(piece.bpm()).isEqualTo(120);
            assertThat(((PianoRoll) piece.music()).frames()).isEqualTo(32);
        }
    }

    @Test
    void bernoulliIsSeededPerOutput() {
        try (SequenceModel model = constant(0, 0, 0, 0, -30, 30, 0)) {
            SamplingConfig.Builder bernoulli = sampling().start(new DecoderStart.Random(0.5)).bernoulli().seed(11);
            List<Generated> three = new MusicGenerator(model).generate(request(GenerationLength.steps(40), null, 3, bernoulli));
            List<Generated> two = new MusicGenerator(model).generate(request(GenerationLength.steps(40), null, 2, bernoulli));
            assertThat(two.get(1).music()).isEqualTo(three.get(1).music());
            assertThat(three.get(0).music()).isNotEqualTo(three.get(1).music());
            PianoRoll roll = (PianoRoll) three.get(2).music();
            int on = 0;
            for (int f = 0; f < roll.frames(); f++) {
                assertThat(roll.active(f, 4)).isFalse();
                assertThat(roll.active(f, 5)).isTrue();
                on += roll.active(f, 0) ? 1 : 0;
            }
            assertThat(on).isBetween(8, 32); // p = ½
            assertThat(three.get(2).logLikelihood()).isLessThan(0);
            assertThat(new MusicGenerator(model).generate(request(GenerationLength.steps(40), null, 3, bernoulli.seed(12)))
                    .get(2).music()).isNotEqualTo(roll);
        }
    }

    @Test
    void guidedReadsThePrimerAndCanIncludeIt() {
        SequenceModel model = new JavaBackend().fromWeights(SPEC, FrameConformanceCases.weights(SPEC, 4));
        MusicGenerator generator = new MusicGenerator(model);
        GenerationRequest request = request(GenerationLength.bars(1), primer(), 1, sampling().includePrimer(true));
        Generated piece = generator.generate(request).get(0);
        PianoRoll roll = (PianoRoll) piece.music();
        assertThat(roll.frames()).isEqualTo(32);
        assertThat(roll.onset(0, 2)).isTrue();
        assertThat(roll.active(7, 2)).isTrue();
        assertThat(roll.active(8, 2)).isFalse();
        assertThat(piece.bpm()).isEqualTo(90);
        // a different primer changes the encoder's state and so the continuation's logits
        assertThat(generator.generate(request(GenerationLength.bars(1), primer(), 1, sampling().includePrimer(true)
                .start(new DecoderStart.Guided(4)))).get(0).logLikelihood()).isNotEqualTo(piece.logLikelihood());
        assertThatThrownBy(() -> generator.generate(request(GenerationLength.bars(1), null, 1,
                sampling().start(new DecoderStart.Guided(64))))).hasMessageContaining("a guided start needs a primer");
    }

    @Test
    void primersFromMidiAndFilesWrittenWhole() throws Exception {
        NoteSequence notes = PianoRollToNotes.convert(primer().roll(), NoteWriteOptions.DEFAULT.withBpm(100));
        Path midi = dir.resolve("primer.mid");
        SmfWriter.standard().write(NotesToMidi.convert(notes), midi);
        FramePrimer read = FramePrimer.fromMidi(midi, SEVEN, List.of());
        assertThat(read.roll().onset(0, 2)).isTrue();
        assertThat(read.roll().onset(4, 4)).isTrue();
        assertThat(read.bpm()).isEqualTo(100);
        FramePrimer cut = read.firstBars(1).firstBars(1);
        assertThat(cut.roll().frames()).isEqualTo(16);
        assertThat(cut.roll().onset(4, 4)).isTrue();
        assertThat(cut.roll().active(15, 4)).isTrue();
        assertThat(read.firstBars(3)).isSameAs(read);
        assertThatThrownBy(() -> FramePrimer.fromMidi(midi, new PianoRollSpec(4, 90, 10, false), List.of()))
                .hasMessageContaining("primer.mid: no piano roll");
        assertThatThrownBy(() -> FramePrimer.fromMidi(midi, SEVEN, List.of("PIANO")))
                .hasMessageContaining("no piano roll of tracks PIANO");
        try (SequenceModel model = constant(5, -5, -5, -5, -5, -5, -5)) {
            MusicGenerator generator = new MusicGenerator(model);
            GenerationRequest request = request(GenerationLength.bars(1), read, 2, sampling());
            List<Path> files = generator.generateFiles(request, dir.resolve("out"), "piano", false);
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("piano-001.mid", "piano-002.mid");
            assertThat(Files.size(files.get(0))).isGreaterThan(20);
            assertThatThrownBy(() -> generator.generateFiles(request, dir.resolve("out"), "piano", false))
                    .isInstanceOf(FileAlreadyExistsException.class);
        }
    }
}
