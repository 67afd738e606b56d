package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.dataset.CorpusManifest;
import dev.midigen.dataset.SourceItems;
import dev.midigen.dataset.Split;
import dev.midigen.model.eval.GrooveStatistics;
import dev.midigen.model.eval.MelodyStatistics;
import dev.midigen.model.eval.RealMelodies;
import dev.midigen.model.eval.SampleStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of a corpus split's real pieces, measured as generated pieces are, to print next to them: for a melody
 * corpus {@link RealMelodies#statistics} (in 16-step bars); for a drum corpus (drum-kit, trap-text) the drum sample
 * statistics of the tracks its build extracted ({@link SampleStatistics#ofDrumTracks}) and the
 * {@link GrooveStatistics} of the files' performances (velocities and timing as played; a file whose notes cannot be
 * put on one bar grid is left out of those and counted). Other encodings have none.
 *
 * @param source     the folder they were read from
 * @param split      the split
 * @param samples    drums: notes per bar, kick, snare and hats; else null
 * @param groove     drums: how they are played; else null
 * @param ungridded  drums: files left out of {@code groove}
 * @param melody     melodies: their {@link MelodyStatistics}; else null
 */
public record RealPieces(String source, Split split, SampleStatistics samples, GrooveStatistics groove, int ungridded,
                  MelodyStatistics melody) {

    /**
     * @throws IllegalArgumentException when the encoding has no real statistics, or a file of the split is missing or
     *                                  changed
     */
    public static RealPieces measure(Path sources, CorpusManifest manifest, Split split) throws IOException {
        if (manifest.encoding() instanceof MelodySpec) {
            return new RealPieces(sources.toString(), split, null, null, 0,
                    RealMelodies.statistics(sources, manifest, split));
        }
        DrumMap map = manifest.encoding() instanceof DrumKitSpec kit ? kit.drumMap()
                : manifest.encoding() instanceof TrapTextSpec ? DrumMap.TRAP : null;
        if (map == null) {
            throw new IllegalArgumentException("real pieces are measured for melody and drum corpora, not "
                    + manifest.encoding().typeName());
        }
        List<DrumTrack> tracks = new ArrayList<>();
        for (Object item : SourceItems.ofSplit(sources, manifest, split)) {
            tracks.add((DrumTrack) item);
        }
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("the corpus's " + split.label() + " split has no drum track to measure");
        }
        List<GrooveTrack> grooves = new ArrayList<>();
        int ungridded = 0;
        for (NoteSequence notes : SourceItems.notesOfSplit(sources, manifest, split)) {
            try {
                GrooveStatistics.groove(notes, map).ifPresent(grooves::add);
            } catch (IllegalArgumentException e) {
                ungridded++;
            }
        }
        return new RealPieces(sources.toString(), split, SampleStatistics.ofDrumTracks(tracks),
                grooves.isEmpty() ? null : GrooveStatistics.of(grooves), ungridded, null);
    }
}
