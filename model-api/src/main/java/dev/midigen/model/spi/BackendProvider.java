package dev.midigen.model.spi;

/**
 * Makes a backend known: found by {@link java.util.ServiceLoader} (a backend jar lists its provider in
 * {@code META-INF/services/dev.midigen.model.spi.BackendProvider}) or registered explicitly with
 * {@code Backends.with(...)} (shaded jars, custom class loaders). Providers are cheap: nothing heavy
 * happens until {@link #open()}.
 */
public interface BackendProvider {

    /** Short name used to choose it: {@code dl4j}, {@code tf}, {@code onnx}. */
    String name();

    /**
     * Preference for serving (sampling, scoring, exporting) when nobody chooses: the available provider with the highest
     * rank that runs the model wins.
     */
    int rank();

    /**
     * Preference for one operation when nobody chooses. Engines differ by operation (measured, docs/benchmarks.md:
     * onnx and dl4j sample 3× faster than tf, tf trains fastest), so training and serving rank them apart. By default
     * the serving {@link #rank()} for every operation.
     */
    default int rank(Capability operation) {
        return rank();
    }

    /**
     * Whether the backend can run on this machine, and why not; cheap (no training, no large
     * allocation), but may try to load native libraries.
     */
    Availability probe();

    /**
     * The backend, loading what it needs.
     *
     * @throws IllegalStateException when it cannot run here (the message says why)
     */
    Backend open();
}
