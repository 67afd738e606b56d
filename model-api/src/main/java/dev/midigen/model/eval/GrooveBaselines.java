package dev.midigen.model.eval;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The humanizers a learned one has to beat, fitted on training performances (of one drum map and one grid): each
 * keeps the input's hits and gives every hit a velocity and an offset. Use them with {@link HumanizeMetrics#evaluate}.
 */
public final class GrooveBaselines {
    private GrooveBaselines() {
    }

    /** Every hit at the training hits' mean velocity, on the grid. */
    public static Quantized quantized(List<GrooveTrack> training) {
        Means means = new Means(training);
        return new Quantized(means.map, means.stepsPerQuarter, (float) (means.globalVelocity / means.globalCount));
    }

    /**
     * Every hit at the mean velocity and mean offset of the training hits of its drum class at its step in the bar
     * (bars of the input's length); where training has no such hit, the class's mean over all its hits, and for a class
     * never hit, the mean of all hits.
     */
    public static AverageGroove averageGroove(List<GrooveTrack> training) {
        return new AverageGroove(new Means(training));
    }

    /**
     * Constant velocity, zero offsets.
     *
     * @param velocity the velocity of every hit, as a groove holds it (MIDI velocity / 127)
     */
    public record Quantized(DrumMap map, int stepsPerQuarter, float velocity) implements UnaryOperator<GrooveTrack> {
        public Quantized {
            Objects.requireNonNull(map, "map");
            if (!(velocity >= 0 && velocity <= 1)) {
                throw new IllegalArgumentException("velocity must be in [0, 1], got " + velocity);
            }
        }

        @Override
        public GrooveTrack apply(GrooveTrack quantized) {
            check(quantized, map, stepsPerQuarter);
            int classes = map.size();
            float[] velocities = new float[quantized.length() * classes];
            for (int step = 0; step < quantized.length(); step++) {
                for (int c = 0; c < classes; c++) {
                    velocities[step * classes + c] = quantized.hit(step, c) ? velocity : 0;
                }
            }
            return GrooveTrack.of(map, stepsPerQuarter, quantized.stepsPerBar(), quantized.hits().toArray(), velocities,
                    new float[velocities.length]);
        }
    }

    /** Mean velocity and offset per drum class and step in the bar ({@link #averageGroove}). */
    public static final class AverageGroove implements UnaryOperator<GrooveTrack> {
        private final Means means;

        private AverageGroove(Means means) {
            this.means = means;
        }

        /** The velocity given to a hit of {@code drumClass} at {@code position} in a bar of {@code stepsPerBar}. */
        public float velocity(int stepsPerBar, int position, int drumClass) {
            return means.velocity(stepsPerBar, position, drumClass);
        }

        /** The offset given to such a hit (as a groove holds it: twice the steps early). */
        public float offset(int stepsPerBar, int position, int drumClass) {
            return means.offset(stepsPerBar, position, drumClass);
        }

        @Override
        public GrooveTrack apply(GrooveTrack quantized) {
            check(quantized, means.map, means.stepsPerQuarter);
            int classes = means.map.size();
            int perBar = quantized.stepsPerBar();
            float[] velocities = new float[quantized.length() * classes];
            float[] offsets = new float[velocities.length];
            for (int step = 0; step < quantized.length(); step++) {
                for (int c = 0; c < classes; c++) {
                    if (quantized.hit(step, c)) {
                        velocities[step * classes + c] = velocity(perBar, step % perBar, c);
                        offsets[step * classes + c] = offset(perBar, step % perBar, c);
                    }
                }
            }
            return GrooveTrack.of(means.map, means.stepsPerQuarter, perBar, quantized.hits().toArray(), velocities,
                    offsets);
        }
    }

    private static void check(GrooveTrack groove, DrumMap map, int stepsPerQuarter) {
        if (!groove.map().equals(map) || groove.stepsPerQuarter() != stepsPerQuarter) {
            throw new IllegalArgumentException("fitted on " + map.name() + " at " + stepsPerQuarter
                    + " steps per quarter, given " + groove.map().name() + " at " + groove.stepsPerQuarter());
        }
    }

    /** Sums of the training hits' velocities and offsets: per bar length, step in the bar and class; per class; all. */
    private static final class Means {
        final DrumMap map;
        final int stepsPerQuarter;
        /** Per bar length: velocity sum, offset sum and count at {@code [position × classes + class]}. */
        final Map<Integer, double[][]> byPosition = new HashMap<>();
        final double[] classVelocity;
        final double[] classOffset;
        final long[] classCount;
        double globalVelocity;
        double globalOffset;
        long globalCount;

        Means(List<GrooveTrack> training) {
            if (training.isEmpty()) {
                throw new IllegalArgumentException("no training performances");
            }
            map = training.get(0).map();
            stepsPerQuarter = training.get(0).stepsPerQuarter();
            int classes = map.size();
            classVelocity = new double[classes];
            classOffset = new double[classes];
            classCount = new long[classes];
            for (GrooveTrack groove : training) {
                check(groove, map, stepsPerQuarter);
                int perBar = groove.stepsPerBar();
                double[][] sums = byPosition.computeIfAbsent(perBar, n -> new double[3][n * classes]);
                for (int step = 0; step < groove.length(); step++) {
                    for (int c = 0; c < classes; c++) {
                        if (groove.hit(step, c)) {
                            int cell = step % perBar * classes + c;
                            float velocity = groove.velocity(step, c);
                            float offset = groove.offset(step, c);
                            sums[0][cell] += velocity;
                            sums[1][cell] += offset;
                            sums[2][cell]++;
                            classVelocity[c] += velocity;
                            classOffset[c] += offset;
                            classCount[c]++;
                            globalVelocity += velocity;
                            globalOffset += offset;
                            globalCount++;
                        }
                    }
                }
            }
            if (globalCount == 0) {
                throw new IllegalArgumentException("the training performances have no hits");
            }
        }

        float velocity(int stepsPerBar, int position, int drumClass) {
            return mean(stepsPerBar, position, drumClass, 0, classVelocity, globalVelocity);
        }

        float offset(int stepsPerBar, int position, int drumClass) {
            return mean(stepsPerBar, position, drumClass, 1, classOffset, globalOffset);
        }

        private float mean(int stepsPerBar, int position, int drumClass, int which, double[] perClass, double global) {
            if (position < 0 || position >= stepsPerBar || drumClass < 0 || drumClass >= map.size()) {
                throw new IllegalArgumentException("no step " + position + " of " + stepsPerBar + " or class " + drumClass);
            }
            double[][] sums = byPosition.get(stepsPerBar);
            int cell = position * map.size() + drumClass;
            double mean;
            if (sums != null && sums[2][cell] > 0) {
                mean = sums[which][cell] / sums[2][cell];
            } else if (classCount[drumClass] > 0) {
                mean = perClass[drumClass] / classCount[drumClass];
            } else {
                mean = global / globalCount;
            }
            // a mean lies within its values' range but for rounding; a groove refuses a hair outside it
            return (float) Math.max(which == 0 ? 0 : -1, Math.min(1, mean));
        }
    }
}
