package dev.midigen.backend.onnx;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the empty {@code onnxruntime-java*} folders that ONNX Runtime's Java loader leaves in the temp
 * folder. Its loader (1.28.0) stages its natives in a fresh temp folder on every start and deletes the files
 * but, on Linux, not the folder: every JVM that loads ONNX Runtime left one behind (measured: 195 after a
 * day's tests). The folder cannot be removed by the process that made it (the loader's own clean-up runs at
 * exit, after any hook of ours), so each start removes the empty ones left by earlier processes. Only empty
 * folders older than a minute are touched: a younger one may belong to a process that is loading right now.
 */
final class OrtStagingSweep {
    private static final Logger LOG = LoggerFactory.getLogger(OrtStagingSweep.class);
    private static final String PREFIX = "onnxruntime-java";
    static final Duration MIN_AGE = Duration.ofMinutes(1);

    private OrtStagingSweep() {
    }

    /** Sweeps the JVM's temp folder; never fails (a folder that cannot be read or removed is left alone). */
    static int sweep() {
        return sweep(Path.of(System.getProperty("java.io.tmpdir")), Instant.now());
    }

    /** Removes the empty {@code onnxruntime-java*} folders in {@code temp} last modified before {@code now − 1 minute}. */
    static int sweep(Path temp, Instant now) {
        FileTime cutoff = FileTime.from(now.minus(MIN_AGE));
        int removed = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(temp, PREFIX + "*")) {
            for (Path folder : folders) {
                try {
                    if (Files.isDirectory(folder) && Files.getLastModifiedTime(folder).compareTo(cutoff) < 0 && isEmpty(folder)) {
                        Files.delete(folder);
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.debug("left {}: {}", folder, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("no sweep of {}: {}", temp, e.toString());
        }
        if (removed > 0) {
            LOG.debug("removed {} empty {}* folders from {}", removed, PREFIX, temp);
        }
        return removed;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        }
    }
}
