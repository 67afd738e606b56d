package dev.midigen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFolderTest {
    /** A process number Linux never gives (its maximum is 2^22). */
    private static final String DEAD = "999999999-ab";

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path folderWith(String name, String content) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("a.txt"), content);
        return folder;
    }

    @Test
    void aCommittedFolderAppearsWholeAndAnAbandonedOneLeavesNothing() throws IOException {
        Path out = dir.resolve("out");
        try (StagedFolder staged = StagedFolder.create(out, false)) {
            Files.writeString(staged.file("sub/a.txt"), "new");
            assertThat(out).doesNotExist();
            staged.commit();
        }
        assertThat(out.resolve("sub/a.txt")).hasContent("new");
        try (StagedFolder staged = StagedFolder.create(out, true)) {
            Files.writeString(staged.file("a.txt"), "abandoned");
        }
        assertThat(out.resolve("sub/a.txt")).hasContent("new");
        assertThat(names()).containsExactly("out");
    }

    @Test
    void theLeftoversOfAKilledProcessAreRemovedAndThoseOfALiveOneKept() throws IOException {
        folderWith(".out.partial-" + DEAD, "half");
        folderWith(".out.old-" + DEAD, "replaced");
        folderWith("out", "current");
        Path live = folderWith(".out.partial-" + ProcessHandle.current().pid() + "-cd", "in progress");
        folderWith(".other.partial-" + DEAD, "not this target's");

        try (StagedFolder staged = StagedFolder.create(dir.resolve("out"), true)) {
            assertThat(names()).contains(live.getFileName().toString()).doesNotContain(".out.partial-" + DEAD,
                    ".out.old-" + DEAD).contains(".other.partial-" + DEAD);
        }
        assertThat(dir.resolve("out/a.txt")).hasContent("current");
    }

    @Test
    void aKillBetweenTheTwoMovesOfACommitPutsTheOldFolderBack() throws IOException {
        // the old output was moved aside, the new one not yet moved in: there is no output at all
        folderWith(".out.old-" + DEAD, "previous");
        folderWith(".out.partial-" + DEAD, "complete but never committed");

        assertThat(StagedFolder.recover(dir.resolve("out"))).isEqualTo(2);

        assertThat(dir.resolve("out/a.txt")).hasContent("previous");
        assertThat(names()).containsExactly("out");
        assertThatThrownBy(() -> StagedFolder.create(dir.resolve("out"), false))
                .isInstanceOf(FileAlreadyExistsException.class);
    }
}
