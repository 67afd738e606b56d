package dev.midigen.backend.tf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the PyTorch peer scripts ({@code bench/pytorch/*.py}) in the same bench run and reads its figures:
 * lines {@code pytorch key=value key=value}. For the benches only; nothing in the library calls it.
 */
final class PytorchPeer {
    private PytorchPeer() {
    }

    /**
     * Runs {@code python script args…} from the working directory and returns every {@code key=value} it printed
     * on a {@code pytorch} line.
     *
     * @throws IllegalStateException when the script is missing, fails or prints no figures (the message says which)
     */
    static Map<String, Double> run(String python, String script, List<String> args) {
        Path path = Path.of(script);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no PyTorch peer script at " + path.toAbsolutePath()
                    + " (run the bench from the repository root)");
        }
        List<String> command = new ArrayList<>(List.of(python, script));
        command.addAll(args);
        Map<String, Double> figures = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // the JVM runs with OMP_NUM_THREADS=1 (nd4j needs it); OpenBLAS reads it too and would run PyTorch's
            // products on one core (Debian's torch 1.13: 480 ms/step instead of 280). The peer picks its own threads.
            builder.environment().remove("OMP_NUM_THREADS");
            Process process = builder.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("pytorch ")) {
                        for (String pair : line.substring(8).trim().split("\\s+")) {
                            String[] kv = pair.split("=", 2);
                            figures.put(kv[0], Double.parseDouble(kv[1]));
                        }
                    }
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || figures.isEmpty()) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PyTorch ran", e);
        }
        return figures;
    }
}
