package dev.midigen.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only old, empty staging folders of ONNX Runtime are removed. */
class OrtStagingSweepTest {
    @TempDir
    Path temp;

    @Test
    void removesOldEmptyStagingFoldersOnly() throws IOException {
        Instant now = Instant.parse("2026-11-23T03:00:00Z");
        Path oldEmpty = folder("onnxruntime-java123", now.minusSeconds(3600));
        Path youngEmpty = folder("onnxruntime-java456", now.minusSeconds(10));
        Path oldFull = folder("onnxruntime-java789", now.minusSeconds(3600));
        Files.writeString(oldFull.resolve("libonnxruntime.so"), "x");
        Files.setLastModifiedTime(oldFull, FileTime.from(now.minusSeconds(3600)));
        Path other = folder("something-else", now.minusSeconds(3600));

        assertThat(OrtStagingSweep.sweep(temp, now)).isEqualTo(1);

        assertThat(oldEmpty).doesNotExist();
        assertThat(youngEmpty).isDirectory();
        assertThat(oldFull).isDirectory();
        assertThat(other).isDirectory();
    }

    @Test
    void aMissingTempFolderIsNotAnError() {
        assertThat(OrtStagingSweep.sweep(temp.resolve("absent"), Instant.now())).isZero();
    }

    private Path folder(String name, Instant modified) throws IOException {
        Path folder = Files.createDirectory(temp.resolve(name));
        Files.setLastModifiedTime(folder, FileTime.from(modified));
        return folder;
    }
}
