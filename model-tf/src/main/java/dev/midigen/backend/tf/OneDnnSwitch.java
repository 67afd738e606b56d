package dev.midigen.backend.tf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns TensorFlow's oneDNN kernels on before its natives load, unless the user chose otherwise.
 *
 * <p>TensorFlow Java's CPU build runs its own kernels (Eigen, compiled without AVX2 and FMA) unless the process has
 * {@code TF_ENABLE_ONEDNN_OPTS=1} in its environment when TensorFlow first asks; then MatMul and friends run on
 * oneDNN, which picks AVX2/AVX-512 code at run time. Training was up to 20% faster with it here (docs/models.md). A
 * library cannot ask its users to export a variable, and Java cannot change its own environment, so this calls
 * libc's {@code setenv} through JNA — only when the variable is absent (the user's value always wins) and
 * {@code -Dmidigen.tf.onednn} is not {@code false}.
 */
final class OneDnnSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnSwitch.class);
    static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
    static final String PROPERTY = "midigen.tf.onednn";

    /**
     * What was decided.
     *
     * @param on  whether oneDNN's kernels are (to be) on
     * @param set whether this process must set the variable for that
     * @param why the decision in words, for logs and the benches
     */
    record Decision(boolean on, boolean set, String why) {
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private OneDnnSwitch() {
    }

    /**
     * The decision from the environment's value of {@code TF_ENABLE_ONEDNN_OPTS} and the system property
     * (either may be null).
     *
     * @throws IllegalArgumentException when the property is neither {@code true} nor {@code false}
     */
    static Decision decide(String environment, String property) {
        boolean wanted = switch (property == null ? "true" : property.trim().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " is true or false, not '" + property + "'");
        };
        if (environment != null) {
            // TensorFlow's own reading: 1 or true (any case) turns it on; anything else leaves it off.
            String value = environment.trim().toLowerCase(Locale.ROOT);
            boolean on = value.equals("1") || value.equals("true");
            return new Decision(on, false, (on ? "on" : "off") + " (" + VARIABLE + "=" + environment + " in the environment)");
        }
        if (!wanted) {
            return new Decision(false, false, "off (-D" + PROPERTY + "=false)");
        }
        return new Decision(true, true, "on (set by midigen; " + VARIABLE + "=0 or -D" + PROPERTY + "=false turns it off)");
    }

    /** libc through JNA: {@code loadLibrary}, deprecated in JNA 5 but also in JNA 4, which an application may pin. */
    @SuppressWarnings("deprecation")
    private static LibC loadLibC() {
        return (LibC) Native.loadLibrary("c", LibC.class);
    }

    /**
     * Decides and, where needed, sets the variable in this process. Call before TensorFlow's natives load;
     * never throws for a platform or JNA that cannot do it (oneDNN then stays off, and the decision says why).
     *
     * @throws IllegalArgumentException when the property is neither {@code true} nor {@code false}
     */
    static Decision apply() {
        Decision decision = decide(System.getenv(VARIABLE), System.getProperty(PROPERTY));
        if (!decision.set()) {
            return decision;
        }
        if (Loader.getLoadedLibraries().keySet().stream().anyMatch(name -> name.contains("tensorflow"))) {
            return new Decision(false, false, "as the environment says (TensorFlow was loaded before midigen could set "
                    + VARIABLE + ")");
        }
        if (dev.midigen.model.spi.NativeProbe.platform().startsWith("windows")) {
            return new Decision(false, false, "off (not set on Windows; set " + VARIABLE + "=1 to turn it on)");
        }
        try {
            LibC libc = loadLibC();
            if (libc.setenv(VARIABLE, "1", 0) != 0) {
                return new Decision(false, false, "off (setenv failed)");
            }
            return decision;
        } catch (LinkageError | RuntimeException e) { // JNA without natives for this platform, or no libc
            LOG.debug("could not set {}", VARIABLE, e);
            return new Decision(false, false, "off (could not set " + VARIABLE + ": " + e + ")");
        }
    }
}
