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
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.time.MeterMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
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
            return first(file, spec, maxBars, extractor::extract, "drum track");
        }
        TrapTextSpec trap = (TrapTextSpec) spec;
        DrumExtractor extractor = new DrumExtractor(drumOptions(DrumMap.TRAP));
        return first(file, spec, maxBars, piece -> {
            Extraction<DrumTrack> found = extractor.extract(piece);
            List<DrumTrack> fitting = found.items().stream().filter(t -> t.stepsPerBar() == trap.stepsPerBar()).toList();
            int left = found.items().size() - fitting.size();
            return left == 0 ? found : new Extraction<>(fitting, found.dropped().plus(DropCounts.of(
                    "bar-length-not-" + trap.stepsPerBar() + "-steps", left)));
        }, "drum track");
    }

    static Music<Melody> melody(Path file, MelodySpec spec, int maxBars) throws IOException {
        MelodyExtractOptions options = MelodyExtractOptions.DEFAULT
                .withPolyphony(MelodyExtractOptions.Polyphony.parse(spec.polyphony()))
                .withMinBars(0).withGapBars(0).withMaxSteps(0).withPadToBar(true).withMinUniquePitches(0);
        return first(file, spec, maxBars, new MelodyExtractor(options)::extract, "melody");
    }

    /**
     * A piano roll of the spec's keys from the notes of {@code tracks} (names, any case; empty = every track), drums
     * left out unless the spec keeps them.
     */
    static Music<PianoRoll> pianoRoll(Path file, PianoRollSpec spec, List<String> tracks, int maxBars) throws IOException {
        PianoRollExtractor extractor = new PianoRollExtractor(PianoRollExtractOptions.of(spec.minPitch(), spec.keys(),
                spec.includeDrums()).withMinBars(0));
        return first(file, spec, maxBars, notes -> notes.onlyTracks(tracks, List.of()), extractor::extract,
                tracks.isEmpty() ? "piano roll" : "piano roll of tracks " + String.join(", ", tracks));
    }

    /**
     * Refuses a file longer than {@code maxBars} (to its end, in its own bars) before its notes are made: the model
     * reads a primer step by step, so its length is the work (a stray note-off 2^28 quarters away made a primer of a
     * million steps that took hours, and a 100 MB file gigabytes of notes).
     */
    private static void checkLength(Path file, MidiFile midi, int maxBars) throws IOException {
        if (maxBars < 1) {
            throw new IllegalArgumentException("the longest primer must be at least 1 bar, got " + maxBars);
        }
        long bars = MeterMap.of(midi).barAt(Math.max(0, midi.endTick() - 1)) + 1;
        if (bars > maxBars) {
            throw new IOException(String.format(Locale.ROOT, "%s: the music is %,d bars long, over the limit of %,d bars"
                    + " for a primer (--max-primer-bars raises it)", file, bars, maxBars));
        }
    }

    private static DrumExtractOptions drumOptions(DrumMap map) {
        return DrumExtractOptions.defaults(map).withMinBars(0).withGapBars(0).withMaxSteps(0).withPadToBar(true);
    }

    private static <R> Music<R> first(Path file, EncodingSpec spec, int maxBars,
                                      Function<QuantizedSequence, Extraction<R>> extract, String what) throws IOException {
        return first(file, spec, maxBars, UnaryOperator.identity(), extract, what);
    }

    private static <R> Music<R> first(Path file, EncodingSpec spec, int maxBars, UnaryOperator<NoteSequence> select,
                                      Function<QuantizedSequence, Extraction<R>> extract, String what) throws IOException {
        MidiFile midi = SmfReader.lenient().read(file).file();
        checkLength(file, midi, maxBars);
        NoteSequence notes = select.apply(MidiToNotes.convert(midi, NoteOptions.DEFAULT).sequence());
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
