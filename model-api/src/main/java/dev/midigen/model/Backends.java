package dev.midigen.model;

import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The backends a program can use and the choice among them: an explicit name, else the system property
 * {@code midigen.backend}, else the environment variable {@code MIDIGEN_BACKEND}, else, per operation, the available
 * backend of highest rank for that operation that offers it and runs the model: serving (sampling, scoring) and
 * training rank the engines apart ({@link BackendProvider#rank(Capability)}). Immutable: {@link #with} returns a new
 * instance, so there is no global registry to mutate.
 */
public final class Backends {
    public static final String PROPERTY = "midigen.backend";
    public static final String ENVIRONMENT = "MIDIGEN_BACKEND";

    private final List<BackendProvider> providers;
    private final Map<String, String> environment;

    private Backends(List<BackendProvider> providers, Map<String, String> environment) {
        this.providers = List.copyOf(providers);
        this.environment = Map.copyOf(environment);
    }

    /** The providers on the class path (ServiceLoader), with the process's properties and environment. */
    public static Backends discover() {
        List<BackendProvider> found = new ArrayList<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            found.add(provider);
        }
        return new Backends(found, settings(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)));
    }

    /** Exactly these providers, choosing by explicit name or rank only (no property, no environment). */
    public static Backends of(List<BackendProvider> providers) {
        return new Backends(providers, Map.of());
    }

    /** These providers with a given {@code midigen.backend} property and {@code MIDIGEN_BACKEND} value (either may be null). */
    public static Backends of(List<BackendProvider> providers, String property, String environmentVariable) {
        return new Backends(providers, settings(property, environmentVariable));
    }

    private static Map<String, String> settings(String property, String environmentVariable) {
        Map<String, String> settings = new java.util.HashMap<>();
        if (property != null && !property.isBlank()) {
            settings.put(PROPERTY, property.trim());
        }
        if (environmentVariable != null && !environmentVariable.isBlank()) {
            settings.put(ENVIRONMENT, environmentVariable.trim());
        }
        return settings;
    }

    /** These backends plus {@code provider} (it replaces one of the same name). */
    public Backends with(BackendProvider provider) {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : providers) {
            if (!p.name().equalsIgnoreCase(provider.name())) {
                list.add(p);
            }
        }
        list.add(provider);
        return new Backends(list, environment);
    }

    public List<BackendProvider> providers() {
        return providers;
    }

    /** Each provider's name, ranks and availability, best serving rank first. */
    public List<Status> status() {
        List<Status> status = new ArrayList<>();
        for (BackendProvider provider : ranked(Capability.SAMPLE)) {
            Availability availability;
            try {
                availability = provider.probe();
            } catch (RuntimeException | LinkageError e) {
                availability = Availability.no("probe failed: " + e);
            }
            status.add(new Status(provider.name(), provider.rank(), provider.rank(Capability.TRAIN), availability));
        }
        return status;
    }

    /**
     * A provider's standing.
     *
     * @param rank      its serving rank (sampling, scoring)
     * @param trainRank its training rank
     */
    public record Status(String name, int rank, int trainRank, Availability availability) {
        @Override
        public String toString() {
            return name + " (rank " + rank + "): " + (availability.available() ? "available" : availability.reason());
        }
    }

    /** The name that will be used: explicit, else the property, else the environment, else none. */
    public Optional<String> requestedName(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit.trim());
        }
        if (environment.containsKey(PROPERTY)) {
            return Optional.of(environment.get(PROPERTY));
        }
        return Optional.ofNullable(environment.get(ENVIRONMENT));
    }

    /**
     * Opens the chosen backend.
     *
     * @param explicit a name, or null to fall back to the property, the environment, then rank
     * @throws IllegalArgumentException naming the backends there are and why the others cannot run
     */
    public Backend open(String explicit) {
        Optional<String> requested = requestedName(explicit);
        if (requested.isPresent()) {
            String name = requested.get().toLowerCase(Locale.ROOT);
            for (BackendProvider provider : providers) {
                if (provider.name().equalsIgnoreCase(name)) {
                    Availability availability = provider.probe();
                    if (!availability.available()) {
                        throw new IllegalArgumentException("backend " + name + " cannot run here: " + availability.reason()
                                + "; " + describe());
                    }
                    return provider.open();
                }
            }
            throw new IllegalArgumentException("no backend called " + name + "; " + describe());
        }
        for (BackendProvider provider : ranked(Capability.SAMPLE)) {
            if (provider.probe().available()) {
                return provider.open();
            }
        }
        throw new IllegalArgumentException("no backend can run here; " + describe());
    }

    /** Opens the chosen backend to serve {@code spec} (sample and score): {@link #open(String, Capability, ModelSpec)}. */
    public Backend open(String explicit, ModelSpec spec) {
        return open(explicit, Capability.SAMPLE, spec);
    }

    /**
     * Opens the chosen backend for {@code operation} on {@code spec}: an explicit, property or environment choice as
     * {@link #open(String)}; otherwise the available backend of highest {@linkplain BackendProvider#rank(Capability) rank
     * for the operation} that offers it and runs the spec ({@link Backend#unsupported} is null) — a foreign ONNX model's
     * bundle gets the onnx backend — else the best available one (whose refusal then says why).
     *
     * @param spec null: any model
     * @throws IllegalArgumentException naming the backends there are and why the others cannot run
     */
    public Backend open(String explicit, Capability operation, ModelSpec spec) {
        if (requestedName(explicit).isPresent()) {
            return open(explicit);
        }
        return chosen(operation, spec).orElseGet(() -> open(null));
    }

    /**
     * The name {@link #open(String, Capability, ModelSpec)} would choose for {@code operation} on any model when nobody
     * names one (empty when no available backend offers it). Opens backends in rank order to ask what they offer.
     */
    public Optional<String> defaultFor(Capability operation) {
        return chosen(operation, null).map(Backend::name);
    }

    private Optional<Backend> chosen(Capability operation, ModelSpec spec) {
        for (BackendProvider provider : ranked(operation)) {
            if (provider.probe().available()) {
                Backend backend = provider.open();
                if (backend.capabilities().contains(operation) && (spec == null || backend.unsupported(spec) == null)) {
                    return Optional.of(backend);
                }
            }
        }
        return Optional.empty();
    }

    private List<BackendProvider> ranked(Capability operation) {
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt((BackendProvider p) -> p.rank(operation)).reversed()
                .thenComparing(BackendProvider::name));
        return sorted;
    }

    private String describe() {
        if (providers.isEmpty()) {
            return "no backend is on the class path (add model-dl4j, model-tf or model-onnx)";
        }
        List<String> lines = new ArrayList<>();
        for (Status status : status()) {
            lines.add(status.toString());
        }
        return "backends: " + String.join("; ", lines);
    }
}
