package dev.midigen.codec.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndRefusesToReplaceItUnlessAsked() throws IOException {
        Path out = dir.resolve("a.mid");
        AtomicFile.write(out, bytes("one"), false);
        assertThatThrownBy(() -> AtomicFile.write(out, bytes("two"), false))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--overwrite");
        assertThat(out).hasContent("one");

        AtomicFile.write(out, bytes("two"), true);
        assertThat(out).hasContent("two");
        assertThat(names()).containsExactly("a.mid");

        assertThatThrownBy(() -> AtomicFile.write(dir.resolve("nowhere/b.mid"), bytes("x"), false))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessage(dir.resolve("nowhere") + ": no such folder");
    }

    @Test
    void neverReplacesAFolderADeviceOrAFifoEvenWhenOverwriting() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder.mid"));
        assertThatThrownBy(() -> AtomicFile.write(folder, bytes("x"), true)).hasMessageContaining("is a folder");
        assertThat(folder).isDirectory();

        Path device = Path.of("/dev/null");
        assumeTrue(Files.exists(device) && !Files.isRegularFile(device));
        assertThatThrownBy(() -> AtomicFile.write(device, bytes("x"), true))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("not a regular file");
        assertThat(Files.isRegularFile(device)).isFalse();
        try (Stream<Path> dev = Files.list(device.getParent())) {
            assertThat(dev.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".null."));
        }

        Path fifo = dir.resolve("pipe.wav");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo");
        assertThatThrownBy(() -> AtomicFile.write(fifo, bytes("x"), true)).hasMessageContaining("FIFO");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.exists(fifo)).isTrue();
        assertThat(names()).containsExactly("folder.mid", "pipe.wav");
    }

    @Test
    void writesThroughALinkToAFileButNotThroughADanglingOne() throws IOException {
        Path real = dir.resolve("real.mid");
        Files.write(real, bytes("old"));
        Path link = Files.createSymbolicLink(dir.resolve("link.mid"), real);
        AtomicFile.write(link, bytes("new"), true);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.mid"), dir.resolve("missing.mid"));
        assertThatThrownBy(() -> AtomicFile.write(dangling, bytes("x"), true)).hasMessageContaining("symbolic link");
        assertThat(dir.resolve("missing.mid")).doesNotExist();
    }

    @Test
    void aFailedOrInterruptedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path out = dir.resolve("b.wav");
        Files.write(out, bytes("old"));
        assertThatThrownBy(() -> AtomicFile.write(out, true, temp -> {
            Files.write(temp, bytes("half"));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(out).hasContent("old");

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> AtomicFile.write(out, bytes("new"), true)).isInstanceOf(IOException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(out).hasContent("old");
        assertThat(names()).containsExactly("b.wav");
    }

    @Test
    void concurrentWritersIntoOneFolderEachGetTheirOwnNames() throws Exception {
        int writers = 4;
        int files = 40;
        CyclicBarrier start = new CyclicBarrier(writers);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String content = "writer " + w;
            Thread thread = new Thread(() -> {
                try {
                    AtomicFile.UniqueNames names = new AtomicFile.UniqueNames(dir, n -> n == 1 ? "beat.mid" : "beat-" + n + ".mid",
                            100_000);
                    start.await();
                    for (int i = 0; i < files; i++) {
                        assertThat(names.write(bytes(content))).hasContent(content);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        List<String> names = names();
        assertThat(names).hasSize(writers * files).contains("beat.mid", "beat-" + writers * files + ".mid");
        assertThat(names).allMatch(n -> n.endsWith(".mid") && !n.startsWith("."));
    }

    @Test
    void sweepRemovesOnlyTheTemporaryFilesOfProcessesThatAreGone() throws IOException {
        Path stale = Files.write(dir.resolve(".beat.wav.999999999-1f.tmp"), bytes("killed"));
        Path live = Files.write(dir.resolve(".beat.wav." + ProcessHandle.current().pid() + "-2e.tmp"), bytes("mine"));
        Path other = Files.write(dir.resolve(".notes.tmp"), bytes("not ours"));
        assertThat(AtomicFile.sweep(dir)).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
        assertThat(AtomicFile.sweep(dir.resolve("missing"))).isZero();
        assertThat(Files.exists(live, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
