package dev.midigen.examples;

import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.NoteWriteOptions;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollToNotes;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.Backends;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** The examples' test inputs, made here: nothing is read from {@code ../shared}. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code count} pieces of {@code bars} bars from the embedded {@code model} ({@code melody}, {@code drums}) on onnx. */
    static Path generated(String model, Path folder, int count, int bars) throws IOException {
        try (SequenceModel loaded = DefaultModels.open(model, Backends.discover().open("onnx"))) {
            GenerationRequest request = GenerationRequest.of(GenerationLength.bars(bars), count)
                    .withSampling(SamplingConfig.builder().seed(11).build()).withBpm(120.0);
            new MusicGenerator(loaded).generateFiles(request, folder, model, false);
        }
        return folder;
    }

    /**
     * {@code count} piano pieces of {@code bars} bars: a triad a bar (roots C to E) under a quarter-note line of its
     * chord tones, so there is something to learn and the next bar is not a copy of the last.
     */
    static Path pianoPieces(Path folder, int count, int bars) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < count; i++) {
            PianoRoll.Builder roll = PianoRoll.builder(4, 16, 48, 36, bars * 16);
            for (int bar = 0; bar < bars; bar++) {
                int root = 48 + random.nextInt(5);
                for (int interval : new int[] {0, 4, 7}) {
                    roll.note(root + interval, bar * 16, bar * 16 + 16);
                }
                for (int beat = 0; beat < 4; beat++) {
                    int top = root + 12 + new int[] {0, 4, 7, 12}[random.nextInt(4)];
                    roll.note(top, bar * 16 + beat * 4, bar * 16 + beat * 4 + 4);
                }
            }
            Files.write(folder.resolve(String.format("piece%02d.mid", i)), SmfWriter.standard().toBytes(
                    NotesToMidi.convert(PianoRollToNotes.convert(roll.build(), NoteWriteOptions.DEFAULT.withBpm(120)))));
        }
        return folder;
    }

    /** A corpus of the MIDI in {@code input} in {@code encoding}, a quarter of the files (by hash) for validation. */
    static Path corpus(Path input, Path out, EncodingSpec encoding) throws IOException {
        SplitPolicy split = new SplitPolicy.Hashed(1, 0.25, 0);
        BuildSettings settings = new BuildSettings(split.describe(), false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        CorpusBuilder.build(new BuildRequest(input, out, false, EncodingBindings.of(encoding, settings), split, settings, 2),
                BuildListener.SILENT);
        return out;
    }
}
