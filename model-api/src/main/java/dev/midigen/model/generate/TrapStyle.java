package dev.midigen.model.generate;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.smf.Timing;
import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trap recipe ({@code generate --style trap}, docs/generate.md), in two parts:
 * <ol>
 *   <li>{@link #constraint}: what the model may play — kick, snare and hi-hats only; the snare on the half-time
 *       backbeat (beat 3 of each bar) and nowhere else but the 16ths after beat 4 (a pickup into the next bar); a
 *       closed or open hat on every eighth, the 16ths between the model's choice. Played as a {@link LoopForm} of two bars, it repeats its loop with variations.</li>
 *   <li>{@link #apply}: the hi-hat rolls written over the beat, placed by the loop's position so that they repeat with
 *       it — in each beat with a closed hat, with probability {@value #ROLL_CHANCE}, its second eighth becomes a roll
 *       of four rising 32nds or of three 16th-note triplets (even odds); the last beat of every second bar becomes a
 *       rising roll of eight 32nds or six 16th-note triplets — and the kick moved to its own pitch (an 808 on its own
 *       note) when asked.</li>
 * </ol>
 * Pure: the same track, notes and seed give the same notes.
 */
public final class TrapStyle {
    /** The chance that a beat with a closed hat gets a roll on its second eighth. */
    public static final double ROLL_CHANCE = 0.3;
    /** The style a style-conditioned model plays the recipe in, when it knows it. */
    public static final String BASE_STYLE = "hiphop";
    /** Bars after which the roll pattern repeats: the recipe's loop. */
    public static final int LOOP_BARS = 2;

    private TrapStyle() {
    }

    /**
     * What a drum-kit model may play in the trap recipe, on a grid of {@code stepsPerBar} steps a bar and
     * {@code stepsPerQuarter} a beat, from token {@code origin} on (the tokens before — a primer, a lead-in — are free).
     *
     * @throws IllegalArgumentException when the map lacks a kick, a snare or a closed hi-hat, or the grid has no
     *                                  eighths
     */
    public static TokenConstraint constraint(DrumMap map, int stepsPerBar, int stepsPerQuarter, int origin) {
        int kick = bit(map, "kick");
        int snare = bit(map, "snare");
        int closedHat = bit(map, "closed-hat");
        int hats = closedHat | optionalBit(map, "open-hat");
        if (stepsPerQuarter % 2 != 0) {
            throw new IllegalArgumentException("the trap recipe places hats on eighths: " + stepsPerQuarter
                    + " steps a beat have none");
        }
        int allowed = kick | snare | hats;
        int eighth = stepsPerQuarter / 2;
        int halfBar = stepsPerBar / 2;
        return (output, tokens, position) -> {
            if (position < origin) {
                return StepMask.ANY;
            }
            int step = (position - origin) % stepsPerBar;
            boolean backbeat = step == halfBar;
            boolean pickup = step > 3 * stepsPerQuarter; // a ghost snare may lead into the next bar
            boolean onEighth = step % eighth == 0;
            return new StepMask.Where(token -> (token & ~allowed) == 0
                    && (backbeat == ((token & snare) != 0) || pickup)
                    && (!onEighth || (token & hats) != 0));
        };
    }

    /** The rolls on {@code notes} (the MIDI of {@code track}, at its PPQ timing), the kick at its own pitch. */
    public static NoteSequence apply(DrumTrack track, NoteSequence notes, long seed) {
        return apply(track, notes, seed, -1);
    }

    /**
     * The rolls on {@code notes} (the MIDI of {@code track}, at its PPQ timing); the kick's notes at {@code kickPitch}
     * (−1 = as they are). Without a closed hi-hat in the track's map, only the kick moves.
     */
    public static NoteSequence apply(DrumTrack track, NoteSequence notes, long seed, int kickPitch) {
        if (kickPitch > 127) {
            throw new IllegalArgumentException("a kick pitch is 0..127, got " + kickPitch);
        }
        int kick = track.map().classNamed("kick");
        int kickFrom = kick >= 0 ? track.map().pitchOf(kick) : -1;
        List<Note> kept = new ArrayList<>();
        int hatClass = track.map().classNamed("closed-hat");
        int hatPitch = hatClass >= 0 ? track.map().pitchOf(hatClass) : -1;
        List<Roll> rolls = hatClass >= 0 ? rolls(track, notes, seed, hatClass) : List.of();
        for (Note note : notes.notes()) {
            if (note.pitch() == hatPitch && inRoll(note.startTick(), rolls)) {
                continue;
            }
            kept.add(kickPitch >= 0 && note.pitch() == kickFrom ? withPitch(note, kickPitch) : note);
        }
        for (Roll roll : rolls) {
            for (int i = 0; i < roll.count; i++) {
                long start = roll.from + i * roll.spacing;
                int velocity = (int) Math.round(roll.first + (roll.last - roll.first) * (roll.count == 1 ? 1.0
                        : i / (roll.count - 1.0)));
                kept.add(new Note(hatPitch, velocity, start, start + roll.spacing / 2, 9, 0, true, 0));
            }
        }
        return kept.equals(notes.notes()) ? notes : notes.withNotes(kept);
    }

    /** A roll: {@code count} hats from tick {@code from}, {@code spacing} apart, velocities rising first → last. */
    private record Roll(long from, int count, long spacing, int first, int last) {
        long end() {
            return from + count * spacing;
        }
    }

    private static List<Roll> rolls(DrumTrack track, NoteSequence notes, long seed, int hatClass) {
        long ticksPerQuarter = ((Timing.Ppq) notes.timing()).ticksPerQuarter();
        int beatsPerBar = Math.max(1, track.stepsPerBar() / track.stepsPerQuarter());
        int beats = track.length() / track.stepsPerQuarter();
        int loopBeats = LOOP_BARS * beatsPerBar;
        List<Roll> rolls = new ArrayList<>();
        for (int beat = 0; beat < beats; beat++) {
            long beatStart = beat * ticksPerQuarter;
            // the same place in the loop draws the same way: the rolls repeat with the loop
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + beat % loopBeats);
            boolean triplets = random.nextBoolean();
            if (beat % loopBeats == loopBeats - 1) {
                rolls.add(triplets ? new Roll(beatStart, 6, ticksPerQuarter / 6, 60, 116)
                        : new Roll(beatStart, 8, ticksPerQuarter / 8, 60, 116));
            } else if (random.nextDouble() < ROLL_CHANCE && hasHat(track, beat, hatClass)) {
                long eighth = beatStart + ticksPerQuarter / 2;
                rolls.add(triplets ? new Roll(eighth, 3, ticksPerQuarter / 6, 76, 108)
                        : new Roll(eighth, 4, ticksPerQuarter / 8, 70, 112));
            }
        }
        return rolls;
    }

    private static Note withPitch(Note note, int pitch) {
        return new Note(pitch, note.velocity(), note.startTick(), note.endTick(), note.channel(), note.program(),
                note.drum(), note.track());
    }

    private static int bit(DrumMap map, String name) {
        int c = map.classNamed(name);
        if (c < 0) {
            throw new IllegalArgumentException("the trap recipe plays kick, snare and hi-hats: the " + map.name()
                    + " map has no " + name);
        }
        return 1 << c;
    }

    private static int optionalBit(DrumMap map, String name) {
        int c = map.classNamed(name);
        return c < 0 ? 0 : 1 << c;
    }


    private static boolean hasHat(DrumTrack track, int beat, int hatClass) {
        for (int s = beat * track.stepsPerQuarter(); s < (beat + 1) * track.stepsPerQuarter() && s < track.length(); s++) {
            if (track.hit(s, hatClass)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRoll(long tick, List<Roll> rolls) {
        for (Roll roll : rolls) {
            if (tick >= roll.from && tick < roll.end()) {
                return true;
            }
        }
        return false;
    }
}
