package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.model.eval.GrooveStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --style trap}: kick, snare and hats only, the half-time snare, a repeating 2-bar loop, rolls. */
class TrapRecipeTest {
    @TempDir
    Path dir;

    @Test
    void trapBeatsPlayOnlyKickSnareAndHatsAndRepeatTheirTwoBarLoop() throws IOException {
        CliRun run = CliRun.of("generate", "--style", "trap", "--num-outputs", "16", "--kick-pitch", "35", "--out",
                dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<NoteSequence> beats;
        try (Stream<Path> files = Files.list(dir)) {
            beats = files.sorted().map(TrapRecipeTest::read).toList();
        }
        assertThat(beats).hasSize(16);
        int loopBars = 0;
        int repeating = 0;
        int backbeats = 0;
        for (NoteSequence beat : beats) {
            assertThat(beat.notes()).extracting(Note::pitch).as("808 kick on 35, snare, closed and open hats")
                    .allMatch(Set.of(35, 38, 42, 46)::contains);
            long ppq = ((dev.midigen.codec.smf.Timing.Ppq) beat.timing()).ticksPerQuarter();
            assertThat(beat.notes()).as("hat rolls off the 16th grid")
                    .anyMatch(n -> n.pitch() == 42 && n.startTick() % (ppq / 4) > ppq / 20
                            && n.startTick() % (ppq / 4) < ppq / 4 - ppq / 20);
            GrooveTrack groove = GrooveStatistics.groove(beat.withNotes(beat.notes().stream()
                    .map(n -> n.pitch() == 35 ? new Note(36, n.velocity(), n.startTick(), n.endTick(), n.channel(),
                            n.program(), n.drum(), n.track()) : n).toList()), DrumMap.ROLAND).orElseThrow();
            int[] hits = groove.hits().toArray();
            for (int bar = 0; bar + 1 < groove.length() / 16; bar++) {
                backbeats += (hits[bar * 16 + 8] & 2) != 0 ? 1 : 0;
                assertThat(hits[bar * 16 + 4] & 2).as("no snare on beat 2").isZero();
                // the loop's repeats (bars 3, 5, 6 and 7 of 8; not the phrase-end fills) against the loop's bar, from
                // step 1: bar 1 has no roll before its downbeat, whose last hat the 16th grid puts on step 0
                if (bar >= 2 && bar % 4 != 3) {
                    int reference = bar % 2;
                    loopBars++;
                    repeating += Arrays.equals(Arrays.copyOfRange(hits, bar * 16 + 1, bar * 16 + 16),
                            Arrays.copyOfRange(hits, reference * 16 + 1, reference * 16 + 16)) ? 1 : 0;
                }
            }
        }
        System.out.printf("trap: %d of %d bars that repeat the loop equal its bar exactly%n", repeating, loopBars);
        assertThat(repeating).as("bars that repeat the 2-bar loop exactly").isGreaterThan(loopBars * 6 / 10);
        assertThat(backbeats).as("bars with the half-time snare on beat 3").isGreaterThan(16 * 6);
    }

    @Test
    void theKickPitchGoesWithTrapOnly() {
        CliRun run = CliRun.of("generate", "--kick-pitch", "35", "--out", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--kick-pitch goes with --style trap");
    }

    private static NoteSequence read(Path file) {
        try {
            return MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
