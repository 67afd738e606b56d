package dev.midigen.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.generate.LoopForm;
import dev.midigen.model.generate.Regeneration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Constrained sampling: masks in the one sampler, a loop form, keep-this-redo-that. */
class ConstrainedSamplingTest {
    private static final DrumKitSpec DRUMS = new DrumKitSpec(DrumMap.GM, 4, 0);

    /** A broad distribution that depends on the position and the tokens read. */
    private static float[] scrambled(ToyModel.Context c) {
        float[] logits = new float[512];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.sin(i * 0.37 + c.position() * 1.3 + c.tokenSum() * 0.011) * 3;
        }
        return logits;
    }

    private static final ToyModel MODEL = new ToyModel(DRUMS, ConstrainedSamplingTest::scrambled);

    @Test
    void everyDrawnTokenIsOneTheMaskAllows_andTheSameSeedGivesTheSameTokensAloneOrInABatch() {
        // even tokens only from step 4 on; exactly token 5 at position 10
        TokenConstraint evens = (output, tokens, position) -> position >= 4 ? new StepMask.Where(t -> t % 2 == 0)
                : StepMask.ANY;
        TokenConstraint five = (output, tokens, position) -> position == 10 ? new StepMask.Only(6) : StepMask.ANY;
        Sampler sampler = new Sampler(SamplingConfig.builder().seed(7).constraint(evens.and(five)).build());

        List<Sample> batch = sampler.sample(MODEL, IntSeq.of(1), 31, 0, 3);
        for (Sample sample : batch) {
            int[] tokens = sample.tokens().toArray();
            for (int p = 4; p < tokens.length; p++) {
                assertThat(tokens[p] % 2).as("position " + p).isZero();
            }
            assertThat(tokens[10]).isEqualTo(6);
        }
        assertThat(sampler.sampleOne(MODEL, IntSeq.of(1), 31, 2)).isEqualTo(batch.get(2));
        List<Sample> free = new Sampler(SamplingConfig.builder().seed(7).build()).sample(MODEL, IntSeq.of(1), 31, 0, 3);
        assertThat(free.stream().flatMapToInt(s -> java.util.Arrays.stream(s.tokens().toArray())).anyMatch(t -> t % 2 == 1))
                .as("without the mask odd tokens come").isTrue();
    }

    @Test
    void aMaskThatAllowsNothingIsRefusedNamingTheStep() {
        TokenConstraint none = (output, tokens, position) -> new StepMask.Where(t -> false);
        Sampler sampler = new Sampler(SamplingConfig.builder().constraint(none).build());
        assertThatThrownBy(() -> sampler.sample(MODEL, IntSeq.of(1), 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allows no token")
                .hasMessageContaining("step 0");
    }

    @Test
    void aLoopFormRepeatsItsLoopOutsideItsFreeBeats() {
        // 4-step bars of 1-step beats: a 2-bar loop, 4-bar phrases with a 1-beat fill, answers of 1 beat, no variation
        LoopForm form = new LoopForm(2, 4, 1, 1, 0, 0, 3);
        int origin = 4; // a primer and lead-in of one bar before the form
        Sampler sampler = new Sampler(SamplingConfig.builder().seed(1).constraint(form.constraint(4, 1, origin)).build());

        int[] t = sampler.sampleOne(MODEL, IntSeq.of(1), origin - 1 + 8 * 4, 0).tokens().toArray();

        int bar0 = origin;
        for (int bar = 1; bar < 8; bar++) {
            int start = origin + bar * 4;
            int reference = bar < 2 ? bar0 : origin + (bar % 2) * 4;
            int fixedBeats = 3; // the last beat is free in bar 1 (the answer) and bars 3 and 7 (fills)
            if (bar != 1 && bar != 3 && bar != 7) {
                fixedBeats = 4;
            }
            for (int s = 0; s < fixedBeats; s++) {
                assertThat(t[start + s]).as("bar " + bar + " step " + s).isEqualTo(t[reference + s]);
            }
        }
        assertThat(java.util.Arrays.copyOfRange(t, origin + 8, origin + 12))
                .as("bar 2 repeats bar 0").containsExactly(java.util.Arrays.copyOfRange(t, origin, origin + 4));
        for (int beat = 0; beat < 4; beat++) {
            assertThat(t[origin + beat]).as("no beat of the idea begins with the rest token 0").isNotZero();
        }
    }

    @Test
    void aLoopFormVariesSomeRepeatedBarsAndTheSameSeedVariesTheSameOnes() {
        LoopForm form = new LoopForm(1, 0, 0, 0, 0.5, -1, 11);
        TokenConstraint constraint = form.constraint(16, 4, 0);
        int[] tokens = new int[16 * 40];
        int varied = 0;
        for (int bar = 1; bar < 40; bar++) {
            int free = 0;
            for (int s = 0; s < 16; s++) {
                StepMask mask = constraint.at(0, tokens, bar * 16 + s);
                free += mask instanceof StepMask.Any ? 1 : 0;
                assertThat(constraint.at(0, tokens, bar * 16 + s).getClass()).isEqualTo(mask.getClass());
            }
            assertThat(free).isIn(0, 4);
            varied += free == 4 ? 1 : 0;
        }
        assertThat(varied).as("about half the bars vary one beat").isBetween(10, 30);
        assertThatThrownBy(() -> new LoopForm(4, 2, 0, 0, 0, -1, 1)).hasMessageContaining("phrase");
        assertThatThrownBy(() -> new LoopForm(2, 4, 0, 0, 1.5, -1, 1)).hasMessageContaining("chance");
    }

    @Test
    void regenerationKeepsTheKeptClassesAndTheBarsNotRedone() {
        int[] beat = new int[32];
        for (int s = 0; s < 32; s++) {
            beat[s] = (s % 4 == 0 ? 1 : 0) | (s % 8 == 4 ? 2 : 0) | (s % 2 == 0 ? 4 : 0); // kick, snare, hat (GM bits)
        }
        int kept = Regeneration.classMask(DrumMap.GM, List.of("kick", "snare"));
        Regeneration keep = new Regeneration(IntSeq.wrap(beat), kept, new TreeSet<>(), 16);
        Sampler sampler = new Sampler(SamplingConfig.builder().seed(5).constraint(keep.constraint()).build());
        int[] redone = sampler.sampleOne(MODEL, IntSeq.of(beat[0]), keep.steps(), 0).tokens().toArray();
        assertThat(redone).hasSize(32);
        int other = 0;
        for (int s = 0; s < 32; s++) {
            assertThat(redone[s] & kept).as("step " + s).isEqualTo(beat[s] & kept);
            other += (redone[s] & ~kept) != (beat[s] & ~kept) ? 1 : 0;
        }
        assertThat(other).as("steps whose other instruments changed").isGreaterThan(8);

        Regeneration secondBar = new Regeneration(IntSeq.wrap(beat), 0, new TreeSet<>(List.of(1)), 16);
        int[] half = new Sampler(SamplingConfig.builder().seed(5).constraint(secondBar.constraint()).build())
                .sampleOne(MODEL, IntSeq.of(beat[0]), secondBar.steps(), 0).tokens().toArray();
        assertThat(java.util.Arrays.copyOf(half, 16)).containsExactly(java.util.Arrays.copyOf(beat, 16));
        assertThat(java.util.Arrays.copyOfRange(half, 16, 32)).isNotEqualTo(java.util.Arrays.copyOfRange(beat, 16, 32));

        assertThatThrownBy(() -> new Regeneration(IntSeq.wrap(beat), 0, new TreeSet<>(List.of(2)), 16))
                .hasMessageContaining("bar 3 is not in the primer's 2 bars");
        assertThatThrownBy(() -> Regeneration.classMask(DrumMap.GM, List.of("cowbell")))
                .hasMessageContaining("no drum class 'cowbell'");
        assertThat(Regeneration.classMask(DrumMap.ROLAND, List.of("hats"))).isEqualTo(0b1100);
    }
}
