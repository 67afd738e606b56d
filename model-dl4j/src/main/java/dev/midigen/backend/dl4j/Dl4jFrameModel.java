package dev.midigen.backend.dl4j;

import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The seq2seq GRU family on the dl4j backend: encoding and teacher-forced scoring by {@link FrameEngine} (nd4j
 * GEMMs over all steps of a layer), decoding by {@link Dl4jFrameDecoder} (one GEMM per layer and step for the whole
 * batch). Immutable weights; not thread-safe.
 */
final class Dl4jFrameModel implements FrameModel {
    private final ModelSpec spec;
    private final Seq2SeqParams params;
    private NativeSeq2Seq natives;
    private FrameEngine engine;
    private boolean closed;

    Dl4jFrameModel(ModelSpec spec, Seq2SeqParams params) {
        this.spec = spec;
        this.params = params;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return Dl4jBackend.NAME;
    }

    private FrameEngine engine() {
        if (engine == null) {
            natives = new NativeSeq2Seq(params);
            engine = new FrameEngine(params);
        }
        return engine;
    }

    NativeSeq2Seq natives() {
        engine();
        return natives;
    }

    private void checkWidth(int width) {
        if (width != params.keys) {
            throw new IllegalArgumentException("frames are " + width + " wide; this model reads " + params.keys + " keys");
        }
    }

    @Override
    public DecoderState encode(SequenceBatch source) {
        check();
        checkWidth(source.width());
        float[][] states = new float[params.layers][source.batch() * params.hidden];
        engine().encode(natives, source, 0, source.batch(), states);
        List<float[]> tensors = new ArrayList<>(List.of(states));
        return DecoderState.of(source.batch(), Seq2SeqLayout.stateNames((Seq2SeqGru) spec.family()), tensors);
    }

    @Override
    public Decoder newDecoder(int batchSize) {
        check();
        if (batchSize < 1) {
            throw new IllegalArgumentException("a decoder needs a batch of at least 1, got " + batchSize);
        }
        return new Dl4jFrameDecoder(this, params, natives(), batchSize);
    }

    @Override
    public SequenceBatch score(FrameBatch batch) {
        check();
        checkWidth(batch.frameSize());
        float[] logits = new float[batch.batch() * batch.targetSteps() * params.keys];
        engine().score(natives, batch, 0, batch.batch(), logits);
        return SequenceBatch.wrap(batch.batch(), batch.targetSteps(), params.keys, logits);
    }

    @Override
    public Weights exportWeights() {
        check();
        return params.toWeights();
    }

    void check() {
        SequenceModel.checkOpen(closed, "this dl4j frame model");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (engine != null) {
            engine.close();
            natives.close();
        }
        engine = null;
        natives = null;
    }
}
