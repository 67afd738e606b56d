package dev.midigen.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.midigen.codec.encoding.EncodingSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a corpus holds and how it was made: {@code manifest.json} beside the shards. Maps keyed by
 * split are in split order (train, validation, test). Nothing in it depends on where or when the
 * corpus was built, so the same inputs and settings give the same bytes.
 *
 * @param formatVersion  the store format ({@link CorpusStore#FORMAT_VERSION})
 * @param encoding       the encoding of every example
 * @param settings       the build settings
 * @param files          per split: the source files that reached it, with SHA-256 and example counts
 * @param unreadable     files that could not be read, with the reason
 * @param statistics     per split: files, examples, steps
 * @param dropped        per split: what was left out, by reason (file-level reasons under "files")
 * @param tokenHistogram count of each token over all examples (token encodings only)
 * @param shards         the shard files with their sizes and SHA-256
 * @param fingerprint    SHA-256 of this manifest with an empty fingerprint
 */
@JsonPropertyOrder({"formatVersion", "encoding", "settings", "files", "unreadable", "statistics", "dropped",
    "tokenHistogram", "shards", "fingerprint"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorpusManifest(int formatVersion, EncodingSpec encoding, BuildSettings settings,
                             Map<String, List<FileEntry>> files, List<Unreadable> unreadable,
                             Map<String, SplitStatistics> statistics, Map<String, Map<String, Long>> dropped,
                             List<Long> tokenHistogram, List<ShardEntry> shards, String fingerprint) {

    public CorpusManifest {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * A source file and what it gave, with its labels when the build had a label file ({@link LabelFiles}).
     *
     * @param style its style ({@link FileLabel#styleName}), or null
     * @param bpm   its labelled tempo, or null
     */
    @JsonPropertyOrder({"id", "sha256", "examples", "style", "bpm"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEntry(String id, String sha256, int examples, String style, Double bpm) {

        /** A file without labels. */
        public FileEntry(String id, String sha256, int examples) {
            this(id, sha256, examples, null, null);
        }

        /** Its labels (both null when it has none). */
        @JsonIgnore
        public FileLabel label() {
            return new FileLabel(style, bpm);
        }
    }

    /** Whether any file has a style or a tempo label. */
    @JsonIgnore
    public boolean labelled() {
        return files != null && files.values().stream().flatMap(List::stream)
                .anyMatch(f -> f.style() != null || f.bpm() != null);
    }

    /** The labels of every labelled file, by file id. */
    @JsonIgnore
    public Map<String, FileLabel> labels() {
        Map<String, FileLabel> labels = new java.util.HashMap<>();
        if (files != null) {
            for (List<FileEntry> entries : files.values()) {
                for (FileEntry entry : entries) {
                    if (entry.style() != null || entry.bpm() != null) {
                        labels.put(entry.id(), entry.label());
                    }
                }
            }
        }
        return labels;
    }

    /** A file that could not be read. */
    @JsonPropertyOrder({"id", "reason"})
    public record Unreadable(String id, String reason) {
    }

    @JsonPropertyOrder({"files", "examples", "steps"})
    public record SplitStatistics(int files, int examples, long steps) {
    }

    @JsonPropertyOrder({"file", "split", "examples", "bytes", "sha256"})
    public record ShardEntry(String file, String split, int examples, long bytes, String sha256) {
    }

    /** The same manifest with another fingerprint. */
    public CorpusManifest withFingerprint(String newFingerprint) {
        return new CorpusManifest(formatVersion, encoding, settings, files, unreadable, statistics, dropped,
                tokenHistogram, shards, newFingerprint);
    }

    /** Examples in one split (0 when it has none). */
    public int examples(Split split) {
        SplitStatistics stats = statistics.get(split.label());
        return stats == null ? 0 : stats.examples();
    }
}
