package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A drum-performance VAE over groove frames (MusicVAE / GrooVAE, Roberts et al. 2018, Gillick et al. 2019): a
 * bidirectional LSTM encoder over a window of {@code bars} bars of (hit, velocity, offset) per drum class and step; a
 * latent {@code z} (a mean and a softplus scale, KL against N(0, I) weighted by {@code beta} above {@code freeBits}
 * bits, as Magenta counts them: {@code freeBits · ln 2} nats); an LSTM decoder whose state starts from {@code tanh(dense(z))} and which reads {@code z} beside the previous
 * frame at every step; a groove head (hits: Bernoulli, BCE; velocities: sigmoid, MSE; offsets: tanh, MSE). It learns
 * to undo {@code transform} ({@link GrooveTransform}).
 *
 * @param encoder   units of each bidirectional encoder layer (per direction), bottom first
 * @param latent    size of {@code z}
 * @param decoder   units of each decoder layer, bottom first
 * @param bars      bars per window (the model's fixed length)
 * @param beta      the KL term's weight (GrooVAE's {@code max_beta})
 * @param freeBits  bits of KL per sequence not penalised (GrooVAE's {@code free_bits}: 48 bits = 33.3 nats)
 * @param transform what the model undoes
 * @param hitControls whether every decoder step also reads the hits of the step it predicts (Magenta's
 *                    {@code hits_as_controls}): the model then only supplies velocities and offsets for hits it is given,
 *                    as humanizing asks, and cannot sample hits of its own (absent from a bundle written before it
 *                    existed: false)
 * @param feelLoss  how velocities and offsets are scored ({@link FeelLoss}; GrooVAE's squared errors when absent, as in
 *                  a bundle written before the choice existed)
 */
@JsonPropertyOrder({"encoder", "latent", "decoder", "bars", "beta", "freeBits", "transform", "hitControls", "feelLoss"})
public record DrumVae(List<Integer> encoder, int latent, List<Integer> decoder, int bars, double beta, double freeBits,
                      GrooveTransform transform, boolean hitControls, FeelLoss feelLoss) implements ModelFamily {

    /** GrooVAE's {@code groovae_2bar_humanize}: encoder 512 (each way), z 256, decoder 2 × 256, β 0.2, 48 free bits. */
    public static final DrumVae GROOVAE_2BAR = new DrumVae(List.of(512), 256, List.of(256, 256), 2, 0.2, 48,
            GrooveTransform.HUMANIZE);
    /** GrooVAE's {@code groovae_4bar}: the same network over 4 bars, an autoencoder. */
    public static final DrumVae GROOVAE_4BAR = new DrumVae(List.of(512), 256, List.of(256, 256), 4, 0.2, 48,
            GrooveTransform.NONE);
    /** The preset the rest of the project means by "GrooVAE". */
    public static final DrumVae GROOVAE = GROOVAE_2BAR;

    public DrumVae {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
        Objects.requireNonNull(transform, "transform");
        feelLoss = feelLoss == null ? FeelLoss.MSE : feelLoss;
        if (encoder.isEmpty() || decoder.isEmpty() || encoder.size() > 8 || decoder.size() > 8
                || encoder.stream().anyMatch(u -> u < 1 || u > 4096) || decoder.stream().anyMatch(u -> u < 1 || u > 4096)) {
            throw new IllegalArgumentException("drum-vae encoder and decoder take 1 to 8 layers of 1 to 4096 units, got "
                    + encoder + " and " + decoder);
        }
        if (latent < 1 || latent > 4096 || bars < 1 || bars > 16) {
            throw new IllegalArgumentException("drum-vae latent 1..4096 and bars 1..16, got " + latent + " and " + bars);
        }
        if (!(beta >= 0 && beta <= 100) || !(freeBits >= 0 && freeBits <= 10_000)) {
            throw new IllegalArgumentException("drum-vae beta 0..100 and free bits 0..10000, got " + beta + " and "
                    + freeBits);
        }
    }

    /** A drum VAE with GrooVAE's squared errors. */
    public DrumVae(List<Integer> encoder, int latent, List<Integer> decoder, int bars, double beta, double freeBits,
                   GrooveTransform transform, boolean hitControls) {
        this(encoder, latent, decoder, bars, beta, freeBits, transform, hitControls, FeelLoss.MSE);
    }

    /** A drum VAE whose decoder reads no hit controls, with GrooVAE's squared errors. */
    public DrumVae(List<Integer> encoder, int latent, List<Integer> decoder, int bars, double beta, double freeBits,
                   GrooveTransform transform) {
        this(encoder, latent, decoder, bars, beta, freeBits, transform, false);
    }

    /** This model with hit controls on or off. */
    public DrumVae withHitControls(boolean on) {
        return new DrumVae(encoder, latent, decoder, bars, beta, freeBits, transform, on, feelLoss);
    }

    /** This model with velocities and offsets scored by {@code loss}. */
    public DrumVae withFeelLoss(FeelLoss loss) {
        return new DrumVae(encoder, latent, decoder, bars, beta, freeBits, transform, hitControls, loss);
    }

    /** A named preset: {@code groovae-2bar} or {@code groovae-4bar}. */
    public static DrumVae preset(String name) {
        return switch (name) {
            case "groovae-2bar" -> GROOVAE_2BAR;
            case "groovae-4bar" -> GROOVAE_4BAR;
            default -> throw new IllegalArgumentException("no drum-vae preset '" + name + "' (groovae-2bar, groovae-4bar)");
        };
    }

    @Override
    public String typeName() {
        return "drum-vae";
    }
}
