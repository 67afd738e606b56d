package dev.midigen.cli;

import dev.midigen.dataset.CorpusManifest;
import dev.midigen.dataset.Split;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** A corpus manifest as readable tables: what {@code dataset build} ends with and {@code dataset stats} prints. */
final class CorpusReport {
    private CorpusReport() {
    }

    static void print(CorpusManifest manifest, PrintWriter out) {
        out.println("encoding:    " + manifest.encoding().toJson());
        out.println("split:       " + manifest.settings().split());
        out.println("fingerprint: " + manifest.fingerprint());
        out.println();
        out.printf(Locale.ROOT, "%-12s %8s %10s %12s%n", "split", "files", "examples", "steps");
        for (Split split : Split.values()) {
            CorpusManifest.SplitStatistics stats = manifest.statistics().get(split.label());
            out.printf(Locale.ROOT, "%-12s %8d %10d %12d%n", split.label(), stats.files(), stats.examples(), stats.steps());
        }
        printDrops(manifest, out);
        if (!manifest.unreadable().isEmpty()) {
            out.println();
            out.println("unreadable files (" + manifest.unreadable().size() + "):");
            manifest.unreadable().stream().limit(20)
                    .forEach(u -> out.println("  " + u.id() + ": " + u.reason()));
            if (manifest.unreadable().size() > 20) {
                out.println("  … and " + (manifest.unreadable().size() - 20) + " more (see manifest.json)");
            }
        }
        if (manifest.tokenHistogram() != null) {
            printTopTokens(manifest.tokenHistogram(), out);
        }
        out.flush();
    }

    /** Dropped counts: one row per reason, one column per split (and one for whole files). */
    private static void printDrops(CorpusManifest manifest, PrintWriter out) {
        TreeSet<String> reasons = new TreeSet<>();
        manifest.dropped().values().forEach(m -> reasons.addAll(m.keySet()));
        out.println();
        if (reasons.isEmpty()) {
            out.println("dropped: nothing");
            return;
        }
        List<String> columns = new ArrayList<>(manifest.dropped().keySet());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-32s", "dropped (by reason)"));
        for (String column : columns) {
            header.append(String.format(Locale.ROOT, " %10s", column));
        }
        out.println(header);
        for (String reason : reasons) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-32s", reason));
            for (String column : columns) {
                Map<String, Long> counts = manifest.dropped().get(column);
                row.append(String.format(Locale.ROOT, " %10d", counts.getOrDefault(reason, 0L)));
            }
            out.println(row);
        }
    }

    private static void printTopTokens(List<Long> histogram, PrintWriter out) {
        long total = histogram.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < histogram.size(); i++) {
            if (histogram.get(i) > 0) {
                tokens.add(i);
            }
        }
        tokens.sort((a, b) -> Long.compare(histogram.get(b), histogram.get(a)));
        out.println();
        out.printf(Locale.ROOT, "tokens: %d of %d used; most frequent:%n", tokens.size(), histogram.size());
        for (int token : tokens.subList(0, Math.min(10, tokens.size()))) {
            out.printf(Locale.ROOT, "  %5d %10d  %5.1f%%%n", token, histogram.get(token), 100.0 * histogram.get(token) / total);
        }
    }
}
