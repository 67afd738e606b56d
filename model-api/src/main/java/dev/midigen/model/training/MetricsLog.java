package dev.midigen.model.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A training run's {@code metrics.jsonl}, read back: one {@link Line} per validation the {@link TrainingLoop} wrote
 * (step, training seconds so far, validation loss). Bundles carry it beside their weights.
 *
 * @param lines the validations in the order they were written
 */
public record MetricsLog(List<Line> lines) {
    /** The file's name in a bundle folder. */
    public static final String FILE_NAME = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One validation.
     *
     * @param step           optimizer steps done
     * @param trainSeconds   seconds spent in training steps so far (null when not recorded)
     * @param validationLoss the validation loss (null when not recorded or not finite)
     */
    public record Line(long step, Double trainSeconds, Double validationLoss) {
    }

    public MetricsLog {
        lines = List.copyOf(lines);
    }

    /** The log beside a bundle in {@code folder}; empty when there is none. */
    public static MetricsLog read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? parse(Files.readAllLines(file, StandardCharsets.UTF_8)) : new MetricsLog(List.of());
    }

    /** Parses the JSON lines (blank lines are skipped; a line that is not JSON or has no step is an error). */
    public static MetricsLog parse(List<String> jsonLines) {
        List<Line> lines = new ArrayList<>();
        for (String text : jsonLines) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException(FILE_NAME + ": a line is not JSON: " + text, e);
            }
            if (node == null || !node.path("step").isNumber()) {
                throw new IllegalArgumentException(FILE_NAME + ": a line has no step: " + text);
            }
            JsonNode seconds = node.path("trainSeconds");
            JsonNode loss = node.path("validation").path("loss");
            lines.add(new Line(node.get("step").asLong(), seconds.isNumber() ? seconds.asDouble() : null,
                    loss.isNumber() && Double.isFinite(loss.asDouble()) ? loss.asDouble() : null));
        }
        return new MetricsLog(lines);
    }

    /** The lines that recorded a validation loss: the loss curve over steps. */
    public List<Line> lossCurve() {
        return lines.stream().filter(line -> line.validationLoss() != null).toList();
    }

    /** Sequences per second in training steps: the last line's steps × {@code batchSize} / its training seconds. */
    public Optional<Double> trainingSequencesPerSecond(int batchSize) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Line last = lines.get(lines.size() - 1);
        if (last.trainSeconds() == null || last.trainSeconds() <= 0) {
            return Optional.empty();
        }
        return Optional.of(last.step() * (double) batchSize / last.trainSeconds());
    }
}
