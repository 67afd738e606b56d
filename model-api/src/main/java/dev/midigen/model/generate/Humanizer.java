package dev.midigen.model.generate;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.Timing;
import dev.midigen.codec.time.MeterChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Puts feel into drum notes: every drum note that {@code map} knows is placed on its 16th step (its start rounded to
 * the nearest, from tick 0), the steps become a groove with its hits (the score), {@code groover} gives the groove its
 * velocities and offsets (a {@link VaeHumanizer}, or a baseline of {@code eval.GrooveBaselines}), and each note gets
 * the velocity of its step and class and its start moved by the offset ({@code offset / 2} steps earlier, the groove's
 * convention; its end moved with it; a note off the grid, such as a 32nd of a roll, keeps its place relative to the
 * others). No note is added or dropped, each stays within half a step of its 16th, and notes the map does not know (and non-drum notes) are left as
 * they were. Two notes of one class on one step get the same feel.
 */
public final class Humanizer {
    private final DrumMap map;
    private final UnaryOperator<GrooveTrack> groover;

    public Humanizer(DrumMap map, UnaryOperator<GrooveTrack> groover) {
        this.map = Objects.requireNonNull(map, "map");
        this.groover = Objects.requireNonNull(groover, "groover");
    }

    /**
     * @throws IllegalArgumentException when the notes have SMPTE timing, change meter, or a bar is not a whole number of
     *                                  16ths
     */
    public NoteSequence humanize(NoteSequence notes) {
        if (!(notes.timing() instanceof Timing.Ppq ppq)) {
            throw new IllegalArgumentException("humanize needs PPQ timing (beats), not SMPTE");
        }
        if (!notes.meterMap().isConstant()) {
            throw new IllegalArgumentException("humanize needs one meter for the whole piece; this one changes meter");
        }
        long quarter = ppq.ticksPerQuarter();
        if (quarter % 4 != 0) {
            throw new IllegalArgumentException("a PPQ of " + quarter + " has no whole 16th (humanize needs a multiple of 4)");
        }
        long step = quarter / 4;
        MeterChange meter = notes.meterMap().meterAt(0);
        long sixteenths = 16L * meter.numerator();
        if (sixteenths % meter.denominator() != 0) {
            throw new IllegalArgumentException("a bar of " + meter.numerator() + "/" + meter.denominator()
                    + " is not a whole number of 16ths");
        }
        int perBar = (int) (sixteenths / meter.denominator());
        List<Note> drums = new ArrayList<>();
        long last = -1;
        for (Note note : notes.notes()) {
            if (note.drum() && map.classOf(note.pitch()) >= 0) {
                drums.add(note);
                last = Math.max(last, stepOf(note, step));
            }
        }
        if (drums.isEmpty()) {
            return notes;
        }
        int length = (int) ((last / perBar + 1) * perBar);
        int classes = map.size();
        int[] hits = new int[length];
        float[] velocities = new float[length * classes];
        for (Note note : drums) {
            int s = (int) stepOf(note, step);
            int c = map.classOf(note.pitch());
            hits[s] |= 1 << c;
            velocities[s * classes + c] = Math.max(velocities[s * classes + c], note.velocity() / 127f);
        }
        GrooveTrack score = GrooveTrack.of(map, 4, perBar, hits, velocities, new float[length * classes]);
        GrooveTrack played = groover.apply(score);
        if (played.length() != length || played.map().size() != classes || !played.hits().equals(score.hits())) {
            throw new IllegalStateException("the groover changed the score's hits or length");
        }
        List<Note> out = new ArrayList<>(notes.notes().size());
        for (Note note : notes.notes()) {
            int c = note.drum() ? map.classOf(note.pitch()) : -1;
            if (c < 0) {
                out.add(note);
                continue;
            }
            int s = (int) stepOf(note, step);
            int velocity = (int) Math.round(played.velocity(s, c) * 127);
            // the groove's convention (GrooveTrack): a note sounds offset / 2 steps before its step; a note already off
            // the grid (a 32nd of a roll) keeps its place and moves by that much, within half a step of its 16th
            long moved = note.startTick() - Math.round(played.offset(s, c) * step / 2.0);
            long start = Math.max(0, Math.max(s * step - step / 2, Math.min(s * step + (step - 1) / 2, moved)));
            long duration = Math.max(1, note.endTick() - note.startTick());
            out.add(new Note(note.pitch(), Math.max(1, Math.min(127, velocity)), start, start + duration, note.channel(),
                    note.program(), true, note.track()));
        }
        return notes.withNotes(out);
    }

    private static long stepOf(Note note, long step) {
        return Math.floorDiv(note.startTick() + step / 2, step);
    }
}
