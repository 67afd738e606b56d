package dev.midigen.model.reference;

import dev.midigen.model.Architecture;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.spi.ModelBase;
import dev.midigen.model.weights.Weights;

/**
 * A model of the reference backend, any family it runs: the spec's parts over canonical weights, computed in plain
 * Java with double accumulation. {@link #score} is the encoder (when there is one) and then the decoder run step by
 * step, so both give the same numbers. Safe to share between threads (each call keeps its own state); decoders are not.
 *
 * <p>A drum VAE ({@link VaeNetwork}): {@link #encode} is the bridge of {@code z = μ} (deterministic); its decoders start
 * with no state and refuse to step until one is set (from {@code encode}, or from a latent with
 * {@link DrumVaeLatents#stateFromLatent}).
 */
final class JavaModel extends ModelBase {
    private final Weights weights;
    private final LstmStack lstm;
    private final Seq2SeqNetwork seq2seq;
    private final VaeNetwork vae;

    JavaModel(ModelSpec spec, Weights weights) {
        super(spec, JavaBackend.NAME);
        this.weights = weights;
        Architecture parts = spec.architecture();
        boolean variational = parts.bridge() == Architecture.Bridge.VARIATIONAL;
        this.vae = variational ? new VaeNetwork(spec, weights) : null;
        this.seq2seq = parts.hasEncoder() && !variational ? new Seq2SeqNetwork(spec, weights) : null;
        this.lstm = parts.hasEncoder() ? null : new LstmStack(spec.lstmNetwork(), weights);
    }

    /** The drum VAE's network, or null for another family. */
    VaeNetwork vae() {
        return vae;
    }

    @Override
    protected Decoder decoderChecked(int batchSize) {
        StepState steps;
        if (vae != null) {
            steps = new VaeSteps(vae, batchSize);
        } else {
            steps = lstm != null ? new LstmSteps(lstm, batchSize) : new GruSteps(seq2seq, batchSize);
        }
        return new JavaDecoder(this, steps, batchSize);
    }

    @Override
    protected DecoderState encodeChecked(SequenceBatch source) {
        return vae != null ? vae.encode(source) : seq2seq.encode(source);
    }

    @Override
    protected SequenceBatch scoreChecked(ModelBatch batch) {
        return scoreByStepping(batch);
    }

    @Override
    protected Weights weightsChecked() {
        return weights;
    }
}
