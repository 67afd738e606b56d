package dev.midigen.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.midigen.model.TrainingConfig;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a model came from, saved in its bundle: what it learnt from and how, on what, by whom.
 *
 * @param corpusFingerprint the training corpus's fingerprint (null when not trained here)
 * @param training          how it was trained (null for imported weights)
 * @param backend           the backend that trained or imported it ({@code dl4j}, {@code java}, …)
 * @param backendVersion    that backend's engine version
 * @param libraryVersion    midigen's version ({@link LibraryVersion#current()})
 * @param jvm               the Java runtime
 * @param os                the operating system and its version
 * @param arch              the processor architecture
 * @param seed              the seed of its initial weights and training
 * @param stepsTrained      optimizer steps taken (0 for imported weights)
 * @param createdBy         a free note: the program or person that made it
 */
@JsonPropertyOrder({"corpusFingerprint", "training", "backend", "backendVersion", "libraryVersion", "jvm", "os", "arch",
    "seed", "stepsTrained", "createdBy"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Provenance(String corpusFingerprint, TrainingConfig training, String backend, String backendVersion,
                         String libraryVersion, String jvm, String os, String arch, long seed, long stepsTrained,
                         String createdBy) {

    public Provenance {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(backendVersion, "backendVersion");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(jvm, "jvm");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
        if (stepsTrained < 0) {
            throw new IllegalArgumentException("stepsTrained must be >= 0, got " + stepsTrained);
        }
        createdBy = createdBy == null ? "" : createdBy;
    }

    /** A model trained here, now, on this machine; the seed is the training config's. */
    public static Provenance trained(String corpusFingerprint, TrainingConfig training, String backend,
                                     String backendVersion, long stepsTrained, String createdBy) {
        Objects.requireNonNull(training, "training");
        return new Provenance(corpusFingerprint, training, backend, backendVersion, LibraryVersion.current(), thisJvm(),
                thisOs(), thisArch(), training.seed(), stepsTrained, createdBy);
    }

    /** Weights imported (or initialised) here, now, on this machine, not trained. */
    public static Provenance imported(String backend, String backendVersion, long seed, String createdBy) {
        return new Provenance(null, null, backend, backendVersion, LibraryVersion.current(), thisJvm(), thisOs(), thisArch(), seed, 0,
                createdBy);
    }

    /** This JVM: its version and implementation. */
    public static String thisJvm() {
        return String.format(Locale.ROOT, "%s (%s %s)", System.getProperty("java.runtime.version",
                System.getProperty("java.version", "?")), System.getProperty("java.vm.vendor", "?"),
                System.getProperty("java.vm.name", "?"));
    }

    /** This operating system and its version. */
    public static String thisOs() {
        return System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?");
    }

    /** This processor architecture. */
    public static String thisArch() {
        return System.getProperty("os.arch", "?");
    }
}
