package dev.midigen.backend.dl4j;

import dev.midigen.model.Decoder;
import dev.midigen.model.spi.ModelBase;

/**
 * The matrices of {@link VaeParams} copied to nd4j for the GEMMs (each LSTM's {@code W} and {@code R}, the latent's,
 * the bridge's and the head's weights) and the biases the Java kernels add; and, made when a decoder first asks, the
 * decoder's weights as rows for {@link VaeDecoder}. Read concurrently by the trainer's
 * engines and the model's decoders; {@link #load} only between steps.
 */
final class NativeVae implements NativeWeights {
    /** One LSTM's matrices on nd4j and its summed biases. */
    static final class Lstm implements AutoCloseable {
        final NativeMatrix w;
        final NativeMatrix r;
        float[] bias;

        Lstm(int in, int hidden) {
            w = new NativeMatrix(4 * hidden, in);
            r = new NativeMatrix(4 * hidden, hidden);
        }

        void load(VaeParams params, int index) {
            w.write(params.values[index]);
            r.write(params.values[index + 1]);
            bias = params.combinedBias(index);
        }

        @Override
        public void close() {
            NativeMatrix.closeAll(w, r);
        }
    }

    final VaeParams params;
    /** {@code [direction][layer]}: 0 forward, 1 backward. */
    final Lstm[][] encoder;
    final Lstm[] decoder;
    final NativeMatrix mu;
    final NativeMatrix sigma;
    final NativeMatrix bridge;
    final NativeMatrix head;
    float[] muBias;
    float[] sigmaBias;
    float[] bridgeBias;
    float[] headBias;
    private VaeDecoder.Rows decoderRows;

    NativeVae(VaeParams params) {
        this.params = params;
        int layers = params.encoder.length;
        encoder = new Lstm[2][layers];
        for (int d = 0; d < 2; d++) {
            for (int l = 0; l < layers; l++) {
                encoder[d][l] = new Lstm(params.encoderInput(l), params.encoder[l]);
            }
        }
        decoder = new Lstm[params.decoder.length];
        for (int l = 0; l < decoder.length; l++) {
            decoder[l] = new Lstm(params.decoderInput(l), params.decoder[l]);
        }
        mu = new NativeMatrix(params.latent, params.summarySize());
        sigma = new NativeMatrix(params.latent, params.summarySize());
        bridge = new NativeMatrix(params.bridgeSize(), params.latent);
        head = new NativeMatrix(params.frame, params.decoder[params.decoder.length - 1]);
        load();
    }

    @Override
    public void load() {
        for (int d = 0; d < 2; d++) {
            for (int l = 0; l < encoder[d].length; l++) {
                encoder[d][l].load(params, params.encoderLstm(d, l));
            }
        }
        for (int l = 0; l < decoder.length; l++) {
            decoder[l].load(params, params.decoderLstm(l));
        }
        mu.write(params.muWeights());
        sigma.write(params.sigmaWeights());
        bridge.write(params.bridgeWeights());
        head.write(params.headWeights());
        muBias = params.muBias().clone();
        sigmaBias = params.sigmaBias().clone();
        bridgeBias = params.bridgeBias().clone();
        headBias = params.headBias().clone();
        decoderRows = null;
    }

    @Override
    public VaeEngine engine() {
        return new VaeEngine(this);
    }

    /** A decoder without a state: a drum VAE's starts from a latent ({@code DecoderBase} refuses to step before one). */
    @Override
    public synchronized Decoder decoder(ModelBase model, int batchSize) {
        if (decoderRows == null) {
            decoderRows = new VaeDecoder.Rows(params);
        }
        return new VaeDecoder(model, params, decoderRows, batchSize);
    }

    @Override
    public void close() {
        for (Lstm[] direction : encoder) {
            for (Lstm lstm : direction) {
                lstm.close();
            }
        }
        for (Lstm lstm : decoder) {
            lstm.close();
        }
        NativeMatrix.closeAll(mu, sigma, bridge, head);
    }
}
