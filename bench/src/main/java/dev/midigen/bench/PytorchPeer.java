package dev.midigen.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a workload's PyTorch peer ({@link Workload#peerScript()}, a resource of this module copied to a temporary file)
 * with a given Python in the same run, and reads what it printed: lines {@code pytorch key=value key=value}.
 */
public final class PytorchPeer {
    /** Where the peer scripts are, on the class path. */
    public static final String SCRIPTS = "dev/midigen/bench/pytorch/";

    private PytorchPeer() {
    }

    /**
     * What the peer printed.
     *
     * @param values  every {@code key=value} of its {@code pytorch} lines
     * @param figures those values that are {@link Metric}s of the workload
     */
    public record Result(Map<String, String> values, List<Figure> figures) {
        public Result {
            values = Map.copyOf(values);
            figures = List.copyOf(figures);
        }

        /** The figure of {@code metric} at {@code batch}, if the peer printed it. */
        public Optional<Figure> figure(Metric metric, int batch) {
            return figures.stream().filter(f -> f.metric() == metric && f.batch() == batch).findFirst();
        }

        /** "torch 2.13.0+cpu, 1 thread(s)", from what the peer printed. */
        public String describe() {
            return "torch " + values.getOrDefault("torch", "?") + ", " + values.getOrDefault("threads", "?") + " thread(s)";
        }
    }

    /**
     * Why {@code python} cannot run a peer (it is missing, or lacks torch: the last line of its complaint), or empty
     * when it can.
     */
    public static Optional<String> unavailable(String python) {
        StringBuilder output = new StringBuilder();
        try {
            int exit = run(List.of(python, "-c", "import torch"), output, 2);
            if (exit == 0) {
                return Optional.empty();
            }
            String[] lines = output.toString().strip().split("\n");
            return Optional.of(python + " has no torch (" + lines[lines.length - 1].strip() + ")");
        } catch (IOException e) {
            return Optional.of("could not run " + python + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code workload}'s peer with these settings (batch-1 sampling only; the peers pick their own threads).
     *
     * @throws IllegalStateException when it fails or prints no figures (with its output)
     */
    public static Result run(String python, Workload workload, ReferenceHarness.Settings settings) {
        Map<String, String> values = run(python, workload.peerScript(),
                workload.peerArguments(settings.warmup(), settings.trainSteps(), settings.sampleSteps(1)));
        List<Figure> figures = new ArrayList<>();
        workload.peerFigures().forEach((key, metric) -> {
            if (values.containsKey(key)) {
                int batch = metric == Metric.SAMPLE_STEPS_PER_SECOND ? 1 : workload.batchSize();
                figures.add(new Figure(metric, batch, Double.parseDouble(values.get(key))));
            }
        });
        figures.sort(java.util.Comparator.comparing(Figure::metric));
        return new Result(values, figures);
    }

    /**
     * Runs the peer script {@code script} (a name under {@value #SCRIPTS}) with {@code python} and {@code arguments},
     * and returns every {@code key=value} of its {@code pytorch} lines.
     *
     * @throws IllegalStateException when it is missing, fails or prints no figures (the message says which)
     */
    public static Map<String, String> run(String python, String script, List<String> arguments) {
        Path file = extract(script);
        try {
            List<String> command = new ArrayList<>(List.of(python, file.toString()));
            command.addAll(arguments);
            StringBuilder output = new StringBuilder();
            int exit = run(command, output, 10);
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : output.toString().split("\n")) {
                if (line.startsWith("pytorch ")) {
                    for (String pair : line.substring(8).trim().split("\\s+")) {
                        String[] kv = pair.split("=", 2);
                        if (kv.length == 2) {
                            values.put(kv[0], kv[1]);
                        }
                    }
                }
            }
            if (exit != 0 || values.isEmpty()) {
                throw new IllegalStateException(python + " " + script + " " + String.join(" ", arguments) + " failed (exit "
                        + exit + "):\n" + output);
            }
            return values;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + python + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /** The script, copied from the class path to a temporary file (its own name, so its messages read well). */
    static Path extract(String script) {
        try (InputStream in = PytorchPeer.class.getClassLoader().getResourceAsStream(SCRIPTS + script)) {
            if (in == null) {
                throw new IllegalStateException("no PyTorch peer script " + SCRIPTS + script + " on the class path");
            }
            Path file = Files.createTempFile("midigen-" + script.replace(".py", "") + "-", ".py");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + script, e);
        }
    }

    /** Runs {@code command}, appending its output (stderr too) to {@code output}; its exit code. */
    private static int run(List<String> command, StringBuilder output, int minutes) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // midigen runs with OMP_NUM_THREADS=1 (nd4j needs it); OpenBLAS would read it too and run PyTorch's products on
        // one core (Debian's torch 1.13: 480 ms/step instead of 280). The peers pick their own threads.
        builder.environment().remove("OMP_NUM_THREADS");
        Process process = builder.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.append(line).append('\n');
            }
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + minutes + " minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command.get(0) + " ran", e);
        }
    }
}
