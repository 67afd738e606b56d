package dev.midigen.model.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every provider is: a name, a rank, a probe that never throws and an {@link #open()} that makes the backend.
 * A provider is one line: {@code super(NAME, RANK, Runtime::probe, Backend::new)}.
 */
public abstract class ProviderBase implements BackendProvider {
    private final String name;
    private final int rank;
    private final Supplier<Availability> probe;
    private final Supplier<Backend> factory;

    /**
     * @param probe   whether the engine runs here; may throw (the answer is then "failed to load")
     * @param factory opens the backend
     */
    protected ProviderBase(String name, int rank, Supplier<Availability> probe, Supplier<Backend> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.rank = rank;
        this.probe = Objects.requireNonNull(probe, "probe");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final Backend open() {
        return factory.get();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int rank() {
        return rank;
    }

    @Override
    public final Availability probe() {
        try {
            return probe.get();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no(name + " failed to load: " + e);
        }
    }
}
