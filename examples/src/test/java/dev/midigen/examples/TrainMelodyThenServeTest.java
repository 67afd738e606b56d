package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link TrainMelodyThenServe} on 24 melodies the embedded {@code melody} model wrote: the validation loss falls,
 * the bundle is a dl4j-trained one-layer LSTM, and ONNX Runtime serves an 8-bar melody from it.
 */
class TrainMelodyThenServeTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnDl4jAndServesAMelodyOnOnnx() throws Exception {
        Path tunes = Fixtures.generated("melody", dir.resolve("tunes"), 24, 8);
        Path work = dir.resolve("work");

        long start = System.nanoTime();
        String printed = ExampleRun.run(TrainMelodyThenServe::main, tunes.toString(), work.toString(), "40");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seconds).as("a quick example").isLessThan(30);
        ModelBundle bundle = ModelBundle.read(work.resolve("model"));
        assertThat(bundle.spec().family()).isEqualTo(new NextTokenLstm(List.of(64), 0));
        assertThat(bundle.spec().encoding()).isEqualTo(MelodySpec.LOOKBACK);
        assertThat(bundle.provenance().backend()).isEqualTo("dl4j");
        assertThat(bundle.provenance().stepsTrained()).isEqualTo(40);

        List<Double> losses = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(work.resolve("model").resolve("metrics.jsonl"))) {
            losses.add(json.readTree(line).get("validation").get("loss").asDouble());
        }
        assertThat(losses).as("validations at steps 10, 20, 30 and the end").hasSize(4);
        assertThat(losses.get(3)).as("the validation loss went down").isLessThan(losses.get(0));
        assertThat(printed).contains("step 10: validation loss").contains("on the onnx backend");

        NoteSequence melody = ExampleRun.notes(work.resolve("melody.mid"));
        assertThat(melody.notes()).hasSizeGreaterThan(4)
                .allSatisfy(note -> assertThat(note.pitch()).isBetween(48, 83))
                .allSatisfy(note -> assertThat(note.drum()).isFalse());
        assertThat(ExampleRun.bars(melody)).isLessThanOrEqualTo(8.0).isGreaterThan(7.0);
    }
}
