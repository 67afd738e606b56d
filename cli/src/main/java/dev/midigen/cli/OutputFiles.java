package dev.midigen.cli;

import dev.midigen.codec.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where {@code generate} writes, one file at a time: {@code --out} as given when it names a .mid file (then
 * {@code NAME-2.mid}, … for more), else {@code stem.mid}, {@code stem-2.mid}, … in the {@code --out} folder (default:
 * the current one). Each file is created new under the first free name, atomically, so two runs into one folder each
 * get their own files; with {@code force} the names are taken in order and replaced. Not thread-safe.
 */
final class OutputFiles {
    /** The highest number tried for a free name. */
    private static final int MAX_NUMBER = 10_000_000;

    private final Path folder;
    private final String base;
    private final boolean force;
    private final AtomicFile.UniqueNames unique;
    private int next = 1;

    /**
     * @throws CliFailure when {@code out} is neither a .mid file name nor a folder (e.g. a device)
     */
    OutputFiles(Path out, String stem, boolean force) throws IOException {
        String name = out == null || out.getFileName() == null ? "" : out.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".mid") && !Files.isDirectory(out)) {
            this.folder = out.toAbsolutePath().getParent();
            this.base = name.substring(0, name.length() - 4);
        } else {
            this.folder = out == null ? Path.of("").toAbsolutePath() : out.toAbsolutePath();
            this.base = stem;
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CliFailure(folder + ": not a folder (--out takes a .mid file name or a folder)");
        }
        Files.createDirectories(folder);
        AtomicFile.sweep(folder); // temporary files of runs that were killed
        this.force = force;
        this.unique = new AtomicFile.UniqueNames(folder, this::name, MAX_NUMBER);
    }

    private String name(int number) {
        return number == 1 ? base + ".mid" : base + "-" + number + ".mid";
    }

    /** Writes the next file; returns where. */
    Path write(byte[] bytes) throws IOException {
        if (!force) {
            return unique.write(bytes);
        }
        Path target = folder.resolve(name(next++));
        AtomicFile.write(target, bytes, true);
        return target;
    }
}
