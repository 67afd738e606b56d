package dev.midigen.model.generate;

import dev.midigen.model.sampling.StepMask;
import dev.midigen.model.sampling.TokenConstraint;
import java.util.SplittableRandom;

/**
 * A loop played through with variations and fills — the form of a beat or a riff — as a {@link TokenConstraint} on
 * the one sampler, so that every new step is still the model's, read with the loop as its context.
 *
 * <p>Bars count from an origin token (one token per grid step). Bar 0 is sampled
 * freely (each beat beginning with something other than the rest token, when there is one): it is the idea. Every later bar has a <em>reference</em> bar — bar 0 inside the first loop, else the bar of
 * the first loop at the same place ({@code bar mod loopBars}) — and copies it step for step except in its free beats,
 * which the model samples given everything before:
 * <ul>
 *   <li>the last bar of each phrase ({@code phraseBars}; 0 = no phrases) is a fill: its last {@code fillBeats} beats
 *       are free;</li>
 *   <li>the other bars of the first loop answer bar 0: their last {@code answerBeats} beats are free;</li>
 *   <li>every other bar is free in one beat, chosen at random, with probability {@code variation}; else it repeats its
 *       reference exactly.</li>
 * </ul>
 * Which bars vary and where is drawn from {@code (seed, output, bar)} alone, so an output is the same alone or in a
 * batch. A step the model is free in may of course repeat the loop: it often does, having just heard it.
 *
 * @param loopBars    bars of the loop: 1, 2 or 4 (any ≥ 1)
 * @param phraseBars  bars of a phrase, whose last bar has a fill; 0 = no fills
 * @param answerBeats free beats at the end of the first loop's later bars
 * @param fillBeats   free beats at the end of a phrase
 * @param variation   chance, 0–1, that a repeated bar gets one free beat
 * @param rest        a token no beat of bar 0 may begin with (drum-kit: 0, silence), so that the idea the loop repeats
 *                    carries the pulse (95% of beats in Groove's validation drumming begin with a hit); −1 = none
 * @param seed        the seed of the plan (which bars vary, in which beat)
 */
public record LoopForm(int loopBars, int phraseBars, int answerBeats, int fillBeats, double variation, int rest,
                       long seed) {
    /** The default chance that a repeated bar varies. */
    public static final double VARIATION = 0.25;

    /** A 2-bar loop whose second bar answers the first in its last two beats, 4-bar phrases, a 2-beat fill. */
    public static LoopForm defaults(long seed) {
        return new LoopForm(2, 4, 2, 2, VARIATION, -1, seed);
    }

    public LoopForm {
        if (loopBars < 1 || loopBars > 64) {
            throw new IllegalArgumentException("a loop is 1..64 bars, got " + loopBars);
        }
        if (phraseBars < 0 || phraseBars > 0 && phraseBars < loopBars) {
            throw new IllegalArgumentException("a phrase is 0 (no fills) or at least the loop's " + loopBars
                    + " bars, got " + phraseBars);
        }
        if (answerBeats < 0 || fillBeats < 0) {
            throw new IllegalArgumentException("free beats must be >= 0, got " + answerBeats + " and " + fillBeats);
        }
        if (!(variation >= 0 && variation <= 1)) {
            throw new IllegalArgumentException("variation is a chance in 0..1, got " + variation);
        }
    }

    public LoopForm withLoopBars(int bars) {
        return new LoopForm(bars, phraseBars, answerBeats, fillBeats, variation, rest, seed);
    }

    public LoopForm withPhraseBars(int bars) {
        return new LoopForm(loopBars, bars, answerBeats, fillBeats, variation, rest, seed);
    }

    public LoopForm withVariation(double chance) {
        return new LoopForm(loopBars, phraseBars, answerBeats, fillBeats, chance, rest, seed);
    }

    public LoopForm withSeed(long newSeed) {
        return new LoopForm(loopBars, phraseBars, answerBeats, fillBeats, variation, rest, newSeed);
    }

    public LoopForm withRest(int token) {
        return new LoopForm(loopBars, phraseBars, answerBeats, fillBeats, variation, token, seed);
    }

    /**
     * The form on a grid of {@code stepsPerBar} tokens a bar, {@code stepsPerBeat} a beat, its bar 0 starting at token
     * {@code origin} (the tokens before, a primer or a lead-in, are free).
     */
    public TokenConstraint constraint(int stepsPerBar, int stepsPerBeat, int origin) {
        if (stepsPerBeat < 1 || stepsPerBar < stepsPerBeat || stepsPerBar % stepsPerBeat != 0) {
            throw new IllegalArgumentException("a bar of " + stepsPerBar + " steps is not whole beats of " + stepsPerBeat);
        }
        int beats = stepsPerBar / stepsPerBeat;
        if (origin < 0) {
            throw new IllegalArgumentException("the form's origin must be >= 0, got " + origin);
        }
        return (output, tokens, position) -> {
            int bar = (position - origin) / stepsPerBar;
            if (position < origin) {
                return StepMask.ANY;
            }
            if (bar == 0) {
                boolean beatStart = (position - origin) % stepsPerBeat == 0;
                return beatStart && rest >= 0 ? new StepMask.Where(token -> token != rest) : StepMask.ANY;
            }
            int beat = (position - origin) % stepsPerBar / stepsPerBeat;
            int reference = bar < loopBars ? 0 : bar % loopBars;
            boolean free;
            if (phraseBars > 0 && (bar + 1) % phraseBars == 0) {
                free = beat >= beats - fillBeats;
            } else if (bar < loopBars) {
                free = beat >= beats - answerBeats;
            } else {
                free = beat == variedBeat(output, bar, beats);
            }
            return free ? StepMask.ANY : new StepMask.Only(tokens[position - (bar - reference) * stepsPerBar]);
        };
    }

    /** The beat a repeated bar is free in, or −1. */
    private int variedBeat(int output, int bar, int beats) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (long) output << 32 ^ bar);
        return random.nextDouble() < variation ? random.nextInt(beats) : -1;
    }
}
