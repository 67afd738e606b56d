package dev.midigen.model.generate;

import java.util.Objects;

/**
 * What a seq2seq frame model generates.
 *
 * @param start         where the decoder starts ({@link FrameStart}); guided needs a primer
 * @param sampling      threshold or Bernoulli with temperature ({@link FrameSampling})
 * @param length        how much to generate after the primer (bars of the primer's bar length, else 4/4)
 * @param numOutputs    how many pieces (output {@code i} draws from its own random stream)
 * @param seed          the seed of the random streams
 * @param bpm           the tempo written; null = the primer file's first tempo, else 120
 * @param includePrimer whether the pieces begin with the primer's frames
 */
public record FrameGenerationRequest(FrameStart start, FrameSampling sampling, GenerationLength length, int numOutputs,
                                     long seed, Double bpm, boolean includePrimer) {
    public FrameGenerationRequest {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(length, "length");
        if (numOutputs < 1 || numOutputs > 10_000) {
            throw new IllegalArgumentException("number of outputs must be 1..10000, got " + numOutputs);
        }
        if (bpm != null && !(bpm >= 4 && bpm <= 1000)) {
            throw new IllegalArgumentException("bpm must be 4..1000, got " + bpm);
        }
    }

    /** Guided by the primer's last 64 frames, threshold ½, one output, seed 0, the primer's tempo, primer left out. */
    public static FrameGenerationRequest of(GenerationLength length) {
        return new FrameGenerationRequest(new FrameStart.Guided(64), new FrameSampling.Threshold(0.5), length, 1, 0, null,
                false);
    }

    public FrameGenerationRequest withStart(FrameStart newStart) {
        return new FrameGenerationRequest(newStart, sampling, length, numOutputs, seed, bpm, includePrimer);
    }

    public FrameGenerationRequest withSampling(FrameSampling newSampling) {
        return new FrameGenerationRequest(start, newSampling, length, numOutputs, seed, bpm, includePrimer);
    }

    public FrameGenerationRequest withOutputs(int newOutputs, long newSeed) {
        return new FrameGenerationRequest(start, sampling, length, newOutputs, newSeed, bpm, includePrimer);
    }

    public FrameGenerationRequest withBpm(Double newBpm, boolean newIncludePrimer) {
        return new FrameGenerationRequest(start, sampling, length, numOutputs, seed, newBpm, newIncludePrimer);
    }
}
