package dev.midigen.bench;

/**
 * A figure a peer was measured at, kept as data ({@code recorded.json}): what ran, where, when and which version.
 *
 * @param batch   the rows of a step, as in {@link Figure#batch()}
 * @param peer    what was measured ("PyTorch")
 * @param version the peer's version, as recorded
 * @param what    how it was run (network, input, threads)
 * @param where   the machine
 * @param when    the date it was recorded (ISO), or what is known of it
 * @param source  where the figure comes from (an issue, a doc)
 * @param note    what else a reader should know (may be empty)
 */
public record RecordedFigure(Workload workload, Metric metric, int batch, double value, String unit, String peer,
                             String version, String what, String where, String when, String source, String note) {
    public RecordedFigure {
        if (workload == null || metric == null || peer == null || version == null || what == null || where == null
                || when == null || source == null) {
            throw new IllegalArgumentException("a recorded figure needs workload, metric, peer, version, what, where, when"
                    + " and source");
        }
        if (!(value > 0) || batch < 1) {
            throw new IllegalArgumentException("a recorded figure's value and batch must be positive, got " + value + ", "
                    + batch);
        }
        if (!metric.unit().equals(unit)) {
            throw new IllegalArgumentException(metric.key() + " is in " + metric.unit() + ", not " + unit);
        }
        note = note == null ? "" : note;
    }

    /** "PyTorch 1.13, 2026-11-22": the peer, its version and the date. */
    public String label() {
        return peer + " " + version + ", " + when;
    }
}
