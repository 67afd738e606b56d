package dev.midigen.model.generate;

import dev.midigen.codec.encoding.PianoRollCodec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.PianoRoll;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The music a model of a piano-roll encoding continues: a piano roll of the model's keys and grid, and the tempo of its file.
 *
 * @param roll the primer's roll (its bar length sets the generated bars')
 * @param bpm  its first tempo, or NaN when it has none (made in code)
 */
public record FramePrimer(PianoRoll roll, double bpm) implements Priming {
    public FramePrimer {
        Objects.requireNonNull(roll, "roll");
        if (roll.frames() < 1) {
            throw new IllegalArgumentException("a primer needs at least one frame");
        }
    }

    /**
     * The primer of a MIDI file, read as the dataset pipeline reads files (lenient reader, pieces cut at meter changes,
     * quantised at the spec's grid, as long as its last note): the first piece with notes of {@code tracks} (names, any
     * case; empty = every track) in the spec's keys. A file longer than {@value Primers#DEFAULT_MAX_BARS} bars is refused.
     *
     * @throws IOException naming the file when it has no such notes or is too long
     */
    public static FramePrimer fromMidi(Path file, PianoRollSpec spec, List<String> tracks) throws IOException {
        return fromMidi(file, spec, tracks, Primers.DEFAULT_MAX_BARS);
    }

    /** As {@link #fromMidi(Path, PianoRollSpec, List)}, refusing a file longer than {@code maxBars} bars. */
    public static FramePrimer fromMidi(Path file, PianoRollSpec spec, List<String> tracks, int maxBars) throws IOException {
        MidiPrimer.Music<PianoRoll> music = MidiPrimer.pianoRoll(file, spec, tracks, maxBars);
        return new FramePrimer(music.item(), music.bpm());
    }

    /**
     * The primer's first {@code bars} bars (all of it when shorter): a whole song read as a primer ends where the song
     * does, often in silence, which a guided start would continue.
     */
    public FramePrimer firstBars(int bars) {
        if (bars < 1) {
            throw new IllegalArgumentException("a primer keeps at least one bar, got " + bars);
        }
        int frames = (int) Math.min(roll.frames(), (long) bars * roll.stepsPerBar());
        if (frames == roll.frames()) {
            return this;
        }
        PianoRoll.Builder cut = PianoRoll.builder(roll.stepsPerQuarter(), roll.stepsPerBar(), roll.minPitch(), roll.keys(),
                frames);
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < roll.keys(); k++) {
                if (roll.onset(f, k)) {
                    cut.onset(f, k);
                } else if (roll.active(f, k)) {
                    cut.active(f, k);
                }
            }
        }
        return new FramePrimer(cut.build(), bpm);
    }

    @Override
    public int stepsPerBar() {
        return roll.stepsPerBar();
    }

    @Override
    public OptionalDouble tempo() {
        return Double.isNaN(bpm) ? OptionalDouble.empty() : OptionalDouble.of(bpm);
    }

    /** The roll's frames in the spec's encoding. */
    public FrameSeq frames(PianoRollSpec spec) {
        return new PianoRollCodec(spec).encode(roll);
    }
}
