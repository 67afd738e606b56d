package dev.midigen.model.generate;

import java.util.OptionalDouble;

/**
 * What generation continues, in the form the model's encoding reads: tokens ({@link Primer}) for a token encoding,
 * a piano roll ({@link FramePrimer}) for a frame encoding.
 */
public sealed interface Priming permits Primer, FramePrimer {

    /** The primer's bar length in steps, which the output keeps. */
    int stepsPerBar();

    /** The primer file's first tempo, when it has one. */
    OptionalDouble tempo();
}
