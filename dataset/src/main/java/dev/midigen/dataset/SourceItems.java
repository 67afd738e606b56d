package dev.midigen.dataset;

import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.music.DrumChannels;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteOptions;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfFormatException;
import dev.midigen.codec.smf.SmfReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces a corpus's build took from its source files, before encoding: the melodies, drum tracks, grooves or
 * piano rolls its extractor found (for a melody encoding the melodies as played, not yet moved to the encoding's key
 * and range), by the same stages and settings as {@link CorpusBuilder} (track selection, meter splits, quantising,
 * extraction; no augmentation). With them real music is measured the way generated music is, in its own bars.
 */
public final class SourceItems {
    private static final SplitPolicy ALL_TRAINING = new SplitPolicy.Hashed(0, 0, 0);

    private SourceItems() {
    }

    /**
     * The items of the files that the corpus put in {@code split}, read from {@code sourceFolder} (the folder it was
     * built from), in the manifest's file order.
     *
     * @throws IllegalArgumentException when a file is missing, unreadable, or not the one the corpus was built from (its
     *                                  SHA-256 differs)
     */
    public static List<Object> ofSplit(Path sourceFolder, CorpusManifest manifest, Split split) throws IOException {
        FileProcessor<?> processor = new FileProcessor<>(EncodingBindings.of(manifest.encoding(), manifest.settings()),
                ALL_TRAINING, manifest.settings());
        List<Object> items = new ArrayList<>();
        for (CorpusManifest.FileEntry entry : manifest.files().getOrDefault(split.label(), List.of())) {
            Path path = sourceFolder.resolve(entry.id());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(path + ": missing (the corpus's " + split.label() + " split has "
                        + entry.id() + "; give the folder the corpus was built from)");
            }
            FileProcessor.Outcome<?> outcome = processor.process(new SourceFile(entry.id(), path));
            if (outcome.failure() != null) {
                throw new IllegalArgumentException(path + ": " + outcome.failure());
            }
            if (!outcome.sha256().equals(entry.sha256())) {
                throw new IllegalArgumentException(path + ": not the file the corpus was built from (SHA-256 "
                        + outcome.sha256() + ", the corpus has " + entry.sha256() + ")");
            }
            items.addAll(outcome.trainItems());
        }
        return items;
    }

    /**
     * The notes of the files that the corpus put in {@code split}, as its build reads them before cutting and
     * extracting (channel 10 as drums, only the selected tracks' notes), read from {@code sourceFolder}, in the
     * manifest's file order: the real performances, velocities and timing included.
     *
     * @throws IllegalArgumentException when a file is missing, unreadable, or not the one the corpus was built from
     */
    public static List<NoteSequence> notesOfSplit(Path sourceFolder, CorpusManifest manifest, Split split)
            throws IOException {
        List<NoteSequence> pieces = new ArrayList<>();
        for (CorpusManifest.FileEntry entry : manifest.files().getOrDefault(split.label(), List.of())) {
            Path path = sourceFolder.resolve(entry.id());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(path + ": missing (the corpus's " + split.label() + " split has "
                        + entry.id() + "; give the folder the corpus was built from)");
            }
            byte[] bytes = Files.readAllBytes(path);
            String sha256 = CorpusStore.sha256(bytes);
            if (!sha256.equals(entry.sha256())) {
                throw new IllegalArgumentException(path + ": not the file the corpus was built from (SHA-256 " + sha256
                        + ", the corpus has " + entry.sha256() + ")");
            }
            try {
                NoteSequence notes = MidiToNotes.convert(SmfReader.lenient().read(bytes, entry.id()).file(),
                        NoteOptions.DEFAULT.withDrums(DrumChannels.standard())).sequence();
                pieces.add(notes.onlyTracks(manifest.settings().tracks(), List.of()));
            } catch (SmfFormatException e) {
                throw new IllegalArgumentException(path + ": offset " + e.offset() + ": " + e.problem(), e);
            }
        }
        return pieces;
    }

    /**
     * The items of one file as a build with {@code encoding} and {@code settings} extracts them.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    public static List<Object> ofFile(SourceFile file, EncodingSpec encoding, BuildSettings settings) {
        FileProcessor.Outcome<?> outcome = new FileProcessor<>(EncodingBindings.of(encoding, settings), ALL_TRAINING,
                settings).process(file);
        if (outcome.failure() != null) {
            throw new IllegalArgumentException(file.path() + ": " + outcome.failure());
        }
        return List.copyOf(outcome.trainItems());
    }
}
