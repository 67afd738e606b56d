package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.eval.GrooveBaselines;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.CanonicalLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Humanizing drum notes keeps every note on its 16th and changes only velocities and micro-timing. */
class HumanizerTest {
    private static final int PPQ = 480;
    private static final int STEP = PPQ / 4;

    /** {@code bars} bars of a GM rock beat at velocity 100 on the grid, plus a piano note and an unmapped drum. */
    private static NoteSequence robotic(int bars) {
        int[] steps = new int[bars * 16];
        for (int s = 0; s < steps.length; s++) {
            int position = s % 16;
            steps[s] |= position % 2 == 0 ? 1 << 2 : 0; // closed hat on eighths
            steps[s] |= position == 0 || position == 8 ? 1 : 0; // kick
            steps[s] |= position == 4 || position == 12 ? 1 << 1 : 0; // snare
        }
        NoteSequence beat = new DrumTrack(DrumMap.GM, 4, 16, IntSeq.wrap(steps)).toNoteSequence(PPQ, 120);
        List<Note> notes = new ArrayList<>(beat.notes());
        notes.add(new Note(60, 70, 0, PPQ, 0, 0, false, 0)); // piano
        notes.add(new Note(34, 90, STEP * 3, STEP * 4, 9, 0, true, 0)); // a drum GM's map does not know
        return beat.withNotes(notes);
    }

    private static long stepOf(Note note) {
        return Math.floorDiv(note.startTick() + STEP / 2, STEP);
    }

    private static void assertSameNotesOnTheirSteps(NoteSequence before, NoteSequence after) {
        assertThat(after.notes()).hasSameSizeAs(before.notes());
        assertThat(after.notes().stream().map(n -> n.pitch() + "@" + stepOf(n) + "/" + n.channel()).sorted().toList())
                .as("the same notes, each on its 16th")
                .isEqualTo(before.notes().stream().map(n -> n.pitch() + "@" + stepOf(n) + "/" + n.channel()).sorted()
                        .toList());
        assertThat(after.notes()).allSatisfy(n -> assertThat(Math.abs(n.startTick() - stepOf(n) * STEP))
                .isLessThanOrEqualTo(STEP / 2));
    }

    @Test
    void theAverageGrooveGivesEachClassAndPositionItsFeelAndLeavesTheRestAlone() {
        // training: hats loud on the beat, soft off it, and late; the kick early
        NoteSequence beat = robotic(2);
        GrooveTrack score = GrooveBaselinesFixture.score(beat);
        GrooveTrack played = GrooveBaselinesFixture.feel(score);
        UnaryOperator<GrooveTrack> average = GrooveBaselines.averageGroove(List.of(played));

        NoteSequence humanized = new Humanizer(DrumMap.GM, average).humanize(beat);

        assertSameNotesOnTheirSteps(beat, humanized);
        assertThat(humanized.notes()).filteredOn(n -> n.pitch() == 42 && n.startTick() < PPQ * 8 && stepOf(n) % 4 == 0)
                .allSatisfy(n -> assertThat(n.velocity()).isEqualTo(110));
        assertThat(humanized.notes()).filteredOn(n -> n.pitch() == 42 && stepOf(n) % 4 == 2)
                .allSatisfy(n -> assertThat(n.velocity()).isEqualTo(60))
                .allSatisfy(n -> assertThat(n.startTick()).as("late: offset −0.5 = a quarter step")
                        .isEqualTo(stepOf(n) * STEP + STEP / 4));
        assertThat(humanized.notes()).filteredOn(n -> !n.drum() || n.pitch() == 34)
                .containsExactlyInAnyOrderElementsOf(beat.notes().stream().filter(n -> !n.drum() || n.pitch() == 34)
                        .toList());
    }

    @ParameterizedTest(name = "hit controls {0}")
    @ValueSource(booleans = {false, true})
    void aDrumVaeHumanizesAGrooveOfAnyLengthWindowByWindowKeepingEveryHit(boolean hitControls) {
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(6), 4, List.of(8), 2, 0.2, 1, GrooveTransform.HUMANIZE,
                hitControls), new GrooveSpec(DrumMap.GM, 4), 9);
        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 9))) {
            Humanizer humanizer = new Humanizer(DrumMap.GM, new VaeHumanizer(model));
            for (int bars : new int[] {1, 2, 5}) {
                NoteSequence beat = robotic(bars);
                NoteSequence humanized = humanizer.humanize(beat);

                assertSameNotesOnTheirSteps(beat, humanized);
                assertThat(humanized.notes()).filteredOn(Note::drum).extracting(Note::velocity)
                        .allSatisfy(v -> assertThat(v).isBetween(1, 127));
                assertThat(humanizer.humanize(beat).notes()).as("deterministic").isEqualTo(humanized.notes());
            }
        }
    }

    @Test
    void smpteTimingAndChangingMetersAreRefusedAndNotesWithoutDrumsComeBackAsTheyWere() {
        NoteSequence piano = robotic(1).withNotes(List.of(new Note(60, 70, 0, PPQ, 0, 0, false, 0)));
        UnaryOperator<GrooveTrack> identity = g -> g;
        assertThat(new Humanizer(DrumMap.GM, identity).humanize(piano)).isSameAs(piano);
        assertThatThrownBy(() -> new Humanizer(DrumMap.GM, g -> GrooveTransform.TAP.apply(g)).humanize(robotic(1)))
                .hasMessageContaining("changed the score's hits");
    }
}
