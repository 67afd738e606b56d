package dev.midigen.model.generate;

import dev.midigen.model.sampling.SamplingConfig;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param primer     where to start: tokens ({@link Primer}) or a piano roll ({@link FramePrimer}) as the model reads;
 *                   null = the encoding's default ({@link Primers#defaultFor}; none for a frame encoding)
 * @param length     how much to generate after the primer
 * @param numOutputs how many pieces (output {@code i} draws from its own random stream)
 * @param sampling   temperature, top-k, top-p, beam search, threshold or Bernoulli draws, the decoder's start, seed,
 *                   and whether outputs include the primer
 * @param bpm        the tempo written; null = the primer file's first tempo, else 120
 * @param leadInBars bars a token model plays before the output begins, not written (the primer's steps count towards
 *                   the first): the music starts with the model warmed up. From a cold start a model plays its first
 *                   bar as a piece's opening, sparser than the rest (the embedded drums: 14.7 hits against 16.6), and a
 *                   loop form would repeat that opening throughout. 0 = the output begins with the primer
 */
public record GenerationRequest(Priming primer, GenerationLength length, int numOutputs, SamplingConfig sampling,
                                Double bpm, int leadInBars) {

    /** Magenta's tempo when nothing says otherwise. */
    public static final double DEFAULT_BPM = 120;

    public GenerationRequest {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(sampling, "sampling");
        if (numOutputs < 1 || numOutputs > 100_000) {
            throw new IllegalArgumentException("number of outputs must be 1..100000, got " + numOutputs);
        }
        if (bpm != null && !(bpm >= 4 && bpm <= 1000)) {
            throw new IllegalArgumentException("bpm must be 4..1000, got " + bpm);
        }
        if (leadInBars < 0 || leadInBars > 64) {
            throw new IllegalArgumentException("lead-in must be 0..64 bars, got " + leadInBars);
        }
    }

    /** A request without a lead-in. */
    public GenerationRequest(Priming primer, GenerationLength length, int numOutputs, SamplingConfig sampling, Double bpm) {
        this(primer, length, numOutputs, sampling, bpm, 0);
    }

    /** {@code numOutputs} pieces of {@code length} from the default primer, default sampling, default tempo. */
    public static GenerationRequest of(GenerationLength length, int numOutputs) {
        return new GenerationRequest(null, length, numOutputs, SamplingConfig.DEFAULT, null);
    }

    public GenerationRequest withPrimer(Priming newPrimer) {
        return new GenerationRequest(newPrimer, length, numOutputs, sampling, bpm, leadInBars);
    }

    public GenerationRequest withSampling(SamplingConfig newSampling) {
        return new GenerationRequest(primer, length, numOutputs, newSampling, bpm, leadInBars);
    }

    public GenerationRequest withBpm(Double newBpm) {
        return new GenerationRequest(primer, length, numOutputs, sampling, newBpm, leadInBars);
    }

    public GenerationRequest withLeadIn(int bars) {
        return new GenerationRequest(primer, length, numOutputs, sampling, bpm, bars);
    }

    /** The tempo to write: the request's, else the primer's, else {@value #DEFAULT_BPM}. */
    public double bpmFor(Priming used) {
        if (bpm != null) {
            return bpm;
        }
        if (used == null || used.tempo().isEmpty()) {
            return DEFAULT_BPM;
        }
        double primerBpm = used.tempo().getAsDouble();
        if (!(primerBpm >= 4 && primerBpm <= 1000)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the primer's tempo, %.2f BPM, is"
                    + " outside the 4..1000 BPM a file is written at; give the request a tempo", primerBpm));
        }
        return primerBpm;
    }
}
