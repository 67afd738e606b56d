package dev.midigen.backend.dl4j;

import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.NativeProbe;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loading nd4j's natives once, and the answers about it: whether this platform's natives are on the class
 * path, whether they load, which version. {@link #PROBE} never throws.
 *
 * <p>The backend runs nd4j single-threaded ({@code OMP_NUM_THREADS=1}: measured here, more OpenMP threads
 * than that stall training on 2 cores) and gets its parallelism from Java threads, one per block of the
 * batch. When {@code OMP_NUM_THREADS} is not set, opening the backend sets nd4j's and its BLAS's thread
 * counts to 1 for the whole JVM.
 */
final class Nd4jRuntime {
    private static final String NATIVES = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    /** Whether nd4j can run here (loading its natives the first time), and why not. */
    static final NativeProbe PROBE = NativeProbe.once(new NativeProbe.Natives(Nd4jRuntime.class,
            "org.nd4j.linalg.factory.Nd4j", "nd4j is not on the class path (add org.nd4j:nd4j-native)", "nd4j",
            platform -> List.of(NATIVES + platform + "/", NATIVES + platform + "/libjnind4jcpu.so",
                    NATIVES + platform + "/jnind4jcpu.dll", NATIVES + platform + "/libjnind4jcpu.dylib"),
            "model-dl4j", () -> "org.nd4j:nd4j-native:" + version()), Nd4jRuntime::load);

    private Nd4jRuntime() {
    }

    /** Loads nd4j (its classes and this platform's natives are on the class path). */
    private static Availability load() {
        configureThreads();
        Nd4j.create(1);
        return Availability.yes();
    }

    private static void configureThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null || omp.isBlank()) {
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            Nd4j.factory().blas().setMaxThreads(1);
        }
    }

    /**
     * Makes sure nd4j is loaded.
     *
     * @throws IllegalStateException saying why it cannot run
     */
    static void require() {
        PROBE.require(Dl4jBackend.NAME);
    }

    /** nd4j's version, from its jar ("unknown" when the jar does not say). */
    static String version() {
        return NativeProbe.version(Nd4jRuntime.class.getClassLoader(), "org.nd4j", "nd4j-api");
    }
}
