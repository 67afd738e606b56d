package dev.midigen.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.midigen.codec.encoding.MelodyCodec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.testing.SharedData;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.SourceFile;
import dev.midigen.dataset.SourceItems;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.SplitPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Melody statistics of the real melodies the embedded melody models learn from, extracted as {@code dataset build
 * --encoding melody} extracts them and moved into the encoding's key and range as it encodes them (skipped without
 * {@code ../shared/data}): the Irish folk tunes and POP909's MELODY tracks, validation split of the seeded hash (seed
 * 1, ratio 0.1: the embedded models' corpora). The figures are printed for the notes.
 */
class MelodySharedDataTest {
    private static final SplitPolicy HASH = new SplitPolicy.Hashed(1, 0.1, 0);

    @Test
    void irishFolkTunes() {
        List<Melody> validation = validationMelodies("irish-folk", List.of());
        MelodyStatistics own = MelodyStatistics.of(validation);
        MelodyStatistics fourFour = MelodyStatistics.inBarsOf(16, validation);
        System.out.println("irish-folk validation, own bars: " + describe(own));
        System.out.println("irish-folk validation, 4/4 bars: " + describe(fourFour));
        // Measured: 131 melodies; in their own meters (jigs' 6/8 bars are 12 16ths) 3,683 bars, 6.24 notes a bar, 7.3 %
        // of bars repeat the bar before and 57.4 % an earlier bar (AABB forms of repeated strains); in the 16-step bars
        // that generated melodies have, 7.13 notes a bar, 5.2 % and 54.2 %. Mean leap 3.50; 99.5 % of notes in one
        // major scale.
        assertThat(own.pieces()).isEqualTo(131);
        assertThat(own.notesPerBar()).isCloseTo(6.235, within(0.01));
        assertThat(own.meanLeap()).isCloseTo(3.496, within(0.01));
        assertThat(own.repeatedBars()).isCloseTo(0.073, within(0.005));
        assertThat(own.repeatsEarlierBar()).isCloseTo(0.574, within(0.005));
        assertThat(own.scaleConsistency()).isCloseTo(0.995, within(0.002));
        assertThat(fourFour.meanLeap()).isEqualTo(own.meanLeap());
        assertThat(fourFour.notesPerBar()).isCloseTo(7.125, within(0.01));
        assertThat(fourFour.repeatedBars()).isCloseTo(0.052, within(0.005));
        assertThat(fourFour.repeatsEarlierBar()).isCloseTo(0.542, within(0.005));
    }

    @Test
    void pop909Melodies() {
        List<Melody> validation = validationMelodies("pop909", List.of("MELODY"));
        MelodyStatistics own = MelodyStatistics.of(validation);
        MelodyStatistics fourFour = MelodyStatistics.inBarsOf(16, validation);
        System.out.println("pop909 validation, own bars: " + describe(own));
        System.out.println("pop909 validation, 4/4 bars: " + describe(fourFour));
        // Measured: 102 melodies. Most POP909 files are marked 1/4 (a "bar" of 4 16ths), so only the 16-step bars say
        // anything: 4.97 notes a bar, 0.2 % of bars repeat the bar before and 52.6 % an earlier one (verses and
        // choruses come back, played alike). Mean leap 2.40; 98.1 % of notes in one major scale.
        assertThat(own.pieces()).isEqualTo(102);
        assertThat(own.meanLeap()).isCloseTo(2.397, within(0.01));
        assertThat(own.scaleConsistency()).isCloseTo(0.981, within(0.002));
        assertThat(fourFour.notesPerBar()).isCloseTo(4.971, within(0.01));
        assertThat(fourFour.repeatedBars()).isCloseTo(0.002, within(0.002));
        assertThat(fourFour.repeatsEarlierBar()).isCloseTo(0.526, within(0.005));
    }

    /** The validation split's melodies, as {@code dataset build --encoding melody} encodes them. */
    private static List<Melody> validationMelodies(String folder, List<String> tracks) {
        Path root = SharedData.require(folder);
        BuildSettings settings = new BuildSettings(HASH.describe(), false, false, 1, 0, 0, 0, tracks, "track",
                BuildSettings.Augmentation.NONE, 1);
        MelodyCodec codec = new MelodyCodec(MelodySpec.LOOKBACK);
        List<Melody> validation = new ArrayList<>();
        for (Path file : SharedData.midiFiles(root)) {
            String id = root.relativize(file).toString().replace('\\', '/');
            if (HASH.splitOf(id).orElseThrow() != Split.VALIDATION) {
                continue;
            }
            for (Object item : SourceItems.ofFile(new SourceFile(id, file), MelodySpec.LOOKBACK, settings)) {
                validation.add(codec.squash((Melody) item).melody());
            }
        }
        return validation;
    }

    static String describe(MelodyStatistics s) {
        return String.format(Locale.ROOT, "%d melodies, %d bars, %d notes; %.3f notes/bar, mean leap %.3f, repeated bars"
                        + " %.4f (previous) %.4f (any earlier), scale consistency %.4f, pitch range %.2f (%d-%d)", s.pieces(),
                s.bars(), s.notes(), s.notesPerBar(), s.meanLeap(), s.repeatedBars(), s.repeatsEarlierBar(),
                s.scaleConsistency(), s.pitchRange(), s.lowestPitch(), s.highestPitch());
    }
}
