package dev.midigen.backend.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.NativeProbe;

/**
 * ONNX Runtime in this JVM: one {@link OrtEnvironment} (loaded once; its natives come in the onnxruntime jar
 * for linux, macOS and Windows on x64 and arm64), and the session options every model uses.
 *
 * <p>Threads: each session computes on {@value #THREADS_PROPERTY} intra-op threads (default 1: batch-1
 * sampling is fastest on one, and several models or JVMs can then share a machine); 0 lets ONNX Runtime
 * use every core. Graph optimisations are all on; results are deterministic for a given thread count.
 */
public final class OnnxRuntime {
    /** System property: intra-op threads per session (default 1; 0 = ONNX Runtime's default, every core). */
    public static final String THREADS_PROPERTY = "midigen.onnx.threads";
    /**
     * System property: whether decoders feed the first layer the non-zero features only ({@code true}), all of them
     * ({@code false}), or decide by the input's width ({@code auto}, the default: sparse from 64 features, which
     * token codecs' one-hot features are).
     */
    public static final String SPARSE_PROPERTY = "midigen.onnx.sparseInput";
    /** From this many input features, decoders feed the non-zero ones only (unless {@value #SPARSE_PROPERTY} says). */
    public static final int SPARSE_FROM = 64;

    private static volatile OrtEnvironment environment;
    /** Loads ONNX Runtime the first time it is asked, then sweeps the staging folders earlier processes left. */
    private static final NativeProbe PROBE = NativeProbe.once(() -> {
        try {
            environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "midigen");
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("ONNX Runtime's natives do not load on " + NativeProbe.platform() + ": " + e);
        }
        OrtStagingSweep.sweep();
        return Availability.yes();
    });

    private OnnxRuntime() {
    }

    /** Whether ONNX Runtime loads here (loading it the first time), and why not. */
    public static Availability probe() {
        return PROBE.get();
    }

    /**
     * The environment.
     *
     * @throws IllegalStateException when ONNX Runtime cannot run here (saying why)
     */
    public static OrtEnvironment environment() {
        Availability available = probe();
        if (!available.available()) {
            throw new IllegalStateException(available.reason());
        }
        return environment;
    }

    /** ONNX Runtime's version ({@code 1.28.0}). */
    public static String version() {
        return environment().getVersion();
    }

    /** Intra-op threads from {@value #THREADS_PROPERTY}: 1 unless set. */
    public static int threads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads < 0) {
                throw new NumberFormatException();
            }
            return threads;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " takes a number of threads >= 0, got '" + value + "'", e);
        }
    }

    /** Whether decoders of a network reading {@code inputSize} features use the sparse step graph. */
    static boolean sparseInput(int inputSize) {
        String value = System.getProperty(SPARSE_PROPERTY, "auto").trim();
        switch (value) {
            case "true":
                return true;
            case "false":
                return false;
            case "auto":
                return inputSize >= SPARSE_FROM;
            default:
                throw new IllegalArgumentException("-D" + SPARSE_PROPERTY + " takes true, false or auto, got '" + value + "'");
        }
    }

    /**
     * A session of the model in {@code bytes}.
     *
     * @throws OrtException when ONNX Runtime refuses the model (not ONNX, damaged, an operator it lacks, …)
     */
    static OrtSession session(byte[] bytes, int threads) throws OrtException {
        return session(bytes, threads, true);
    }

    /**
     * A session; without {@code prepack}, ONNX Runtime leaves constant matrices as they are instead of packing them
     * for its GEMM kernels — measured 1.5–2× faster for the products of one row (batch-1 decoding), where MLAS
     * then streams the canonical {@code [out, in]} rows.
     */
    static OrtSession session(byte[] bytes, int threads, boolean prepack) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (!prepack) {
                options.addConfigEntry("session.disable_prepacking", "1");
            }
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            return environment().createSession(bytes, options);
        }
    }
}
