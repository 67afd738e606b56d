package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.testing.SharedData;
import dev.midigen.dataset.SplitFiles;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.dataset.Split;
import dev.midigen.model.eval.GrooveStatistics;
import dev.midigen.model.generate.Primers;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drums' form (a loop played through with variations and fills, the default) and keep-this-redo-that
 * ({@code --keep}, {@code --regenerate-bars}) with the embedded drum model, measured against real Groove drumming.
 */
class DrumFormTest {
    private static final DrumKitSpec DRUMS = drumKit();

    @TempDir
    Path dir;

    @Test
    void defaultBeatsHoldALoopWhileFreeSamplingNeverSettles() throws IOException {
        GrooveStatistics loop = statistics(generate("loop"));
        GrooveStatistics free = statistics(generate("free", "--form", "free"));
        System.out.printf("64 default beats, loop form: %s%n64 beats, --form free: %s%n", describe(loop), describe(free));

        assertThat(loop.barSimilarity()).as("bar-to-bar similarity of the loop form").isGreaterThanOrEqualTo(0.5);
        assertThat(loop.repeatsEarlier()).as("bars that return to an earlier bar").isGreaterThanOrEqualTo(0.1);
        assertThat(free.barSimilarity()).isLessThan(0.4);
        assertThat(free.repeatsEarlier()).isLessThan(0.05);
        double perBar = loop.hits() / (double) loop.bars();
        // Groove validation: 17.64 hits a bar (docs/generate.md's table); the loop is within 20 %
        assertThat(perBar).as("hits per bar").isBetween(0.8 * 17.64, 1.2 * 17.64);
    }

    @Test
    void keepingKickAndSnareOfRealBeatsKeepsTheirHitsStepForStepAndRedoesTheRest() throws IOException {
        int kept = 0b11; // kick and snare in the ROLAND map
        int changed = 0;
        for (Path file : validationBeats(4)) {
            Path out = dir.resolve("kept-" + file.getFileName());
            CliRun run = CliRun.of("generate", "--primer-midi", file.toString(), "--keep", "kick,snare",
                    "--no-humanize", "--max-primer-bars", "1024", "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            int[] before = Primers.fromMidi(DRUMS, file).tokens().toArray();
            int[] after = Primers.fromMidi(DRUMS, out).tokens().toArray();
            assertThat(after.length).as(file + ": the primer's bars").isGreaterThanOrEqualTo(before.length - 16)
                    .isLessThanOrEqualTo(before.length);
            int different = 0;
            for (int step = 0; step < after.length; step++) {
                assertThat(after[step] & kept).as(file + " step " + step).isEqualTo(before[step] & kept);
                different += (after[step] & ~kept) != (before[step] & ~kept) ? 1 : 0;
            }
            changed += different > 0 ? 1 : 0;
        }
        assertThat(changed).as("beats whose other instruments changed").isEqualTo(4);
    }

    @Test
    void regeneratingChosenBarsLeavesTheOthersAsTheyWere() throws IOException {
        Path file = validationBeats(1).get(0);
        Path out = dir.resolve("redo.mid");
        CliRun run = CliRun.of("generate", "--primer-midi", file.toString(), "--regenerate-bars", "2,4", "--no-humanize",
                "--max-primer-bars", "1024", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        int[] before = Primers.fromMidi(DRUMS, file).tokens().toArray();
        int[] after = Primers.fromMidi(DRUMS, out).tokens().toArray();
        boolean redone = false;
        for (int step = 0; step < Math.min(before.length, after.length); step++) {
            int bar = step / 16;
            if (bar == 1 || bar == 3) {
                redone |= before[step] != after[step];
            } else {
                assertThat(after[step]).as("step " + step).isEqualTo(before[step]);
            }
        }
        assertThat(redone).as("bars 2 and 4 were sampled again").isTrue();
    }

    @Test
    void keepAndRegenerateRefuseWhatTheyCannotDoInOneLine() throws IOException {
        CliRun noPrimer = CliRun.of("generate", "--keep", "kick", "--out", dir.toString());
        assertThat(noPrimer.exitCode()).isNotZero();
        assertThat(noPrimer.err().strip()).doesNotContain("\n").contains("--primer-midi");

        Path file = validationBeats(1).get(0);
        CliRun unknown = CliRun.of("generate", "--primer-midi", file.toString(), "--keep", "cowbell",
                "--max-primer-bars", "1024", "--out", dir.toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("cowbell").contains("kick, snare");

        CliRun withBars = CliRun.of("generate", "--primer-midi", file.toString(), "--keep", "kick", "--bars", "4",
                "--max-primer-bars", "1024", "--out", dir.toString());
        assertThat(withBars.exitCode()).isNotZero();
        assertThat(withBars.err()).contains("--bars");

        CliRun melody = CliRun.of("generate", "--model", "melody", "--primer", "[60, -2, 62, -2]", "--keep", "kick",
                "--out", dir.toString());
        assertThat(melody.exitCode()).isNotZero();
        assertThat(melody.err()).contains("drum-kit");
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".mid")).count()).as("nothing written").isZero();
    }

    private Path generate(String name, String... options) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("generate", "--num-outputs", "64", "--no-humanize", "--out",
                out.toString()));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return out;
    }

    private static GrooveStatistics statistics(Path folder) throws IOException {
        List<NoteSequence> pieces = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                pieces.add(MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence());
            }
        }
        assertThat(pieces).hasSize(64);
        return GrooveStatistics.ofNotes(pieces, DrumMap.ROLAND);
    }

    /** The first {@code count} short 4/4 beats of Groove's validation split (in path order). */
    private static List<Path> validationBeats(int count) throws IOException {
        Path groove = SharedData.require("groove");
        SplitPolicy.Explicit splits = SplitFiles.read(groove.resolve("info.csv"));
        List<Path> beats = new ArrayList<>();
        for (Path file : SharedData.midiFiles(groove)) {
            String relative = groove.relativize(file).toString().replace('\\', '/');
            if (splits.splitOf(relative).orElse(null) == Split.VALIDATION && relative.contains("_beat_4-4")
                    && Files.size(file) < 12_000 && beats.size() < count) {
                beats.add(file);
            }
        }
        assertThat(beats).hasSize(count);
        return beats;
    }

    private static String describe(GrooveStatistics s) {
        return String.format(java.util.Locale.ROOT, "%d bars, %.2f hits a bar, bar similarity %.3f, repeated bars %.3f,"
                + " bars returning to an earlier one %.3f", s.bars(), s.hits() / (double) s.bars(), s.barSimilarity(),
                s.repeatedBars(), s.repeatsEarlier());
    }

    private static DrumKitSpec drumKit() {
        try {
            return (DrumKitSpec) DefaultModels.bundle("drums").spec().encoding();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
