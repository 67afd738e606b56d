package dev.midigen.model.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every provider is: a name, its ranks (serving and training), a probe that never throws and an {@link #open()}
 * that makes the backend. A provider is one line: {@code super(NAME, new Ranks(SERVE, TRAIN), Runtime::probe,
 * Backend::new)}.
 */
public abstract class ProviderBase implements BackendProvider {
    private final String name;
    private final Ranks ranks;
    private final Supplier<Availability> probe;
    private final Supplier<Backend> factory;

    /**
     * A provider's preference when nobody chooses, by operation: higher wins.
     *
     * @param serve sampling, scoring, export, foreign models
     * @param train training (meaningless for a backend that does not train)
     */
    public record Ranks(int serve, int train) {
        public int of(Capability operation) {
            return operation == Capability.TRAIN ? train : serve;
        }
    }

    /**
     * @param probe   whether the engine runs here; may throw (the answer is then "failed to load")
     * @param factory opens the backend
     */
    protected ProviderBase(String name, Ranks ranks, Supplier<Availability> probe, Supplier<Backend> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.ranks = Objects.requireNonNull(ranks, "ranks");
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
        return ranks.serve();
    }

    @Override
    public final int rank(Capability operation) {
        return ranks.of(operation);
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
