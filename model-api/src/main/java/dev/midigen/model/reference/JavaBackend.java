package dev.midigen.model.reference;

import dev.midigen.model.DrumVae;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.LibraryVersion;
import dev.midigen.model.spi.BackendBase;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.List;

/**
 * The pure-Java reference backend, {@code java}: runs every family midigen builds (the LSTM families, the seq2seq GRU
 * and the drum VAE) exactly as the canonical layout ({@link dev.midigen.model.weights.CanonicalLayout}) writes them, in
 * plain Java with double accumulation. It samples and scores, but does not train; it is the yardstick the conformance
 * suite holds every other backend to, and runs anywhere (slowly: it is not for big batches).
 */
public final class JavaBackend extends BackendBase {
    public static final String NAME = "java";

    public JavaBackend() {
        super(NAME, EnumSet.of(Capability.SAMPLE, Capability.SCORE));
    }

    @Override
    public String version() {
        return LibraryVersion.current();
    }

    /** The LSTM families, seq2seq-gru and the drum VAE. */
    @Override
    protected List<Class<? extends ModelFamily>> builtFamilies() {
        return List.of(LstmFamily.class, Seq2SeqGru.class, DrumVae.class);
    }

    @Override
    protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
        return new JavaModel(spec, weights);
    }
}
