package dev.midigen.model.eval;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;

/** Hand-made grooves on the ROLAND map at 16ths, hit by hit. */
final class GrooveFixtures {
    static final int KICK = 0;
    static final int SNARE = 1;
    static final int HAT = 2;
    static final int CLASSES = DrumMap.ROLAND.size();

    private final int stepsPerBar;
    private final int[] hits;
    private final float[] velocities;
    private final float[] offsets;

    private GrooveFixtures(int steps, int stepsPerBar) {
        this.stepsPerBar = stepsPerBar;
        hits = new int[steps];
        velocities = new float[steps * CLASSES];
        offsets = new float[steps * CLASSES];
    }

    /** An empty groove of {@code steps} 16ths in 4/4. */
    static GrooveFixtures steps(int steps) {
        return new GrooveFixtures(steps, 16);
    }

    static GrooveFixtures steps(int steps, int stepsPerBar) {
        return new GrooveFixtures(steps, stepsPerBar);
    }

    /** A hit at MIDI velocity {@code velocity}, {@code stepsEarly} steps before its step (negative: late). */
    GrooveFixtures hit(int step, int drumClass, int velocity, double stepsEarly) {
        hits[step] |= 1 << drumClass;
        velocities[step * CLASSES + drumClass] = velocity / 127f;
        offsets[step * CLASSES + drumClass] = (float) (2 * stepsEarly); // a groove holds twice the steps
        return this;
    }

    GrooveFixtures hit(int step, int drumClass) {
        return hit(step, drumClass, 100, 0);
    }

    /** The same hits in every bar from {@code from} on as in bar 0 (velocities and offsets too). */
    GrooveFixtures repeatFirstBar(int from) {
        for (int bar = from; bar < hits.length / stepsPerBar; bar++) {
            copyBar(0, bar);
        }
        return this;
    }

    GrooveFixtures copyBar(int source, int target) {
        System.arraycopy(hits, source * stepsPerBar, hits, target * stepsPerBar, stepsPerBar);
        int cells = stepsPerBar * CLASSES;
        System.arraycopy(velocities, source * cells, velocities, target * cells, cells);
        System.arraycopy(offsets, source * cells, offsets, target * cells, cells);
        return this;
    }

    GrooveTrack build() {
        return GrooveTrack.of(DrumMap.ROLAND, 4, stepsPerBar, hits, velocities, offsets);
    }
}
