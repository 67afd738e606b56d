package dev.midigen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.time.MeterMap;
import dev.midigen.codec.time.TempoMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code BuildSettings.tracks}: only the named tracks' notes, and a clear refusal of a name no file has. */
class TrackSelectionTest {
    @TempDir
    Path dir;

    /** Files like POP909's: a "Melody" track of pitches 72–79 on even steps and a "Piano" track of 48 on odd ones. */
    private Path input() throws IOException {
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Timing.Ppq timing = new Timing.Ppq(96);
        for (int file = 0; file < 6; file++) {
            List<Note> notes = new ArrayList<>();
            for (int step = 0; step < 16; step++) {
                boolean melody = step % 2 == 0;
                notes.add(new Note(melody ? 72 + (step + file) % 8 : 48, 90, step * 24L, step * 24L + 20, melody ? 0 : 1, 0,
                        false, melody ? 0 : 1));
            }
            NoteSequence sequence = new NoteSequence(timing, TempoMap.constant(timing, 500_000),
                    MeterMap.fromChanges(96, List.of()), notes, 16 * 24, List.of("Melody", "Piano"));
            Files.write(input.resolve("song" + file + ".mid"), SmfWriter.standard().toBytes(NotesToMidi.convert(sequence)));
        }
        return input;
    }

    private BuildRequest request(Path input, Path output, List<String> tracks) {
        SplitPolicy split = new SplitPolicy.Hashed(1, 0.2, 0.0);
        BuildSettings settings = new BuildSettings(split.describe(), false, false, 1, 0, 0, 0, tracks, "track",
                BuildSettings.Augmentation.NONE, 1);
        return new BuildRequest(input, output, false, new TestBindings.LowestPitch(true), split, settings, 1);
    }

    @Test
    void onlyTheNamedTracksNotesAreEncoded_namesIgnoringCase() throws IOException {
        CorpusManifest manifest = CorpusBuilder.build(request(input(), dir.resolve("out"), List.of(" MELODY ")),
                BuildListener.SILENT);

        List<Integer> tokens = new ArrayList<>();
        Corpus corpus = CorpusStore.open(dir.resolve("out"));
        for (Split split : Split.values()) {
            for (Example example : corpus.examples(split)) {
                IntSeq seq = ((ExampleData.Tokens) example.data()).tokens();
                for (int i = 0; i < seq.length(); i++) {
                    tokens.add(seq.get(i));
                }
            }
        }
        // the token is 1 + the lowest pitch starting on the step: the melody's 72–79, never the piano's 48
        assertThat(tokens.stream().filter(t -> t != 0)).hasSize(6 * 8).allSatisfy(t -> assertThat(t).isBetween(73, 80));
        long otherNotes = manifest.dropped().values().stream()
                .mapToLong(drops -> drops.getOrDefault("notes-of-other-tracks", 0L)).sum();
        assertThat(otherNotes).isEqualTo(6 * 8);
    }

    @Test
    void aNameNoFileHasIsRefusedWithTheNamesTheFilesHave() throws IOException {
        BuildRequest request = request(input(), dir.resolve("out"), List.of("MELODY", "MELODI"));

        assertThatThrownBy(() -> CorpusBuilder.build(request, BuildListener.SILENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no file has a track named MELODI (the files' track names: Melody, Piano; names match ignoring"
                        + " case)");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
