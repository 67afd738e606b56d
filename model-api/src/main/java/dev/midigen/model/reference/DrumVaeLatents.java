package dev.midigen.model.reference;

import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A drum VAE's latent side, from its canonical weights ({@link VaeLayout}), for what the {@link SequenceModel}
 * contract has no place for: the posterior {@code N(μ, σ²)} of a groove (for the KL term, and for interpolating between
 * grooves), a decoder state built from any {@code z} (a prior draw, an interpolation), and the decoder's teacher-forced
 * inputs. The numbers are the reference backend's ({@link VaeNetwork}); a decoder state made here continues on any
 * backend's decoder, since the state's names and layout are canonical ({@link VaeLayout#stateNames}).
 *
 * <p>Sampling from the prior: {@code decoder.setState(latents.stateFromLatent(latents.samplePrior(n, random)))}, then
 * step from a zero frame, feeding back each step's chosen frame. Immutable and thread-safe.
 */
public final class DrumVaeLatents {
    private final VaeNetwork network;

    private DrumVaeLatents(VaeNetwork network) {
        this.network = network;
    }

    /**
     * @throws IllegalArgumentException when {@code spec} is not a drum-vae or the weights do not fit it
     */
    public static DrumVaeLatents of(ModelSpec spec, Weights weights) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weights, "weights");
        if (!(spec.family() instanceof DrumVae)) {
            throw new IllegalArgumentException("not a drum-vae: " + spec.family().typeName());
        }
        return new DrumVaeLatents(new VaeNetwork(spec, weights));
    }

    /** The latent side of a drum-vae model of any backend (through its exported weights). */
    public static DrumVaeLatents of(SequenceModel model) {
        if (model instanceof JavaModel java && java.vae() != null) {
            return new DrumVaeLatents(java.vae());
        }
        return of(model.spec(), model.exportWeights());
    }

    public ModelSpec spec() {
        return network.spec;
    }

    /** {@code Z}. */
    public int size() {
        return network.latent;
    }

    /**
     * The posterior of each row of {@code source} ({@code batch × S × F}): the bidirectional encoder, then {@code μ}
     * and {@code σ = softplus(·)} (see {@link VaeNetwork}). {@code SequenceModel.encode} is the bridge of its {@code μ}.
     *
     * @throws IllegalArgumentException when the frames are not as wide as the model reads
     */
    public LatentDistribution encode(SequenceBatch source) {
        return network.distribution(source);
    }

    /**
     * The decoder state of latents {@code z} ({@code batch × Z}, row-major; the batch is {@code z.length / Z}): each
     * decoder layer's {@code h} and {@code c} from {@code tanh(bridge.W z + bridge.b)}, then {@code latent.z = z}.
     *
     * @throws IllegalArgumentException when {@code z} is not whole rows of {@code Z} finite values
     */
    public DecoderState stateFromLatent(float[] z) {
        if (z.length == 0 || z.length % network.latent != 0) {
            throw new IllegalArgumentException("a latent is rows of " + network.latent + " values, got " + z.length);
        }
        return network.stateFromLatent(z.length / network.latent, z);
    }

    /** {@code batch} draws from the prior {@code N(0, I)} ({@code batch × Z}), from {@code random}. */
    public float[] samplePrior(int batch, RandomGenerator random) {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch of >= 1, got " + batch);
        }
        float[] z = new float[batch * network.latent];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    /**
     * A drum VAE decoder's teacher-forced inputs for target {@code frames} ({@code batch × T × F}): step 0 reads zeros,
     * step {@code t > 0} reads frame {@code t − 1} (unlike the seq2seq family's
     * {@link dev.midigen.model.ModelBatch#teacherForced}, whose step 0 reads the source's last frame).
     */
    public static SequenceBatch decoderInputs(SequenceBatch frames) {
        return decoderInputs(frames, 0);
    }

    /**
     * {@link #decoderInputs(SequenceBatch)} for a model with {@code controls} hit controls
     * ({@link dev.midigen.model.DrumVae#hitControls()}; 0 = none): each step's input is the previous frame's hits (its
     * velocities and offsets left 0), then the first {@code controls} values of the step's own frame (its hits),
     * {@code F + controls} values a step. Such a model is not shown the drummer's previous velocities and offsets:
     * humanizing, it would read back its own guesses instead, which a model trained on the real ones follows badly
     * (velocity error on Groove validation 19.6 teacher-forced, 25.6 humanizing).
     */
    public static SequenceBatch decoderInputs(SequenceBatch frames, int controls) {
        int width = frames.width();
        int time = frames.time();
        if (controls < 0 || controls > width) {
            throw new IllegalArgumentException("0 to " + width + " controls, got " + controls);
        }
        int inputWidth = width + controls;
        float[] all = frames.toArray();
        float[] inputs = new float[frames.batch() * time * inputWidth];
        for (int b = 0; b < frames.batch(); b++) {
            for (int t = 0; t < time; t++) {
                int at = (b * time + t) * inputWidth;
                if (t > 0) {
                    System.arraycopy(all, (b * time + t - 1) * width, inputs, at, controls > 0 ? controls : width);
                }
                System.arraycopy(all, (b * time + t) * width, inputs, at + width, controls);
            }
        }
        return SequenceBatch.wrap(frames.batch(), time, inputWidth, inputs);
    }
}
