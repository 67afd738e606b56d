package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.midigen.codec.repr.GrooveTrack;
import java.util.Locale;

/**
 * What a {@link DrumVae} learns to undo (GrooVAE, Gillick et al. 2019): its training input is the transformed
 * performance, its target the performance itself, so at run time it puts back what the transformation removed.
 * <ul>
 *   <li>{@code humanize}: the same hits with every velocity and offset zeroed (the score, not the playing) — the model
 *       adds velocities and micro-timing;</li>
 *   <li>{@code tap}: every step's hits on one voice (the closed hi-hat, else the first class) with the loudest hit's
 *       velocity and offset — the model turns a tapped rhythm into a beat (tap2drum);</li>
 *   <li>{@code none}: the performance itself — an autoencoder, for sampling from the prior and interpolating.</li>
 * </ul>
 */
public enum GrooveTransform {
    HUMANIZE,
    TAP,
    NONE;

    /** The JSON and command-line name: {@code humanize}, {@code tap}, {@code none}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static GrooveTransform of(String label) {
        for (GrooveTransform transform : values()) {
            if (transform.label().equals(label)) {
                return transform;
            }
        }
        throw new IllegalArgumentException("no groove transformation '" + label + "' (humanize, tap or none)");
    }

    /** The model's input for the performance {@code target}. */
    public GrooveTrack apply(GrooveTrack target) {
        int classes = target.map().size();
        int[] hits = new int[target.length()];
        float[] velocities = new float[target.length() * classes];
        float[] offsets = new float[target.length() * classes];
        int voice = tapVoice(target);
        for (int step = 0; step < target.length(); step++) {
            int loudest = -1;
            for (int c = 0; c < classes; c++) {
                if (!target.hit(step, c)) {
                    continue;
                }
                switch (this) {
                    case HUMANIZE -> hits[step] |= 1 << c;
                    case NONE -> {
                        hits[step] |= 1 << c;
                        velocities[step * classes + c] = target.velocity(step, c);
                        offsets[step * classes + c] = target.offset(step, c);
                    }
                    case TAP -> {
                        if (loudest < 0 || target.velocity(step, c) > target.velocity(step, loudest)) {
                            loudest = c;
                        }
                    }
                }
            }
            if (loudest >= 0) {
                hits[step] = 1 << voice;
                velocities[step * classes + voice] = target.velocity(step, loudest);
                offsets[step * classes + voice] = target.offset(step, loudest);
            }
        }
        return GrooveTrack.of(target.map(), target.stepsPerQuarter(), target.stepsPerBar(), hits, velocities, offsets);
    }

    private static int tapVoice(GrooveTrack track) {
        return Math.max(0, track.map().classNamed("closed-hat"));
    }
}
