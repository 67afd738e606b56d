package dev.midigen.model.generate;

import dev.midigen.codec.encoding.GrooveCodec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.reference.DrumVaeLatents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a drum VAE makes besides humanizing, each a window of the model's {@code bars} bars: grooves from the prior
 * ({@code z ~ N(0, I)}), a path between two grooves (spherical interpolation of their latent means, MusicVAE's), and
 * a beat from taps (the taps put through {@link GrooveTransform#TAP}, encoded, decoded freely). Seeded: the same seed
 * gives the same grooves.
 */
public final class GrooveSampling {
    private final DrumVae family;
    private final GrooveSpec encoding;
    private final DrumVaeLatents latents;
    private final GrooveDecoding decoding;
    private final GrooveCodec codec;

    public GrooveSampling(SequenceModel model) {
        this.decoding = new GrooveDecoding(model);
        this.family = (DrumVae) model.spec().family();
        this.encoding = (GrooveSpec) model.spec().encoding();
        this.codec = new GrooveCodec(encoding);
        this.latents = DrumVaeLatents.of(model);
    }

    /** Steps in one window. */
    public int windowSteps() {
        return family.bars() * 4 * encoding.stepsPerQuarter();
    }

    /** {@code count} grooves from the prior, hits drawn at {@code temperature}. */
    public List<GrooveTrack> prior(int count, double temperature, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] z = latents.samplePrior(count, random);
        return grooves(decoding.sample(latents.stateFromLatent(z), windowSteps(), temperature, random));
    }

    /**
     * A beat of {@code bars} bars from one draw of the prior: the window decoded from that {@code z} as often as the beat
     * needs (each time with hits drawn afresh at {@code temperature}, so the pattern holds and varies as a drummer's
     * does; at temperature 0 it repeats exactly), cut to {@code bars}.
     */
    public GrooveTrack beat(int bars, double temperature, long seed) {
        if (bars < 1 || bars > 1024) {
            throw new IllegalArgumentException("a beat of 1 to 1024 bars, got " + bars);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int windows = (bars + family.bars() - 1) / family.bars();
        float[] one = latents.samplePrior(1, random);
        float[] z = new float[windows * one.length];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(one, 0, z, w * one.length, one.length);
        }
        float[] frames = decoding.sample(latents.stateFromLatent(z), windowSteps(), temperature, random).toArray();
        int steps = bars * 4 * encoding.stepsPerQuarter();
        int width = codec.frameSize();
        // the windows one after the other, cut to the beat's bars
        return codec.decode(FrameSeq.wrap(steps, width, Arrays.copyOf(frames, steps * width)));
    }

    /**
     * {@code count ≥ 2} grooves from {@code from} to {@code to} (both included): their latent means, interpolated on
     * the great circle between them.
     */
    public List<GrooveTrack> interpolate(GrooveTrack from, GrooveTrack to, int count, double temperature, long seed) {
        if (count < 2) {
            throw new IllegalArgumentException("an interpolation has at least its two ends, got " + count);
        }
        int size = latents.size();
        float[] a = latents.encode(frames(List.of(family.transform().apply(from)))).mu();
        float[] b = latents.encode(frames(List.of(family.transform().apply(to)))).mu();
        float[] z = new float[count * size];
        for (int i = 0; i < count; i++) {
            float[] point = slerp(a, b, i / (double) (count - 1));
            System.arraycopy(point, 0, z, i * size, size);
        }
        return grooves(decoding.sample(latents.stateFromLatent(z), windowSteps(), temperature,
                new SplittableRandom(seed)));
    }

    /** A beat from {@code taps} (any hits: all become one voice), hits drawn at {@code temperature}. */
    public GrooveTrack tapToDrums(GrooveTrack taps, double temperature, long seed) {
        float[] mu = latents.encode(frames(List.of(GrooveTransform.TAP.apply(taps)))).mu();
        return grooves(decoding.sample(latents.stateFromLatent(mu), windowSteps(), temperature,
                new SplittableRandom(seed))).get(0);
    }

    /** Spherical interpolation, MusicVAE's: linear when the two are (nearly) parallel. */
    static float[] slerp(float[] a, float[] b, double t) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        double cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double omega = Math.acos(cos);
        double wa = 1 - t;
        double wb = t;
        if (Math.sin(omega) > 1e-6) {
            wa = Math.sin((1 - t) * omega) / Math.sin(omega);
            wb = Math.sin(t * omega) / Math.sin(omega);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /** The frames of the first window of each groove, padded with silence to a whole window. */
    private SequenceBatch frames(List<GrooveTrack> grooves) {
        int steps = windowSteps();
        int width = codec.frameSize();
        float[] values = new float[grooves.size() * steps * width];
        for (int g = 0; g < grooves.size(); g++) {
            GrooveTrack groove = grooves.get(g);
            if (groove.map().size() != encoding.drumMap().size()) {
                throw new IllegalArgumentException("a groove of " + groove.map().size() + " drum classes for a model of "
                        + encoding.drumMap().size());
            }
            float[] encoded = codec.encode(groove).toArray();
            System.arraycopy(encoded, 0, values, g * steps * width, Math.min(encoded.length, steps * width));
        }
        return SequenceBatch.wrap(grooves.size(), steps, width, values);
    }

    private List<GrooveTrack> grooves(SequenceBatch frames) {
        List<GrooveTrack> grooves = new ArrayList<>();
        int window = frames.time() * frames.width();
        float[] all = frames.toArray();
        for (int w = 0; w < frames.batch(); w++) {
            grooves.add(codec.decode(FrameSeq.wrap(frames.time(), frames.width(),
                    Arrays.copyOfRange(all, w * window, (w + 1) * window))));
        }
        return grooves;
    }
}
