package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of this module: every {@code .java} file under {@code src/main/java} is a small program — at most 100
 * lines, a {@code public static void main(String[] args)} — and a test runs it ({@code Name::main}).
 */
class ExampleProgramsTest {
    static final int MAX_LINES = 100;
    static final Path MAIN = Path.of("src", "main", "java");
    static final Path TESTS = Path.of("src", "test", "java");

    static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
    }

    static String name(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.length() - ".java".length());
    }

    @Test
    void theFiveProgramsAreHere() throws IOException {
        assertThat(javaFiles(MAIN)).extracting(ExampleProgramsTest::name).contains("BeatFromDefaults",
                "TrainMelodyThenServe", "CompareBackends", "ExportOnnxRoundTrip", "ContinuePianoPrimer");
    }

    @Test
    void everyProgramIsAtMostAHundredLines() throws IOException {
        for (Path program : javaFiles(MAIN)) {
            assertThat(Files.readAllLines(program, StandardCharsets.UTF_8)).as(program.toString())
                    .hasSizeLessThanOrEqualTo(MAX_LINES);
        }
    }

    @Test
    void everyProgramHasAMainMethodAndAJavadoc() throws IOException {
        for (Path program : javaFiles(MAIN)) {
            String source = Files.readString(program, StandardCharsets.UTF_8);
            String declaration = "public final class " + name(program);
            assertThat(source).as(program.toString()).contains("public static void main(String[] args)")
                    .contains(declaration);
            String beforeClass = source.substring(0, source.indexOf(declaration));
            String javadoc = beforeClass.substring(Math.max(0, beforeClass.lastIndexOf("/**")));
            assertThat(javadoc).as("the javadoc of " + program + " says how to run it").startsWith("/**")
                    .contains("Run: {@code " + name(program)).endsWith("*/\n");
        }
    }

    @Test
    void everyProgramIsRunByATest() throws IOException {
        List<String> tests = new ArrayList<>();
        for (Path test : javaFiles(TESTS)) {
            if (!name(test).equals(getClass().getSimpleName())) {
                tests.add(Files.readString(test, StandardCharsets.UTF_8));
            }
        }
        for (Path program : javaFiles(MAIN)) {
            String run = name(program) + "::main";
            assertThat(tests).as("a test that runs " + run).anySatisfy(test -> assertThat(test).contains(run));
        }
    }
}
