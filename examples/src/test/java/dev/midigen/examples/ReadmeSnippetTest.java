package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library snippet (the {@code java} block after {@code <!-- snippet: library -->}) is built as a user
 * would: a separate Maven project that imports {@code midigen-bom} and depends on {@code default-models} and
 * {@code model-onnx} only, against a local repository holding this build's artifacts (third-party ones are linked
 * from the build's own repository; Maven runs offline). Its class path must hold no picocli, no SLF4J binding and no
 * TensorFlow, nd4j or DL4J; run in a fresh JVM in an empty folder, the snippet must write a drum beat on channel 10.
 */
class ReadmeSnippetTest {
    static final String MARKER = "<!-- snippet: library -->";
    /** What a user's class path must not get from default-models + model-onnx. */
    static final List<String> FORBIDDEN = List.of("picocli", "slf4j-simple", "logback", "slf4j-reload4j", "log4j-slf4j",
            "tensorflow", "nd4j", "deeplearning4j", "javacpp", "openblas");
    /** The artifacts of this build the user's project resolves (the BOM, the parent, the library and its modules). */
    private static final List<String> ARTIFACTS = List.of("midi-codec", "dataset", "model-api", "default-models",
            "model-onnx");

    @TempDir
    Path dir;

    /** The snippet's lines, from README.md at the repository root. */
    static List<String> snippet() throws IOException {
        List<String> readme = Files.readAllLines(root().resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md has " + MARKER).isNotNegative();
        assertThat(readme.get(marker + 1)).isEqualTo("```java");
        int end = readme.subList(marker + 2, readme.size()).indexOf("```");
        assertThat(end).as("the snippet's closing fence").isPositive();
        return readme.subList(marker + 2, marker + 2 + end);
    }

    private static Path root() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    @Test
    void theSnippetIsShort() throws IOException {
        assertThat(snippet()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void aProjectImportingTheBomWithDefaultModelsAndOnnxBuildsTheSnippetAndWritesABeat() throws Exception {
        String version = System.getProperty("midigen.version");
        assertThat(version).as("surefire passes midigen.version").isNotBlank();
        Path project = userProject(version);
        Path repository = localRepository(version);

        Path log = dir.resolve("maven.log");
        ProcessBuilder maven = new ProcessBuilder(root().resolve("mvnw").toString(), "-o", "-B", "-q",
                "-Dmaven.repo.local=" + repository, "compile", "dependency:build-classpath",
                "-Dmdep.outputFile=" + project.resolve("classpath.txt"))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().put("MAVEN_OPTS", "-Xmx512m");
        Process build = maven.start();
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).as("Maven finishes").isTrue();
        assertThat(build.exitValue()).as(Files.readString(log)).isZero();

        String classPath = Files.readString(project.resolve("classpath.txt")).trim();
        List<String> jars = List.of(classPath.split(File.pathSeparator));
        assertThat(jars).as("the user's class path").anySatisfy(jar -> assertThat(jar).contains("onnxruntime"))
                .anySatisfy(jar -> assertThat(jar).contains("default-models"));
        for (String jar : jars) {
            String name = Path.of(jar).getFileName().toString();
            assertThat(FORBIDDEN).as(name + " on the user's class path").noneMatch(name::startsWith);
        }

        Path work = Files.createDirectories(dir.resolve("work"));
        Path runLog = dir.resolve("run.log");
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", project.resolve("target/classes") + File.pathSeparator + classPath, "Snippet")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(runLog.toFile());
        Process process = run.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the snippet finishes").isTrue();
        assertThat(process.exitValue()).as(Files.readString(runLog)).isZero();

        Path beat = work.resolve("beat-001.mid");
        assertThat(beat).as(Files.readString(runLog)).exists();
        NoteSequence notes = MidiToNotes.convert(SmfReader.strict().read(beat).file()).sequence();
        assertThat(notes.notes()).isNotEmpty();
        assertThat(notes.notes()).allSatisfy(note -> assertThat(note.channel()).isEqualTo(9)); // channel 10
    }

    /** A user's project: the README's coordinates (BOM import, default-models, model-onnx) and the snippet as a class. */
    private Path userProject(String version) throws IOException {
        Path project = Files.createDirectories(dir.resolve("user-project"));
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : snippet()) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        String source = String.join("\n", imports) + "\n\npublic class Snippet {\n"
                + "    public static void main(String[] args) throws Exception {\n" + String.join("\n", body)
                + "\n    }\n}\n";
        Path src = project.resolve("src/main/java/Snippet.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>beats</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>dev.midigen</groupId>
                        <artifactId>midigen-bom</artifactId>
                        <version>VERSION</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>dev.midigen</groupId>
                      <artifactId>default-models</artifactId>
                    </dependency>
                    <dependency>
                      <groupId>dev.midigen</groupId>
                      <artifactId>model-onnx</artifactId>
                    </dependency>
                  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin>
                          <groupId>org.apache.maven.plugins</groupId>
                          <artifactId>maven-resources-plugin</artifactId>
                          <version>3.5.0</version>
                        </plugin>
                        <plugin>
                          <groupId>org.apache.maven.plugins</groupId>
                          <artifactId>maven-compiler-plugin</artifactId>
                          <version>3.14.1</version>
                        </plugin>
                        <plugin>
                          <groupId>org.apache.maven.plugins</groupId>
                          <artifactId>maven-dependency-plugin</artifactId>
                          <version>3.8.1</version>
                        </plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.replace("VERSION", version);
        Files.writeString(project.resolve("pom.xml"), pom);
        return project;
    }

    /**
     * A local repository for the user's build: this build's artifacts as {@code mvn install} lays them out (the BOM,
     * the parent POM, and each module's POM and jar from its {@code target}), and every other group linked from the
     * repository this build resolved from, so that Maven resolves the rest offline.
     */
    private Path localRepository(String version) throws IOException {
        Path built = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path repository = Files.createDirectories(dir.resolve("repository"));
        try (var groups = Files.list(built)) {
            for (Path group : (Iterable<Path>) groups::iterator) {
                if (!group.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(repository.resolve(group.getFileName()), group);
                }
            }
        }
        Path dev = Files.createDirectories(repository.resolve("dev"));
        try (var groups = Files.list(built.resolve("dev"))) {
            for (Path group : (Iterable<Path>) groups::iterator) {
                if (!group.getFileName().toString().equals("midigen")) {
                    Files.createSymbolicLink(dev.resolve(group.getFileName()), group);
                }
            }
        }
        install(repository, version, "midigen-bom", root().resolve("midigen-bom/pom.xml"), null);
        install(repository, version, "midigen-parent", root().resolve("pom.xml"), null);
        for (String artifact : ARTIFACTS) {
            Path jar = root().resolve(artifact).resolve("target").resolve(artifact + "-" + version + ".jar");
            assertThat(jar).as("the reactor packaged " + artifact + " before this test (./mvnw verify)").exists();
            install(repository, version, artifact, root().resolve(artifact).resolve("pom.xml"), jar);
        }
        return repository;
    }

    private static void install(Path repository, String version, String artifact, Path pom, Path jar) throws IOException {
        Path folder = Files.createDirectories(repository.resolve("dev/midigen").resolve(artifact).resolve(version));
        Files.copy(pom, folder.resolve(artifact + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, folder.resolve(artifact + "-" + version + ".jar"));
        }
    }
}
