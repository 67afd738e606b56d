package dev.midigen.model.generate;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Keep this, redo that: a primer's music sampled again over its own bars, as a {@link TokenConstraint} on the one
 * sampler. In the bars redone (all, when none are named) every step keeps the primer's hits of the kept drum classes
 * exactly and the model chooses the rest, hearing what it keeps; the other bars are the primer's, token for token.
 * The first token is the primer's as it is: the model starts from it.
 *
 * @param primer    the primer's tokens, one per grid step (drum-kit: the class mask of each step; melody: events)
 * @param kept      drum classes whose hits are kept, as a class mask (bit {@code c} = class {@code c}); 0 = none
 * @param bars      the bars to redo, counted from 0; empty = all
 * @param stepsPerBar the primer's bar length in steps
 */
public record Regeneration(IntSeq primer, int kept, SortedSet<Integer> bars, int stepsPerBar) {
    public Regeneration {
        Objects.requireNonNull(primer, "primer");
        bars = new TreeSet<>(bars);
        if (stepsPerBar < 1) {
            throw new IllegalArgumentException("a bar has at least one step, got " + stepsPerBar);
        }
        int count = barCount(primer.length(), stepsPerBar);
        for (int bar : bars) {
            if (bar < 0 || bar >= count) {
                throw new IllegalArgumentException("bar " + (bar + 1) + " is not in the primer's " + count
                        + (count == 1 ? " bar" : " bars"));
            }
        }
    }

    /** Steps to sample after the primer's first: the rest of the primer. */
    public int steps() {
        return primer.length() - 1;
    }

    /** The constraint, on a sample whose first token is the primer's first. */
    public TokenConstraint constraint() {
        int[] tokens = primer.toArray();
        return (output, sampled, position) -> {
            if (position >= tokens.length) {
                return StepMask.ANY;
            }
            int original = tokens[position];
            if (!bars.isEmpty() && !bars.contains(position / stepsPerBar)) {
                return new StepMask.Only(original);
            }
            if (kept == 0) {
                return StepMask.ANY;
            }
            int want = original & kept;
            return new StepMask.Where(token -> (token & kept) == want);
        };
    }

    /**
     * The class mask of drum class names: a class's name ({@code kick}, {@code snare}, {@code closed-hat}, …) or a group:
     * {@code hats} (every class whose name has "hat"), {@code toms} ("tom"), {@code cymbals} (crash, ride, china,
     * splash).
     *
     * @throws IllegalArgumentException for a name the map does not know, listing the names it does
     */
    public static int classMask(DrumMap map, List<String> names) {
        int mask = 0;
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            int matched = 0;
            for (int c = 0; c < map.size(); c++) {
                String cls = map.classes().get(c).name();
                boolean match = switch (name) {
                    case "hats", "hat", "hihats", "hi-hats" -> cls.contains("hat");
                    case "toms" -> cls.contains("tom");
                    case "cymbals" -> cls.contains("crash") || cls.contains("ride") || cls.contains("china")
                            || cls.contains("splash");
                    default -> cls.equals(name);
                };
                if (match) {
                    matched |= 1 << c;
                }
            }
            if (matched == 0) {
                List<String> known = new ArrayList<>();
                map.classes().forEach(c -> known.add(c.name()));
                throw new IllegalArgumentException("no drum class '" + raw.trim() + "' in the " + map.name()
                        + " map: it has " + String.join(", ", known) + " (and the groups hats, toms, cymbals)");
            }
            mask |= matched;
        }
        return mask;
    }

    private static int barCount(int steps, int stepsPerBar) {
        return (steps + stepsPerBar - 1) / stepsPerBar;
    }
}
