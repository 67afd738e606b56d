package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.IntSeq;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrapStyleTest {
    private static final int PPQ = 480;

    /** Two bars of 16ths: kick on 1 and 3, snare on 2 and 4, a closed hat on every eighth. */
    private static DrumTrack twoBars() {
        int[] steps = new int[32];
        for (int s = 0; s < steps.length; s++) {
            int position = s % 16;
            steps[s] |= position % 2 == 0 ? 1 << 2 : 0;
            steps[s] |= position == 0 || position == 8 ? 1 : 0;
            steps[s] |= position == 4 || position == 12 ? 1 << 1 : 0;
        }
        return new DrumTrack(DrumMap.GM, 4, 16, IntSeq.wrap(steps));
    }

    @Test
    void theLastBeatOfEverySecondBarBecomesARisingRollOfEight32ndsAndKicksAndSnaresStay() {
        DrumTrack track = twoBars();
        NoteSequence notes = track.toNoteSequence(PPQ, 140);
        NoteSequence styled = TrapStyle.apply(track, notes, 7);

        long lastBeat = 7L * PPQ;
        List<Note> roll = styled.notes().stream().filter(n -> n.pitch() == 42 && n.startTick() >= lastBeat).toList();
        assertThat(roll).hasSize(8);
        assertThat(roll.get(1).startTick() - roll.get(0).startTick()).isEqualTo(PPQ / 8);
        assertThat(roll.get(0).velocity()).isEqualTo(60);
        assertThat(roll.get(7).velocity()).isEqualTo(116);
        for (int i = 1; i < roll.size(); i++) {
            assertThat(roll.get(i).velocity()).isGreaterThan(roll.get(i - 1).velocity());
        }
        assertThat(styled.notes().stream().filter(n -> n.pitch() != 42).toList())
                .isEqualTo(notes.notes().stream().filter(n -> n.pitch() != 42).toList());
    }

    @Test
    void theSameSeedGivesTheSameNotesAndATrackWithoutHatsIsLeftAlone() {
        DrumTrack track = twoBars();
        NoteSequence notes = track.toNoteSequence(PPQ, 140);
        assertThat(TrapStyle.apply(track, notes, 3).notes()).isEqualTo(TrapStyle.apply(track, notes, 3).notes());

        DrumMap noHat = DrumMap.of("kick-and-snare", DrumMap.GM.classes().subList(0, 2));
        DrumTrack plain = new DrumTrack(noHat, 4, 16, IntSeq.of(1, 0, 2, 0, 1, 0, 2, 0));
        NoteSequence plainNotes = plain.toNoteSequence(PPQ, 90);
        assertThat(TrapStyle.apply(plain, plainNotes, 1)).isSameAs(plainNotes);
    }
}
