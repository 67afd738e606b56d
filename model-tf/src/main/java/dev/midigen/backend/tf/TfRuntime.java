package dev.midigen.backend.tf;

import dev.midigen.model.spi.Availability;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Loading TensorFlow's natives once, and the answers about it: whether this platform's natives are on the
 * class path, whether they load, which version; and the session configuration every graph runs with.
 * Never throws from {@link #probe()}.
 */
final class TfRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(TfRuntime.class);
    private static final String NATIVES = "org/tensorflow/internal/c_api/";

    private static Availability availability;
    private static String version = "unknown";
    private static OneDnnSwitch.Decision oneDnn = new OneDnnSwitch.Decision(false, false, "not decided (TensorFlow not loaded)");

    private TfRuntime() {
    }

    /** The platform in JavaCPP's words ({@code linux-x86_64}, {@code macosx-arm64}, …). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macosx" : os.startsWith("linux")
                ? "linux" : os.replaceAll("\\W", "");
        String archName = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return osName + "-" + archName;
    }

    /** Whether TensorFlow can run here (loading its natives the first time), and why not. */
    static synchronized Availability probe() {
        if (availability == null) {
            availability = load();
        }
        return availability;
    }

    private static Availability load() {
        String platform = platform();
        ClassLoader loader = TfRuntime.class.getClassLoader();
        try {
            Class.forName("org.tensorflow.TensorFlow", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.no("TensorFlow Java is not on the class path (add org.tensorflow:tensorflow-core-api)");
        }
        String library = System.mapLibraryName("jnitensorflow");
        if (loader.getResource(NATIVES + platform + "/" + library) == null
                && loader.getResource(NATIVES + platform + "-gpu/" + library) == null) {
            return Availability.no("TensorFlow's natives for " + platform + " are not on the class path (model-tf declares "
                    + "linux-x86_64 only; add org.tensorflow:tensorflow-core-native:" + javaVersion() + ":" + platform
                    + " or build with -Pall-platforms)");
        }
        try {
            oneDnn = OneDnnSwitch.apply();
        } catch (IllegalArgumentException e) {
            return Availability.no(e.getMessage());
        }
        try {
            version = TensorFlow.version();
            LOG.debug("TensorFlow {} loaded; oneDNN kernels {}", version, oneDnn.why());
            return Availability.yes();
        } catch (Throwable e) { // natives that fail to load throw errors of every kind
            LOG.debug("TensorFlow failed to load", e);
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return Availability.no("TensorFlow's natives for " + platform + " failed to load: " + cause);
        }
    }

    /**
     * Makes sure TensorFlow is loaded.
     *
     * @throws IllegalStateException saying why it cannot run
     */
    static void require() {
        Availability state = probe();
        if (!state.available()) {
            throw new IllegalStateException("the tf backend cannot run here: " + state.reason());
        }
    }

    /** TensorFlow's version ({@code TensorFlow.version()}, e.g. 2.18.0), once loaded. */
    static String version() {
        return version;
    }

    /** Whether TensorFlow's oneDNN kernels are on, and why ({@link OneDnnSwitch}), once loaded. */
    static OneDnnSwitch.Decision oneDnn() {
        return oneDnn;
    }

    /** TensorFlow Java's version, from its jar ("unknown" when the jar does not say). */
    static String javaVersion() {
        try (InputStream in = TfRuntime.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            LOG.debug("no TensorFlow Java version", e);
        }
        return "unknown";
    }

    /**
     * The session configuration: {@code threads} inter-op threads (0 = every core), which run a pass's
     * towers side by side, and one intra-op thread per op (an op's own threads would compete with the other
     * towers for the same cores); each session has its own pools (TensorFlow otherwise sizes one
     * process-wide pool by the first session it sees). {@code -Dmidigen.tf.intra=N} and
     * {@code -Dmidigen.tf.inter=N} override them.
     */
    static ConfigProto config(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(Integer.getInteger("midigen.tf.intra", 1))
                .setInterOpParallelismThreads(Integer.getInteger("midigen.tf.inter", n))
                .setUsePerSessionThreads(true)
                .setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(OptimizerOptions.newBuilder()
                        .setGlobalJitLevel(Boolean.getBoolean("midigen.tf.xla") ? OptimizerOptions.GlobalJitLevel.ON_1
                                : OptimizerOptions.GlobalJitLevel.OFF))
                        .setRewriteOptions(rewriter(System.getProperty("midigen.tf.grappler", "noarith"))))
                .build();
    }

    /**
     * Grappler's settings: {@code noarith} (the default) turns its arithmetic optimiser off, which would fold
     * the graphs' explicit transposes back into {@code MatMul} flags that Eigen runs up to 4× slower;
     * {@code default} is TensorFlow's own; {@code off} turns Grappler off (the first run of a graph is then
     * quicker, the steps slower).
     */
    private static RewriterConfig rewriter(String mode) {
        RewriterConfig.Builder config = RewriterConfig.newBuilder();
        switch (mode) {
            case "off" -> config.setDisableMetaOptimizer(true);
            case "noarith" -> config.setArithmeticOptimization(RewriterConfig.Toggle.OFF);
            case "default" -> {
            }
            default -> throw new IllegalArgumentException("midigen.tf.grappler is off, noarith or default, not " + mode);
        }
        return config.build();
    }
}
