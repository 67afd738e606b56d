package dev.midigen.cli;

import dev.midigen.model.Backends;
import dev.midigen.model.ForeignModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;

/** Opening the backend a command was asked for, with messages for a user rather than a stack trace. */
final class Engines {
    private Engines() {
    }

    /**
     * The backend called {@code name} (or, when null, the best-ranked one for {@code capability} that runs {@code spec}: the onnx backend for a
     * foreign ONNX model) that can do {@code capability} for {@code spec}.
     */
    static Backend open(String name, Capability capability, ModelSpec spec) {
        Backend backend;
        Backends backends = Backends.discover();
        try {
            backend = backends.open(name, capability, spec);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (name != null && backends.providers().stream().noneMatch(p -> p.name().equals(name))) {
                throw new CliUsageFailure("--backend: " + e.getMessage()); // a name that is no backend's: a usage error
            }
            throw new CliFailure(e.getMessage());
        }
        if (!backend.capabilities().contains(capability)) {
            throw new CliFailure(new UnsupportedCapabilityException(backend.name(), capability, null).getMessage()
                    + " (choose another with --backend; 'midigen backends' lists them)");
        }
        String reason = backend.unsupported(spec);
        if (reason != null && spec.family() instanceof ForeignModel foreign) {
            throw new CliFailure("this bundle holds a " + foreign.format() + " model made elsewhere, which only the " + foreign.format()
                    + " backend runs (use --backend " + foreign.format() + "; the " + backend.name() + " backend cannot)");
        }
        if (reason != null) {
            throw new CliFailure("the " + backend.name() + " backend cannot run this model: " + reason);
        }
        return backend;
    }
}
