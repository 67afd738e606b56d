package dev.midigen.model.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every native backend's probe does: name this platform in JavaCPP's words, look for a class and for a native
 * library on the class path without loading them ({@link Natives}), say in the same words why they are missing or
 * do not load, and remember the answer ({@link #once}). Only {@link #require} throws: the backend's refusal when the
 * answer is no.
 */
public final class NativeProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NativeProbe.class);
    private final Supplier<Availability> load;
    private Availability availability;

    private NativeProbe(Supplier<Availability> load) {
        this.load = load;
    }

    /**
     * A probe that runs {@code load} the first time it is asked and gives that answer from then on; an exception or
     * error from {@code load} is an answer too ("failed to load: …").
     */
    public static NativeProbe once(Supplier<Availability> load) {
        return new NativeProbe(load);
    }

    /**
     * A native engine as its probe looks for it on the class path, without loading it: {@code className}, a class of
     * its Java side (the answer without it is {@code classMissing}); then {@code what}'s natives for this platform, any
     * of the resources {@code natives} names for the platform (without them: "{what}'s natives for P are not on the
     * class path ({module} declares linux-x86_64 only; add {artifact}:P or build with -Pall-platforms)").
     *
     * @param owner    a class whose class loader is searched
     * @param artifact the natives' artifact, group:name:version, without the platform; asked only when they are missing
     */
    public record Natives(Class<?> owner, String className, String classMissing, String what,
                          Function<String, List<String>> natives, String module, Supplier<String> artifact) {
    }

    /**
     * The probe of a native engine: {@code engine}'s class and this platform's natives on the class path, then
     * {@code load} (the engine's own loading), the first time it is asked. An exception or error from {@code load}
     * (natives that fail to load throw errors of every kind) answers "{what}'s natives for P failed to load: " and its
     * root cause, which says what is missing; the whole of it is logged at debug.
     */
    public static NativeProbe once(Natives engine, Supplier<Availability> load) {
        return once(() -> {
            String platform = platform();
            ClassLoader loader = engine.owner().getClassLoader();
            if (!hasClass(loader, engine.className())) {
                return Availability.no(engine.classMissing());
            }
            if (!hasAnyResource(loader, engine.natives().apply(platform).toArray(String[]::new))) {
                return Availability.no(engine.what() + "'s natives for " + platform + " are not on the class path ("
                        + engine.module() + " declares linux-x86_64 only; add " + engine.artifact().get() + ":"
                        + platform + " or build with -Pall-platforms)");
            }
            try {
                return load.get();
            } catch (Throwable e) {
                LOG.debug("{} failed to load", engine.what(), e);
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                return Availability.no(engine.what() + "'s natives for " + platform + " failed to load: " + cause);
            }
        });
    }

    public synchronized Availability get() {
        if (availability == null) {
            try {
                availability = load.get();
            } catch (RuntimeException | LinkageError e) {
                availability = Availability.no("failed to load: " + e);
            }
        }
        return availability;
    }

    /**
     * Makes sure the engine runs here (loading it the first time).
     *
     * @throws IllegalStateException "the {@code backend} backend cannot run here: why"
     */
    public void require(String backend) {
        Availability state = get();
        if (!state.available()) {
            throw new IllegalStateException("the " + backend + " backend cannot run here: " + state.reason());
        }
    }

    /** The platform in JavaCPP's words ({@code linux-x86_64}, {@code macosx-arm64}, …). */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macosx" : os.startsWith("linux")
                ? "linux" : os.replaceAll("\\W", "");
        String archName = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            default -> arch;
        };
        return osName + "-" + archName;
    }

    /**
     * The version of a Maven artifact on {@code loader}'s class path, from its {@code META-INF/maven/…/pom.properties};
     * "unknown" when it has none.
     */
    public static String version(ClassLoader loader, String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether {@code className} is on {@code loader}'s class path (not initialised). */
    public static boolean hasClass(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether any of {@code resources} is on {@code loader}'s class path. */
    public static boolean hasAnyResource(ClassLoader loader, String... resources) {
        for (String resource : resources) {
            if (loader.getResource(resource) != null) {
                return true;
            }
        }
        return false;
    }
}
