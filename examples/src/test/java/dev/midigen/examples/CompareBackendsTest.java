package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.MelodySpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CompareBackends} with the embedded {@code melody} model on a corpus of 16 melodies it wrote: one row
 * per backend, the same loss on dl4j and onnx (within 1e-4), perplexity e^loss, a measured sampling speed.
 */
class CompareBackendsTest {
    @TempDir
    Path dir;

    @Test
    void scoresOneModelOnTwoBackendsAlike() throws Exception {
        Path corpus = Fixtures.corpus(Fixtures.generated("melody", dir.resolve("tunes"), 16, 8), dir.resolve("corpus"),
                MelodySpec.LOOKBACK);

        String printed = ExampleRun.run(CompareBackends::main, "melody", corpus.toString());

        List<String[]> rows = printed.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| backend"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new)).toList();
        assertThat(rows).extracting(row -> row[0]).containsExactly("dl4j", "onnx");
        assertThat(rows.get(1)[1]).startsWith("onnxruntime");
        double dl4jLoss = Double.parseDouble(rows.get(0)[2]);
        double onnxLoss = Double.parseDouble(rows.get(1)[2]);
        assertThat(onnxLoss).isCloseTo(dl4jLoss, within(1e-4));
        for (String[] row : rows) {
            double loss = Double.parseDouble(row[2]);
            assertThat(loss).as("its own samples are no surprise to it").isBetween(0.01, 3.0);
            assertThat(Double.parseDouble(row[3])).isCloseTo(Math.exp(loss), within(0.01));
            assertThat(Double.parseDouble(row[4])).isBetween(0.0, 1.0);
            assertThat(Double.parseDouble(row[5])).as("sampling steps/s").isGreaterThan(10);
        }
    }
}
