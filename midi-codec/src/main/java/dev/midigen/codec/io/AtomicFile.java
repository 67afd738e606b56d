package dev.midigen.codec.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one output file whole: to a temporary file beside it ({@code .NAME.<pid>-<hex>.tmp}, created with the
 * default permissions, not {@code Files.createTempFile}'s owner-only ones), then moved into place. Nobody sees a
 * half-written file, and a failed write, or one whose thread is interrupted (a command being stopped), leaves the old
 * file as it was and no temporary file.
 *
 * <ul>
 *   <li><b>Only regular files are written or replaced.</b> A target that exists and is a folder, a device, a FIFO or
 *       a socket is refused, with {@code overwrite} too (renaming over {@code /dev/null} would replace the device).
 *       A symbolic link to a regular file is written through: the file it points to is replaced, the link stays.</li>
 *   <li><b>Without {@code overwrite} the file is created new, atomically</b>: the finished temporary file is
 *       hard-linked to the target name, which fails if the name is taken, even by a file that appeared a moment
 *       ago in another process. {@link UniqueNames} builds on this to give concurrent writers each their own name.
 *       (On a file system without hard links it falls back to a check and a rename.)</li>
 * </ul>
 *
 * <p>A process killed mid-write (kill -9, power loss) leaves its temporary file; {@link #sweep} removes those of
 * processes no longer running.
 */
public final class AtomicFile {
    private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d+-[0-9a-f]+)\\.tmp");

    private AtomicFile() {
    }

    /** Writes the content of an output file to the temporary file it is given (which exists, empty). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    /**
     * Writes {@code bytes} to {@code target}, whose folder must exist.
     *
     * @throws FileAlreadyExistsException when {@code target} exists and {@code overwrite} is false, or when it exists
     *                                    and is not a regular file (or a link to one)
     */
    public static void write(Path target, byte[] bytes, boolean overwrite) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, overwrite, temp -> Files.write(temp, bytes, StandardOpenOption.WRITE));
    }

    /**
     * Writes {@code target} with what {@code content} writes to the temporary file, whose folder must exist.
     *
     * @throws FileAlreadyExistsException as {@link #write(Path, byte[], boolean)}
     */
    public static void write(Path target, boolean overwrite, Content content) throws IOException {
        Path resolved = checkTarget(target, overwrite);
        Path temp = createTemp(resolved);
        try {
            content.writeTo(temp);
            if (Thread.currentThread().isInterrupted()) {
                // the command is being stopped: leave things as they were rather than finish late
                throw new InterruptedIOException(target + ": not written (interrupted)");
            }
            commit(temp, resolved, target, overwrite);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Where a write to {@code target} would go: its absolute path, or the file a symbolic link points to.
     *
     * @throws FileAlreadyExistsException when {@code target} exists and {@code overwrite} is false, or when it is
     *                                    not a regular file
     */
    public static Path checkTarget(Path target, boolean overwrite) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        BasicFileAttributes attributes = attributes(absolute, LinkOption.NOFOLLOW_LINKS);
        if (attributes == null) {
            return absolute;
        }
        Path resolved = absolute;
        if (attributes.isSymbolicLink()) {
            attributes = attributes(absolute);
            if (attributes == null) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "a symbolic link to a missing file; midigen does not write through it");
            }
            resolved = absolute.toRealPath();
        }
        if (attributes.isDirectory()) {
            throw new FileAlreadyExistsException(target.toString(), null, "the output is a folder");
        }
        if (!attributes.isRegularFile()) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "the output exists and is not a regular file (a device, FIFO or socket); midigen writes only"
                            + " regular files");
        }
        if (!overwrite) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "the output file exists (use --overwrite to replace it)");
        }
        return resolved;
    }

    /**
     * Removes the temporary files that processes no longer running left in {@code folder} (nothing when it does not
     * exist); returns how many. One listing of the folder: call it once per run, not per file.
     */
    public static int sweep(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, ".*.tmp")) {
            for (Path entry : entries) {
                Matcher matcher = TEMP.matcher(entry.getFileName().toString());
                if (matcher.matches() && ProcessTag.isStale(matcher.group(1)) && Files.isRegularFile(entry,
                        LinkOption.NOFOLLOW_LINKS)) {
                    removed += Files.deleteIfExists(entry) ? 1 : 0;
                }
            }
        }
        return removed;
    }

    private static Path createTemp(Path resolved) throws IOException {
        Path temp = resolved.resolveSibling("." + resolved.getFileName() + "." + ProcessTag.next() + ".tmp");
        try {
            return Files.createFile(temp);
        } catch (NoSuchFileException e) {
            // say which folder is missing, not the temporary file's name
            throw new NoSuchFileException(resolved.getParent().toString(), null, "no such folder");
        }
    }

    private static void commit(Path temp, Path resolved, Path target, boolean overwrite) throws IOException {
        if (overwrite) {
            checkTarget(resolved, true); // what is there now must still be a regular file (or nothing)
            try {
                Files.move(temp, resolved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, resolved, StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        try {
            Files.createLink(resolved, temp); // fails when the name is taken: create-new, atomically
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null, "the output file exists (it appeared while"
                    + " writing; use --overwrite to replace it)");
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            // No hard links here (some network and FUSE file systems): check, then rename.
            checkTarget(resolved, false);
            Files.move(temp, resolved);
        }
    }

    private static BasicFileAttributes attributes(Path path, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Names {@code names.apply(n)} for n = 1, 2, … in a folder, each file created new: a name taken (before or while
     * writing, by this process or another) is skipped, so concurrent writers into one folder each get their own
     * files and none fails. Keeps its place between writes. Not thread-safe.
     */
    public static final class UniqueNames {
        private final Path folder;
        private final IntFunction<String> names;
        private final int limit;
        private int next = 1;

        /**
         * @param names the file name for each number from 1
         * @param limit the highest number tried
         */
        public UniqueNames(Path folder, IntFunction<String> names, int limit) {
            this.folder = Objects.requireNonNull(folder, "folder");
            this.names = Objects.requireNonNull(names, "names");
            this.limit = limit;
        }

        /**
         * Writes {@code bytes} as the first free name from where the last write left off; returns its path.
         *
         * @throws FileAlreadyExistsException when every name up to the limit is taken
         */
        public Path write(byte[] bytes) throws IOException {
            for (; next <= limit; next++) {
                Path candidate = folder.resolve(names.apply(next));
                if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    AtomicFile.write(candidate, bytes, false);
                    next++;
                    return candidate;
                } catch (FileAlreadyExistsException e) {
                    // taken while we wrote: the next name
                }
            }
            throw new FileAlreadyExistsException(folder.resolve(names.apply(limit)).toString(), null,
                    "no free file name up to number " + limit);
        }
    }
}
