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
     * The drum-vae bundle {@code model} names (the embedded {@code groove}, when it ships, or a folder).
     *
     * @throws CliFailure naming what is wrong, in one line
     */
    static ModelBundle read(String model, String command) throws IOException {
        if (model.equals("groove") && !DefaultModels.isName(model) && !Files.exists(Path.of(model))) {
            throw new CliFailure("--model groove: the embedded groove model does not ship yet; give a drum-vae bundle"
                    + " (train one: midigen train --model groovae-2bar --data GROOVE_CORPUS --out DIR)");
        }
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

    /** The notes of a MIDI file, read leniently. */
    static NoteSequence notes(Path file) throws IOException {
        return MidiToNotes.convert(SmfReader.lenient().read(file).file()).sequence();
    }
}
