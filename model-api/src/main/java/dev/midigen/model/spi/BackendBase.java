package dev.midigen.model.spi;

import dev.midigen.model.ForeignModel;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

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
     * Whether the backend runs {@code spec}'s family: by default the families midigen builds from their parts (the
     * LSTM families and seq2seq-gru); a backend that runs more (foreign models) or fewer says so.
     */
    @Override
    public String unsupported(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.family() instanceof LstmFamily || spec.family() instanceof Seq2SeqGru) {
            return null;
        }
        return "it runs the LSTM families (next-token-lstm, drum-rnn) and seq2seq-gru; " + spec.family().typeName()
                + " is not built on it yet";
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
