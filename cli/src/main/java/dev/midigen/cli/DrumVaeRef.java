package dev.midigen.cli;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.model.DrumVae;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What the drum-VAE commands ({@code humanize}, {@code interpolate}, {@code tap2drum}) share: their model and input. */
final class DrumVaeRef {
    private DrumVaeRef() {
    }

    /**
     * The drum-vae bundle {@code model} names (an embedded model or a folder).
     *
     * @throws CliFailure naming what is wrong, in one line
     */
    static ModelBundle read(String model, String command) throws IOException {
        ModelBundle bundle;
        try {
            bundle = ModelRef.read(model);
        } catch (NoSuchFileException e) {
            throw new CliFailure("--model " + model + ": " + (e.getReason() != null ? e.getReason() : "no such bundle"));
        }
        if (!(bundle.spec().family() instanceof DrumVae) || !(bundle.spec().encoding() instanceof GrooveSpec)) {
            throw new CliFailure("--model " + model + " is a " + bundle.spec().family().typeName() + "; " + command
                    + " needs a drum-vae (groovae-2bar, groovae-4bar)");
        }
        return bundle;
    }

    /**
     * A drum VAE that draws hits of its own, for sampling, interpolating and tapping: {@code model}'s, or for the
     * embedded {@code groove} (a humanizer, which reads the hits it plays) the embedded {@value #SAMPLER}.
     *
     * @throws CliFailure when the bundle reads its hits (hit controls) and is not the embedded one
     */
    static ModelBundle forSampling(String model, String command) throws IOException {
        ModelBundle bundle = read(model, command);
        if (!((DrumVae) bundle.spec().family()).hitControls()) {
            return bundle;
        }
        if (model.equals("groove") && DefaultModels.isName(SAMPLER)) {
            return read(SAMPLER, command);
        }
        throw new CliFailure("--model " + model + " reads the hits it plays (hit_controls): it humanizes beats; " + command
                + " needs a drum VAE that draws hits (the embedded " + SAMPLER + ", or one trained without hit_controls)");
    }

    /** The embedded drum VAE that samples: an autoencoder over 4 bars. */
    static final String SAMPLER = "groove-4bar";

    /** The notes of a MIDI file, read leniently. */
    static NoteSequence notes(Path file) throws IOException {
        return MidiToNotes.convert(SmfReader.lenient().read(file).file()).sequence();
    }
}
