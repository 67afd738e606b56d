package dev.midigen.model.generate;

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
import dev.midigen.model.FrameModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.conformance.FrameConformanceCases;
import dev.midigen.model.reference.JavaBackend;
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

class FrameGeneratorTest {
    private static final PianoRollSpec SEVEN = FrameConformanceCases.SEVEN_KEYS;
    private static final ModelSpec SPEC = new ModelSpec(new Seq2SeqGru(3, 1, 2), SEVEN, 4);

    @TempDir
    Path dir;

    /** A model whose logits are its output bias whatever it reads: classifier.1.W is zero. */
    private static FrameModel constant(float... bias) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(Seq2SeqLayout.initial(SPEC, 4).asMap());
        tensors.put(Seq2SeqLayout.OUTPUT_WEIGHTS, Tensor.of(new float[7 * 2], 7, 2));
        tensors.put(Seq2SeqLayout.OUTPUT_BIAS, Tensor.of(bias, 7));
        return new JavaBackend().frameModel(SPEC, Weights.of(tensors));
    }

    private static FramePrimer primer() {
        PianoRoll roll = PianoRoll.builder(4, 16, 60, 7, 16).note(62, 0, 8).note(64, 4, 16).build();
        return new FramePrimer(roll, 90);
    }

    @Test
    void thresholdDecodingHoldsNotesAcrossFrames() {
        try (FrameModel model = constant(5, -5, -5, 3, -5, -5, -5)) {
            FrameGenerationRequest request = FrameGenerationRequest.of(GenerationLength.bars(2)).withStart(new FrameStart.Zero());
            Generated piece = new FrameGenerator(model).generate(request, null).get(0);
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
        try (FrameModel model = constant(0, 0, 0, 0, -30, 30, 0)) {
            FrameGenerationRequest request = FrameGenerationRequest.of(GenerationLength.steps(40))
                    .withStart(new FrameStart.Random(0.5)).withSampling(new FrameSampling.Bernoulli(1.0)).withOutputs(3, 11);
            List<Generated> three = new FrameGenerator(model).generate(request, null);
            List<Generated> two = new FrameGenerator(model).generate(request.withOutputs(2, 11), null);
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
            assertThat(new FrameGenerator(model).generate(request.withOutputs(3, 12), null).get(2).music()).isNotEqualTo(roll);
        }
    }

    @Test
    void guidedReadsThePrimerAndCanIncludeIt() {
        FrameModel model = new JavaBackend().frameModel(SPEC, FrameConformanceCases.weights(SPEC, 4));
        FrameGenerator generator = new FrameGenerator(model);
        FrameGenerationRequest request = FrameGenerationRequest.of(GenerationLength.bars(1)).withBpm(null, true);
        Generated piece = generator.generate(request, primer()).get(0);
        PianoRoll roll = (PianoRoll) piece.music();
        assertThat(roll.frames()).isEqualTo(32);
        assertThat(roll.onset(0, 2)).isTrue();
        assertThat(roll.active(7, 2)).isTrue();
        assertThat(roll.active(8, 2)).isFalse();
        assertThat(piece.bpm()).isEqualTo(90);
        // a different primer changes the encoder's state and so the continuation's logits
        assertThat(generator.generate(request.withStart(new FrameStart.Guided(4)), primer()).get(0).logLikelihood())
                .isNotEqualTo(piece.logLikelihood());
        assertThatThrownBy(() -> generator.generate(request, null)).hasMessageContaining("a guided start needs a primer");
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
        try (FrameModel model = constant(5, -5, -5, -5, -5, -5, -5)) {
            FrameGenerator generator = new FrameGenerator(model);
            FrameGenerationRequest request = FrameGenerationRequest.of(GenerationLength.bars(1)).withOutputs(2, 0);
            List<Path> files = generator.generateFiles(request, read, dir.resolve("out"), "piano", false);
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("piano-001.mid", "piano-002.mid");
            assertThat(Files.size(files.get(0))).isGreaterThan(20);
            assertThatThrownBy(() -> generator.generateFiles(request, read, dir.resolve("out"), "piano", false))
                    .isInstanceOf(FileAlreadyExistsException.class);
        }
    }
}
