package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusManifest;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.LabelFiles;
import dev.midigen.dataset.Labels;
import dev.midigen.dataset.SplitFiles;
import dev.midigen.dataset.SplitPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen dataset build}: a folder of MIDI → a corpus of encoded examples. */
@Command(name = "build",
        description = "Turn a folder of MIDI into a training corpus: parse, cut at meter changes, quantise,"
                + " extract, augment the training split, encode. Prints what was kept and what was dropped, by reason.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class DatasetBuildCommand implements Callable<Integer> {

    enum Encoding {
        DRUM_KIT("drum-kit"), TRAP_TEXT("trap-text"), MELODY("melody"), PIANO_ROLL("piano-roll"), GROOVE("groove");

        final String label;

        Encoding(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of MIDI files (searched recursively).")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Corpus folder to write.")
    Path out;

    @Option(names = "--encoding", required = true, paramLabel = "NAME",
            converter = EncodingConverter.class,
            description = "drum-kit, trap-text, melody, piano-roll or groove.")
    Encoding encoding;

    @Option(names = "--drum-map", paramLabel = "gm|roland|trap|FILE",
            description = "Drum classes (drum-kit: default gm; groove: default roland; trap-text always trap).")
    String drumMap;

    @Option(names = "--steps-per-quarter", defaultValue = "4", paramLabel = "N",
            description = "Grid: 4 = 16ths, 8 = 32nds, 3 or 6 = triplets (default: ${DEFAULT-VALUE}).")
    int stepsPerQuarter;

    @Option(names = "--binary-counters", defaultValue = "6", paramLabel = "N",
            description = "drum-kit: binary step counters in the model input, 0..6 (default: ${DEFAULT-VALUE}).")
    int binaryCounters;

    @Option(names = "--no-lookback", description = "melody: plain one-hot (basic_rnn) instead of lookback_rnn.")
    boolean noLookback;

    @Option(names = "--min-pitch", defaultValue = "48", paramLabel = "P", description = "melody: lowest pitch (default: ${DEFAULT-VALUE}).")
    int minPitch;

    @Option(names = "--max-pitch", defaultValue = "84", paramLabel = "P",
            description = "melody: pitch above the highest, exclusive as in Magenta (default: ${DEFAULT-VALUE}).")
    int maxPitch;

    @Option(names = "--transpose-to-key", defaultValue = "C", paramLabel = "KEY|none",
            description = "melody: move each melody to this major key (C, C#, D, … B) or 'none' (default: ${DEFAULT-VALUE}).")
    String transposeToKey;

    @Option(names = "--polyphony", defaultValue = "highest", paramLabel = "highest|lowest",
            description = "melody: which of several notes starting together to keep (default: ${DEFAULT-VALUE}).")
    String polyphony;

    @Option(names = "--melody-source", defaultValue = "track", paramLabel = "track|instrument|all",
            description = "melody: one melody per track, per instrument (track, channel, program: Magenta's), or"
                    + " from all notes (default: ${DEFAULT-VALUE}).")
    String melodySource;

    @Option(names = "--include-drums", description = "piano-roll: keep drum notes in the roll.")
    boolean includeDrums;

    @Option(names = "--split-file", paramLabel = "CSV",
            description = "Splits from a file: Groove's info.csv, or path,split rows (paths relative to --input).")
    Path splitFile;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "Style and tempo of each file, kept in the corpus for style-conditioned models (train --hparams"
                    + " style=true): a CSV with the header path,style,bpm (paths relative to --input; a style's part before"
                    + " '/' is its name), or Groove's info.csv. Groove's info.csv as --split-file gives them too.")
    Path labelsFile;

    @Option(names = "--eval-ratio", defaultValue = "0.1", paramLabel = "R",
            description = "Share of files for validation when splitting by hash (default: ${DEFAULT-VALUE}).")
    double evalRatio;

    @Option(names = "--test-ratio", defaultValue = "0.0", paramLabel = "R",
            description = "Share of files for test when splitting by hash (default: ${DEFAULT-VALUE}).")
    double testRatio;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the hash split and of augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--split-on-tempo",
            description = "Cut files at tempo changes too (by default only meter changes cut: the beat grid does not depend on tempo).")
    boolean splitOnTempo;

    @Option(names = "--drums-any-channel",
            description = "Drums are notes with drum-map pitches on any channel (loop packs on channel 1), not only channel 10.")
    boolean drumsAnyChannel;

    @Option(names = "--min-bars", defaultValue = "1", paramLabel = "N",
            description = "Leave out pieces shorter than this (default: ${DEFAULT-VALUE}; Magenta: 7).")
    int minBars;

    @Option(names = "--gap-bars", defaultValue = "0", paramLabel = "N",
            description = "Cut pieces at silences of this many bars, 0 = never (default: ${DEFAULT-VALUE}; Magenta: 1).")
    int gapBars;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "N",
            description = "Truncate pieces to this many steps, 0 = never (default: ${DEFAULT-VALUE}; Magenta: 512).")
    int maxSteps;

    @Option(names = "--magenta", description = "Magenta's thresholds: --min-bars 7 --gap-bars 1 --max-steps 512.")
    boolean magenta;

    @Option(names = "--window-steps", defaultValue = "0", paramLabel = "N",
            description = "Cut examples into windows of this many steps, 0 = keep whole (default: ${DEFAULT-VALUE}).")
    int windowSteps;

    @Option(names = "--tracks", split = ",", paramLabel = "NAME",
            description = "Only notes of tracks with these names, ignoring case (e.g. MELODY or PIANO for POP909); a"
                    + " name no file has is an error that lists the names the files have.")
    List<String> tracks = List.of();

    @Option(names = "--transpose", split = ",", paramLabel = "SEMITONES",
            description = "Training split: add copies transposed by these semitones (pitched encodings), e.g. -3,-2,-1,1,2,3.")
    List<Integer> transpositions = List.of();

    @Option(names = "--tempo-factors", split = ",", paramLabel = "F",
            description = "Training split: add copies with tempo metadata multiplied by these factors, e.g. 0.9,1.1.")
    List<Double> tempoFactors = List.of();

    @Option(names = "--combine-loops", defaultValue = "0", paramLabel = "N",
            description = "Training split: add N loops combining the kick, snare and hat parts of different loops (drums).")
    int combineLoops;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Accepts the encoding names as written (drum-kit, …). */
    static final class EncodingConverter implements CommandLine.ITypeConverter<Encoding> {
        @Override
        public Encoding convert(String value) {
            for (Encoding e : Encoding.values()) {
                if (e.label.equalsIgnoreCase(value)) {
                    return e;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not an encoding (drum-kit, trap-text, melody, piano-roll, groove)");
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(input)) {
            throw usage("--input " + input + " is not a folder");
        }
        if (magenta) {
            minBars = 7;
            gapBars = 1;
            maxSteps = 512;
        }
        EncodingSpec encodingSpec;
        SplitPolicy split;
        BuildSettings settings;
        try {
            encodingSpec = encodingSpec();
            split = splitFile != null ? SplitFiles.read(splitFile) : new SplitPolicy.Hashed(seed, evalRatio, testRatio);
            settings = new BuildSettings(split.describe(), splitOnTempo, drumsAnyChannel, minBars, gapBars, maxSteps, windowSteps,
                    tracks, melodySource, new BuildSettings.Augmentation(transpositions, tempoFactors, combineLoops), seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw usage("--threads must be at least 1");
        }
        Labels labels;
        if (labelsFile != null) {
            labels = LabelFiles.read(labelsFile);
        } else if (splitFile != null && LabelFiles.hasGrooveLabels(splitFile)) {
            labels = LabelFiles.read(splitFile);
        } else {
            labels = Labels.NONE;
        }
        BuildRequest request = new BuildRequest(input, out, overwrite, EncodingBindings.of(encodingSpec, settings), split,
                settings, workers, labels);
        Progress progress = new Progress(err);
        long start = System.nanoTime();
        CorpusManifest manifest;
        try {
            manifest = CorpusBuilder.build(request, progress);
        } catch (FileAlreadyExistsException e) {
            err.println("midigen dataset build: " + out + ": the output folder exists (use --overwrite to replace it)");
            return 1;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        progress.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s in %.1f s (%.0f files/s)%n", out, seconds, progress.total / seconds);
        CorpusReport.print(manifest, stdout);
        return 0;
    }

    private EncodingSpec encodingSpec() throws IOException {
        switch (encoding) {
            case DRUM_KIT:
                return new DrumKitSpec(drumMap == null ? DrumMap.GM : DrumMap.named(drumMap), stepsPerQuarter, binaryCounters);
            case GROOVE:
                return new GrooveSpec(drumMap == null ? DrumMap.ROLAND : DrumMap.named(drumMap), stepsPerQuarter);
            case TRAP_TEXT:
                if (drumMap != null && !drumMap.equalsIgnoreCase("trap")) {
                    throw new IllegalArgumentException("trap-text always uses the trap drum map");
                }
                return new TrapTextSpec(stepsPerQuarter, 4 * stepsPerQuarter);
            case MELODY:
                List<Integer> lookback = noLookback ? List.of() : List.of(4 * stepsPerQuarter, 8 * stepsPerQuarter);
                return new MelodySpec(minPitch, maxPitch, stepsPerQuarter, lookback, noLookback ? 0 : 5, key(transposeToKey),
                        polyphony);
            default:
                return new PianoRollSpec(stepsPerQuarter, 21, 88, includeDrums);
        }
    }

    private static final List<String> KEYS = List.of("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B");

    private static Integer key(String name) {
        if (name.equalsIgnoreCase("none")) {
            return null;
        }
        String normalised = name.toUpperCase(Locale.ROOT).replace("DB", "C#").replace("EB", "D#").replace("GB", "F#")
                .replace("AB", "G#").replace("BB", "A#");
        int index = KEYS.indexOf(normalised);
        if (index < 0) {
            throw new IllegalArgumentException("--transpose-to-key takes C, C#, D, … B or none, got " + name);
        }
        return index;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** A progress bar on a terminal; a line every 10% otherwise. */
    private static final class Progress implements BuildListener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private int total;
        private long lastDraw;
        private int lastTenth = -1;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(int files) {
            total = files;
            err.println("building from " + files + " files");
            err.flush();
        }

        @Override
        public void fileDone(int done, int all, String id) {
            if (terminal) {
                long now = System.nanoTime();
                if (now - lastDraw > 100_000_000L || done == all) {
                    lastDraw = now;
                    int width = 30;
                    int filled = (int) ((long) done * width / all);
                    err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + all + " files");
                    err.flush();
                }
            } else {
                int tenth = (int) ((long) done * 10 / all);
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    err.println(done + "/" + all + " files");
                    err.flush();
                }
            }
        }

        void finish() {
            if (terminal) {
                err.println();
                err.flush();
            }
        }
    }
}
