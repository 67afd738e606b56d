package dev.midigen.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.MelodyCodec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;
import org.junit.jupiter.api.Test;

class MelodyControlsTest {
    private static final MelodySpec SPEC = MelodySpec.LOOKBACK; // pitches 48..83, transposed to C
    private static final MelodyCodec CODEC = new MelodyCodec(SPEC);

    @Test
    void everyModeIsPlayedFromItsTonicAmongCMajorsNotesAndMovedByTheSmallestShift() {
        for (Scale mode : new Scale[] {Scale.MAJOR, Scale.MINOR, Scale.DORIAN, Scale.PHRYGIAN, Scale.LYDIAN,
                Scale.MIXOLYDIAN, Scale.LOCRIAN}) {
            for (int pc = 0; pc < 12; pc++) {
                assertThat(mode.contains(mode.modelTonic(), pc)).as(mode + " " + pc).isEqualTo(Scale.MAJOR.contains(0, pc));
            }
        }
        assertThat(MelodyControls.none().withKey(2, Scale.MAJOR).shift(SPEC)).isEqualTo(2);
        assertThat(MelodyControls.none().withKey(7, Scale.MAJOR).shift(SPEC)).isEqualTo(-5);
        assertThat(MelodyControls.none().withKey(2, Scale.DORIAN).shift(SPEC)).isZero();
        assertThat(MelodyControls.none().withKey(4, Scale.MINOR).shift(SPEC)).isEqualTo(-5); // A minor → E minor
        assertThat(MelodyControls.none().withKey(0, Scale.MAJOR).withRange(84, 107).shift(SPEC)).isEqualTo(24);
        assertThat(MelodyControls.tonicOf("F#")).isEqualTo(6);
        assertThat(MelodyControls.tonicOf("Bb")).isEqualTo(10);
        assertThat(MelodyControls.tonicOf("cb")).isEqualTo(11);
        assertThat(Scale.parse("Harmonic-Minor")).isEqualTo(Scale.HARMONIC_MINOR);
        assertThat(Scale.parse("aeolian")).isEqualTo(Scale.MINOR);
        assertThatThrownBy(() -> Scale.parse("bebop")).hasMessageContaining("no scale 'bebop'");
        assertThatThrownBy(() -> MelodyControls.tonicOf("H")).hasMessageContaining("note name");
    }

    @Test
    void theConstraintAllowsOnlyScaleNotesInRangeAndOnsetsOnTheGrid() {
        MelodyControls eMinor = MelodyControls.none().withKey(4, Scale.MINOR).withRange(60, 76).withOnsetSteps(2);
        int shift = eMinor.shift(SPEC);
        TokenConstraint constraint = eMinor.constraint(SPEC, shift);
        int[] none = new int[8];
        StepMask onGrid = constraint.at(0, none, 2);
        StepMask offGrid = constraint.at(0, none, 3);
        for (int token = 0; token < CODEC.vocabularySize(); token++) {
            int event = CODEC.eventOf(token);
            int written = event + shift;
            boolean wanted = event < 0 || written >= 60 && written <= 76
                    && Scale.MINOR.contains(4, Math.floorMod(written, 12));
            assertThat(onGrid.allows(token)).as("token " + token).isEqualTo(wanted);
            assertThat(offGrid.allows(token)).isEqualTo(event < 0);
        }
    }

    @Test
    void thePrimerIsADegreeOfTheKeyDrawnFromTheSeedAndTheStartLetsTheModelChooseOne() {
        MelodyControls dMajor = MelodyControls.none().withKey(2, Scale.MAJOR);
        java.util.Set<Integer> written = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Primer primer = dMajor.primer(SPEC, seed);
            int pitch = CODEC.eventOf(primer.tokens().get(0)) - primer.transposition();
            assertThat(Scale.MAJOR.contains(2, Math.floorMod(pitch, 12))).as("pitch " + pitch).isTrue();
            written.add(pitch);
        }
        assertThat(written).as("7 degrees in one octave").hasSize(7);
        TokenConstraint start = dMajor.start(SPEC, 2, 16);
        assertThat(start.at(0, new int[20], 15)).isEqualTo(StepMask.ANY);
        assertThat(start.at(0, new int[20], 16).allows(CODEC.tokenOf(-2))).as("a note must begin").isFalse();
        assertThat(start.at(0, new int[20], 16).allows(CODEC.tokenOf(64))).as("D + 64 - 2: F#, in D major").isTrue();
        assertThat(start.at(0, new int[20], 16).allows(CODEC.tokenOf(63))).as("F, not in D major").isFalse();
    }
}
