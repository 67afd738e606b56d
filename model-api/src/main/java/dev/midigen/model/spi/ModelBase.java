package dev.midigen.model.spi;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Weights;
import java.util.Objects;

/**
 * What every backend's model does around its numbers, written once: the lifecycle (every call after {@link #close()}
 * throws {@link IllegalStateException}; closing twice is harmless) and the checks of what it is given
 * ({@link BatchChecks}). A backend implements the {@code *Checked} methods, called only on an open model with input
 * that fits.
 */
public abstract class ModelBase implements SequenceModel {
    private final ModelSpec spec;
    private final String backend;
    private final Lifecycle lifecycle;

    protected ModelBase(ModelSpec spec, String backend) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.lifecycle = new Lifecycle("this " + backend + " model");
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final String backend() {
        return backend;
    }

    @Override
    public final Decoder newDecoder(int batchSize) {
        checkOpen();
        if (batchSize < 1) {
            throw new IllegalArgumentException("a decoder runs >= 1 sequences, got " + batchSize);
        }
        return decoderChecked(batchSize);
    }

    @Override
    public final DecoderState encode(SequenceBatch source) {
        checkOpen();
        if (!spec.hasEncoder()) {
            throw new UnsupportedOperationException("a " + spec.family().typeName() + " has no encoder");
        }
        BatchChecks.checkSource(spec, source);
        return encodeChecked(source);
    }

    @Override
    public final SequenceBatch score(ModelBatch batch) {
        checkOpen();
        BatchChecks.check(spec, batch);
        return scoreChecked(batch);
    }

    @Override
    public final Weights exportWeights() {
        checkOpen();
        return weightsChecked();
    }

    @Override
    public final void close() {
        if (lifecycle.close()) {
            release();
        }
    }

    /** Throws once closed (for the model's decoders too). */
    public final void checkOpen() {
        lifecycle.check();
    }

    /**
     * {@link #score} computed by stepping a decoder of this model through the batch (from the encoding of its source
     * when it has one): for engines that have no whole-sequence pass, and the reference, whose score must equal its
     * steps exactly.
     */
    protected final SequenceBatch scoreByStepping(ModelBatch batch) {
        SequenceBatch inputs = batch.inputs();
        int rows = inputs.batch();
        int time = inputs.time();
        int width = inputs.width();
        int outputSize = spec.head().outputSize();
        float[] all = inputs.toArray();
        float[] logits = new float[rows * time * outputSize];
        float[] step = new float[rows * width];
        try (Decoder decoder = newDecoder(rows)) {
            if (batch.hasSource()) {
                decoder.setState(encode(batch.source()));
            }
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(all, (b * time + t) * width, step, b * width, width);
                }
                float[] out = decoder.step(step);
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(out, b * outputSize, logits, (b * time + t) * outputSize, outputSize);
                }
            }
        }
        return SequenceBatch.wrap(rows, time, outputSize, logits);
    }

    protected abstract Decoder decoderChecked(int batchSize);

    /** The encoder's final state through the bridge; only called for a model with an encoder. */
    protected DecoderState encodeChecked(SequenceBatch source) {
        throw new UnsupportedOperationException("a " + spec.family().typeName() + " has no encoder");
    }

    protected abstract SequenceBatch scoreChecked(ModelBatch batch);

    protected abstract Weights weightsChecked();

    /** Frees the engine's memory; called once. */
    protected void release() {
    }
}
