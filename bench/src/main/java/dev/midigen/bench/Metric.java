package dev.midigen.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a {@link Figure} measures, its unit and which way is faster. */
public enum Metric {
    /** Mean wall time of a timed training step (after warm-up), batches built before the clock starts. */
    TRAIN_MS_PER_STEP("train_ms_per_step", "ms/step", false, "%.1f"),
    /** Training sequences per second: the batch size over {@link #TRAIN_MS_PER_STEP}. */
    TRAIN_SEQUENCES_PER_SECOND("train_seq_per_s", "seq/s", true, "%.1f"),
    /** Forward-only scoring of a training batch (teacher-forced logits, no dropout), sequences per second. */
    SCORE_SEQUENCES_PER_SECOND("score_seq_per_s", "seq/s", true, "%.1f"),
    /** Decoder steps per second for a decoder of the figure's batch, each step fed back from its logits. */
    SAMPLE_STEPS_PER_SECOND("sample_steps_per_s", "steps/s", true, "%.0f"),
    /** {@link #SAMPLE_STEPS_PER_SECOND} times the decoder's batch. */
    SAMPLE_SEQUENCE_STEPS_PER_SECOND("sample_sequence_steps_per_s", "sequence-steps/s", true, "%.0f");

    private final String key;
    private final String unit;
    private final boolean higherIsFaster;
    private final String format;

    Metric(String key, String unit, boolean higherIsFaster, String format) {
        this.key = key;
        this.unit = unit;
        this.higherIsFaster = higherIsFaster;
        this.format = format;
    }

    /** The name in recorded.json and in the PyTorch peers' output. */
    @JsonValue
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    /** {@code value} as this metric prints it, without the unit. */
    public String format(double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** How many times as fast {@code ours} is as {@code theirs} (above 1: ours is faster). */
    public double speedup(double ours, double theirs) {
        return higherIsFaster ? ours / theirs : theirs / ours;
    }

    /** @throws IllegalArgumentException naming the known keys */
    @JsonCreator
    public static Metric of(String key) {
        for (Metric metric : values()) {
            if (metric.key.equals(key)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("no metric called " + key + "; known: " + java.util.Arrays.stream(values())
                .map(Metric::key).toList());
    }
}
