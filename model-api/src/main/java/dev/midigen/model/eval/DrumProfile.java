package dev.midigen.model.eval;

import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import java.util.ArrayList;
import java.util.List;

/**
 * What a set of beats plays, as a small vector to compare styles by: hits per bar, each drum class's hits per grid
 * step, and (as {@link SampleStatistics} counts them) the share of beats 1 and 3 with a kick and of beats 2 and 4 with
 * a snare. Pooled over the beats' steps.
 *
 * @param features {@link #names()} in order
 */
public record DrumProfile(List<Double> features) {

    public DrumProfile {
        features = List.copyOf(features);
    }

    /** The names of the features of beats on {@code map}. */
    public static List<String> names(DrumMap map) {
        List<String> names = new ArrayList<>();
        names.add("hits/bar");
        for (DrumMap.DrumClass c : map.classes()) {
            names.add(c.name() + "/step");
        }
        names.add("kick on 1&3");
        names.add("snare on 2&4");
        return names;
    }

    /**
     * The profile of {@code tracks} (all on one drum map), over each one's last {@code bars} bars (0: all of it).
     *
     * @throws IllegalArgumentException for no tracks, or no steps
     */
    public static DrumProfile of(List<DrumTrack> tracks, int bars) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("no beats");
        }
        DrumMap map = tracks.get(0).map();
        int kick = map.classNamed("kick");
        int snare = map.classNamed("snare");
        long[] perClass = new long[map.size()];
        long steps = 0;
        long barSteps = 0;
        Backbeats backbeats = new Backbeats();
        for (DrumTrack track : tracks) {
            int perBar = track.stepsPerBar();
            int first = bars == 0 ? 0 : Math.max(0, track.length() - bars * perBar);
            for (int step = first; step < track.length(); step++) {
                steps++;
                for (int c = 0; c < map.size(); c++) {
                    perClass[c] += track.hit(step, c) ? 1 : 0;
                }
                backbeats.count(track, step, kick, snare);
            }
            barSteps = perBar;
        }
        if (steps == 0) {
            throw new IllegalArgumentException("the beats have no steps");
        }
        List<Double> features = new ArrayList<>();
        long hits = 0;
        for (long count : perClass) {
            hits += count;
        }
        features.add(hits * (double) barSteps / steps);
        for (long count : perClass) {
            features.add(count / (double) steps);
        }
        features.add(backbeats.kickBeats() == 0 ? 0 : backbeats.kicks() / (double) backbeats.kickBeats());
        features.add(backbeats.snareBeats() == 0 ? 0 : backbeats.snares() / (double) backbeats.snareBeats());
        return new DrumProfile(features);
    }

    /**
     * Each feature's standard deviation over {@code profiles} (floored at 1e-6): the scale that makes features count
     * alike in {@link #distance} — a difference of one spread between styles weighs the same in any feature.
     */
    public static double[] spread(List<DrumProfile> profiles) {
        int n = profiles.get(0).features().size();
        double[] spread = new double[n];
        for (int f = 0; f < n; f++) {
            double mean = 0;
            for (DrumProfile p : profiles) {
                mean += p.features().get(f);
            }
            mean /= profiles.size();
            double variance = 0;
            for (DrumProfile p : profiles) {
                double d = p.features().get(f) - mean;
                variance += d * d;
            }
            spread[f] = Math.max(1e-6, Math.sqrt(variance / profiles.size()));
        }
        return spread;
    }

    /**
     * Each feature's pooled within-group standard deviation (floored at 1e-6): the square root of the mean, over the
     * groups, of the feature's variance among the group's profiles (groups of one profile are skipped). With a group
     * per style and a profile per file, a distance in these units counts how many typical file-to-file differences
     * within a style apart two profiles are; features that vary a lot from file to file (a crash at a file's start)
     * weigh less than ones a style keeps steady.
     */
    public static double[] withinSpread(java.util.Collection<List<DrumProfile>> groups) {
        int n = -1;
        double[] sum = null;
        int counted = 0;
        for (List<DrumProfile> group : groups) {
            if (group.size() < 2) {
                continue;
            }
            if (sum == null) {
                n = group.get(0).features().size();
                sum = new double[n];
            }
            double[] spread = spread(group);
            for (int f = 0; f < n; f++) {
                sum[f] += spread[f] * spread[f];
            }
            counted++;
        }
        if (sum == null) {
            throw new IllegalArgumentException("no group has two profiles");
        }
        for (int f = 0; f < n; f++) {
            sum[f] = Math.max(1e-6, Math.sqrt(sum[f] / counted));
        }
        return sum;
    }

    /** Euclidean distance to {@code other}, each feature divided by its {@code scale}. */
    public double distance(DrumProfile other, double[] scale) {
        double sum = 0;
        for (int f = 0; f < features.size(); f++) {
            double d = (features.get(f) - other.features().get(f)) / scale[f];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

}
