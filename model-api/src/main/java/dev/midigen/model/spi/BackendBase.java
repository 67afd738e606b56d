package dev.midigen.model.spi;

import dev.midigen.model.DrumVae;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every backend does before it builds anything, written once: refuse an operation it does not offer or a spec
 * it does not run ({@link UnsupportedCapabilityException} with the reason), and weights that do not fit the spec's
 * canonical layout ({@link IllegalArgumentException} naming the tensors). A backend implements {@link #unsupported}
 * and the {@code *Checked} factories.
 */
public abstract class BackendBase implements Backend {
    private final String name;
    private final Set<Capability> capabilities;

    protected BackendBase(String name, Set<Capability> capabilities) {
        this.name = Objects.requireNonNull(name, "name");
        this.capabilities = Set.copyOf(capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : capabilities);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(initial, "initial");
        require(Capability.TRAIN, spec);
        refuseForeign(spec, Capability.TRAIN);
        CanonicalLayout.check(initial, spec);
        return trainerChecked(spec, config, initial);
    }

    @Override
    public final SequenceModel fromWeights(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        require(Capability.SCORE, spec);
        refuseForeign(spec, Capability.SCORE);
        CanonicalLayout.check(weights, spec);
        return modelChecked(spec, weights);
    }

    private void refuseForeign(ModelSpec spec, Capability capability) {
        if (spec.family() instanceof ForeignModel) {
            throw new UnsupportedCapabilityException(name, capability,
                    "a foreign model has no canonical weights (open its bundle: loadForeign)");
        }
    }

    /**
     * Null when the spec's family is one of {@link #builtFamilies()}, else why not; a backend that runs more (foreign
     * models) or fewer overrides this.
     */
    @Override
    public String unsupported(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<Class<? extends ModelFamily>> built = builtFamilies();
        for (Class<? extends ModelFamily> family : built) {
            if (family.isInstance(spec.family())) {
                return null;
            }
        }
        return "it runs " + built.stream().map(BackendBase::describe).collect(Collectors.joining(", ")) + "; "
                + spec.family().typeName() + " is not built on it yet";
    }

    /** The families this backend builds: the LSTM families and seq2seq-gru, unless it says more. */
    protected List<Class<? extends ModelFamily>> builtFamilies() {
        return List.of(LstmFamily.class, Seq2SeqGru.class);
    }

    private static String describe(Class<? extends ModelFamily> family) {
        if (family == LstmFamily.class) {
            return "the LSTM families (next-token-lstm, drum-rnn)";
        }
        return family == Seq2SeqGru.class ? "seq2seq-gru" : family == DrumVae.class ? "drum-vae" : family.getSimpleName();
    }

    /** A trainer; only called when the backend trains and runs the spec, with weights that fit it. */
    protected Trainer trainerChecked(ModelSpec spec, TrainingConfig config, Weights initial) {
        throw new UnsupportedCapabilityException(name, Capability.TRAIN, null);
    }

    /** A model; only called when the backend runs the spec, with weights that fit it. */
    protected abstract SequenceModel modelChecked(ModelSpec spec, Weights weights);

    @Override
    public String toString() {
        return name + " backend (" + version() + ")";
    }
}
