package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.model.Controls;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.generate.Arrangement;
import dev.midigen.model.generate.Conditioning;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.LoopForm;
import dev.midigen.model.generate.MelodyControls;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.generate.Primer;
import dev.midigen.model.generate.Primers;
import dev.midigen.model.generate.TrapStyle;

/**
 * The steps of a token model's generation that {@code generate} and {@code serve} share, so the studio writes the same
 * bytes as the command for the same options: the style a model is conditioned on, the form and the trap recipe laid
 * on a request, and a generated piece as it is written (humanized, the trap's rolls).
 */
final class GenerateSteps {
    private GenerateSteps() {
    }

    /** Whether {@code style} asks for the trap recipe. */
    static boolean trap(String style) {
        return style != null && style.equalsIgnoreCase("trap");
    }

    /**
     * The style the model is conditioned on for {@code style}: none for none or {@code plain}; for {@code trap} the
     * hip-hop style when the model knows it ({@link TrapStyle#BASE_STYLE}), else none; otherwise {@code style} itself.
     */
    static String conditionedStyle(String style, ModelSpec spec) {
        if (style == null || style.equalsIgnoreCase("plain")) {
            return null;
        }
        if (trap(style)) {
            Controls controls = spec.controls();
            return controls != null && controls.knows(TrapStyle.BASE_STYLE) ? TrapStyle.BASE_STYLE : null;
        }
        return style;
    }

    /**
     * {@code conditioning} with the tempo the model is told: the asked one, else (no tempo asked and no MIDI primer)
     * its neutral {@link Controls#DEFAULT_BPM} while the file is written at the default — told 140, the embedded drums
     * plays as Groove's drummers do at 140, thinner than the corpus's average beat (docs/generate.md).
     */
    static Conditioning toldTempo(Conditioning conditioning, boolean tempoGiven) {
        return tempoGiven ? conditioning : new Conditioning(conditioning.style(), Controls.DEFAULT_BPM);
    }

    /**
     * {@code request} in {@code form} (null: free-running) with the melody's {@code controls} (null: none), and for a
     * drum-kit model with {@code trap} the trap recipe's constraint from the piece's first written step.
     *
     * @throws IllegalArgumentException when the form or controls do not fit the model
     */
    static GenerationRequest arrange(GenerationRequest request, EncodingSpec encoding, LoopForm form,
                                     MelodyControls controls, boolean trap) {
        GenerationRequest arranged = new Arrangement(form, controls).apply(request, encoding);
        if (trap && encoding instanceof DrumKitSpec kit) {
            Primer used = arranged.primer() instanceof Primer given ? given : Primers.defaultFor(encoding);
            arranged = arranged.withSampling(arranged.sampling().withConstraint(arranged.sampling().constraint()
                    .and(TrapStyle.constraint(kit.drumMap(), used.stepsPerBar(), kit.stepsPerQuarter(),
                            MusicGenerator.outputStart(arranged, used)))));
        }
        return arranged;
    }

    /**
     * A piece's notes as they are written: through {@code feel} (a drummer's velocities and timing, or as they are),
     * then, with {@code trap}, the trap recipe's rolls, seeded by {@code seed} plus the piece's index.
     *
     * @param kickPitch the trap's kick on this pitch, or null for the map's kick
     */
    static NoteSequence play(Generated piece, GrooveFeel feel, boolean trap, long seed, Integer kickPitch) {
        NoteSequence played = feel.apply(piece.notes());
        return trap ? TrapStyle.apply((DrumTrack) piece.music(), played, seed + piece.index(),
                kickPitch != null ? kickPitch : -1) : played;
    }

}
