package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.testing.SharedData;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.SplitFiles;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groove windows over a few Groove MIDI Dataset validation files ({@code ../shared/data/groove}, skipped when absent),
 * built into a groove corpus as {@code dataset build --encoding groove --split-file info.csv} would: the window counts
 * follow from the pieces' bar counts, and the bar counts from the files' durations and tempi in {@code info.csv}.
 */
class GrooveWindowsSharedDataTest {
    private static final int FILES = 12;

    @TempDir
    Path dir;

    @Test
    void windowCountsFollowTheValidationFilesBarCounts() throws IOException {
        Path groove = SharedData.require("groove");
        SplitPolicy.Explicit splits = SplitFiles.read(groove.resolve("info.csv"));
        Map<String, Double> expectedBars = barsByFile(groove.resolve("info.csv"));
        Path input = dir.resolve("input");
        int copied = 0;
        for (Path file : SharedData.midiFiles(groove)) {
            String id = groove.relativize(file).toString().replace('\\', '/');
            if (copied < FILES && splits.splitOf(id).orElse(null) == Split.VALIDATION
                    && expectedBars.getOrDefault(id, 0.0) >= 2) {
                Path copy = input.resolve(id);
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
                copied++;
            }
        }
        assertThat(copied).isEqualTo(FILES);
        BuildSettings settings = new BuildSettings(splits.describe(), false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        CorpusBuilder.build(new BuildRequest(input, dir.resolve("corpus"), false,
                EncodingBindings.of(GrooveSpec.GROOVAE, settings), splits, settings, 2), BuildListener.SILENT);
        Corpus corpus = CorpusStore.open(dir.resolve("corpus"));
        List<Example> examples = corpus.examples(Split.VALIDATION);
        assertThat(examples).hasSizeGreaterThanOrEqualTo(FILES);

        Map<String, Integer> barsOfFile = new HashMap<>();
        int[] bars = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            FrameSeq frames = ((ExampleData.Frames) examples.get(i).data()).frames();
            assertThat(frames.frames() % 16).as("pieces end on a bar line").isZero();
            bars[i] = frames.frames() / 16;
            barsOfFile.merge(examples.get(i).source(), bars[i], Integer::sum);
        }
        // a piece runs from the bar line before its first hit to the bar line after its last: within a bar or two of
        // the file's duration in 4/4 bars at its tempo
        assertThat(barsOfFile).hasSize(FILES);
        barsOfFile.forEach((id, total) -> assertThat((double) total).as(id).isCloseTo(expectedBars.get(id),
                within(2.0)));
        System.out.printf("bars: largest difference from info.csv's duration × bpm / 240: %.2f%n", barsOfFile.entrySet()
                .stream().mapToDouble(e -> Math.abs(e.getValue() - expectedBars.get(e.getKey()))).max().orElse(0));

        for (DrumVae family : List.of(DrumVae.GROOVAE_2BAR, DrumVae.GROOVAE_4BAR)) {
            ModelSpec spec = new ModelSpec(family, GrooveSpec.GROOVAE, 1);
            GrooveWindows windows = (GrooveWindows) TrainingWindows.of(spec, TrainingConfig.builder().build(), corpus,
                    Split.VALIDATION);
            int k = family.bars();
            int hop = GrooveWindows.hop(family.transform(), 16);
            long possible = 0;
            int tooShort = 0;
            for (int b : bars) {
                possible += b < k ? 0 : (16 * (b - k)) / hop + 1;
                tooShort += b < k ? 1 : 0;
            }
            System.out.printf("Groove validation, %d files, %d pieces, %d bars: %d %d-bar windows, %d silent, %d pieces"
                            + " too short%n", FILES, examples.size(), Arrays.stream(bars).sum(),
                    windows.windowCount(), k, windows.silentWindows(), windows.shortSequences());
            assertThat(windows.windowCount() + windows.silentWindows()).isEqualTo(possible);
            assertThat(windows.shortSequences()).isEqualTo(tooShort);
            assertThat(windows.windowCount()).isPositive();
            assertThat(windows.windowSteps()).isEqualTo(16 * k);
            int seen = 0;
            for (TrainingBatch batch : windows.validationBatches(64, 0)) {
                assertThat(batch.grooveTargets().time()).isEqualTo(16 * k);
                assertThat(batch.inputs().source().width()).isEqualTo(27);
                seen += batch.inputs().batch();
            }
            assertThat(seen).isEqualTo(windows.windowCount());
        }
    }

    /**
     * Each 4/4 file's duration in bars at its tempo, from {@code info.csv} ({@code midi_filename}, {@code bpm},
     * {@code duration}, {@code time_signature}); files in other meters are left out.
     */
    private static Map<String, Double> barsByFile(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int file = header.indexOf("midi_filename");
        int bpm = header.indexOf("bpm");
        int duration = header.indexOf("duration");
        int meter = header.indexOf("time_signature");
        Map<String, Double> bars = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (!cells[meter].equals("4-4")) {
                continue;
            }
            bars.put(cells[file], Double.parseDouble(cells[duration]) * Double.parseDouble(cells[bpm]) / 240.0);
        }
        return bars;
    }
}
