package dev.midigen.cli;

import dev.midigen.codec.repr.DrumMap;
import java.io.IOException;
import picocli.CommandLine;

/** What the loop commands (normalize-loops, combine-loops, to-text, from-text) check alike. */
final class LoopOptions {
    private LoopOptions() {
    }

    /** The drum map named by a preset or a JSON file; a usage error otherwise. */
    static DrumMap drumMap(String nameOrPath, CommandLine.Model.CommandSpec spec) {
        try {
            return DrumMap.named(nameOrPath);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--drum-map: " + e.getMessage());
        }
    }

    /** A tempo {@code DrumWriter} can write (4..1000 BPM); a usage error otherwise. */
    static double bpm(double bpm, CommandLine.Model.CommandSpec spec) {
        if (!(bpm >= 4 && bpm <= 1000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bpm must be 4..1000, got " + bpm);
        }
        return bpm;
    }

    /** "120" for whole tempos, "92.5" otherwise. */
    static String formatBpm(double bpm) {
        return bpm == Math.rint(bpm) ? String.valueOf((long) bpm) : String.valueOf(bpm);
    }
}
