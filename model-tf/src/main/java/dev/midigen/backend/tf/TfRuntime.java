package dev.midigen.backend.tf;

import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.NativeProbe;
import java.util.List;
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
 * {@link #PROBE} never throws.
 */
final class TfRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(TfRuntime.class);
    private static final String NATIVES = "org/tensorflow/internal/c_api/";
    private static final String LIBRARY = System.mapLibraryName("jnitensorflow");

    /** Whether TensorFlow can run here (loading its natives the first time), and why not. */
    static final NativeProbe PROBE = NativeProbe.once(new NativeProbe.Natives(TfRuntime.class,
            "org.tensorflow.TensorFlow", "TensorFlow Java is not on the class path (add org.tensorflow:tensorflow-core-api)",
            "TensorFlow", platform -> List.of(NATIVES + platform + "/" + LIBRARY, NATIVES + platform + "-gpu/" + LIBRARY),
            "model-tf", () -> "org.tensorflow:tensorflow-core-native:" + javaVersion()), TfRuntime::load);
    private static String version = "unknown";
    private static OneDnnSwitch.Decision oneDnn = new OneDnnSwitch.Decision(false, false, "not decided (TensorFlow not loaded)");

    private TfRuntime() {
    }

    /** Turns oneDNN on or off ({@link OneDnnSwitch}), then loads TensorFlow (its classes and natives are there). */
    private static Availability load() {
        try {
            oneDnn = OneDnnSwitch.apply();
        } catch (IllegalArgumentException e) {
            return Availability.no(e.getMessage());
        }
        version = TensorFlow.version();
        LOG.debug("TensorFlow {} loaded; oneDNN kernels {}", version, oneDnn.why());
        return Availability.yes();
    }

    /**
     * Makes sure TensorFlow is loaded.
     *
     * @throws IllegalStateException saying why it cannot run
     */
    static void require() {
        PROBE.require(TfBackend.NAME);
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
        return NativeProbe.version(TfRuntime.class.getClassLoader(), "org.tensorflow", "tensorflow-core-api");
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
