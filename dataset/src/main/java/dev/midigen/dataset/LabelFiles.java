package dev.midigen.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads per-file labels: the Groove MIDI Dataset's {@code info.csv} (its {@code midi_filename}, {@code style} and
 * {@code bpm} columns; a fill, {@code beat_type} {@code fill}, has no style: it is a one- or two-bar transition, not
 * its style's groove) or a CSV with the header {@code path,style,bpm} (either value may be empty). Paths are relative
 * to the corpus folder, normalised as {@link SplitFiles} does. Every problem is one line: the file, the line, what is
 * wrong.
 */
public final class LabelFiles {
    private LabelFiles() {
    }

    /** Whether {@code file}'s header names the style and bpm columns of Groove's {@code info.csv}. */
    public static boolean hasGrooveLabels(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            List<String> header = lower(lines.findFirst().orElse(""));
            return header.contains("midi_filename") && header.contains("style") && header.contains("bpm");
        }
    }

    /**
     * @throws IOException naming the file, line and problem for anything it cannot use
     */
    public static Labels read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such label file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ":1: empty (expected a header path,style,bpm or Groove's info.csv)");
        }
        List<String> header = lower(lines.get(0));
        int path;
        int style;
        int bpm;
        int beatType = header.indexOf("beat_type");
        if (header.contains("midi_filename") && header.contains("style") && header.contains("bpm")) {
            path = header.indexOf("midi_filename");
            style = header.indexOf("style");
            bpm = header.indexOf("bpm");
        } else if (header.contains("path") && header.contains("style") && header.contains("bpm")) {
            path = header.indexOf("path");
            style = header.indexOf("style");
            bpm = header.indexOf("bpm");
        } else {
            throw new IOException(file + ":1: expected a header path,style,bpm (or Groove's info.csv), found: "
                    + lines.get(0));
        }
        int needed = Math.max(path, Math.max(style, bpm)) + 1;
        Map<String, FileLabel> labels = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int number = i + 1;
            List<String> cells = SplitFiles.parseCsvLine(line);
            boolean fill = beatType >= 0 && header.contains("midi_filename") && cells.size() > beatType
                    && cells.get(beatType).trim().equalsIgnoreCase("fill");
            if (cells.size() < needed) {
                throw new IOException(file + ":" + number + ": expected " + needed + " cells, found " + cells.size()
                        + ": " + line);
            }
            String id = SplitFiles.normalise(cells.get(path));
            if (id.isEmpty()) {
                throw new IOException(file + ":" + number + ": empty path");
            }
            FileLabel label;
            try {
                label = new FileLabel(fill ? null : cells.get(style), bpm(cells.get(bpm)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + number + ": " + e.getMessage());
            }
            FileLabel previous = labels.put(id, label);
            if (previous != null && !previous.equals(label)) {
                throw new IOException(file + ":" + number + ": " + id + " is labelled twice, differently (" + previous
                        + " and " + label + ")");
            }
        }
        if (labels.isEmpty()) {
            throw new IOException(file + ": no rows (expected path,style,bpm rows)");
        }
        return new Labels(labels, String.valueOf(file.getFileName()));
    }

    private static Double bpm(String cell) {
        String value = cell.trim();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bpm '" + value + "' is not a number");
        }
    }

    private static List<String> lower(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : SplitFiles.parseCsvLine(line)) {
            cells.add(cell.trim().toLowerCase(Locale.ROOT));
        }
        return cells;
    }
}
