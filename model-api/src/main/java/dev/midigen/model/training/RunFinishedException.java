package dev.midigen.model.training;

import dev.midigen.model.bundle.ModelBundle;
import java.util.Objects;

/**
 * Thrown by a resumed training run that finds it had already finished when it was stopped: its bundle is the output
 * (moved into place now if the stop came just before), the work folder is gone, and there is nothing to resume. The
 * files are then exactly those an uninterrupted run leaves.
 */
public final class RunFinishedException extends IllegalStateException {
    private final transient ModelBundle bundle;

    RunFinishedException(java.nio.file.Path output, ModelBundle bundle) {
        super(output + ": the run had finished; nothing to resume");
        this.bundle = Objects.requireNonNull(bundle, "bundle");
    }

    /** The finished run's bundle. */
    public ModelBundle bundle() {
        return bundle;
    }
}
