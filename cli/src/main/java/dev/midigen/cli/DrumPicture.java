package dev.midigen.cli;

import dev.midigen.codec.repr.DrumLoops;
import dev.midigen.codec.repr.DrumTrack;
import java.util.List;

/** A drum track's first bar as three text rows (kick, snare, hats): {@code x} a hit, {@code .} none. */
final class DrumPicture {
    private DrumPicture() {
    }

    static List<String> firstBar(DrumTrack track) {
        DrumLoops.Parts parts = DrumLoops.partsOf(track.map());
        int steps = Math.min(track.stepsPerBar(), track.length());
        return List.of(row("kick ", track, parts.kick(), steps), row("snare", track, parts.snare(), steps),
                row("hats ", track, parts.hats(), steps));
    }

    private static String row(String label, DrumTrack track, int classes, int steps) {
        StringBuilder row = new StringBuilder(label).append(' ');
        for (int step = 0; step < steps; step++) {
            if (step > 0 && step % track.stepsPerQuarter() == 0) {
                row.append(' ');
            }
            row.append((track.steps().get(step) & classes) != 0 ? 'x' : '.');
        }
        return row.toString();
    }
}
