package dev.midigen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.Melody;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.StagedFolder;
import dev.midigen.model.Backends;
import dev.midigen.model.Head;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.eval.GrooveStatistics;
import dev.midigen.model.eval.MelodyStatistics;
import dev.midigen.model.eval.Metrics;
import dev.midigen.model.eval.MultiLabelEvaluation;
import dev.midigen.model.eval.NgramBaseline;
import dev.midigen.model.eval.SampleStatistics;
import dev.midigen.model.eval.UnigramBaseline;
import dev.midigen.model.generate.Arrangement;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.LoopForm;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.generate.Primers;
import dev.midigen.model.sampling.Sampler;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.training.MetricsLog;
import dev.midigen.model.training.TrainingWindows;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Models and backends side by side on one corpus, for every family: training speed (from each bundle's
 * {@code metrics.jsonl}), batch-1 sampling speed (measured), the {@link Evaluator}'s validation numbers over every
 * validation window, as {@code midigen evaluate} gives them — loss, perplexity, accuracy and event accuracy for
 * next-token models, next to a unigram and a 4-gram counting baseline on the same steps; loss, F1 teacher-forced and
 * free-running, the repeat-last-frame baseline's F1 and note density for multi-label (piano-roll) models — the
 * bundle's size, and statistics of seeded 4-bar samples (for drum models also their {@link GrooveStatistics}).
 * {@link Report#write} puts {@code report.md}, {@code report.json} and
 * {@code validation-loss.png} in a folder.
 *
 * <pre>{@code
 * Comparison.Report report = Comparison.run(Path.of("corpora/groove"),
 *         List.of(Comparison.Entry.parse("models/drums@dl4j"), Comparison.Entry.parse("models/drums@java")),
 *         Comparison.Settings.DEFAULT, line -> { });
 * System.out.println(report.toMarkdown());
 * report.write(Path.of("comparison"), false);
 * }</pre>
 *
 * Input problems (a model for another encoding, a backend that is missing or cannot score the model,
 * a corpus without validation examples) are {@link IllegalArgumentException}s with a message for a
 * user; unreadable files are {@link IOException}s.
 */
public final class Comparison {
    /** The order of the counting baseline. */
    public static final int NGRAM_ORDER = 4;
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_JSON = "report.json";
    public static final String LOSS_PLOT = "validation-loss.png";
    private static final int EVAL_BATCH = 32;
    private static final long SAMPLING_WARMUP_NANOS = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Comparison() {
    }

    /**
     * One column of the comparison: a model (a bundle folder, or an embedded model's name) on a backend
     * (null: the default one).
     */
    public record Entry(String model, String backend) {
        public Entry {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("a model is a bundle folder or an embedded model's name, got nothing");
            }
            backend = backend == null || backend.isBlank() ? null : backend.trim().toLowerCase(Locale.ROOT);
        }

        /**
         * {@code MODEL} or {@code MODEL@BACKEND}: the text after the last {@code @} is a backend when it is
         * a plain name (letters, digits, {@code -}, {@code _}), so folders with {@code @} in them still work.
         */
        public static Entry parse(String text) {
            int at = text.lastIndexOf('@');
            if (at > 0 && text.substring(at + 1).matches("[A-Za-z0-9_-]+")) {
                return new Entry(text.substring(0, at), text.substring(at + 1));
            }
            if (at == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "': a backend name is missing after @");
            }
            return new Entry(text, null);
        }

        /** {@code model@backend}, or the model alone for the default backend. */
        public String label() {
            return backend == null ? model : model + "@" + backend;
        }
    }

    /**
     * How to measure.
     *
     * @param samples       generated pieces per model for the sample statistics (0 = none)
     * @param bars          bars per piece (from the encoding's default primer)
     * @param seed          the sampling seed (the same pieces on every backend that computes the same logits)
     * @param samplingSteps batch-1 steps timed for the sampling speed (0 = not measured)
     * @param temperature   sampling temperature
     * @param form          the loop the pieces of drum-kit and melody models are played in, as {@code generate} plays
     *                      them ({@link Arrangement}); null = free-running
     */
    public record Settings(int samples, int bars, long seed, int samplingSteps, double temperature, LoopForm form) {
        public static final Settings DEFAULT = new Settings(8, 4, 1, 2000, 1.0);

        public Settings {
            if (samples < 0 || bars < 1 || samplingSteps < 0 || !(temperature > 0)) {
                throw new IllegalArgumentException("need samples >= 0, bars >= 1, sampling steps >= 0 and a temperature > 0");
            }
        }

        /** Settings whose pieces are played in {@code generate}'s default loop. */
        public Settings(int samples, int bars, long seed, int samplingSteps, double temperature) {
            this(samples, bars, seed, samplingSteps, temperature, LoopForm.defaults(seed));
        }

        public Settings withSamples(int newSamples) {
            return new Settings(newSamples, bars, seed, samplingSteps, temperature, form);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(samples, bars, newSeed, samplingSteps, temperature, form == null ? null
                    : form.withSeed(newSeed));
        }

        public Settings withSamplingSteps(int newSamplingSteps) {
            return new Settings(samples, bars, seed, newSamplingSteps, temperature, form);
        }

        public Settings withForm(LoopForm newForm) {
            return new Settings(samples, bars, seed, samplingSteps, temperature, newForm);
        }
    }

    /**
     * One model on one backend.
     *
     * @param entry                      what was asked for
     * @param backend                    the backend that ran it
     * @param backendVersion             its version
     * @param family                     the model family
     * @param trainedOn                  the backend that trained it (provenance); null for imported weights
     * @param stepsTrained               optimizer steps (provenance)
     * @param trainingSequencesPerSecond steps × batch / seconds in training steps, from the last line of
     *                                   {@code metrics.jsonl} (null when not recorded); measured by whoever
     *                                   trained it, on their machine
     * @param samplingStepsPerSecond     batch-1 sampling steps per second measured here (null when not
     *                                   measured or the backend cannot sample)
     * @param windowSteps                validation window length (the training window, else 64)
     * @param validation                 the Evaluator's numbers over every validation window: {@link Metrics} for a
     *                                   categorical head, a {@link MultiLabelEvaluation} for a multi-label head
     * @param bundleBytes                the bundle's files on disk
     * @param samples                    statistics of the generated pieces (null when none were generated)
     * @param groove                     how the generated pieces are played, for drum models: velocities, timing
     *                                   against the 16th grid, bar-to-bar repetition ({@link GrooveStatistics} of the
     *                                   pieces' notes, primer included); null for other models or when none were
     *                                   generated
     * @param melody                     how the generated pieces move and repeat, for melody models: leaps, repeated
     *                                   bars, scale consistency ({@link MelodyStatistics} of the pieces as written, primer
     *                                   included); null for other models or when none were generated
     * @param curve                      validation loss over training steps
     */
    public record Row(Entry entry, String backend, String backendVersion, String family, String trainedOn, long stepsTrained,
                      Double trainingSequencesPerSecond, Double samplingStepsPerSecond, int windowSteps, Evaluation validation,
                      long bundleBytes, SampleStatistics samples, GrooveStatistics groove, MelodyStatistics melody,
                      List<MetricsLog.Line> curve) {
    }

    /**
     * The comparison: its rows and, for next-token models, the two counting baselines evaluated on the same validation
     * steps (null for multi-label models, whose repeat-last-frame baseline is in each row's evaluation); for a melody or
     * drum corpus whose source folder was given, the statistics of its validation split's real pieces
     * ({@link RealPieces}), else null.
     */
    public record Report(String corpus, String encoding, int validationSequences, Settings settings, List<Row> rows,
                         Metrics unigram, Metrics ngram, RealPieces real) {
        public Report {
            rows = List.copyOf(rows);
        }

        /** The table and what it measured, as Markdown. */
        public String toMarkdown() {
            return Comparison.markdown(this);
        }

        /** Everything, as JSON. */
        public String toJson() {
            return Comparison.json(this);
        }

        /** The validation-loss plot, as PNG bytes. */
        public byte[] lossPlotPng() {
            return LossPlot.png(this);
        }

        /**
         * Writes {@value #REPORT_MD}, {@value #REPORT_JSON} and {@value #LOSS_PLOT} into {@code folder}, as a
         * whole ({@link StagedFolder}): refused when it exists unless {@code overwrite}.
         */
        public void write(Path folder, boolean overwrite) throws IOException {
            try (StagedFolder staged = StagedFolder.create(folder, overwrite)) {
                Files.writeString(staged.file(REPORT_MD), toMarkdown(), StandardCharsets.UTF_8);
                Files.writeString(staged.file(REPORT_JSON), toJson(), StandardCharsets.UTF_8);
                Files.write(staged.file(LOSS_PLOT), lossPlotPng());
                staged.commit();
            }
        }
    }

    /**
     * Runs the comparison.
     *
     * @param corpus   a corpus folder (its validation split is evaluated, its training split counted)
     * @param entries  the models and backends, in table order
     * @param settings what to generate and time
     * @param progress told what is being done, one line at a time
     */
    public static Report run(Path corpus, List<Entry> entries, Settings settings, Consumer<String> progress) throws IOException {
        return run(corpus, entries, settings, null, progress);
    }

    /**
     * As {@link #run(Path, List, Settings, Consumer)}, with the real pieces next to the generated ones: for a melody or
     * drum corpus, the statistics of its validation split's pieces read from {@code sources}, the folder it was built
     * from (null: none; {@link RealPieces}).
     *
     * @throws IllegalArgumentException also when {@code sources} is given for a corpus of another encoding, or lacks a
     *                                  file of the split or has another version of it
     */
    public static Report run(Path corpus, List<Entry> entries, Settings settings, Path sources, Consumer<String> progress)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(progress, "progress");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: give at least one model");
        }
        Corpus data = CorpusStore.open(corpus);
        List<Loaded> models = new ArrayList<>();
        for (Entry entry : entries) { // every model checked before any time is spent
            Loaded loaded = load(entry.model());
            if (!data.manifest().encoding().equals(loaded.bundle().spec().encoding())) {
                throw new IllegalArgumentException("corpus " + corpus + " is encoded as " + data.manifest().encoding().toJson()
                        + " but " + entry.model() + " reads " + loaded.bundle().spec().encoding().toJson());
            }
            models.add(loaded);
        }
        boolean tokens = models.get(0).bundle().spec().head() instanceof Head.Categorical;
        List<IntSeq> validation = tokens ? tokens(data, Split.VALIDATION) : List.of();
        List<IntSeq> training = tokens ? tokens(data, Split.TRAIN) : List.of();
        if (tokens && validation.stream().noneMatch(s -> s.length() >= 2)) {
            throw new IllegalArgumentException("corpus " + corpus + " has no validation example to evaluate on");
        }
        List<Backend> engines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            engines.add(open(entries.get(i), models.get(i).bundle()));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            progress.accept(entry.label() + ": evaluating on " + engines.get(i).name());
            rows.add(measure(entry, models.get(i), engines.get(i), data, settings, progress));
        }
        Metrics unigram = null;
        Metrics ngram = null;
        if (tokens) {
            TokenCodec<?> codec = models.get(0).bundle().spec().tokenCodec();
            progress.accept("baselines: unigram and " + NGRAM_ORDER + "-gram from " + training.size() + " training sequences");
            unigram = UnigramBaseline.ofSequences(codec, training).evaluate(codec, validation);
            ngram = NgramBaseline.ofSequences(codec, training, NGRAM_ORDER).evaluate(codec, validation);
        }
        int sequences = tokens ? (int) validation.stream().filter(s -> s.length() >= 2).count()
                : data.examples(Split.VALIDATION).size();
        RealPieces real = null;
        if (sources != null) {
            progress.accept("real pieces: the validation split's files in " + sources);
            real = RealPieces.measure(sources, data.manifest(), Split.VALIDATION);
        }
        return new Report(corpus.toString(), data.manifest().encoding().typeName(), sequences, settings, rows, unigram, ngram,
                real);
    }

    private static Row measure(Entry entry, Loaded loaded, Backend engine, Corpus data, Settings settings,
                               Consumer<String> progress) throws IOException {
        ModelBundle bundle = loaded.bundle();
        ModelSpec spec = bundle.spec();
        Provenance provenance = bundle.provenance();
        TrainingConfig trained = Optional.ofNullable(provenance.training())
                .orElseGet(() -> TrainingConfig.defaultsFor(spec));
        TrainingWindows windows = TrainingWindows.of(spec, trained, data, Split.VALIDATION);
        if (windows.sequenceCount() == 0) {
            throw new IllegalArgumentException("corpus " + data.dir() + " has no validation example of "
                    + (trained.sourceSteps() + trained.windowSteps()) + " steps to evaluate " + entry.model() + " on");
        }
        Evaluation validation;
        Double samplingSpeed = null;
        SampleStatistics stats = null;
        GrooveStatistics groove = null;
        MelodyStatistics melody = null;
        try (SequenceModel model = bundle.open(engine)) {
            validation = Evaluator.forSpec(spec).evaluate(model, windows.validationBatches(EVAL_BATCH, 0));
            if (engine.capabilities().contains(Capability.SAMPLE)) {
                if (settings.samplingSteps() > 0) {
                    progress.accept(entry.label() + ": timing " + settings.samplingSteps() + " sampling steps");
                    samplingSpeed = samplingSpeed(model, settings);
                }
                if (settings.samples() > 0) {
                    progress.accept(entry.label() + ": generating " + settings.samples() + " pieces of " + settings.bars() + " bars");
                    List<Generated> pieces = samples(model, settings);
                    stats = SampleStatistics.of(pieces, settings.bars());
                    groove = grooveStats(pieces);
                    melody = pieces.get(0).music() instanceof Melody ? MelodyStatistics.ofGenerated(pieces) : null;
                }
            }
        }
        String trainedOn = provenance.training() == null ? null : provenance.backend(); // null: imported weights
        return new Row(entry, engine.name(), engine.version(), spec.family().typeName(), trainedOn,
                provenance.stepsTrained(), provenance.training() == null ? null
                        : loaded.log().trainingSequencesPerSecond(provenance.training().batchSize()).orElse(null), samplingSpeed,
                trained.windowSteps(), validation, loaded.bytes(), stats, groove, melody, loaded.log().lossCurve());
    }

    /**
     * Batch-1 sampling steps per second through the {@link Sampler} (decoder, softmax or the units' draws, codec):
     * runs of {@code samplingSteps} from the encoding's default primer (a multi-label model: from a zero start)
     * repeated untimed for at least a second (the JIT compiles the decoder and the sampler), then the median of three
     * timed runs.
     */
    private static double samplingSpeed(SequenceModel model, Settings settings) {
        Sampler sampler = new Sampler(sampling(settings));
        int steps = settings.samplingSteps();
        IntConsumer run;
        if (model.spec().head() instanceof Head.Categorical) {
            IntSeq primer = Primers.defaultFor(model.spec().encoding()).tokens();
            run = output -> sampler.sampleOne(model, primer, steps, output);
        } else {
            run = output -> sampler.sampleUnits(model, null, steps, output, 1);
        }
        long warmUntil = System.nanoTime() + SAMPLING_WARMUP_NANOS;
        int output = 0;
        do {
            run.accept(output++);
        } while (System.nanoTime() < warmUntil);
        double[] speeds = new double[3];
        for (int i = 0; i < speeds.length; i++) {
            long start = System.nanoTime();
            run.accept(output++);
            speeds[i] = settings.samplingSteps() / ((System.nanoTime() - start) / 1e9);
        }
        java.util.Arrays.sort(speeds);
        return speeds[1];
    }

    /**
     * The sampling of the comparison: the settings' temperature and seed; a multi-label head's values drawn (Bernoulli
     * at that temperature: from a zero start a threshold would give the same piece every time).
     */
    private static SamplingConfig sampling(Settings settings) {
        return SamplingConfig.builder().temperature(settings.temperature()).seed(settings.seed()).includePrimer(true)
                .bernoulli().build();
    }

    /**
     * {@code samples} pieces of {@code bars} bars, seeded, as {@code generate} makes them: from the default primer (the
     * primer included), a drum-kit or melody model's in the settings' form ({@link Arrangement}).
     */
    static List<Generated> samples(SequenceModel model, Settings settings) {
        GenerationRequest request = GenerationRequest.of(GenerationLength.bars(settings.bars()), settings.samples())
                .withSampling(sampling(settings));
        request = new Arrangement(settings.form(), null).apply(request, model.spec().encoding());
        return new MusicGenerator(model).generate(request);
    }

    /**
     * The groove statistics of generated drum pieces (their notes as written, on the 16th grid of their own PPQ);
     * null when there are none or they are not drums.
     */
    static GrooveStatistics grooveStats(List<Generated> pieces) {
        if (pieces.isEmpty() || !(pieces.get(0).music() instanceof DrumTrack)) {
            return null;
        }
        return GrooveStatistics.ofGenerated(pieces);
    }

    private static Backend open(Entry entry, ModelBundle bundle) {
        Backend engine = Backends.discover().open(entry.backend(), Capability.SCORE, bundle.spec());
        if (!engine.capabilities().contains(Capability.SCORE)) {
            throw new IllegalArgumentException("the " + engine.name() + " backend cannot evaluate models ('midigen backends'"
                    + " lists the backends)");
        }
        String reason = engine.unsupported(bundle.spec());
        if (reason != null) {
            throw new IllegalArgumentException("the " + engine.name() + " backend cannot run " + entry.model() + ": " + reason);
        }
        return engine;
    }

    private static List<IntSeq> tokens(Corpus corpus, Split split) throws IOException {
        List<IntSeq> sequences = new ArrayList<>();
        for (Example example : corpus.examples(split)) {
            if (!(example.data() instanceof ExampleData.Tokens tokens)) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " holds frames; compare reads token encodings");
            }
            sequences.add(tokens.tokens());
        }
        return sequences;
    }

    /** A bundle with what is beside it: its size on disk and its {@code metrics.jsonl}. */
    record Loaded(ModelBundle bundle, long bytes, MetricsLog log) {
    }

    /** Reads a bundle folder, or an embedded model's folder on the class path (a folder of that name here wins). */
    static Loaded load(String model) throws IOException {
        Path folder = Path.of(model);
        if (!DefaultModels.isName(model) || Files.exists(folder)) {
            return load(folder);
        }
        return DefaultModels.inFolder(model, Comparison::load);
    }

    private static Loaded load(Path folder) throws IOException {
        ModelBundle bundle = ModelBundle.read(folder);
        long bytes;
        try (Stream<Path> files = Files.walk(folder)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
        return new Loaded(bundle, bytes, MetricsLog.read(folder));
    }

    // ----- writing -----

    static String markdown(Report report) {
        boolean tokens = report.unigram() != null;
        SampleStatistics kind = report.rows().stream().map(Row::samples).filter(Objects::nonNull).findFirst().orElse(null);
        boolean drums = kind != null && kind.drums();
        boolean piano = kind != null && kind.piano();
        boolean melody = kind != null && !drums && !piano;
        StringBuilder out = new StringBuilder();
        out.append("# midigen compare\n\n");
        long scored = tokens ? report.unigram().steps() : report.rows().isEmpty() ? 0
                : ((MultiLabelEvaluation) report.rows().get(0).validation()).teacherForced().frames();
        out.append(String.format(Locale.ROOT, "Corpus `%s` (%s), validation split: %d sequence%s, %,d %s scored.%n%n",
                report.corpus(), report.encoding(), report.validationSequences(), report.validationSequences() == 1 ? "" : "s",
                scored, tokens ? "steps" : "frames"));
        List<String> header = new ArrayList<>(List.of("model", "backend", "trained on", "train seq/s", "sample steps/s"));
        header.addAll(tokens ? List.of("val loss", "perplexity", "accuracy", "event acc.")
                : List.of("val loss", "F1", "free-running F1", "repeat-last-frame F1", "density"));
        header.add("bundle");
        if (drums) {
            header.addAll(List.of("notes/bar", "kick on 1 & 3", "snare on 2 & 4", "hats/step", "velocity",
                    "velocity spread", "abs offset (16ths)", "bar similarity", "repeated bars", "back to an earlier bar"));
        } else if (piano) {
            header.addAll(List.of("notes/bar", "keys/step", "pitch range"));
        } else if (melody) {
            header.addAll(List.of("notes/bar", "mean leap", "repeats previous bar", "repeats earlier bar",
                    "scale consistency", "pitch range"));
        }
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            out.append(i < 3 ? "---|" : "---:|");
        }
        out.append('\n');
        for (Row row : report.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.entry().model(), row.backend(),
                    row.trainedOn() == null ? "(imported)" : row.trainedOn(),
                    number(row.trainingSequencesPerSecond(), "%,.0f"), number(row.samplingStepsPerSecond(), "%,.0f")));
            cells.addAll(metricCells(row.validation()));
            cells.add(bytes(row.bundleBytes()));
            SampleStatistics s = row.samples();
            if (drums) {
                cells.addAll(drumCells(s, row.groove()));
            } else if (piano) {
                cells.addAll(s == null ? dashes(3) : List.of(number(s.notesPerBar(), "%.1f"),
                        number(s.keysPerStep(), "%.2f"), number(s.pitchRange(), "%.1f")));
            } else if (melody) {
                cells.addAll(row.melody() == null ? dashes(6) : melodyCells(row.melody()));
            }
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        RealPieces real = report.real();
        if (real != null && (melody && real.melody() != null || drums && real.samples() != null)) {
            List<String> cells = new ArrayList<>(List.of("real: validation files", "—", "—", "—", "—"));
            cells.addAll(dashes(header.size() - (melody ? 6 : 10) - cells.size()));
            cells.addAll(melody ? melodyCells(real.melody()) : drumCells(real.samples(), real.groove()));
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        if (tokens) {
            for (Object[] baseline : new Object[][] {{"unigram baseline", report.unigram()},
                {NGRAM_ORDER + "-gram baseline (Kneser–Ney)", report.ngram()}}) {
                List<String> cells = new ArrayList<>(List.of((String) baseline[0], "—", "—", "—", "—"));
                cells.addAll(metricCells((Metrics) baseline[1]));
                cells.add("—");
                cells.addAll(dashes(header.size() - cells.size()));
                out.append("| ").append(String.join(" | ", cells)).append(" |\n");
            }
        }
        Settings settings = report.settings();
        out.append('\n');
        out.append("- **train seq/s**: training steps × batch ÷ seconds spent in training steps, from the bundle's"
                + " `metrics.jsonl` (measured where and when it was trained; — when not recorded).\n");
        out.append(String.format(Locale.ROOT, "- **sample steps/s**: batch-1 sampling through the Sampler measured here:"
                + " the median of three runs of %,d steps after a second of untimed runs, %d cores.%n", settings.samplingSteps(), Runtime.getRuntime().availableProcessors()));
        if (tokens) {
            out.append("- **val loss, perplexity, accuracy, event acc.**: the Evaluator over every window of the validation"
                    + " split (Magenta's definitions); the baselines score the same steps, counted on the training split.\n");
        } else {
            out.append("- **val loss, F1, free-running F1, density**: the Evaluator over every window of the validation"
                    + " split: the head's loss and F1 at probability 0.5 teacher-forced; F1 free-running (the decoder"
                    + " continues from the encoder's state on its own frames); the F1 of repeating the last source frame;"
                    + " density: keys on per frame, free-running against the corpus's.\n");
        }
        if (kind != null) {
            out.append(String.format(Locale.ROOT, "- **samples**: %d pieces of %d bars per model from %s, seed %d,"
                    + " temperature %s; statistics over the pieces' bars.%s%n", settings.samples(), settings.bars(),
                    piano ? "a zero start, each key drawn (Bernoulli)" : "the encoding's default primer", settings.seed(),
                    settings.temperature(), drums ? " Kick on 1 & 3: share of the bars'"
                    + " first and third beats with a kick; snare on 2 & 4 likewise; hats/step: hi-hat hits per grid step."
                    + " The groove columns read the pieces' notes as written (primer included) on the 16th grid of their"
                    + " own PPQ (GrooveStatistics): velocity: mean hit velocity (MIDI units); velocity spread: its standard"
                    + " deviation; abs offset: mean distance of a hit from its 16th, in 16ths (0 to ½); bar similarity:"
                    + " mean Jaccard index of consecutive bars' hits (drum class by step); repeated bars: share of"
                    + " consecutive bars that repeat the bar before exactly; back to an earlier bar: share of the bars"
                    + " with hits, after a piece's first, whose hits are exactly those of an earlier bar."
                    + (report.real() == null || report.real().samples() == null ? ""
                    : " The real row: the corpus's validation drum tracks read from `" + report.real().source()
                    + "` as it was built (kick, snare, hats), and its files' notes as played (the groove columns).")
                    : piano ? " Keys/step: keys sounding per grid step. Pitch range: highest − lowest pitch per piece, in"
                    + " semitones, averaged."
                    : " MelodyStatistics over the pieces as written: notes/bar in 16-step bars; mean leap: mean |interval|"
                    + " between consecutive notes, semitones; repeats previous / earlier bar: share of consecutive bar pairs"
                    + " (not both silent) whose second bar has exactly the notes (step in bar, pitch) of the bar before /"
                    + " of any earlier bar; scale consistency: share of notes in the piece's best major scale (its modes"
                    + " included); pitch range: highest − lowest pitch per piece, semitones, averaged."
                    + (report.real() == null || report.real().melody() == null ? ""
                    : " The real row: the corpus's validation melodies read from `" + report.real().source()
                    + "` as it was built (in the encoding's key and range), in 16-step bars whatever their meter, as"
                    + " generated pieces are.")));
        }
        out.append("\n![validation loss over training steps](").append(LOSS_PLOT).append(")\n");
        return out.toString();
    }

    private static List<String> metricCells(Evaluation evaluation) {
        if (evaluation instanceof MultiLabelEvaluation frames) {
            return List.of(number(frames.loss(), "%.3f"), number(frames.teacherForced().f1(), "%.3f"),
                    number(frames.freeRunning().f1(), "%.3f"), number(frames.repeatLastFrame().f1(), "%.3f"),
                    number(frames.freeRunning().predictedDensity(), "%.2f") + " / "
                            + number(frames.freeRunning().targetDensity(), "%.2f"));
        }
        Metrics metrics = (Metrics) evaluation;
        return List.of(number(metrics.loss(), "%.3f"), number(metrics.perplexity(), "%.2f"), number(metrics.accuracy(), "%.3f"),
                number(metrics.eventAccuracy(), "%.3f"));
    }

    private static List<String> drumCells(SampleStatistics s, GrooveStatistics g) {
        List<String> cells = new ArrayList<>(s == null ? dashes(4) : List.of(number(s.notesPerBar(), "%.1f"),
                number(s.kickOnBeats1And3(), "%.2f"), number(s.snareOnBeats2And4(), "%.2f"),
                number(s.hatsPerStep(), "%.2f")));
        cells.addAll(g == null ? dashes(6) : List.of(number(g.meanVelocity(), "%.1f"),
                number(g.velocitySpread(), "%.1f"), number(g.meanAbsOffset(), "%.3f"),
                number(g.barSimilarity(), "%.3f"), percent(g.repeatedBars()), percent(g.repeatsEarlier())));
        return cells;
    }

    private static List<String> melodyCells(MelodyStatistics m) {
        return List.of(number(m.notesPerBar(), "%.1f"), number(m.meanLeap(), "%.2f"), percent(m.repeatedBars()),
                percent(m.repeatsEarlierBar()), percent(m.scaleConsistency()), number(m.pitchRange(), "%.1f"));
    }

    private static List<String> dashes(int count) {
        return Collections.nCopies(Math.max(0, count), "—");
    }

    private static String number(Double value, String format) {
        return value == null || !Double.isFinite(value) ? "—" : String.format(Locale.ROOT, format, value);
    }

    private static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "—";
    }

    private static String bytes(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    static String json(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("corpus", report.corpus());
        root.put("encoding", report.encoding());
        root.put("split", Split.VALIDATION.label());
        root.put("validationSequences", report.validationSequences());
        ObjectNode settings = root.putObject("settings");
        settings.put("samples", report.settings().samples());
        settings.put("bars", report.settings().bars());
        settings.put("seed", report.settings().seed());
        settings.put("samplingSteps", report.settings().samplingSteps());
        settings.put("temperature", report.settings().temperature());
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        settings.put("jvm", Provenance.thisJvm());
        ArrayNode models = root.putArray("models");
        for (Row row : report.rows()) {
            ObjectNode node = models.addObject();
            node.put("model", row.entry().model());
            node.put("requestedBackend", row.entry().backend());
            node.put("backend", row.backend());
            node.put("backendVersion", row.backendVersion());
            node.put("family", row.family());
            node.put("trainedOn", row.trainedOn());
            node.put("stepsTrained", row.stepsTrained());
            putNumber(node, "trainingSequencesPerSecond", row.trainingSequencesPerSecond());
            putNumber(node, "samplingStepsPerSecond", row.samplingStepsPerSecond());
            node.put("windowSteps", row.windowSteps());
            node.set("validation", row.validation().toJsonNode());
            node.put("bundleBytes", row.bundleBytes());
            SampleStatistics s = row.samples();
            if (s == null) {
                node.putNull("samples");
            } else {
                ObjectNode stats = node.putObject("samples");
                stats.put("pieces", s.pieces());
                stats.put("bars", s.bars());
                putNumber(stats, "notesPerBar", s.notesPerBar());
                if (s.piano()) {
                    putNumber(stats, "keysPerStep", s.keysPerStep());
                }
                if (s.drums()) {
                    putNumber(stats, "kickOnBeats1And3", s.kickOnBeats1And3());
                    putNumber(stats, "snareOnBeats2And4", s.snareOnBeats2And4());
                    putNumber(stats, "hatsPerStep", s.hatsPerStep());
                    GrooveStatistics g = row.groove();
                    if (g != null) {
                        putNumber(stats, "meanVelocity", g.meanVelocity());
                        putNumber(stats, "velocitySpread", g.velocitySpread());
                        putNumber(stats, "meanAbsOffset16ths", g.meanAbsOffset());
                        putNumber(stats, "barSimilarity", g.barSimilarity());
                        putNumber(stats, "repeatedBars", g.repeatedBars());
                        putNumber(stats, "repeatsEarlierBar", g.repeatsEarlier());
                    }
                } else {
                    putNumber(stats, "pitchRange", s.pitchRange());
                    if (s.lowestPitch() != null) {
                        stats.put("lowestPitch", s.lowestPitch());
                        stats.put("highestPitch", s.highestPitch());
                    }
                    if (row.melody() != null) {
                        stats.set("melody", melodyJson(row.melody()));
                    }
                }
            }
            ArrayNode curve = node.putArray("validationLossCurve");
            for (MetricsLog.Line line : row.curve()) {
                curve.addObject().put("step", line.step()).put("loss", line.validationLoss());
            }
        }
        if (report.real() != null) {
            root.set("real", realJson(report.real()));
        }
        if (report.unigram() != null) {
            ObjectNode baselines = root.putObject("baselines");
            baselines.set("unigram", report.unigram().toJsonNode());
            ObjectNode ngram = baselines.putObject("ngram");
            ngram.put("order", NGRAM_ORDER);
            ngram.put("smoothing", "interpolated Kneser-Ney");
            ngram.set("metrics", report.ngram().toJsonNode());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The statistics of generated pieces as JSON: {@code melody} ({@link MelodyStatistics}) for melodies, {@code drums}
     * ({@link SampleStatistics} of their last {@code bars} bars and the {@link GrooveStatistics} of their notes) for
     * drums; empty for other music.
     */
    static ObjectNode generatedJson(List<Generated> pieces, int bars) {
        ObjectNode node = JSON.createObjectNode();
        if (pieces.isEmpty()) {
            return node;
        }
        if (pieces.get(0).music() instanceof Melody) {
            node.set("melody", melodyJson(MelodyStatistics.ofGenerated(pieces)));
        } else if (pieces.get(0).music() instanceof DrumTrack) {
            node.set("drums", drumsJson(SampleStatistics.of(pieces, bars), grooveStats(pieces)));
        }
        return node;
    }

    private static ObjectNode drumsJson(SampleStatistics s, GrooveStatistics g) {
        ObjectNode drums = JSON.createObjectNode();
        drums.put("pieces", s.pieces());
        drums.put("bars", s.bars());
        putNumber(drums, "notesPerBar", s.notesPerBar());
        putNumber(drums, "kickOnBeats1And3", s.kickOnBeats1And3());
        putNumber(drums, "snareOnBeats2And4", s.snareOnBeats2And4());
        putNumber(drums, "hatsPerStep", s.hatsPerStep());
        if (g != null) {
            putNumber(drums, "meanVelocity", g.meanVelocity());
            putNumber(drums, "velocitySpread", g.velocitySpread());
            putNumber(drums, "meanAbsOffset16ths", g.meanAbsOffset());
            putNumber(drums, "barSimilarity", g.barSimilarity());
            putNumber(drums, "repeatedBars", g.repeatedBars());
            putNumber(drums, "repeatsEarlierBar", g.repeatsEarlier());
        }
        return drums;
    }

    /** {@link RealPieces} as JSON (NaN as null). */
    static ObjectNode realJson(RealPieces real) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", real.source());
        node.put("split", real.split().label());
        if (real.melody() != null) {
            node.set("melody", melodyJson(real.melody()));
        }
        if (real.samples() != null) {
            ObjectNode drums = drumsJson(real.samples(), real.groove());
            drums.put("filesNotOnOneGrid", real.ungridded());
            node.set("drums", drums);
        }
        return node;
    }

    /** {@link MelodyStatistics} as JSON (NaN as null). */
    static ObjectNode melodyJson(MelodyStatistics m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("pieces", m.pieces());
        node.put("bars", m.bars());
        node.put("notes", m.notes());
        putNumber(node, "notesPerBar", m.notesPerBar());
        putNumber(node, "meanLeap", m.meanLeap());
        putNumber(node, "repeatedBars", m.repeatedBars());
        putNumber(node, "repeatsEarlierBar", m.repeatsEarlierBar());
        putNumber(node, "scaleConsistency", m.scaleConsistency());
        putNumber(node, "pitchRange", m.pitchRange());
        if (m.lowestPitch() != null) {
            node.put("lowestPitch", m.lowestPitch());
            node.put("highestPitch", m.highestPitch());
        }
        return node;
    }

    private static void putNumber(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
