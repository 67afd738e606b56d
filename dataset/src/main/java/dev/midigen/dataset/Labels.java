package dev.midigen.dataset;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-file labels read from a metadata file ({@link LabelFiles}): file id → {@link FileLabel}.
 *
 * @param byPath the labels by file id (the path relative to the corpus folder)
 * @param source the metadata file's name, for reports
 */
public record Labels(Map<String, FileLabel> byPath, String source) {

    /** No labels. */
    public static final Labels NONE = new Labels(Map.of(), "");

    public Labels {
        byPath = Map.copyOf(byPath);
        Objects.requireNonNull(source, "source");
    }

    /** The label of a file id, or empty when the file is not listed. */
    public Optional<FileLabel> of(String id) {
        return Optional.ofNullable(byPath.get(id));
    }

    public boolean isEmpty() {
        return byPath.isEmpty();
    }
}
