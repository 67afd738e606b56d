package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.testing.SharedData;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.SplitFiles;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.eval.HumanizeMetrics.Performance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The groove measures on the Groove MIDI Dataset in {@code ../shared/data/groove} (skipped when absent), split by its
 * {@code info.csv}: how real drummers play, and what the two humanize baselines fitted on train score on validation.
 * The figures are printed for the notes.
 */
class GrooveSharedDataTest {

    @Test
    void realDrummingAndTheBaselinesOnValidation() throws IOException {
        Path groove = SharedData.require("groove");
        SplitPolicy.Explicit splits = SplitFiles.read(groove.resolve("info.csv"));
        List<Performance> train = new ArrayList<>();
        List<Performance> validation = new ArrayList<>();
        for (Path file : SharedData.midiFiles(groove)) {
            Split split = splits.splitOf(groove.relativize(file).toString().replace('\\', '/')).orElse(null);
            if (split != Split.TRAIN && split != Split.VALIDATION) {
                continue;
            }
            var notes = MidiToNotes.convert(SmfReader.lenient().read(file).file()).sequence();
            Performance.of(notes, DrumMap.ROLAND).ifPresent((split == Split.TRAIN ? train : validation)::add);
        }
        assertThat(train).hasSizeGreaterThan(800);
        assertThat(validation).hasSizeGreaterThan(100);

        GrooveStatistics real = GrooveStatistics.of(validation.stream().map(Performance::groove).toList());
        System.out.println("Groove validation: " + describe(real));
        System.out.println("Groove train:      "
                + describe(GrooveStatistics.of(train.stream().map(Performance::groove).toList())));
        // Measured (ROLAND map, validation): 124 pieces, 2330 bars, 41112 hits; velocity spread 36.19 (pooled over
        // pieces; the mean of the pieces' own spreads is 29.3), mean |offset| 0.1675 of a 16th, bar similarity 0.590,
        // repeated bars 6.7 %. The issue quoted 30.6, 0.17 and 18 %: the offsets agree; the spread and the repeats
        // were measured another way there (equal to any earlier bar of the piece, not the one before, gives 14.5 %).
        assertThat(real.velocitySpread()).isCloseTo(36.2, within(1.5));
        assertThat(real.meanVelocity()).isCloseTo(72.7, within(2.0));
        assertThat(real.meanAbsOffset()).isCloseTo(0.17, within(0.02));
        assertThat(real.barSimilarity()).isCloseTo(0.59, within(0.03));
        assertThat(real.repeatedBars()).isCloseTo(0.067, within(0.02));
        // bars returning exactly to any earlier bar of the piece (the "18 %", counted over bars with hits)
        assertThat(real.repeatsEarlier()).isCloseTo(0.200, within(0.005));

        List<GrooveTrack> training = train.stream().map(Performance::groove).toList();
        HumanizeMetrics quantized = HumanizeMetrics.evaluate(validation, GrooveBaselines.quantized(training));
        HumanizeMetrics average = HumanizeMetrics.evaluate(validation, GrooveBaselines.averageGroove(training));
        System.out.println("baseline quantized (train -> validation):      " + describe(quantized));
        System.out.println("baseline average groove (train -> validation): " + describe(average));
        assertThat(quantized.f1()).isEqualTo(1.0);
        assertThat(average.f1()).isEqualTo(1.0);
        // knowing where a hit sits in the bar must help
        assertThat(average.velocityMae()).isLessThan(quantized.velocityMae());
        assertThat(average.timingMaeMs()).isLessThan(quantized.timingMaeMs());
    }

    private static String describe(GrooveStatistics s) {
        return String.format(Locale.ROOT, "%d pieces, %d bars, %d hits; velocity mean %.2f spread %.2f; mean |offset| "
                        + "%.4f of a 16th; bar similarity %.4f; repeated bars %.4f", s.pieces(), s.bars(), s.hits(),
                s.meanVelocity(), s.velocitySpread(), s.meanAbsOffset(), s.barSimilarity(), s.repeatedBars());
    }

    private static String describe(HumanizeMetrics m) {
        return String.format(Locale.ROOT, "%d pieces, %d hits; P %.3f R %.3f F1 %.3f; velocity MAE %.2f; timing MAE "
                + "%.2f ms", m.pieces(), m.targetHits(), m.precision(), m.recall(), m.f1(), m.velocityMae(),
                m.timingMaeMs());
    }
}
