package dev.midigen.backend.dl4j;

import java.util.SplittableRandom;

/** Inverted-dropout masks drawn per sequence, so that the split of a batch into blocks does not change them. */
final class Dropout {
    private Dropout() {
    }

    /** The stream of sequence {@code index} of the whole batch at a step whose masks are seeded by {@code seed}. */
    static SplittableRandom stream(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    /**
     * Row {@code b} of each of {@code time} time-major blocks of {@code batch} rows of {@code width} values: 0 with
     * probability {@code rate}, else {@code 1/(1−rate)} (all 1 when {@code rate} is 0).
     */
    static void fill(SplittableRandom random, float[] mask, float rate, int batch, int time, int width, int b) {
        float keep = rate > 0 ? 1f / (1f - rate) : 1f;
        for (int t = 0; t < time; t++) {
            int base = (t * batch + b) * width;
            for (int u = 0; u < width; u++) {
                mask[base + u] = rate > 0 && random.nextFloat() < rate ? 0f : keep;
            }
        }
    }
}
