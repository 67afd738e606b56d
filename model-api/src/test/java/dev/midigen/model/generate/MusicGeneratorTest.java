package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TrapTextCodec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.quantize.QuantizationException;
import dev.midigen.codec.quantize.Quantizer;
import dev.midigen.codec.repr.DrumExtractOptions;
import dev.midigen.codec.repr.DrumExtractor;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.model.Decoder;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.sampling.ToyModel;
import dev.midigen.model.weights.Weights;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MusicGeneratorTest {
    private static final SamplingConfig GREEDY = SamplingConfig.DEFAULT.withTopK(1);

    @TempDir
    Path dir;

    /** drum-kit (gm): kick on the beat, closed hat between; the model reads the position of the step it predicts. */
    private static float[] fourOnTheFloor(ToyModel.Context c) {
        int next = c.position() + 1;
        return ToyModel.peak(512, next % 4 == 0 ? 1 : 4, 30);
    }

    private static NoteSequence readBack(Path file) throws IOException {
        return MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence();
    }

    @Test
    void drumsEndToEnd_realMidiFilesThatReadBack() throws IOException, QuantizationException {
        ToyModel model = new ToyModel(DrumKitSpec.MAGENTA, MusicGeneratorTest::fourOnTheFloor);
        GenerationRequest request = GenerationRequest.of(GenerationLength.bars(2), 3)
                .withPrimer(Primers.parse(DrumKitSpec.MAGENTA, "[(36,42)]")).withSampling(GREEDY).withBpm(90.0);

        List<Path> files = new MusicGenerator(model).generateFiles(request, dir.resolve("out"), "beat", false);

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("beat-001.mid", "beat-002.mid",
                "beat-003.mid");
        int[] expected = new int[32]; // two whole bars: the one-step primer counts towards the first
        for (int step = 0; step < 32; step++) {
            expected[step] = step % 4 == 0 ? 1 : 4;
        }
        expected[0] = 1 | 4; // the primer
        for (Path file : files) {
            NoteSequence notes = readBack(file);
            assertThat(notes.notes()).hasSize(33).allSatisfy(note -> {
                assertThat(note.channel()).isEqualTo(9);
                assertThat(note.drum()).isTrue();
            });
            assertThat(notes.tempoMap().changes().get(0).bpm()).isCloseTo(90, within(0.01));
            DrumTrack read = new DrumExtractor(DrumExtractOptions.defaults(DrumMap.GM).withMinBars(0))
                    .extract(Quantizer.stepsPerQuarter(4).quantize(notes)).items().get(0);
            assertThat(read.steps()).isEqualTo(IntSeq.wrap(expected));
        }
    }

    @Test
    void existingFilesAreRefusedUnlessOverwriting() throws IOException {
        ToyModel model = new ToyModel(DrumKitSpec.MAGENTA, MusicGeneratorTest::fourOnTheFloor);
        MusicGenerator generator = new MusicGenerator(model);
        GenerationRequest request = GenerationRequest.of(GenerationLength.steps(8), 2).withSampling(GREEDY);
        generator.generateFiles(request, dir, "take", false);
        byte[] before = Files.readAllBytes(dir.resolve("take-002.mid"));
        int decodersBefore = model.decoders().size();

        assertThatThrownBy(() -> generator.generateFiles(request.withBpm(150.0), dir, "take", false))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("take-001.mid");
        assertThat(model.decoders()).hasSize(decodersBefore); // refused before sampling
        assertThat(Files.readAllBytes(dir.resolve("take-002.mid"))).isEqualTo(before);

        generator.generateFiles(request.withBpm(150.0), dir, "take", true);
        assertThat(Files.readAllBytes(dir.resolve("take-002.mid"))).isNotEqualTo(before);
        assertThat(readBack(dir.resolve("take-002.mid")).tempoMap().changes().get(0).bpm()).isCloseTo(150, within(0.01));
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("take-001.mid", "take-002.mid");
        }
        assertThatThrownBy(() -> generator.generateFiles(request, dir, "../up", true)).hasMessageContaining("prefix");
    }

    @Test
    void piecesStreamToASinkInBatchesThatGiveTheSameOutputsAsOneCall() throws IOException {
        ToyModel model = new ToyModel(DrumKitSpec.MAGENTA, c -> ToyModel.peak(512, 1 + c.position() % 7, 1));
        int count = MusicGenerator.BATCH + 6;
        GenerationRequest request = GenerationRequest.of(GenerationLength.steps(6), count);
        MusicGenerator generator = new MusicGenerator(model);
        List<Generated> listed = generator.generate(request);
        List<Generated> streamed = new java.util.ArrayList<>();
        int[] batchRows = new int[1];
        generator.generate(request, piece -> {
            streamed.add(piece);
            batchRows[0] = Math.max(batchRows[0], model.decoders().stream().mapToInt(d -> d.batchSize()).max().orElse(0));
        });

        assertThat(streamed).extracting(Generated::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, count).boxed().toList());
        assertThat(streamed).extracting(Generated::tokens).isEqualTo(listed.stream().map(Generated::tokens).toList());
        assertThat(batchRows[0]).as("rows of the largest decoder").isEqualTo(MusicGenerator.BATCH);

        // the sink stops it: nothing is sampled after its failure
        int[] taken = new int[1];
        assertThatThrownBy(() -> generator.generate(request, piece -> {
            if (++taken[0] == 3) {
                throw new IOException("disk full");
            }
        })).hasMessage("disk full");
        assertThat(taken[0]).isEqualTo(3);
    }

    @Test
    void aPrimerFileLongerThanTheLimitIsRefusedBeforeAnyModelWork() throws IOException {
        // one held note of 2^20 steps: the melody would be a primer of a million steps (hours of priming); the file's
        // length is known before its notes are made
        long end = (1L << 20) * 120; // 16ths at 480 PPQ
        Path file = PrimersTest.writeMidi(dir.resolve("long.mid"), new NoteSequence(new dev.midigen.codec.smf.Timing.Ppq(480),
                dev.midigen.codec.time.TempoMap.constant(new dev.midigen.codec.smf.Timing.Ppq(480), 500_000),
                dev.midigen.codec.time.MeterMap.fromChanges(480, List.of()), List.of(new Note(64, 90, 0, end, 0, 0, false, 0)),
                end, List.of()));
        MelodySpec spec = new MelodySpec(48, 84, 4, List.of(), 0, null, "highest");
        long start = System.nanoTime();
        assertThatThrownBy(() -> Primers.fromMidi(spec, file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": the music is 65,536 bars long, over the limit of 1,024 bars for a primer"
                        + " (--max-primer-bars raises it)");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(10);
        assertThat(Primers.fromMidi(spec, PrimersTest.writeMidi(dir.resolve("short.mid"), new NoteSequence(
                new dev.midigen.codec.smf.Timing.Ppq(480), dev.midigen.codec.time.TempoMap.constant(
                        new dev.midigen.codec.smf.Timing.Ppq(480), 500_000),
                dev.midigen.codec.time.MeterMap.fromChanges(480, List.of()), List.of(new Note(64, 90, 0, 480 * 16, 0, 0, false, 0)),
                480 * 16, List.of())), 4).tokens().length()).isEqualTo(64);
        assertThatThrownBy(() -> Primers.fromMidi(spec, dir.resolve("short.mid"), 3))
                .hasMessageContaining("the music is 4 bars long, over the limit of 3 bars for a primer");
    }

    @Test
    void withoutAPrimerMagentasDefaultStarts_andMayBeLeftOut() {
        ToyModel model = new ToyModel(DrumKitSpec.MAGENTA, MusicGeneratorTest::fourOnTheFloor);
        MusicGenerator generator = new MusicGenerator(model);

        Generated with = generator.generate(GenerationRequest.of(GenerationLength.steps(4), 1).withSampling(GREEDY)).get(0);
        Generated without = generator.generate(GenerationRequest.of(GenerationLength.steps(4), 1)
                .withSampling(GREEDY.withIncludePrimer(false))).get(0);

        assertThat(with.tokens()).isEqualTo(IntSeq.of(1, 4, 4, 4, 1));
        assertThat(without.tokens()).isEqualTo(IntSeq.of(4, 4, 4, 1));
        assertThat(((DrumTrack) without.music()).length()).isEqualTo(4);
        assertThat(with.bpm()).isEqualTo(120);
        assertThat(with.problems()).isEmpty();
    }

    @Test
    void aPrimerFilesBarAndTempoCarryOver() throws IOException {
        DrumTrack waltz = new DrumTrack(DrumMap.GM, 4, 12, IntSeq.of(1, 0, 0, 4, 0, 0, 2, 0, 0, 4, 0, 0));
        Path file = PrimersTest.writeMidi(dir.resolve("waltz.mid"), waltz.toNoteSequence(480, 84));
        ToyModel model = new ToyModel(DrumKitSpec.MAGENTA, MusicGeneratorTest::fourOnTheFloor);

        Generated piece = new MusicGenerator(model).generate(GenerationRequest.of(GenerationLength.bars(2), 1)
                .withPrimer(Primers.fromMidi(DrumKitSpec.MAGENTA, file)).withSampling(GREEDY)).get(0);

        DrumTrack music = (DrumTrack) piece.music();
        assertThat(music.stepsPerBar()).isEqualTo(12);
        assertThat(music.length()).isEqualTo(12 + 24);
        assertThat(music.steps().slice(0, 12)).isEqualTo(waltz.steps());
        assertThat(piece.bpm()).isCloseTo(84, within(0.01));
        assertThat(piece.notes().meterMap().changes().get(0).numerator()).isEqualTo(3);
    }

    @Test
    void trapTextSamplesItsBarTokens_andAMisplacedBarDoesNotChangeTheLength() {
        // the model writes kick + closed hat and a BAR wherever one belongs: after every 16 steps
        ToyModel tidy = new ToyModel(TrapTextSpec.TRAP_GENERATOR,
                c -> ToyModel.peak(513, (c.position() + 2) % 17 == 0 ? TrapTextCodec.BAR : 320, 30));
        GenerationRequest request = GenerationRequest.of(GenerationLength.bars(2), 1)
                .withPrimer(Primers.parse(TrapTextSpec.TRAP_GENERATOR, "[(36,42)]")).withSampling(GREEDY);

        Generated piece = new MusicGenerator(tidy).generate(request).get(0);

        // 1 primer step + 31 steps (two whole bars) + 2 BARs
        assertThat(piece.tokens().length()).isEqualTo(34);
        assertThat(piece.tokens().get(16)).isEqualTo(TrapTextCodec.BAR);
        assertThat(piece.tokens().get(33)).isEqualTo(TrapTextCodec.BAR);
        assertThat(piece.problems()).isEmpty();
        assertThat(((DrumTrack) piece.music()).length()).isEqualTo(32);

        // a model that never writes BAR: its tokens are all steps, cut to the length asked for
        ToyModel noBars = new ToyModel(TrapTextSpec.TRAP_GENERATOR, c -> ToyModel.peak(513, 320, 30));
        Generated cut = new MusicGenerator(noBars).generate(request).get(0);
        assertThat(cut.tokens().length()).isEqualTo(34);
        assertThat(((DrumTrack) cut.music()).length()).isEqualTo(32);
        assertThat(cut.problems()).isNotEmpty().first().asString().contains("where BAR belongs");
    }

    @Test
    void melodiesMoveBackToThePrimersKey() throws IOException {
        // the model always holds (NO_EVENT) and then ends the note at the 4th generated step
        ToyModel model = new ToyModel(MelodySpec.LOOKBACK, c -> ToyModel.peak(40, c.position() == 5 ? 1 : 0, 30));
        Primer primer = Primers.parse(MelodySpec.LOOKBACK, "[61, 63, 65]");
        GenerationRequest request = GenerationRequest.of(GenerationLength.steps(5), 1).withPrimer(primer)
                .withSampling(GREEDY);

        Generated piece = new MusicGenerator(model).generate(request).get(0);

        assertThat(piece.tokens()).isEqualTo(IntSeq.of(14, 16, 18, 0, 0, 0, 1, 0));
        assertThat(((Melody) piece.music()).events()).isEqualTo(IntSeq.of(61, 63, 65, -2, -2, -2, -1, -2));
        List<Path> files = MidiOutputs.write(List.of(piece), dir, "tune", false);
        List<Note> notes = readBack(files.get(0)).notes();
        assertThat(notes).extracting(Note::pitch).containsExactly(61, 63, 65);
        assertThat(notes.get(2).durationTicks()).isEqualTo(4 * 120);
        assertThat(notes).allSatisfy(note -> assertThat(note.channel()).isZero());
    }

    @Test
    void grooveEncodingsAreRefused() {
        ModelSpec spec = new ModelSpec(new dev.midigen.model.ForeignModel("frame-decoder", "onnx"),
                dev.midigen.codec.encoding.GrooveSpec.GROOVAE, 0);
        SequenceModel frames = new SequenceModel() {
            @Override
            public ModelSpec spec() {
                return spec;
            }

            @Override
            public String backend() {
                return "none";
            }

            @Override
            public Decoder newDecoder(int batchSize) {
                throw new UnsupportedOperationException();
            }

            @Override
            public SequenceBatch score(dev.midigen.model.ModelBatch inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Weights exportWeights() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> new MusicGenerator(frames)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generation writes token encodings and piano rolls; the model reads groove");
    }

    @Test
    void lengthsAndRequestsAreChecked() {
        assertThat(GenerationLength.bars(2).stepsFor(12)).isEqualTo(24);
        assertThat(GenerationLength.steps(7).stepsFor(12)).isEqualTo(7);
        assertThatThrownBy(() -> GenerationLength.bars(0)).hasMessageContaining("bars");
        assertThatThrownBy(() -> GenerationLength.steps(0)).hasMessageContaining("steps");
        assertThatThrownBy(() -> GenerationRequest.of(GenerationLength.steps(1), 0)).hasMessageContaining("outputs");
        assertThatThrownBy(() -> GenerationRequest.of(GenerationLength.steps(1), 1).withBpm(2.0)).hasMessageContaining("bpm");
        assertThat(MidiOutputs.fileName("x", 0)).isEqualTo("x-001.mid");
        assertThat(MidiOutputs.fileName("x", 1233)).isEqualTo("x-1234.mid");
    }
}
