package dev.midigen.model.generate;

import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.model.eval.GrooveStatistics;

/** A known feel for {@link HumanizerTest}: hats 110 on the beat, 60 and a quarter step late off it; the rest as played. */
final class GrooveBaselinesFixture {
    private GrooveBaselinesFixture() {
    }

    static GrooveTrack score(NoteSequence notes) {
        return GrooveStatistics.groove(notes, DrumMap.GM).orElseThrow();
    }

    static GrooveTrack feel(GrooveTrack score) {
        int classes = score.map().size();
        int[] hits = new int[score.length()];
        float[] velocities = new float[score.length() * classes];
        float[] offsets = new float[score.length() * classes];
        for (int s = 0; s < score.length(); s++) {
            hits[s] = score.hits().get(s);
            for (int c = 0; c < classes; c++) {
                if (!score.hit(s, c)) {
                    continue;
                }
                boolean hat = c == 2;
                velocities[s * classes + c] = hat ? (s % 4 == 0 ? 110 / 127f : 60 / 127f) : score.velocity(s, c);
                offsets[s * classes + c] = hat && s % 4 == 2 ? -0.5f : 0;
            }
        }
        return GrooveTrack.of(score.map(), score.stepsPerQuarter(), score.stepsPerBar(), hits, velocities, offsets);
    }
}
