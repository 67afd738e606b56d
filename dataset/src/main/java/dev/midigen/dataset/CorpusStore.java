package dev.midigen.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.midigen.codec.io.JsonProblems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A corpus on disk: {@code manifest.json} plus binary shards ({@code train-0000.bin}, …). Opening
 * checks the format version, every shard's size and SHA-256, and the manifest's fingerprint, so a
 * changed or damaged corpus is refused instead of silently training on something else.
 */
public final class CorpusStore {
    /** The format this midigen writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private CorpusStore() {
    }

    /** Opens and verifies a corpus folder. */
    public static Corpus open(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new CorpusFormatException(dir + ": not a corpus (no " + MANIFEST + ")");
        }
        CorpusManifest manifest;
        try {
            manifest = JSON.readValue(Files.readString(manifestFile), CorpusManifest.class);
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException(manifestFile + ": unreadable manifest: " + JsonProblems.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new CorpusFormatException(manifestFile + ": unreadable manifest: " + e.getMessage(), e);
        }
        if (manifest.formatVersion() != FORMAT_VERSION) {
            throw new CorpusFormatException(manifestFile + ": corpus format " + manifest.formatVersion()
                    + ", this midigen reads format " + FORMAT_VERSION + " (rebuild the corpus)");
        }
        if (!fingerprint(manifest).equals(manifest.fingerprint())) {
            throw new CorpusFormatException(manifestFile + ": the manifest does not match its fingerprint (edited or damaged)");
        }
        for (CorpusManifest.ShardEntry shard : manifest.shards()) {
            Path file = dir.resolve(shard.file());
            if (!Files.isRegularFile(file)) {
                throw new CorpusFormatException(dir + ": shard " + shard.file() + " is missing");
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != shard.bytes() || !sha256(bytes).equals(shard.sha256())) {
                throw new CorpusFormatException(dir + ": shard " + shard.file()
                        + " does not match the manifest (changed or damaged); rebuild the corpus");
            }
        }
        return new Corpus(dir, manifest);
    }

    /** The fingerprint a manifest should carry: SHA-256 of its JSON with an empty fingerprint. */
    static String fingerprint(CorpusManifest manifest) {
        return sha256(toJson(manifest.withFingerprint("")).getBytes(StandardCharsets.UTF_8));
    }

    static String toJson(CorpusManifest manifest) {
        try {
            return JSON.writeValueAsString(manifest) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    static byte[] readShard(Path dir, CorpusManifest.ShardEntry shard) throws IOException {
        try {
            return Files.readAllBytes(dir.resolve(shard.file()));
        } catch (NoSuchFileException e) {
            throw new CorpusFormatException(dir + ": shard " + shard.file() + " is missing", e);
        }
    }
}
