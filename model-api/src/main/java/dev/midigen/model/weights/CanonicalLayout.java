package dev.midigen.model.weights;

import dev.midigen.model.Architecture;
import dev.midigen.model.ModelSpec;
import java.util.Map;

/**
 * The canonical weights of any spec, one entry point over the per-part layouts: an LSTM decoder stack with its
 * attention and categorical head ({@link LstmLayout}); a GRU encoder and decoder with a multi-label head
 * ({@link Seq2SeqLayout}, built from {@link GruLayout}); a bidirectional LSTM encoder, a variational latent, an LSTM
 * decoder and a groove head ({@link VaeLayout}). Names are ONNX-ordered gates, dense {@code [out, in]},
 * row-major float32.
 */
public final class CanonicalLayout {
    private CanonicalLayout() {
    }

    /** Every tensor's name and shape for {@code spec}. */
    public static Map<String, int[]> shapes(ModelSpec spec) {
        if (isVae(spec)) {
            return VaeLayout.shapes(spec);
        }
        return isLstm(spec) ? LstmLayout.shapes(spec.lstmNetwork()) : Seq2SeqLayout.shapes(spec);
    }

    /**
     * @throws IllegalArgumentException naming each missing, misshapen or extra tensor
     */
    public static void check(Weights weights, ModelSpec spec) {
        if (isVae(spec)) {
            VaeLayout.check(weights, spec);
        } else if (isLstm(spec)) {
            LstmLayout.check(weights, spec.lstmNetwork());
        } else {
            Seq2SeqLayout.check(weights, spec);
        }
    }

    /** Seeded initial weights of a fresh model. */
    public static Weights initial(ModelSpec spec, long seed) {
        if (isVae(spec)) {
            return VaeLayout.initial(spec, seed);
        }
        return isLstm(spec) ? LstmLayout.initial(spec.lstmNetwork(), seed) : Seq2SeqLayout.initial(spec, seed);
    }

    private static boolean isVae(ModelSpec spec) {
        return spec.architecture().bridge() == Architecture.Bridge.VARIATIONAL;
    }

    private static boolean isLstm(ModelSpec spec) {
        Architecture a = spec.architecture();
        if (a.decoder().cell() == Architecture.Cell.LSTM && !a.hasEncoder()) {
            return true;
        }
        if (a.decoder().cell() == Architecture.Cell.GRU && a.hasEncoder()) {
            return false;
        }
        throw new IllegalStateException("no canonical layout for " + spec.family().typeName() + " yet");
    }
}
