package dev.midigen.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A corpus build: where from, where to, and how.
 *
 * @param input     the folder of MIDI files
 * @param output    the corpus folder to write (refused when it exists, unless {@code overwrite})
 * @param overwrite replace an existing output folder
 * @param binding   the encoding with its extractor
 * @param split     which split each file goes to
 * @param settings  the other settings (recorded in the manifest)
 * @param threads   worker threads (at least 1)
 * @param labels    per-file style and tempo labels stored with each file in the manifest ({@link Labels#NONE}: none)
 */
public record BuildRequest(Path input, Path output, boolean overwrite, EncodingBinding<?> binding, SplitPolicy split,
                           BuildSettings settings, int threads, Labels labels) {

    /** A build without labels. */
    public BuildRequest(Path input, Path output, boolean overwrite, EncodingBinding<?> binding, SplitPolicy split,
                        BuildSettings settings, int threads) {
        this(input, output, overwrite, binding, split, settings, threads, Labels.NONE);
    }

    public BuildRequest {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(settings, "settings");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
