package dev.midigen.dataset;

import dev.midigen.codec.io.ProcessTag;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An output folder written as a whole: files go to a hidden folder beside the target
 * ({@code .NAME.partial-<pid>-<hex>}), which is moved into place by {@link #commit()} (replacing the target when
 * overwriting: the old one is first moved aside to {@code .NAME.old-<pid>-<hex>}, then deleted); closing without
 * committing deletes it. So nobody ever sees a half-written output folder. A process killed in between leaves those
 * folders; the next {@link #create} for the same target (or {@link #recover}) removes the ones of processes no longer
 * running, and puts an old folder back when the kill came between the two moves. Not thread-safe.
 */
public final class StagedFolder implements Closeable {
    private static final String PARTIAL = ".partial-";
    private static final String OLD = ".old-";
    private final Path target;
    private final boolean overwrite;
    private final Path staging;
    private boolean committed;

    private StagedFolder(Path target, boolean overwrite, Path staging) {
        this.target = target;
        this.overwrite = overwrite;
        this.staging = staging;
    }

    /**
     * Starts writing {@code target}.
     *
     * @throws FileAlreadyExistsException when {@code target} exists and {@code overwrite} is false, or
     *                                    when it exists and is not a folder
     */
    public static StagedFolder create(Path target, boolean overwrite) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            Files.createDirectories(parent);
            recover(absolute);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write the output folder here (" + e + ")", e);
        }
        if (Files.exists(absolute) && !overwrite) {
            throw new FileAlreadyExistsException(target.toString(), null, "the output folder exists (use --overwrite to replace it)");
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the output exists and is not a folder");
        }
        Path staging = parent.resolve("." + absolute.getFileName() + PARTIAL + ProcessTag.next());
        try {
            Files.createDirectory(staging);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write the output folder here (" + e + ")", e);
        }
        return new StagedFolder(absolute, overwrite, staging);
    }

    /** The target folder. */
    public Path target() {
        return target;
    }

    /**
     * Where the file with relative id {@code id} ({@code /}-separated) is written before the commit; its
     * parent folders are created.
     */
    public Path file(String id) throws IOException {
        Path file = staging;
        for (String part : id.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("not a relative file id: " + id);
            }
            file = file.resolve(part);
        }
        Files.createDirectories(file.getParent());
        return file;
    }

    /** Moves the folder into place (replacing the old one when overwriting). */
    public void commit() throws IOException {
        publish(staging, target, overwrite);
        committed = true;
    }

    /**
     * Moves a complete folder into place as {@code target}, as {@link #commit} does: an existing target is moved aside
     * ({@code .NAME.old-<pid>-<hex>}), the folder moved in, the old one deleted.
     *
     * @throws FileAlreadyExistsException when {@code target} exists and {@code overwrite} is false
     */
    public static void publish(Path complete, Path target, boolean overwrite) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path old = null;
        if (Files.exists(absolute)) {
            if (!overwrite) {
                throw new FileAlreadyExistsException(target.toString(), null, "the output folder appeared while writing");
            }
            old = absolute.resolveSibling("." + absolute.getFileName() + OLD + ProcessTag.next());
            move(absolute, old);
        }
        move(complete, absolute);
        if (old != null) {
            deleteTree(old);
        }
    }

    /**
     * Deletes a folder so that a process killed midway leaves nothing a later run takes for it: it is first renamed
     * to a staging name ({@code .NAME.partial-<pid>-<hex>}), which {@link #recover} removes.
     */
    public static void discard(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            return;
        }
        Path doomed = absolute.resolveSibling("." + absolute.getFileName() + PARTIAL + ProcessTag.next());
        move(absolute, doomed);
        deleteTree(doomed);
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            deleteTree(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /**
     * Cleans up after processes that were killed while writing {@code target}: their staging folders are deleted;
     * an old target they had moved aside is put back when the target is missing (the kill came between the two
     * moves of a commit), else deleted. Folders of processes still running are left alone. Returns how many
     * leftovers it handled.
     */
    public static int recover(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        String prefix = "." + absolute.getFileName();
        if (parent == null || !Files.isDirectory(parent)) {
            return 0;
        }
        List<Path> partial = new ArrayList<>();
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(prefix + PARTIAL) && ProcessTag.isStale(name.substring((prefix + PARTIAL).length()))) {
                    partial.add(entry);
                } else if (name.startsWith(prefix + OLD) && ProcessTag.isStale(name.substring((prefix + OLD).length()))) {
                    old.add(entry);
                }
            }
        }
        for (Path folder : partial) {
            deleteTree(folder);
        }
        old.sort(Comparator.naturalOrder());
        for (Path folder : old) {
            if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                move(folder, absolute);
            } else {
                deleteTree(folder);
            }
        }
        return partial.size() + old.size();
    }

    /** Deletes a folder and everything in it (nothing when it does not exist). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = new ArrayList<>();
            walk.forEach(paths::add);
            paths.sort(Comparator.reverseOrder());
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        }
    }
}
