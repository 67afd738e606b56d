package dev.midigen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Expands command-line paths into MIDI files: files as given, directories walked recursively. */
final class MidiFiles {
    private MidiFiles() {
    }

    /** Whether the name ends in .mid, .midi or .kar, in any case. */
    static boolean isMidiName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi") || name.endsWith(".kar");
    }

    /**
     * Each path as given when it is not a directory (a missing file stays in the list, so the caller
     * reports it), and the MIDI files below each directory in sorted order.
     */
    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(p -> Files.isRegularFile(p) && isMidiName(p)).sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }
}
