package dev.midigen.examples;

import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.Backends;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.models.DefaultModels;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An 8-bar drum beat from the embedded {@code drums} model (a drum RNN trained on the Groove MIDI Dataset),
 * run on ONNX Runtime and written as a standard MIDI file: the drums on channel 10, 140 BPM.
 *
 * <p>The three steps of every generation: open a backend by name, open a model on it, and ask a
 * {@link MusicGenerator} for music ({@link GenerationRequest}: how long, how many, how to sample).
 *
 * <p>Run: {@code BeatFromDefaults beat.mid [seed]} (from your IDE, or see {@code BeatFromDefaultsTest}).
 */
public final class BeatFromDefaults {
    private BeatFromDefaults() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: BeatFromDefaults OUT.mid [SEED]");
        }
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;

        Backend onnx = Backends.discover().open("onnx"); // or "dl4j", "tf", "java"; null picks the best
        try (SequenceModel drums = DefaultModels.open("drums", onnx)) {
            GenerationRequest request = GenerationRequest.of(GenerationLength.bars(8), 1)
                    .withSampling(SamplingConfig.builder().temperature(1.0).seed(seed).build())
                    .withBpm(140.0);
            Generated beat = new MusicGenerator(drums).generate(request).get(0);

            Files.createDirectories(out.toAbsolutePath().getParent());
            SmfWriter.standard().write(NotesToMidi.convert(beat.notes()), out);
            System.out.printf("wrote %s: %d drum notes, %d steps, on the %s backend%n", out,
                    beat.notes().notes().size(), beat.tokens().length(), drums.backend());
        }
    }
}
