package dev.midigen.cli;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.generate.Humanizer;
import dev.midigen.model.generate.VaeHumanizer;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Backend;
import dev.midigen.models.DefaultModels;
import java.io.IOException;

/**
 * {@code generate}'s humanizing of drums: the embedded {@code groove} model (a drum VAE) on the sampling backend when
 * it runs it, else on the pure-Java reference (no second native engine loads for it); nothing when the model is not
 * embedded.
 */
final class GrooveFeel implements AutoCloseable {
    static final GrooveFeel NONE = new GrooveFeel(null, null);
    static final String MODEL = "groove";

    private final SequenceModel model;
    private final Humanizer humanizer;
    private final boolean owned;

    private GrooveFeel(SequenceModel model, Humanizer humanizer) {
        this(model, humanizer, true);
    }

    private GrooveFeel(SequenceModel model, Humanizer humanizer, boolean owned) {
        this.model = model;
        this.humanizer = humanizer;
        this.owned = owned;
    }

    /**
     * The feel of {@code groove}, a humanizing drum VAE already open (the studio's, shared by its requests): closing
     * the feel leaves the model open for its owner to close.
     */
    static GrooveFeel of(SequenceModel groove) {
        return new GrooveFeel(groove, new Humanizer(((GrooveSpec) groove.spec().encoding()).drumMap(),
                new VaeHumanizer(groove)), false);
    }

    static GrooveFeel open(Backend sampling) throws IOException {
        if (!DefaultModels.isName(MODEL)) {
            return NONE;
        }
        ModelBundle bundle = DefaultModels.bundle(MODEL);
        Backend engine = sampling.unsupported(bundle.spec()) == null ? sampling : new JavaBackend();
        SequenceModel model = bundle.open(engine);
        return new GrooveFeel(model, new Humanizer(((GrooveSpec) bundle.spec().encoding()).drumMap(),
                new VaeHumanizer(model)));
    }

    NoteSequence apply(NoteSequence notes) {
        return humanizer == null ? notes : humanizer.humanize(notes);
    }

    /** ", humanized by groove on java" or "". */
    String describe() {
        return model == null ? "" : ", humanized by " + MODEL + " on " + model.backend();
    }

    @Override
    public void close() {
        if (model != null && owned) {
            model.close();
        }
    }
}
