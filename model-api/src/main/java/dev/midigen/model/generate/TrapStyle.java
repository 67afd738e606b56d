package dev.midigen.model.generate;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trap style ({@code generate --style trap}): a generated beat with trap hi-hat rolls at 32nd resolution, by two
 * seeded rules (docs/generate.md):
 * <ol>
 *   <li>in each beat that has a closed hat, with probability {@value #ROLL_CHANCE}, the hats of its
 *       second eighth become a roll of four 32nds, velocities rising 70 → 112;</li>
 *   <li>the last beat of every second bar becomes a roll of eight 32nds, velocities rising 60 → 116.</li>
 * </ol>
 * Kicks, snares and the rest stay as the model made them. Pure: the same track, notes and seed give the same notes.
 */
public final class TrapStyle {
    /** The chance that a beat with a closed hat gets a roll on its second eighth. */
    public static final double ROLL_CHANCE = 0.3;

    private TrapStyle() {
    }

    /**
     * The rolls applied to {@code notes} (the MIDI of {@code track}, at its PPQ timing); unchanged when the track's drum
     * map has no closed hi-hat.
     */
    public static NoteSequence apply(DrumTrack track, NoteSequence notes, long seed) {
        int hatClass = hatClass(track);
        if (hatClass < 0) {
            return notes;
        }
        int hatPitch = track.map().pitchOf(hatClass);
        long ticksPerQuarter = ((dev.midigen.codec.smf.Timing.Ppq) notes.timing()).ticksPerQuarter();
        long thirtySecond = ticksPerQuarter / 8;
        int beatsPerBar = Math.max(1, track.stepsPerBar() / track.stepsPerQuarter());
        int beats = track.length() / track.stepsPerQuarter();
        SplittableRandom random = new SplittableRandom(seed);
        List<long[]> rolls = new ArrayList<>(); // {from tick, 32nds, first velocity, last velocity}
        for (int beat = 0; beat < beats; beat++) {
            long beatStart = beat * ticksPerQuarter;
            boolean phraseEnd = beat % (2 * beatsPerBar) == 2 * beatsPerBar - 1;
            if (phraseEnd) {
                rolls.add(new long[] {beatStart, 8, 60, 116});
            } else if (hasHat(track, beat, hatClass) && random.nextDouble() < ROLL_CHANCE) {
                rolls.add(new long[] {beatStart + ticksPerQuarter / 2, 4, 70, 112});
            }
        }
        List<Note> kept = new ArrayList<>();
        for (Note note : notes.notes()) {
            if (!(note.pitch() == hatPitch && inRoll(note.startTick(), rolls, thirtySecond))) {
                kept.add(note);
            }
        }
        for (long[] roll : rolls) {
            int count = (int) roll[1];
            for (int i = 0; i < count; i++) {
                long start = roll[0] + i * thirtySecond;
                int velocity = (int) Math.round(roll[2] + (roll[3] - roll[2]) * (count == 1 ? 1.0 : i / (count - 1.0)));
                kept.add(new Note(hatPitch, velocity, start, start + thirtySecond / 2, 9, 0, true, 0));
            }
        }
        return notes.withNotes(kept);
    }

    private static int hatClass(DrumTrack track) {
        for (int c = 0; c < track.map().size(); c++) {
            if (track.map().classes().get(c).name().equals("closed-hat")) {
                return c;
            }
        }
        return -1;
    }

    private static boolean hasHat(DrumTrack track, int beat, int hatClass) {
        for (int s = beat * track.stepsPerQuarter(); s < (beat + 1) * track.stepsPerQuarter() && s < track.length(); s++) {
            if (track.hit(s, hatClass)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRoll(long tick, List<long[]> rolls, long thirtySecond) {
        for (long[] roll : rolls) {
            if (tick >= roll[0] && tick < roll[0] + roll[1] * thirtySecond) {
                return true;
            }
        }
        return false;
    }
}
