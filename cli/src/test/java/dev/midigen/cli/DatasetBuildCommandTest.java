package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.testing.SharedData;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusManifest;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.Split;
import dev.midigen.dataset.SplitFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuildCommandTest {
    @TempDir
    Path dir;

    private static long files(CorpusManifest manifest) {
        return manifest.statistics().values().stream().mapToInt(CorpusManifest.SplitStatistics::files).sum();
    }

    private static long filesWithExamples(CorpusManifest manifest) {
        return manifest.files().values().stream().flatMap(List::stream).filter(f -> f.examples() > 0).count();
    }

    @Test
    void grooveKeepsEveryFileAndHonoursItsSplit() throws IOException {
        Path groove = SharedData.require("groove");
        Path out = dir.resolve("groove");

        CliRun run = CliRun.of("dataset", "build", "--input", groove.toString(), "--split-file",
                groove.resolve("info.csv").toString(), "--encoding", "drum-kit", "--drum-map", "roland", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("train             897        897").contains("validation        124        124");
        Corpus corpus = CorpusStore.open(out);
        CorpusManifest manifest = corpus.manifest();
        assertThat(manifest.encoding().toJson())
                .isEqualTo("{\"type\":\"drum-kit\",\"drumMap\":\"roland\",\"stepsPerQuarter\":4,\"binaryCounters\":6}");
        assertThat(manifest.unreadable()).isEmpty();
        assertThat(filesWithExamples(manifest)).isEqualTo(1021);
        var splits = SplitFiles.read(groove.resolve("info.csv"));
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
            for (CorpusManifest.FileEntry file : manifest.files().get(split.label())) {
                assertThat(splits.splitOf(file.id())).as(file.id()).contains(split);
            }
            for (Example example : corpus.examples(split)) {
                assertThat(example.data().length()).isPositive();
            }
        }
    }

    @Test
    void irishFolkMelodiesKeepAtLeast95PercentOfTunes() throws IOException {
        Path folk = SharedData.require("irish-folk");
        Path out = dir.resolve("folk");

        CliRun run = CliRun.of("dataset", "build", "--input", folk.toString(), "--encoding", "melody", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        CorpusManifest manifest = CorpusStore.open(out).manifest();
        long tunes = SharedData.midiFiles(folk).size();
        assertThat(files(manifest)).isEqualTo(tunes);
        assertThat((double) filesWithExamples(manifest) / tunes).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void pop909PianoPartsBuildAsPianoRolls() throws IOException {
        Path pop = SharedData.require("pop909");
        Path out = dir.resolve("pop");

        CliRun run = CliRun.of("dataset", "build", "--input", pop.toString(), "--encoding", "piano-roll", "--tracks",
                "PIANO", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        CorpusManifest manifest = CorpusStore.open(out).manifest();
        assertThat(filesWithExamples(manifest)).isEqualTo(SharedData.midiFiles(pop).size());
        assertThat(manifest.dropped().get("train")).containsKey("notes-of-other-tracks");
        assertThat(manifest.tokenHistogram()).isNull();
    }

    @Test
    void pop909MelodiesComeFromTheMelodyTrack_andAMisspelledTrackIsAUsageError() throws IOException {
        Path pop = SharedData.require("pop909");
        Path out = dir.resolve("pop-melody");

        CliRun run = CliRun.of("dataset", "build", "--input", pop.toString(), "--encoding", "melody", "--tracks", "melody",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("train             807        810").contains("validation        102        102");

        CliRun typo = CliRun.of("dataset", "build", "--input", pop.toString(), "--encoding", "melody", "--tracks", "MELODI",
                "--out", dir.resolve("typo").toString());
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("no file has a track named MELODI (the files' track names: BRIDGE, MELODY, PIANO");
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void sameInputsGiveTheSameCorpus_andTheStatsCommandReadsIt() throws IOException {
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.copy(Path.of("samples/boom-bap.mid"), input.resolve("a.mid"));
        Files.copy(Path.of("samples/boom-bap.mid"), input.resolve("b.mid"));
        Files.writeString(input.resolve("broken.mid"), "MThd but not really");
        String[] args = {"dataset", "build", "--input", input.toString(), "--encoding", "drum-kit", "--eval-ratio", "0.5",
            "--seed", "3", "--out"};

        CliRun first = CliRun.of(concat(args, dir.resolve("one").toString()));
        CliRun second = CliRun.of(concat(args, dir.resolve("two").toString(), "--threads", "1"));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("one/manifest.json"))).isEqualTo(Files.readString(dir.resolve("two/manifest.json")));
        assertThat(first.out()).contains("unreadable files (1):").contains("broken.mid: offset 4: header length 543323508 runs past the end of the file (11 bytes remain)");

        CliRun stats = CliRun.of("dataset", "stats", dir.resolve("one").toString());
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.out()).contains("\"type\":\"drum-kit\"").contains("fingerprint:").contains("unreadable");
    }

    @Test
    void anExistingOutputIsRefusedUnlessOverwriting_andUsageErrorsExitWith2() throws IOException {
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.copy(Path.of("samples/boom-bap.mid"), input.resolve("a.mid"));
        Path out = dir.resolve("out");
        Files.createDirectories(out);

        CliRun refused = CliRun.of("dataset", "build", "--input", input.toString(), "--encoding", "drum-kit", "--out",
                out.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("the output folder exists (use --overwrite to replace it)");

        assertThat(CliRun.of("dataset", "build", "--input", input.toString(), "--encoding", "drum-kit", "--out",
                out.toString(), "--overwrite").exitCode()).isZero();
        assertThat(out.resolve("manifest.json")).exists();

        assertThat(CliRun.of("dataset", "build", "--input", input.toString(), "--encoding", "waltz", "--out", "x")
                .exitCode()).isEqualTo(2);
        CliRun transposedDrums = CliRun.of("dataset", "build", "--input", input.toString(), "--encoding", "drum-kit",
                "--transpose", "2", "--out", dir.resolve("t").toString());
        assertThat(transposedDrums.exitCode()).isEqualTo(2);
        assertThat(transposedDrums.err()).contains("transposition does not change the drum-kit encoding");
        assertThat(dir.resolve("t")).doesNotExist();
        assertThat(CliRun.of("dataset", "build", "--input", dir.resolve("nowhere").toString(), "--encoding", "melody",
                "--out", "x").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("dataset", "build", "--input", input.toString(), "--encoding", "drum-kit", "--drum-map",
                "nope.json", "--out", dir.resolve("n").toString()).err()).contains("nope.json: no such drum map file");
        CliRun notACorpus = CliRun.of("dataset", "stats", input.toString());
        assertThat(notACorpus.exitCode()).isEqualTo(1);
        assertThat(notACorpus.err()).contains("not a corpus");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
