package dev.midigen.dataset;

import dev.midigen.codec.music.DrumChannels;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteOptions;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.quantize.QuantizationException;
import dev.midigen.codec.quantize.QuantizedSequence;
import dev.midigen.codec.quantize.Quantizer;
import dev.midigen.codec.repr.DropCounts;
import dev.midigen.codec.repr.Extraction;
import dev.midigen.codec.smf.SmfFormatException;
import dev.midigen.codec.smf.SmfReadResult;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.Timing;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-file stages of the pipeline: read → notes → split on meter (and optionally tempo) changes → augment (training
 * split only) → quantise → extract → encode → window. A pure function of the file's bytes and the
 * settings, so files can be processed in any order on any thread with the same result.
 */
final class FileProcessor<R> {
    /** File-level drop reasons. */
    static final String NOT_IN_SPLIT_FILE = "not-in-split-file";
    static final String UNREADABLE = "unreadable";

    private final EncodingBinding<R> binding;
    private final SplitPolicy splitPolicy;
    private final BuildSettings settings;
    private final NoteOptions noteOptions;

    FileProcessor(EncodingBinding<R> binding, SplitPolicy splitPolicy, BuildSettings settings) {
        this.binding = binding;
        this.splitPolicy = splitPolicy;
        this.settings = settings;
        // With drums on any channel the extractor picks drum pitches itself; channel 10 stays drums.
        this.noteOptions = NoteOptions.DEFAULT.withDrums(DrumChannels.standard());
    }

    /**
     * What one file gave. {@code split} is null when the file was not assigned one; {@code failure} non-null when
     * unreadable; {@code trackNames} the names of the file's tracks (none when it was not read).
     */
    record Outcome<R>(SourceFile file, String sha256, Split split, List<Example> examples, List<R> trainItems,
                      DropCounts dropped, String failure, List<String> trackNames) {
    }

    Outcome<R> process(SourceFile file) {
        byte[] bytes;
        try {
            long size = Files.size(file.path());
            if (size > SmfReader.DEFAULT_MAX_BYTES) {
                return failed(file, "", "the file is " + size + " bytes, over the reader's limit of "
                        + SmfReader.DEFAULT_MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            return failed(file, "", "cannot read the file: " + e.getMessage());
        }
        String sha256 = CorpusStore.sha256(bytes);
        Optional<Split> assigned = splitPolicy.splitOf(file.id());
        if (assigned.isEmpty()) {
            return new Outcome<>(file, sha256, null, List.of(), List.of(), DropCounts.of(NOT_IN_SPLIT_FILE, 1), null,
                    List.of());
        }
        Split split = assigned.get();
        SmfReadResult read;
        try {
            read = SmfReader.lenient().read(bytes, file.id());
        } catch (SmfFormatException e) {
            return failed(file, sha256, "offset " + e.offset() + ": " + e.problem());
        }
        DropCounts.Builder dropped = new DropCounts.Builder();
        NoteSequence all = MidiToNotes.convert(read.file(), noteOptions).sequence();
        NoteSequence sequence = selectTracks(all, dropped);
        List<Example> examples = new ArrayList<>();
        List<R> trainItems = new ArrayList<>();
        List<NoteSequence> pieces = settings.splitOnTempoChanges() ? sequence.splitOnTimeChanges()
                : sequence.splitOnMeterChanges();
        int piece = 0;
        for (NoteSequence original : pieces) {
            double bpm = original.tempoMap().changes().get(0).bpm();
            List<Example> made = new ArrayList<>();
            piece = encodePiece(file, split, original, "", bpm, piece, made, split == Split.TRAIN ? trainItems : null, dropped);
            examples.addAll(made);
            if (split != Split.TRAIN) {
                continue;
            }
            for (double factor : settings.augmentation().tempoFactors()) {
                for (Example example : made) {
                    examples.add(new Example(example.source(), example.piece(), "tempo*" + factor, split,
                            example.bpm() * factor, example.data()));
                }
            }
            if (binding.pitched()) {
                for (int shift : settings.augmentation().transpositions()) {
                    Optional<int[]> range = original.pitchRange();
                    if (range.isPresent() && (range.get()[0] + shift < 0 || range.get()[1] + shift > 127)) {
                        dropped.add("transposition-out-of-range");
                        continue;
                    }
                    // Copies are numbered like the original's pieces; their drops repeat the original's, so
                    // they are not counted again.
                    List<Example> copies = new ArrayList<>();
                    encodePiece(file, split, original.transpose(shift), String.format("transpose%+d", shift), bpm,
                            pieceIndexOf(made), copies, null, new DropCounts.Builder());
                    examples.addAll(copies);
                }
            }
        }
        return new Outcome<>(file, sha256, split, examples, trainItems, dropped.build(), null, all.trackNames());
    }

    private static int pieceIndexOf(List<Example> made) {
        return made.isEmpty() ? 0 : made.get(0).piece();
    }

    /** Quantise → extract → encode → window one piece; returns the next free piece number. */
    private int encodePiece(SourceFile file, Split split, NoteSequence piece, String variant, double bpm, int firstPiece,
                            List<Example> out, List<R> trainItems, DropCounts.Builder dropped) {
        QuantizedSequence quantized;
        try {
            Quantizer quantizer = Quantizer.stepsPerQuarter(binding.spec().stepsPerQuarter()).requireSingleMeter();
            if (piece.timing() instanceof Timing.Smpte) {
                quantizer = quantizer.assumingBpm(bpm);
            }
            quantized = quantizer.quantize(piece);
        } catch (QuantizationException e) {
            dropped.add("unquantisable-piece");
            return firstPiece;
        }
        Extraction<R> extraction = binding.extract(quantized);
        dropped.addAll(extraction.dropped());
        int next = firstPiece;
        for (R item : extraction.items()) {
            if (trainItems != null) {
                trainItems.add(item);
            }
            ExampleData data = binding.encode(item);
            for (ExampleData window : windows(data, dropped)) {
                out.add(new Example(file.id(), next++, variant, split, bpm, window));
            }
        }
        return next;
    }

    private List<ExampleData> windows(ExampleData data, DropCounts.Builder dropped) {
        int size = settings.windowSteps();
        if (size == 0 || data.length() <= size) {
            return List.of(data);
        }
        List<ExampleData> windows = new ArrayList<>();
        for (int from = 0; from < data.length(); from += size) {
            int to = Math.min(data.length(), from + size);
            if (to - from < size / 2) {
                dropped.add("short-window-remainder");
                break;
            }
            windows.add(data.slice(from, to));
        }
        return windows;
    }

    private NoteSequence selectTracks(NoteSequence sequence, DropCounts.Builder dropped) {
        NoteSequence selected = sequence.onlyTracks(settings.tracks(), List.of());
        dropped.add("notes-of-other-tracks", sequence.notes().size() - selected.notes().size());
        return selected;
    }

    private Outcome<R> failed(SourceFile file, String sha256, String reason) {
        return new Outcome<>(file, sha256, null, List.of(), List.of(), DropCounts.of(UNREADABLE, 1), reason, List.of());
    }
}
