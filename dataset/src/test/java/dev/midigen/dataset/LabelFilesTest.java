package dev.midigen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsGroovesStyleAndBpmColumns() throws IOException {
        Path info = SharedData.require("groove").resolve("info.csv");

        assertThat(LabelFiles.hasGrooveLabels(info)).isTrue();
        Labels labels = LabelFiles.read(info);

        assertThat(labels.byPath()).hasSize(1021);
        assertThat(labels.of("drummer1/session1/1_funk_80_beat_4-4.mid")).contains(new FileLabel("funk", 80.0));
        // jazz/funk is jazz, rock/halftime is rock: the part before '/'
        assertThat(labels.of("drummer1/session1/101_dance-disco_120_beat_4-4.mid")).contains(new FileLabel("dance", 120.0));
        assertThat(labels.of("drummer1/session1/100_neworleans-secondline_94_beat_4-4.mid"))
                .contains(new FileLabel("neworleans", 94.0));
        // a fill is a transition, not its style's groove: no style, its tempo kept
        assertThat(labels.of("drummer1/session1/10_jazz-funk_116_fill_4-4.mid")).contains(new FileLabel(null, 116.0));
        assertThat(labels.byPath().values().stream().filter(l -> l.style() != null).count()).isEqualTo(
                labels.byPath().size() - 595L);
        assertThat(labels.source()).isEqualTo("info.csv");
    }

    @Test
    void readsPathStyleBpmRowsWithEmptyValues() throws IOException {
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "path,style,bpm\n./a/one.mid, Rock/Halftime ,96\nb\\two.mid,,\n\"c,3.mid\",trap,140.5\n");

        Labels labels = LabelFiles.read(csv);

        assertThat(labels.byPath()).isEqualTo(Map.of("a/one.mid", new FileLabel("rock", 96.0),
                "b/two.mid", new FileLabel(null, null), "c,3.mid", new FileLabel("trap", 140.5)));
        assertThat(LabelFiles.hasGrooveLabels(csv)).isFalse();
    }

    @Test
    void aBadFileIsOneLineNamingFileLineAndProblem() throws IOException {
        assertThatThrownBy(() -> LabelFiles.read(write("noheader.csv", "a.mid,rock,100\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("noheader.csv:1: expected a header path,style,bpm");
        assertThatThrownBy(() -> LabelFiles.read(write("bpm.csv", "path,style,bpm\na.mid,rock,100\nb.mid,funk,fast\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("bpm.csv:3: bpm 'fast' is not a number");
        assertThatThrownBy(() -> LabelFiles.read(write("short.csv", "path,style,bpm\na.mid,rock\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("short.csv:2: expected 3 cells, found 2");
        assertThatThrownBy(() -> LabelFiles.read(write("neg.csv", "path,style,bpm\na.mid,rock,-4\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("neg.csv:2: a bpm is between 0 and 1000");
        assertThatThrownBy(() -> LabelFiles.read(write("twice.csv", "path,style,bpm\na.mid,rock,90\n./a.mid,funk,90\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("twice.csv:3: a.mid is labelled twice");
        assertThatThrownBy(() -> LabelFiles.read(write("empty.csv", "path,style,bpm\n\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("empty.csv: no rows");
        assertThatThrownBy(() -> LabelFiles.read(dir.resolve("missing.csv")))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.csv: no such label file");
    }

    @Test
    void aCorpusKeepsEachFilesLabelsAndOneWithoutLabelsStillLoads() throws IOException {
        Path input = dir.resolve("in");
        MidiFixtures.writeFolder(input, 6, 7);
        List<SourceFile> files = MidiDirectory.scan(input);
        StringBuilder csv = new StringBuilder("path,style,bpm\n");
        for (int i = 0; i < files.size(); i++) {
            csv.append(files.get(i).id()).append(',').append(i % 2 == 0 ? "rock" : "funk/latin").append(',')
                    .append(90 + i).append('\n');
        }
        Labels labels = LabelFiles.read(write("labels.csv", csv.toString()));
        SplitPolicy split = new SplitPolicy.Hashed(1, 0.2, 0);
        BuildSettings settings = new BuildSettings(split.describe(), false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 42);

        CorpusBuilder.build(new BuildRequest(input, dir.resolve("labelled"), false, new TestBindings.LowestPitch(true),
                split, settings, 1, labels), BuildListener.SILENT);
        CorpusBuilder.build(new BuildRequest(input, dir.resolve("plain"), false, new TestBindings.LowestPitch(true),
                split, settings, 1), BuildListener.SILENT);

        Corpus labelled = CorpusStore.open(dir.resolve("labelled"));
        assertThat(labelled.manifest().labelled()).isTrue();
        Map<String, FileLabel> read = labelled.manifest().labels();
        for (int i = 0; i < files.size(); i++) {
            assertThat(read.get(files.get(i).id())).isEqualTo(new FileLabel(i % 2 == 0 ? "rock" : "funk", 90.0 + i));
        }
        Corpus plain = CorpusStore.open(dir.resolve("plain"));
        assertThat(plain.manifest().labelled()).isFalse();
        assertThat(plain.manifest().labels()).isEmpty();
        assertThat(Files.readString(dir.resolve("plain").resolve("manifest.json"))).doesNotContain("\"style\"");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
