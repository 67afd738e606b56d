package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library snippet (the {@code java} block after {@code <!-- snippet: library -->}) is
 * compiled against the test class path and run in a fresh JVM in an empty folder, where it must write a
 * drum beat on channel 10. Keeps the README true.
 */
class ReadmeSnippetTest {
    static final String MARKER = "<!-- snippet: library -->";

    @TempDir
    Path dir;

    /** The snippet's lines, from README.md at the repository root. */
    static List<String> snippet() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md has " + MARKER).isNotNegative();
        assertThat(readme.get(marker + 1)).isEqualTo("```java");
        int end = readme.subList(marker + 2, readme.size()).indexOf("```");
        assertThat(end).as("the snippet's closing fence").isPositive();
        return readme.subList(marker + 2, marker + 2 + end);
    }

    @Test
    void theSnippetIsShort() throws IOException {
        assertThat(snippet()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void theSnippetCompilesRunsAndWritesABeat() throws Exception {
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : snippet()) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        String source = String.join("\n", imports) + "\n\npublic class Snippet {\n"
                + "    public static void main(String[] args) throws Exception {\n" + String.join("\n", body)
                + "\n    }\n}\n";
        Path src = dir.resolve("src/Snippet.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath, src.toString());
        assertThat(compiled).as("javac on\n" + source).isZero();

        Path work = Files.createDirectories(dir.resolve("work"));
        Path log = dir.resolve("run.log");
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classes + File.pathSeparator + classPath, "Snippet")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        run.environment().put("OMP_NUM_THREADS", "1");
        Process process = run.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the snippet finishes").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();

        Path beat = work.resolve("beat-001.mid");
        assertThat(beat).as(Files.readString(log)).exists();
        NoteSequence notes = MidiToNotes.convert(SmfReader.strict().read(beat).file()).sequence();
        assertThat(notes.notes()).isNotEmpty();
        assertThat(notes.notes()).allSatisfy(note -> assertThat(note.channel()).isEqualTo(9)); // channel 10
    }
}
