package dev.midigen.backend.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.midigen.model.Architecture;
import dev.midigen.model.DecoderState;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.weights.Weights;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ONNX graphs of one kind of network, from its canonical weights: what differs between the families the onnx
 * backend builds ({@link LstmGraphs}: an LSTM stack with attention and a categorical head; {@link GruGraphs}: a GRU
 * encoder–decoder with a multi-label head; {@link VaeGraphs}: the drum VAE's bidirectional LSTM encoder, latent and
 * LSTM decoder with a groove head). Everything around them — the file's metadata, sessions, scoring,
 * decoders — is written once ({@link OnnxExporter}, {@link OnnxModel}, {@link OnnxDecoder}). Every graph reads and
 * writes the decoder's state under {@link #stateNames} (their outputs: the name plus {@value OnnxExporter#NEXT}).
 */
interface NetworkGraphs {

    /** The graphs of {@code spec}'s network, or null when the backend does not build it (a foreign model, …). */
    static NetworkGraphs find(ModelSpec spec) {
        Architecture parts;
        try {
            parts = spec.architecture();
        } catch (IllegalStateException unknown) {
            return null;
        }
        if (!parts.hasEncoder() && parts.decoder().cell() == Architecture.Cell.LSTM) {
            return LstmGraphs.INSTANCE;
        }
        if (parts.bridge() == Architecture.Bridge.DIRECT && parts.decoder().cell() == Architecture.Cell.GRU
                && parts.encoder().cell() == Architecture.Cell.GRU && parts.attention() == 0) {
            return GruGraphs.INSTANCE;
        }
        if (parts.bridge() == Architecture.Bridge.VARIATIONAL && parts.decoder().cell() == Architecture.Cell.LSTM
                && parts.encoder().cell() == Architecture.Cell.LSTM && parts.encoder().bidirectional()
                && parts.attention() == 0) {
            return VaeGraphs.INSTANCE;
        }
        return null;
    }

    /**
     * @throws IllegalArgumentException when the onnx backend does not build {@code spec}'s network
     */
    static NetworkGraphs of(ModelSpec spec) {
        NetworkGraphs graphs = find(spec);
        if (graphs == null) {
            throw new IllegalArgumentException("the ONNX exporter writes the LSTM families (next-token-lstm, drum-rnn) and"
                    + " seq2seq-gru and drum-vae, not " + spec.family().typeName());
        }
        return graphs;
    }

    /** The file {@link OnnxExporter#export} writes (weights already checked). */
    ModelProto file(ModelSpec spec, Weights weights, Provenance provenance);

    /**
     * What {@code score} runs: the decoder over a sequence, {@value OnnxExporter#INPUT} {@code [batch, time, inputSize]}
     * and the state in, {@value OnnxExporter#OUTPUT} {@code [batch, time, outputSize]} and the state after the last step
     * out ({@link OnnxContract#ofExported}).
     */
    ModelProto sequence(ModelSpec spec, Weights weights);

    /** One decoder step, no time axis: {@code [batch, …]} in and out; with {@code sparse}, the non-zero features only. */
    ModelProto step(ModelSpec spec, Weights weights, boolean sparse);

    /** Whether {@link #step} has a sparse-input form. */
    boolean sparseStep();

    /** The decoder's state tensors, bottom layer first. */
    List<String> stateNames(ModelSpec spec);

    /**
     * The encoder alone: {@value OnnxExporter#SOURCE} in, its final states out under {@link #encoderOutputs} (in the
     * order of {@link #stateNames}, which they start); null for a network without an encoder.
     */
    default ModelProto encoder(ModelSpec spec, Weights weights) {
        return null;
    }

    default List<String> encoderOutputs(ModelSpec spec) {
        return List.of();
    }

    /** What a decoder of {@code batch} rows checks of a state put back beyond its names and sizes (null: nothing). */
    default Consumer<DecoderState> stateCheck(ModelSpec spec, int batch) {
        return null;
    }
}
