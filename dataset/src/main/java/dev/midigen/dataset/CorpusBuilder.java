package dev.midigen.dataset;

import dev.midigen.codec.repr.DropCounts;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a corpus from a folder of MIDI: files are processed in parallel ({@link FileProcessor}) and
 * their results consumed in file order, streamed into a {@link CorpusWriter}; the same inputs and
 * settings therefore give a byte-identical corpus whatever the thread count. Unreadable files are
 * listed with their reason and the build goes on.
 */
public final class CorpusBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(CorpusBuilder.class);

    private CorpusBuilder() {
    }

    /** Builds and writes the corpus; returns its manifest. */
    public static CorpusManifest build(BuildRequest request, BuildListener listener) throws IOException {
        return new Run<>(request, request.binding(), listener).run();
    }

    /** One build, typed by the binding's representation. */
    private static final class Run<R> {
        private final BuildRequest request;
        private final EncodingBinding<R> binding;
        private final BuildListener listener;
        private final Map<Split, List<CorpusManifest.FileEntry>> files = new EnumMap<>(Split.class);
        private final Map<Split, int[]> counts = new EnumMap<>(Split.class); // files, examples
        private final Map<Split, Long> steps = new EnumMap<>(Split.class);
        private final Map<Split, DropCounts.Builder> dropped = new EnumMap<>(Split.class);
        private final DropCounts.Builder fileDrops = new DropCounts.Builder();
        private final List<CorpusManifest.Unreadable> unreadable = new ArrayList<>();
        private final List<R> trainItems = new ArrayList<>();
        private final TrackNames trackNames;
        private final long[] histogram;

        Run(BuildRequest request, EncodingBinding<R> binding, BuildListener listener) {
            this.request = request;
            this.binding = binding;
            this.listener = listener;
            this.histogram = new long[binding.vocabularySize()];
            this.trackNames = new TrackNames(request.settings().tracks());
            for (Split split : Split.values()) {
                files.put(split, new ArrayList<>());
                counts.put(split, new int[2]);
                steps.put(split, 0L);
                dropped.put(split, new DropCounts.Builder());
            }
        }

        CorpusManifest run() throws IOException {
            BuildSettings.Augmentation augmentation = request.settings().augmentation();
            if (!augmentation.transpositions().isEmpty() && !binding.pitched()) {
                throw new IllegalArgumentException("transposition does not change the " + binding.spec().typeName()
                        + " encoding (drums, or melodies moved to one key): leave it out");
            }
            if (augmentation.combinedLoops() > 0 && binding.combiner().isEmpty()) {
                throw new IllegalArgumentException("combining loops works on drum encodings, not "
                        + binding.spec().typeName());
            }
            List<SourceFile> sources = MidiDirectory.scan(request.input());
            if (sources.isEmpty()) {
                throw new IOException(request.input() + ": no MIDI files (.mid, .midi, .kar) in this folder");
            }
            listener.started(sources.size());
            FileProcessor<R> processor = new FileProcessor<>(binding, request.split(), request.settings());
            try (CorpusWriter writer = new CorpusWriter(request.output(), request.overwrite())) {
                processAll(sources, processor, writer);
                trackNames.requireAllFound(); // before the commit: a corpus of nothing is not written
                if (augmentation.combinedLoops() > 0) {
                    combineLoops(augmentation.combinedLoops(), writer);
                }
                CorpusManifest manifest = writer.commit(manifest());
                LOG.info("corpus {}: {} train, {} validation, {} test examples from {} files ({} unreadable)",
                        request.output(), manifest.examples(Split.TRAIN), manifest.examples(Split.VALIDATION),
                        manifest.examples(Split.TEST), sources.size(), unreadable.size());
                return manifest;
            }
        }

        private void processAll(List<SourceFile> sources, FileProcessor<R> processor, CorpusWriter writer)
                throws IOException {
            ExecutorService pool = Executors.newFixedThreadPool(request.threads(), runnable -> {
                Thread thread = new Thread(runnable, "midigen-dataset");
                thread.setDaemon(true);
                return thread;
            });
            try {
                ArrayDeque<Future<FileProcessor.Outcome<R>>> inFlight = new ArrayDeque<>();
                int submitted = 0;
                int done = 0;
                int window = request.threads() * 4; // bounds memory: results wait in file order
                while (done < sources.size()) {
                    while (submitted < sources.size() && inFlight.size() < window) {
                        SourceFile source = sources.get(submitted++);
                        inFlight.add(pool.submit(() -> safely(processor, source)));
                    }
                    FileProcessor.Outcome<R> outcome = await(inFlight.poll());
                    accept(outcome, writer);
                    listener.fileDone(++done, sources.size(), outcome.file().id());
                }
            } finally {
                pool.shutdownNow();
            }
        }

        /**
         * A file that trips a bug of ours, or needs more memory than the JVM has (what it held is garbage once it
         * fails), is reported like an unreadable one; the build goes on.
         */
        private FileProcessor.Outcome<R> safely(FileProcessor<R> processor, SourceFile source) {
            try {
                return processor.process(source);
            } catch (RuntimeException e) {
                LOG.warn("{}: internal error while processing", source.id(), e);
                return unreadable(source, "internal error (please report): " + e);
            } catch (OutOfMemoryError e) {
                return unreadable(source, "out of memory while reading it (the JVM's heap is "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; MIDIGEN_JAVA_OPTS=-Xmx… gives it more)");
            }
        }

        private FileProcessor.Outcome<R> unreadable(SourceFile source, String why) {
            return new FileProcessor.Outcome<>(source, "", null, List.of(), List.of(), DropCounts.of(FileProcessor.UNREADABLE, 1),
                    why, List.of());
        }

        private static <T> T await(Future<T> future) throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("build interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("file processing failed", e.getCause());
            }
        }

        private void accept(FileProcessor.Outcome<R> outcome, CorpusWriter writer) throws IOException {
            trackNames.saw(outcome.trackNames());
            if (outcome.failure() != null) {
                unreadable.add(new CorpusManifest.Unreadable(outcome.file().id(), outcome.failure()));
                fileDrops.addAll(outcome.dropped());
                return;
            }
            if (outcome.split() == null) {
                fileDrops.addAll(outcome.dropped());
                return;
            }
            Split split = outcome.split();
            FileLabel label = request.labels().of(outcome.file().id()).orElse(new FileLabel(null, null));
            files.get(split).add(new CorpusManifest.FileEntry(outcome.file().id(), outcome.sha256(),
                    outcome.examples().size(), label.style(), label.bpm()));
            counts.get(split)[0]++;
            dropped.get(split).addAll(outcome.dropped());
            for (Example example : outcome.examples()) {
                write(example, writer);
            }
            trainItems.addAll(outcome.trainItems());
        }

        private void write(Example example, CorpusWriter writer) throws IOException {
            writer.add(example);
            counts.get(example.split())[1]++;
            steps.merge(example.split(), (long) example.data().length(), Long::sum);
            if (example.data() instanceof ExampleData.Tokens tokens) {
                for (int i = 0; i < tokens.tokens().length(); i++) {
                    int token = tokens.tokens().get(i);
                    if (token >= 0 && token < histogram.length) {
                        histogram[token]++;
                    }
                }
            }
        }

        /** TrapGenerator's recombination: new training loops from parts of different training loops. */
        private void combineLoops(int count, CorpusWriter writer) throws IOException {
            EncodingBinding.LoopCombiner<R> combiner = binding.combiner().orElseThrow();
            DropCounts.Builder drops = dropped.get(Split.TRAIN);
            if (trainItems.size() < combiner.parts()) {
                drops.add("combined-loops-not-made", count);
                return;
            }
            SplittableRandom random = new SplittableRandom(request.settings().seed());
            int made = 0;
            for (int attempt = 0; made < count && attempt < count * 20; attempt++) {
                List<R> parts = new ArrayList<>(combiner.parts());
                for (int i = 0; i < combiner.parts(); i++) {
                    parts.add(trainItems.get(random.nextInt(trainItems.size())));
                }
                Optional<R> combined = combiner.combine(parts, random);
                if (combined.isPresent()) {
                    write(new Example("combined/" + made, 0, "combined", Split.TRAIN, 120.0,
                            binding.encode(combined.get())), writer);
                    made++;
                }
            }
            drops.add("combined-loops-not-made", count - made);
        }

        private CorpusManifest manifest() {
            Map<String, List<CorpusManifest.FileEntry>> fileMap = new LinkedHashMap<>();
            Map<String, CorpusManifest.SplitStatistics> statistics = new LinkedHashMap<>();
            Map<String, Map<String, Long>> drops = new LinkedHashMap<>();
            DropCounts fileLevel = fileDrops.build();
            if (!fileLevel.isEmpty()) {
                drops.put("files", fileLevel.asMap());
            }
            for (Split split : Split.values()) {
                fileMap.put(split.label(), List.copyOf(files.get(split)));
                statistics.put(split.label(), new CorpusManifest.SplitStatistics(counts.get(split)[0],
                        counts.get(split)[1], steps.get(split)));
                drops.put(split.label(), dropped.get(split).build().asMap());
            }
            List<Long> tokenHistogram = null;
            if (histogram.length > 0) {
                tokenHistogram = new ArrayList<>(histogram.length);
                for (long count : histogram) {
                    tokenHistogram.add(count);
                }
            }
            return new CorpusManifest(CorpusStore.FORMAT_VERSION, binding.spec(), request.settings(), fileMap,
                    List.copyOf(unreadable), statistics, drops, tokenHistogram, List.of(), "");
        }
    }
}
