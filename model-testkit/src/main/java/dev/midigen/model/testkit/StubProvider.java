package dev.midigen.model.testkit;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.Weights;
import java.util.Set;

/** A provider of a backend that does nothing, for testing the choice among backends. */
record StubProvider(String name, int rank, Availability availability) implements BackendProvider {

    @Override
    public Availability probe() {
        return availability;
    }

    @Override
    public Backend open() {
        if (!availability.available()) {
            throw new IllegalStateException(name + " cannot run here: " + availability.reason());
        }
        return new StubBackend(name);
    }

    /** Can do nothing. */
    record StubBackend(String name) implements Backend {
        @Override
        public String version() {
            return "stub";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public String unsupported(ModelSpec spec) {
            return "a stub runs nothing";
        }

        @Override
        public Trainer newTrainer(ModelSpec spec, TrainingConfig config, Weights initial) {
            throw new UnsupportedCapabilityException(name, Capability.TRAIN, null);
        }

        @Override
        public SequenceModel fromWeights(ModelSpec spec, Weights weights) {
            throw new UnsupportedCapabilityException(name, Capability.SCORE, null);
        }
    }
}
