package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParseBenchCommandTest {

    @Test
    void printsFiguresForBothParsersAndTheirRatio() {
        CliRun run = CliRun.of("bench", "parse", "--rounds", "2", "--warmup", "0", "samples");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("midigen bench parse: 1 files")
                .contains("round  1 (midigen first)")
                .contains("round  2 (javax first)")
                .containsPattern("midigen\\s+\\d+\\s+[\\d.]+\\s+\\d+\\s+0")
                .containsPattern("javax.sound.midi\\s+\\d+\\s+[\\d.]+\\s+\\d+\\s+0")
                .containsPattern("ratio midigen / javax.sound.midi \\(MB/s\\): [\\d.]+x");
    }

    @Test
    void anEmptyDirectoryIsAUsageError() {
        CliRun run = CliRun.of("bench", "parse", "src/main/resources-that-do-not-exist");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no MIDI files found");
    }
}
