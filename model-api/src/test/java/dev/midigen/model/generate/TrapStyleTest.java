package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.sampling.TokenConstraint;
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
    void theLastBeatOfEverySecondBarBecomesARisingRollOf32ndsOrTripletsAndKicksAndSnaresStay() {
        DrumTrack track = twoBars();
        NoteSequence notes = track.toNoteSequence(PPQ, 140);
        for (long seed = 0; seed < 8; seed++) {
            NoteSequence styled = TrapStyle.apply(track, notes, seed);

            long lastBeat = 7L * PPQ;
            List<Note> roll = styled.notes().stream().filter(n -> n.pitch() == 42 && n.startTick() >= lastBeat).toList();
            assertThat(roll.size()).isIn(6, 8);
            assertThat(roll.get(1).startTick() - roll.get(0).startTick()).isEqualTo(roll.size() == 8 ? PPQ / 8 : PPQ / 6);
            assertThat(roll.get(0).velocity()).isEqualTo(60);
            assertThat(roll.get(roll.size() - 1).velocity()).isEqualTo(116);
            for (int i = 1; i < roll.size(); i++) {
                assertThat(roll.get(i).velocity()).isGreaterThan(roll.get(i - 1).velocity());
            }
            assertThat(styled.notes().stream().filter(n -> n.pitch() != 42).toList())
                    .isEqualTo(notes.notes().stream().filter(n -> n.pitch() != 42).toList());
        }
    }

    @Test
    void rollsRepeatWithTheTwoBarLoopAndTheKickMovesToItsOwnPitch() {
        int[] steps = new int[64];
        for (int s = 0; s < steps.length; s++) {
            steps[s] = twoBars().steps().get(s % 32);
        }
        DrumTrack fourBars = new DrumTrack(DrumMap.GM, 4, 16, IntSeq.wrap(steps));
        NoteSequence notes = fourBars.toNoteSequence(PPQ, 140);
        NoteSequence styled = TrapStyle.apply(fourBars, notes, 5, 35);

        long loop = 8L * PPQ;
        List<Long> first = styled.notes().stream().filter(n -> n.pitch() == 42 && n.startTick() < loop)
                .map(Note::startTick).sorted().toList();
        List<Long> second = styled.notes().stream().filter(n -> n.pitch() == 42 && n.startTick() >= loop)
                .map(n -> n.startTick() - loop).sorted().toList();
        assertThat(second).isEqualTo(first);
        assertThat(first.size()).as("rolls added to the 16 eighth-note hats").isGreaterThan(16);
        assertThat(styled.notes()).noneMatch(n -> n.pitch() == 36).anyMatch(n -> n.pitch() == 35);
    }

    @Test
    void theRecipeAllowsOnlyKickSnareAndHatsWithTheHalfTimeSnareAndHatsOnEighths() {
        TokenConstraint recipe = TrapStyle.constraint(DrumMap.ROLAND, 16, 4, 16);
        int[] none = new int[64];
        int kick = 1;
        int snare = 2;
        int hat = 4;
        int openHat = 8;
        int tom = 16;
        assertThat(recipe.at(0, none, 3).allows(tom)).as("the lead-in is free").isTrue();
        assertThat(recipe.at(0, none, 16).allows(kick | hat)).isTrue();
        assertThat(recipe.at(0, none, 16).allows(kick)).as("no hat on an eighth").isFalse();
        assertThat(recipe.at(0, none, 17).allows(0)).as("a 16th between eighths may be empty").isTrue();
        assertThat(recipe.at(0, none, 17).allows(tom)).isFalse();
        assertThat(recipe.at(0, none, 16 + 8).allows(hat)).as("beat 3 has the snare").isFalse();
        assertThat(recipe.at(0, none, 16 + 8).allows(snare | openHat)).isTrue();
        assertThat(recipe.at(0, none, 16 + 4).allows(snare | hat)).as("no snare on beat 2").isFalse();
        assertThat(recipe.at(0, none, 32 + 12).allows(snare | hat)).as("nor on beat 4").isFalse();
        assertThat(recipe.at(0, none, 32 + 2).allows(snare | hat)).as("nor anywhere else").isFalse();
        assertThat(recipe.at(0, none, 32 + 15).allows(snare)).as("but a pickup into the next bar").isTrue();
        assertThatThrownBy(() -> TrapStyle.constraint(DrumMap.of("kick-and-snare", DrumMap.GM.classes().subList(0, 2)),
                16, 4, 0)).hasMessageContaining("has no closed-hat");
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
