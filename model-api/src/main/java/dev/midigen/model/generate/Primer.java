package dev.midigen.model.generate;

import dev.midigen.codec.repr.IntSeq;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What generation starts from: the primer's tokens in the model's encoding, with what is needed to
 * turn the output back into music. Build one with {@link Primers}.
 *
 * @param tokens        the encoded primer, at least one token
 * @param stepsPerBar   the primer's bar length in steps (from its meter; 4/4 for text primers), which
 *                      the output keeps
 * @param transposition semitones the encoding moved the primer by (melodies moved to one key), undone on
 *                      the output; 0 for drums
 * @param bpm           the primer file's first tempo, when it came from a MIDI file
 */
public record Primer(IntSeq tokens, int stepsPerBar, int transposition, OptionalDouble bpm) implements Priming {
    public Primer {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(bpm, "bpm");
        if (tokens.length() == 0) {
            throw new IllegalArgumentException("a primer needs at least one token");
        }
        if (stepsPerBar < 1) {
            throw new IllegalArgumentException("stepsPerBar must be >= 1, got " + stepsPerBar);
        }
    }

    @Override
    public OptionalDouble tempo() {
        return bpm;
    }
}
