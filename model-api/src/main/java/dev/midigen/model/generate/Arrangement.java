package dev.midigen.model.generate;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;

/**
 * How a request for a drum-kit or melody model is shaped into music with a form — what {@code midigen generate} does by
 * default, for library users and for {@code compare} and {@code evaluate}: constraints on the one sampler and a lead-in
 * (docs/generate.md). Other encodings are left as they are.
 *
 * <ul>
 *   <li><b>Drums</b> from the default primer play one bar in (not written), then the loop: its idea starts with a kick
 *       and no beat of it begins in silence.</li>
 *   <li><b>Melodies</b> without a primer start from a note of the key on a degree drawn from the seed, play a bar in,
 *       and the written melody begins with a note of the key's middle octave that the model picks; with
 *       {@code melody} controls, every note keeps to them.</li>
 *   <li><b>The loop</b> ({@code form}; null = free-running) starts after the lead-in, or at the first bar line after a
 *       primer of the user's.</li>
 * </ul>
 *
 * @param form   the loop, or null for free-running sampling
 * @param melody a melody's key, scale, range and onset grid, or null for none (melodies then start on a degree of C
 *               major)
 */
public record Arrangement(LoopForm form, MelodyControls melody) {

    /** {@code midigen generate}'s default: the default loop, no melody controls. */
    public static Arrangement defaults(long seed) {
        return new Arrangement(LoopForm.defaults(seed), null);
    }

    /** Free-running sampling, no melody controls (the requests are only given their melody start). */
    public static Arrangement free() {
        return new Arrangement(null, null);
    }

    /**
     * The request with this arrangement's primer, lead-in and constraints (added to the request's own).
     *
     * @throws IllegalArgumentException when the melody controls leave no note the model can play
     */
    public GenerationRequest apply(GenerationRequest request, EncodingSpec encoding) {
        if (!(encoding instanceof DrumKitSpec) && !(encoding instanceof MelodySpec)) {
            return request;
        }
        TokenConstraint constraint = request.sampling().constraint();
        Primer primer = request.primer() instanceof Primer given ? given : null;
        if (encoding instanceof MelodySpec spec) {
            MelodyControls controls = melody != null ? melody : MelodyControls.none();
            if (primer == null) {
                MelodyControls start = controls.scale() == null ? controls.withKey(0, Scale.MAJOR) : controls;
                primer = start.primer(spec, request.sampling().seed());
                request = request.withPrimer(primer).withLeadIn(1);
                constraint = constraint.and(controls.start(spec, -primer.transposition(),
                        MusicGenerator.outputStart(request, primer)));
            }
            if (melody != null) {
                // the written notes are the model's moved back by the primer's transposition
                constraint = constraint.and(melody.constraint(spec, -primer.transposition()));
            }
        } else if (primer == null && form != null) {
            primer = Primers.defaultFor(encoding);
            request = request.withLeadIn(1);
        }
        if (form != null) {
            Primer used = primer != null ? primer : Primers.defaultFor(encoding);
            int perBar = used.stepsPerBar();
            int perBeat = encoding instanceof DrumKitSpec drums ? drums.stepsPerQuarter()
                    : ((MelodySpec) encoding).stepsPerQuarter();
            int tokens = used.tokens().length();
            // the idea is sampled: after a lead-in, or from the first bar line after a primer of the user's
            int origin = request.leadInBars() > 0 ? MusicGenerator.outputStart(request, used)
                    : (tokens + perBar - 1) / perBar * perBar;
            LoopForm loop = encoding instanceof DrumKitSpec ? form.withRest(0) : form;
            constraint = constraint.and(loop.constraint(perBar, perBar % perBeat == 0 ? perBeat : perBar, origin));
            if (encoding instanceof DrumKitSpec drums && origin > 0) {
                constraint = constraint.and(kickOnOne(drums, origin));
            }
        }
        return request.withSampling(request.sampling().withConstraint(constraint));
    }

    /**
     * A beat's idea starts with a kick on its first step, as Magenta's default drum primer does: without it one beat in
     * thirty-odd was an idea of hats alone, and the loop repeated it.
     */
    private static TokenConstraint kickOnOne(DrumKitSpec drums, int origin) {
        int kick = drums.drumMap().classNamed("kick");
        if (kick < 0) {
            return TokenConstraint.NONE;
        }
        StepMask withKick = new StepMask.Where(token -> (token & 1 << kick) != 0);
        return (output, tokens, position) -> position == origin ? withKick : StepMask.ANY;
    }
}
