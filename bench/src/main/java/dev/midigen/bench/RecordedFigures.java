package dev.midigen.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The peers' recorded figures: {@value #RESOURCE} in this module, a JSON object whose {@code figures} are
 * {@link RecordedFigure}s. Figures measured in the same run ({@link PytorchPeer}) are the fair comparison; these are
 * what the goals were set against.
 */
public final class RecordedFigures {
    /** The resource, on the class path. */
    public static final String RESOURCE = "dev/midigen/bench/recorded.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final List<RecordedFigure> figures;

    private RecordedFigures(List<RecordedFigure> figures) {
        this.figures = List.copyOf(figures);
    }

    private record File(List<RecordedFigure> figures) {
    }

    /** This module's figures. */
    public static RecordedFigures load() {
        try (InputStream in = RecordedFigures.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /**
     * Figures from JSON in {@value #RESOURCE}'s form.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static RecordedFigures parse(byte[] json) {
        try {
            File file = JSON.readValue(json, File.class);
            if (file.figures() == null) {
                throw new IllegalArgumentException("recorded figures: no \"figures\" list");
            }
            return new RecordedFigures(file.figures());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded figures: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<RecordedFigure> all() {
        return figures;
    }

    /** The figure recorded for {@code metric} of {@code workload} at {@code batch}, if any. */
    public Optional<RecordedFigure> find(Workload workload, Metric metric, int batch) {
        return figures.stream().filter(f -> f.workload() == workload && f.metric() == metric && f.batch() == batch)
                .findFirst();
    }

    /** Every figure recorded for {@code workload}. */
    public List<RecordedFigure> of(Workload workload) {
        return figures.stream().filter(f -> f.workload() == workload).toList();
    }
}
