package dev.midigen.model.generate;

import dev.midigen.codec.io.AtomicFile;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.smf.SmfWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes generated pieces as MIDI files {@code <prefix>-001.mid}, {@code <prefix>-002.mid}, … (numbered
 * by output index + 1, at least three digits) into a folder, which is created when missing. Each file is
 * written whole ({@link AtomicFile}). Unless {@code overwrite}, every name is checked before anything is
 * written and an existing file is refused, so a refused call writes nothing.
 */
public final class MidiOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(MidiOutputs.class);

    private MidiOutputs() {
    }

    /** The file name of output {@code index}. */
    public static String fileName(String prefix, int index) {
        return String.format("%s-%03d.mid", prefix, index + 1);
    }

    /**
     * @return the files written, in the order of {@code pieces}
     * @throws FileAlreadyExistsException when a file exists and {@code overwrite} is false (nothing is
     *                                    written then)
     * @throws IllegalArgumentException   for a prefix that is empty or holds a path separator
     */
    public static List<Path> write(List<Generated> pieces, Path folder, String prefix, boolean overwrite)
            throws IOException {
        targets(folder, prefix, pieces.stream().map(Generated::index).toList(), overwrite);
        List<Path> written = new ArrayList<>(pieces.size());
        for (Generated piece : pieces) {
            written.add(write(piece, folder, prefix, overwrite));
        }
        LOG.debug("wrote {} MIDI files to {}", written.size(), folder);
        return written;
    }

    /**
     * Writes one piece as {@code <prefix>-NNN.mid} of its output index into {@code folder} (created when missing).
     *
     * @throws FileAlreadyExistsException when the file exists and {@code overwrite} is false
     */
    public static Path write(Generated piece, Path folder, String prefix, boolean overwrite) throws IOException {
        checkPrefix(prefix);
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName(prefix, piece.index()));
        AtomicFile.write(target, SmfWriter.standard().toBytes(NotesToMidi.convert(piece.notes())), overwrite);
        return target;
    }

    /** The files of these output indices, refusing existing ones unless {@code overwrite}. */
    static List<Path> targets(Path folder, String prefix, List<Integer> indices, boolean overwrite)
            throws FileAlreadyExistsException {
        checkPrefix(prefix);
        List<Path> targets = new ArrayList<>(indices.size());
        for (int index : indices) {
            Path target = folder.resolve(fileName(prefix, index));
            if (targets.contains(target)) {
                throw new IllegalArgumentException("two pieces have output index " + index);
            }
            if (!overwrite && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "the output file exists (allow overwriting to replace it)");
            }
            targets.add(target);
        }
        return targets;
    }

    private static void checkPrefix(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.contains("/") || prefix.contains("\\")
                || prefix.equals(".") || prefix.equals("..") || prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("file prefix must be a non-empty name without path separators, got \""
                    + prefix + "\"");
        }
    }
}
