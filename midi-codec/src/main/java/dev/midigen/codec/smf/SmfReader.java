package dev.midigen.codec.smf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Standard MIDI Files (formats 0, 1 and 2; PPQ and SMPTE division; RIFF RMID wrappers).
 *
 * <p>Lenient by default: it recovers from wrong track lengths, missing end-of-track events, trailing
 * garbage, data bytes above 127, truncated files and undecodable track data, and reports each as an
 * {@link SmfWarning}. {@link #strict()} turns every such finding into an {@link SmfFormatException}.
 * Files that cannot be read at all (no header, a zero division, …) are an {@code SmfFormatException}
 * in both modes. The reader never sizes an allocation by a length field it has not checked against
 * the bytes actually present. Instances are immutable and thread-safe.
 */
public final class SmfReader {
    private static final Logger LOG = LoggerFactory.getLogger(SmfReader.class);

    /** Default largest file accepted: MIDI files above a few MB are rare; this guards memory. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    private static final SmfReader LENIENT = new SmfReader(false, DEFAULT_MAX_BYTES);
    private static final SmfReader STRICT = new SmfReader(true, DEFAULT_MAX_BYTES);

    private final boolean strict;
    private final long maxBytes;

    private SmfReader(boolean strict, long maxBytes) {
        this.strict = strict;
        this.maxBytes = maxBytes;
    }

    /** A reader that recovers from common damage and reports it as warnings. */
    public static SmfReader lenient() {
        return LENIENT;
    }

    /** A reader that rejects anything the lenient reader would warn about. */
    public static SmfReader strict() {
        return STRICT;
    }

    /** The same reader with another size limit (at most {@code Integer.MAX_VALUE - 8} bytes). */
    public SmfReader withMaxBytes(long limit) {
        if (limit < 1 || limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limit must be 1.." + (Integer.MAX_VALUE - 8) + " bytes, got " + limit);
        }
        return new SmfReader(strict, limit);
    }

    public boolean isStrict() {
        return strict;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Reads a file; errors name the path.
     *
     * @throws NoSuchFileException for a missing file ({@code "x.mid: no such file"})
     * @throws IOException         for a folder ({@code "x.mid: a folder, not a MIDI file"}) or one that cannot be read
     */
    public SmfReadResult read(Path path) throws IOException {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new IOException(source + ": a folder, not a MIDI file");
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(source, null, "no such file");
        }
        if (!Files.isRegularFile(path)) {
            // a pipe or device (/dev/fd/63 of a process substitution, /dev/zero): read as a stream, up to the limit
            try (InputStream in = Files.newInputStream(path)) {
                return read(in, source);
            }
        }
        long size = Files.size(path);
        if (size > maxBytes) {
            throw new SmfFormatException(source, 0, "file is " + size + " bytes, over the reader's limit of "
                    + maxBytes + " bytes (SmfReader.withMaxBytes raises it)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (FileSystemException e) {
            throw e; // names the file already
        } catch (IOException e) {
            throw new IOException(source + ": cannot read it (" + e.getMessage() + ")", e);
        }
        SmfReadResult result = read(bytes, source);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} bytes, format {}, {} tracks, {} warnings", source, size, result.file().format(),
                    result.file().tracks().size(), result.warnings().size());
        }
        return result;
    }

    /** Reads a stream to its end (at most {@link #maxBytes()}); {@code source} names it in errors. */
    public SmfReadResult read(InputStream in, String source) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
        byte[] chunk = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new SmfFormatException(source, maxBytes, "stream is longer than the reader's limit of "
                        + maxBytes + " bytes (SmfReader.withMaxBytes raises it)");
            }
            buffer.write(chunk, 0, n);
        }
        return read(buffer.toByteArray(), source);
    }

    /** Reads a file held in memory. */
    public SmfReadResult read(byte[] data) throws SmfFormatException {
        return read(data, null);
    }

    /** Reads a file held in memory; {@code source} (may be null) names it in errors. */
    public SmfReadResult read(byte[] data, String source) throws SmfFormatException {
        if (data.length > maxBytes) {
            throw new SmfFormatException(source, 0, "file is " + data.length + " bytes, over the reader's limit of "
                    + maxBytes + " bytes (SmfReader.withMaxBytes raises it)");
        }
        return new SmfParser(data, source, strict).parse();
    }
}
