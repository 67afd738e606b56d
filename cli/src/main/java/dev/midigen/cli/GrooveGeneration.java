package dev.midigen.cli;

import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.DrumVae;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.generate.GrooveSampling;
import dev.midigen.model.spi.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code generate} with a drum VAE: each beat one draw from the model's prior, decoded for {@code bars} bars
 * ({@link GrooveSampling#beat}), written with the velocities and micro-timing the model gives it.
 */
final class GrooveGeneration {
    /** The hits' sampling temperature when none is given: GrooVAE's samples hold their pattern best well below 1. */
    static final double TEMPERATURE = 0.5;
    /** The tempo when none is given: near the Groove MIDI Dataset's median. */
    static final double BPM = 120;
    private static final int PPQ = 480;

    private final ModelBundle bundle;
    private final int bars;
    private final double temperature;
    private final double bpm;

    GrooveGeneration(ModelBundle bundle, int bars, double temperature, double bpm) {
        if (bars < 1 || bars > 1024) {
            throw new CliUsageFailure("--bars takes 1 to 1024 for a drum VAE, got " + bars);
        }
        if (!(temperature >= 0)) {
            throw new CliUsageFailure("--temperature must be >= 0, got " + temperature);
        }
        if (!(bpm >= 4 && bpm <= 1000)) {
            throw new CliUsageFailure("--bpm takes 4 to 1000, got " + bpm);
        }
        this.bundle = bundle;
        this.bars = bars;
        this.temperature = temperature;
        this.bpm = bpm;
    }

    /** The beat of {@code seed}: one draw from the prior, decoded for the bars asked for. */
    GrooveTrack beat(GrooveSampling sampling, long seed) {
        return sampling.beat(bars, temperature, seed);
    }

    /** A beat's notes as they are written, at the tempo asked for. */
    NoteSequence notes(GrooveTrack beat) {
        return beat.toNoteSequence(PPQ, bpm);
    }

    /** Writes {@code count} beats, beat {@code i} from seed {@code seed + i}; prints each file and the first one's bar. */
    void run(Backend engine, int count, long seed, OutputFiles files, PrintWriter out) throws IOException {
        if (count < 1) {
            throw new CliUsageFailure("--num-outputs must be at least 1, got " + count);
        }
        DrumVae family = (DrumVae) bundle.spec().family();
        GrooveTrack first = null;
        try (SequenceModel model = bundle.open(engine)) {
            GrooveSampling sampling = new GrooveSampling(model);
            for (int i = 0; i < count; i++) {
                GrooveTrack beat = beat(sampling, seed + i);
                NoteSequence notes = notes(beat);
                var written = files.write(SmfWriter.standard().toBytes(NotesToMidi.convert(notes)));
                out.printf(Locale.ROOT, "wrote %s (%d bars, %d notes, %.0f BPM, %s backend, from the prior of a %d-bar"
                        + " drum VAE at temperature %s)%n", written, bars, notes.notes().size(), bpm, engine.name(),
                        family.bars(), temperature);
                if (first == null) {
                    first = beat;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        for (String row : DrumPicture.firstBar(first.toDrumTrack())) {
            out.println("  " + row);
        }
    }
}
