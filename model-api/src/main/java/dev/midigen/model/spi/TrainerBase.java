package dev.midigen.model.spi;

import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Weights;
import java.util.Objects;

/**
 * What every backend's trainer does around its numbers, written once: the lifecycle, the checks of batches
 * ({@link BatchChecks}), weights ({@link CanonicalLayout}) and optimizer states ({@link OptimizerState#checkFits})
 * before any native work. A backend implements the {@code *Checked} methods.
 */
public abstract class TrainerBase implements Trainer {
    private final ModelSpec spec;
    private final TrainingConfig config;
    private final Lifecycle lifecycle;

    protected TrainerBase(ModelSpec spec, TrainingConfig config, String backend) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = Objects.requireNonNull(config, "config");
        this.lifecycle = new Lifecycle("this " + Objects.requireNonNull(backend, "backend") + " trainer");
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final TrainingConfig config() {
        return config;
    }

    @Override
    public final double step(TrainingBatch batch) {
        check();
        BatchChecks.check(spec, batch);
        return stepChecked(batch);
    }

    @Override
    public final SequenceBatch score(ModelBatch batch) {
        check();
        BatchChecks.check(spec, batch);
        return scoreChecked(batch);
    }

    @Override
    public final Weights exportWeights() {
        check();
        return weightsChecked();
    }

    @Override
    public final void importWeights(Weights weights) {
        check();
        CanonicalLayout.check(weights, spec);
        importChecked(weights);
    }

    @Override
    public final OptimizerState optimizerState() {
        check();
        return optimizerStateChecked();
    }

    @Override
    public final void restoreOptimizerState(OptimizerState state) {
        check();
        state.checkFits(weightsChecked());
        restoreChecked(state);
    }

    @Override
    public final SequenceModel toModel() {
        check();
        return toModelChecked();
    }

    @Override
    public final void close() {
        if (lifecycle.close()) {
            release();
        }
    }

    protected final void check() {
        lifecycle.check();
    }

    protected abstract double stepChecked(TrainingBatch batch);

    protected abstract SequenceBatch scoreChecked(ModelBatch batch);

    protected abstract Weights weightsChecked();

    protected abstract void importChecked(Weights weights);

    protected abstract OptimizerState optimizerStateChecked();

    protected abstract void restoreChecked(OptimizerState state);

    protected abstract SequenceModel toModelChecked();

    /** Frees the engine's memory; called once. */
    protected void release() {
    }
}
