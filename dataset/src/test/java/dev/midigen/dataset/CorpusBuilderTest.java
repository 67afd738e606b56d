package dev.midigen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusBuilderTest {
    private static final SplitPolicy HASHED = new SplitPolicy.Hashed(1, 0.2, 0.1);

    @TempDir
    Path dir;

    private Path input() throws IOException {
        Path input = dir.resolve("in");
        if (!Files.exists(input)) {
            MidiFixtures.writeFolder(input, 30, 7);
        }
        return input;
    }

    private static BuildRequest request(Path input, Path output, EncodingBinding<?> binding, SplitPolicy split,
                                        BuildSettings.Augmentation augmentation, int threads, boolean overwrite) {
        BuildSettings settings = new BuildSettings(split.describe(), false, false, 1, 0, 0, 0, List.of(), "track", augmentation, 42);
        return new BuildRequest(input, output, overwrite, binding, split, settings, threads);
    }

    private CorpusManifest build(Path output, SplitPolicy split, BuildSettings.Augmentation augmentation, int threads)
            throws IOException {
        return CorpusBuilder.build(request(input(), output, new TestBindings.LowestPitch(true), split, augmentation,
                threads, false), BuildListener.SILENT);
    }

    @Test
    void everyFileLandsInExactlyOneSplitAndTheCorpusReadsBack() throws IOException {
        CorpusManifest manifest = build(dir.resolve("out"), HASHED, BuildSettings.Augmentation.NONE, 2);

        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Split split : Split.values()) {
            for (CorpusManifest.FileEntry entry : manifest.files().get(split.label())) {
                assertThat(seen.add(entry.id())).as("%s in two splits", entry.id()).isTrue();
                assertThat(HASHED.splitOf(entry.id())).contains(split);
                assertThat(entry.sha256()).hasSize(64);
            }
            total += manifest.statistics().get(split.label()).files();
        }
        assertThat(seen).hasSize(30);
        assertThat(total).isEqualTo(30);
        assertThat(seen).contains("sub/file0.mid", "file1.MID");

        Corpus corpus = CorpusStore.open(dir.resolve("out"));
        assertThat(corpus.manifest()).isEqualTo(manifest);
        for (Split split : Split.values()) {
            List<Example> examples = corpus.examples(split);
            assertThat(examples).hasSize(manifest.examples(split));
            assertThat(examples).allSatisfy(e -> assertThat(e.split()).isEqualTo(split));
            assertThat(examples).allSatisfy(e -> assertThat(HASHED.splitOf(e.source())).contains(split));
            assertThat(examples.stream().mapToLong(e -> e.data().length()).sum())
                    .isEqualTo(manifest.statistics().get(split.label()).steps());
        }
        assertThat(manifest.tokenHistogram()).hasSize(129);
        assertThat(manifest.tokenHistogram().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(manifest.statistics().values().stream().mapToLong(CorpusManifest.SplitStatistics::steps).sum());
        assertThat(manifest.fingerprint()).hasSize(64);
    }

    @Test
    void sameInputsAndSeedGiveByteIdenticalCorpora_whateverTheThreadCount() throws IOException {
        BuildSettings.Augmentation augmentation = new BuildSettings.Augmentation(List.of(2, -3), List.of(1.5), 4);
        build(dir.resolve("a"), HASHED, augmentation, 1);
        build(dir.resolve("b"), HASHED, augmentation, 4);

        assertThat(contents(dir.resolve("a"))).isEqualTo(contents(dir.resolve("b")));
    }

    @Test
    void anotherSeedGivesAnotherSplit() throws IOException {
        CorpusManifest one = build(dir.resolve("a"), HASHED, BuildSettings.Augmentation.NONE, 2);
        CorpusManifest other = build(dir.resolve("b"), new SplitPolicy.Hashed(2, 0.2, 0.1),
                BuildSettings.Augmentation.NONE, 2);

        assertThat(other.files().get("train")).isNotEqualTo(one.files().get("train"));
    }

    @Test
    void augmentationTouchesTheTrainingSplitOnly() throws IOException {
        BuildSettings.Augmentation augmentation = new BuildSettings.Augmentation(List.of(2, -3), List.of(1.5), 3);
        build(dir.resolve("out"), HASHED, augmentation, 2);
        Corpus corpus = CorpusStore.open(dir.resolve("out"));

        for (Split held : List.of(Split.VALIDATION, Split.TEST)) {
            assertThat(corpus.examples(held)).isNotEmpty().allSatisfy(e -> assertThat(e.variant()).isEmpty());
        }
        List<Example> train = corpus.examples(Split.TRAIN);
        Map<String, Long> variants = train.stream().collect(Collectors.groupingBy(Example::variant, Collectors.counting()));
        long originals = variants.get("");
        assertThat(variants).containsEntry("transpose+2", originals).containsEntry("transpose-3", originals)
                .containsEntry("tempo*1.5", originals).containsEntry("combined", 3L);
        // a transposed copy is the original moved by the shift (tokens are pitch + 1)
        Map<String, Example> originalsById = new HashMap<>();
        for (Example e : train) {
            if (e.variant().isEmpty()) {
                originalsById.put(e.source() + "#" + e.piece(), e);
            }
        }
        for (Example e : train) {
            if (e.variant().equals("transpose+2")) {
                ExampleData.Tokens moved = (ExampleData.Tokens) e.data();
                ExampleData.Tokens original = (ExampleData.Tokens) originalsById.get(e.source() + "#" + e.piece()).data();
                for (int i = 0; i < moved.length(); i++) {
                    int o = original.tokens().get(i);
                    assertThat(moved.tokens().get(i)).isEqualTo(o == 0 ? 0 : o + 2);
                }
            }
            if (e.variant().equals("tempo*1.5")) {
                assertThat(e.bpm()).isEqualTo(180.0);
            }
        }
        assertThat(train).filteredOn(e -> e.variant().equals("combined"))
                .allSatisfy(e -> assertThat(e.source()).startsWith("combined/"));
    }

    @Test
    void transpositionIsRefusedWhereItChangesNothing() throws IOException {
        BuildRequest request = request(input(), dir.resolve("out"), new TestBindings.LowestPitch(false), HASHED,
                new BuildSettings.Augmentation(List.of(1), List.of(), 0), 1, false);

        assertThatThrownBy(() -> CorpusBuilder.build(request, BuildListener.SILENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transposition");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnreadableFileIsListedAndTheBuildGoesOn() throws IOException {
        Path input = input();
        Files.writeString(input.resolve("broken.mid"), "not a midi file");

        CorpusManifest manifest = build(dir.resolve("out"), HASHED, BuildSettings.Augmentation.NONE, 2);

        assertThat(manifest.unreadable()).containsExactly(new CorpusManifest.Unreadable("broken.mid",
                "offset 0: expected a header chunk 'MThd', found 'not ' (not a Standard MIDI File?)"));
        assertThat(manifest.dropped().get("files")).containsEntry("unreadable", 1L);
        assertThat(manifest.statistics().values().stream().mapToInt(CorpusManifest.SplitStatistics::files).sum())
                .isEqualTo(30);
    }

    @Test
    void anExplicitSplitFileDecidesAndUnlistedFilesAreCounted() throws IOException {
        Path csv = dir.resolve("splits.csv");
        Files.writeString(csv, "path,split\nfile1.MID,train\nsub/file3.mid,validation\n./file2.MID,test\n");

        CorpusManifest manifest = build(dir.resolve("out"), SplitFiles.read(csv), BuildSettings.Augmentation.NONE, 2);

        assertThat(manifest.files().get("train")).extracting(CorpusManifest.FileEntry::id).containsExactly("file1.MID");
        assertThat(manifest.files().get("validation")).extracting(CorpusManifest.FileEntry::id)
                .containsExactly("sub/file3.mid");
        assertThat(manifest.files().get("test")).extracting(CorpusManifest.FileEntry::id).containsExactly("file2.MID");
        assertThat(manifest.dropped().get("files")).containsEntry("not-in-split-file", 27L);
    }

    @Test
    void anExistingOutputIsRefusedUnlessOverwriting() throws IOException {
        build(dir.resolve("out"), HASHED, BuildSettings.Augmentation.NONE, 1);
        Files.writeString(dir.resolve("out/marker"), "old");

        assertThatThrownBy(() -> build(dir.resolve("out"), HASHED, BuildSettings.Augmentation.NONE, 1))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--overwrite");
        assertThat(dir.resolve("out/marker")).exists();

        CorpusBuilder.build(request(input(), dir.resolve("out"), new TestBindings.LowestPitch(true), HASHED,
                BuildSettings.Augmentation.NONE, 1, true), BuildListener.SILENT);
        assertThat(dir.resolve("out/marker")).doesNotExist();
        assertThat(CorpusStore.open(dir.resolve("out")).manifest().examples(Split.TRAIN)).isPositive();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailedBuildLeavesNothingBehind() throws IOException {
        BuildListener failing = new BuildListener() {
            @Override
            public void fileDone(int done, int total, String id) {
                if (done == 10) {
                    throw new IllegalStateException("stop at file 10");
                }
            }
        };
        BuildRequest request = request(input(), dir.resolve("out"), new TestBindings.LowestPitch(true), HASHED,
                BuildSettings.Augmentation.NONE, 2, false);

        assertThatThrownBy(() -> CorpusBuilder.build(request, failing)).hasMessage("stop at file 10");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void frameEncodingsRoundTripThroughTheStore() throws IOException {
        CorpusManifest manifest = CorpusBuilder.build(request(input(), dir.resolve("out"), new TestBindings.Activity(),
                HASHED, BuildSettings.Augmentation.NONE, 2, false), BuildListener.SILENT);

        assertThat(manifest.tokenHistogram()).isNull();
        List<Example> train = CorpusStore.open(dir.resolve("out")).examples(Split.TRAIN);
        assertThat(train).isNotEmpty().allSatisfy(e -> assertThat(e.data()).isInstanceOf(ExampleData.Frames.class));
        ExampleData.Frames first = (ExampleData.Frames) train.get(0).data();
        assertThat(first.frames().frameSize()).isEqualTo(2);
        assertThat(first.length()).isEqualTo(32);
    }

    @Test
    void aChangedShardOrManifestIsRefused() throws IOException {
        build(dir.resolve("out"), HASHED, BuildSettings.Augmentation.NONE, 1);
        Path shard = dir.resolve("out/train-0000.bin");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length - 1] ^= 1;
        Files.write(shard, bytes);

        assertThatThrownBy(() -> CorpusStore.open(dir.resolve("out"))).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("train-0000.bin").hasMessageContaining("does not match");

        build(dir.resolve("again"), HASHED, BuildSettings.Augmentation.NONE, 1);
        Path manifest = dir.resolve("again/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"minBars\" : 1", "\"minBars\" : 2"));
        assertThatThrownBy(() -> CorpusStore.open(dir.resolve("again"))).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> CorpusStore.open(dir.resolve("in"))).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("not a corpus");

        // broken JSON: one line naming the file, the place and the problem (Jackson's own message runs to two)
        Files.writeString(manifest, "{\n  \"formatVersion\" : 1,\n  oops\n}\n");
        assertThatThrownBy(() -> CorpusStore.open(dir.resolve("again"))).isInstanceOf(CorpusFormatException.class)
                .hasMessageStartingWith(manifest + ": unreadable manifest: line 3, column 3: Unexpected character ('o'")
                .hasMessageNotContaining("\n");
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
        }
    }

    private static Map<String, String> contents(Path corpus) throws IOException {
        Map<String, String> files = new HashMap<>();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> list = Files.list(corpus)) {
            list.forEach(paths::add);
        }
        for (Path path : paths) {
            files.put(path.getFileName().toString(), CorpusStore.sha256(Files.readAllBytes(path)));
        }
        return files;
    }
}
