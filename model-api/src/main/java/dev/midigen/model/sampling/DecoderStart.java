package dev.midigen.model.sampling;

import java.util.Locale;

/**
 * Where the decoder of a model with an encoder starts (DeepMusician's {@code init}: guided, zero, random).
 *
 * <ul>
 *   <li>{@link Guided}: the encoder reads the primer's last {@code steps} frames and the decoder starts from its final
 *       state, reading the primer's last frame first — what DeepMusician's "guided" meant (its code ran the encoder
 *       on zeros);</li>
 *   <li>{@link Zero}: the decoder starts from the zero state;</li>
 *   <li>{@link Random}: from a state drawn uniformly from {@code [−scale, scale]} per unit, from each output's own
 *       random stream (before its sampling draws).</li>
 * </ul>
 * Without a guided start the first frame the decoder reads is the primer's last frame when there is a primer,
 * silence otherwise.
 */
public sealed interface DecoderStart {

    /** The name on the command line. */
    String name();

    static DecoderStart parse(String name, int guidedSteps, double randomScale) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "guided" -> new Guided(guidedSteps);
            case "zero" -> new Zero();
            case "random" -> new Random(randomScale);
            default -> throw new IllegalArgumentException("the decoder starts guided, zero or random, not '" + name + "'");
        };
    }

    /** The encoder reads the primer's last {@code steps} frames (all of them when it is shorter). */
    record Guided(int steps) implements DecoderStart {
        public Guided {
            if (steps < 1 || steps > 1 << 16) {
                throw new IllegalArgumentException("a guided start reads 1..65536 primer frames, got " + steps);
            }
        }

        @Override
        public String name() {
            return "guided";
        }
    }

    record Zero() implements DecoderStart {
        @Override
        public String name() {
            return "zero";
        }
    }

    /** A random state, uniform in {@code [−scale, scale]} ({@code 0 < scale ≤ 1}: a GRU's state lies in (−1, 1)). */
    record Random(double scale) implements DecoderStart {
        public Random {
            if (!(scale > 0 && scale <= 1)) {
                throw new IllegalArgumentException("a random start's scale is in (0, 1], got " + scale);
            }
        }

        @Override
        public String name() {
            return "random";
        }
    }
}
