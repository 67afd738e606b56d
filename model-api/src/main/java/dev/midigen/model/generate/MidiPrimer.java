package dev.midigen.model.generate;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteOptions;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.quantize.QuantizationException;
import dev.midigen.codec.quantize.QuantizedSequence;
import dev.midigen.codec.quantize.Quantizer;
import dev.midigen.codec.repr.DropCounts;
import dev.midigen.codec.repr.DrumExtractOptions;
import dev.midigen.codec.repr.DrumExtractor;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.Extraction;
import dev.midigen.codec.repr.Melody;
import dev.midigen.codec.repr.MelodyExtractOptions;
import dev.midigen.codec.repr.MelodyExtractor;
import dev.midigen.codec.repr.PianoRoll;
import dev.midigen.codec.repr.PianoRollExtractOptions;
import dev.midigen.codec.repr.PianoRollExtractor;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.Timing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The music of a primer MIDI file, as the dataset pipeline reads files: lenient {@link SmfReader} →
 * {@link MidiToNotes} (drums on channel 10) → pieces cut at meter changes → {@link Quantizer} at the
 * encoding's steps per quarter (SMPTE files at their first tempo) → the encoding's extractor → the
 * first item, from the first piece that has one. Extraction keeps short pieces, never splits at
 * silences, and pads to the bar line after the last note, so the generated music starts on a bar.
 * Drum tracks use the encoding's drum map (trap-text: the {@code trap} map, and only pieces whose bar
 * is the encoding's); melodies are taken per track, the spec's polyphony deciding which of the notes
 * starting together stays.
 */
final class MidiPrimer {
    private static final Logger LOG = LoggerFactory.getLogger(MidiPrimer.class);

    /** A representation read from the file and the tempo at its start. */
    record Music<R>(R item, double bpm) {
    }

    private MidiPrimer() {
    }

    static Music<DrumTrack> drums(Path file, EncodingSpec spec, int maxBars) throws IOException {
        if (spec instanceof DrumKitSpec drumKit) {
            DrumExtractor extractor = new DrumExtractor(drumOptions(drumKit.drumMap()));
            return checked(first(file, spec, extractor::extract, "drum track"), file, DrumTrack::length,
                    DrumTrack::stepsPerBar, maxBars, "drum track");
        }
        TrapTextSpec trap = (TrapTextSpec) spec;
        DrumExtractor extractor = new DrumExtractor(drumOptions(DrumMap.TRAP));
        return checked(first(file, spec, piece -> {
            Extraction<DrumTrack> found = extractor.extract(piece);
            List<DrumTrack> fitting = found.items().stream().filter(t -> t.stepsPerBar() == trap.stepsPerBar()).toList();
            int left = found.items().size() - fitting.size();
            return left == 0 ? found : new Extraction<>(fitting, found.dropped().plus(DropCounts.of(
                    "bar-length-not-" + trap.stepsPerBar() + "-steps", left)));
        }, "drum track"), file, DrumTrack::length, DrumTrack::stepsPerBar, maxBars, "drum track");
    }

    static Music<Melody> melody(Path file, MelodySpec spec, int maxBars) throws IOException {
        MelodyExtractOptions options = MelodyExtractOptions.DEFAULT
                .withPolyphony(MelodyExtractOptions.Polyphony.parse(spec.polyphony()))
                .withMinBars(0).withGapBars(0).withMaxSteps(0).withPadToBar(true).withMinUniquePitches(0);
        return checked(first(file, spec, new MelodyExtractor(options)::extract, "melody"), file, Melody::length,
                Melody::stepsPerBar, maxBars, "melody");
    }

    /**
     * The music, unless it is longer than {@code maxBars}: a primer is fed to the model one step at a time, so its length
     * is the work (a stray note-off 2^28 quarters away made a primer of a million steps that took hours).
     */
    static <R> Music<R> checked(Music<R> music, Path file, ToIntFunction<R> steps, ToIntFunction<R> stepsPerBar,
                                int maxBars, String what) throws IOException {
        checkLength(file, what, steps.applyAsInt(music.item()), stepsPerBar.applyAsInt(music.item()), maxBars);
        return music;
    }

    /** Refuses a primer of {@code steps} steps (bars of {@code stepsPerBar}) longer than {@code maxBars}, naming the file. */
    static void checkLength(Path file, String what, long steps, int stepsPerBar, int maxBars) throws IOException {
        if (maxBars < 1) {
            throw new IllegalArgumentException("the longest primer must be at least 1 bar, got " + maxBars);
        }
        if (steps > (long) maxBars * stepsPerBar) {
            throw new IOException(String.format(java.util.Locale.ROOT, "%s: the primer %s is %,d bars long (%,d steps),"
                    + " over the limit of %,d bars (--max-primer-bars raises it)", file, what,
                    (steps + stepsPerBar - 1) / stepsPerBar, steps, maxBars));
        }
    }

    /**
     * A piano roll of the spec's keys from the notes of {@code tracks} (names, any case; empty = every track), drums
     * left out unless the spec keeps them.
     */
    static Music<PianoRoll> pianoRoll(Path file, PianoRollSpec spec, List<String> tracks) throws IOException {
        PianoRollExtractor extractor = new PianoRollExtractor(PianoRollExtractOptions.of(spec.minPitch(), spec.keys(),
                spec.includeDrums()).withMinBars(0));
        return first(file, spec, notes -> notes.onlyTracks(tracks, List.of()), extractor::extract,
                tracks.isEmpty() ? "piano roll" : "piano roll of tracks " + String.join(", ", tracks));
    }

    private static DrumExtractOptions drumOptions(DrumMap map) {
        return DrumExtractOptions.defaults(map).withMinBars(0).withGapBars(0).withMaxSteps(0).withPadToBar(true);
    }

    private static <R> Music<R> first(Path file, EncodingSpec spec, Function<QuantizedSequence, Extraction<R>> extract,
                                      String what) throws IOException {
        return first(file, spec, UnaryOperator.identity(), extract, what);
    }

    private static <R> Music<R> first(Path file, EncodingSpec spec, UnaryOperator<NoteSequence> select,
                                      Function<QuantizedSequence, Extraction<R>> extract, String what) throws IOException {
        NoteSequence notes = select.apply(MidiToNotes.convert(SmfReader.lenient().read(file).file(), NoteOptions.DEFAULT)
                .sequence());
        DropCounts.Builder dropped = new DropCounts.Builder();
        for (NoteSequence piece : notes.splitOnMeterChanges()) {
            double bpm = piece.tempoMap().changes().get(0).bpm();
            QuantizedSequence quantized;
            try {
                Quantizer quantizer = Quantizer.stepsPerQuarter(spec.stepsPerQuarter()).requireSingleMeter();
                quantized = (piece.timing() instanceof Timing.Smpte ? quantizer.assumingBpm(bpm) : quantizer).quantize(piece);
            } catch (QuantizationException e) {
                dropped.add("unquantisable-piece");
                continue;
            }
            Extraction<R> extraction = extract.apply(quantized);
            if (!extraction.items().isEmpty()) {
                LOG.debug("{}: primer {} at {} BPM", file, what, bpm);
                return new Music<>(extraction.items().get(0), bpm);
            }
            dropped.addAll(extraction.dropped());
        }
        DropCounts drops = dropped.build();
        throw new IOException(file + ": no " + what + " to prime the " + spec.typeName() + " encoding with"
                + (drops.isEmpty() ? "" : " (left out: " + drops + ")")
                + (what.startsWith("drum") ? "; drums are read from channel 10" : ""));
    }
}
