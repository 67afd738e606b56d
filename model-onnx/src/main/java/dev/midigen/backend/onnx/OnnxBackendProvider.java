package dev.midigen.backend.onnx;

import dev.midigen.model.spi.ProviderBase;

/**
 * Makes the onnx backend known to {@link java.util.ServiceLoader}: name {@code onnx}, rank {@value #RANK} — a serving
 * engine (it samples and scores, it does not train), so when nobody chooses, a backend that trains is preferred.
 * {@link #probe()} loads ONNX Runtime's natives once and says why they do not load, without throwing.
 */
public final class OnnxBackendProvider extends ProviderBase {
    public static final int RANK = 10;

    public OnnxBackendProvider() {
        super(OnnxBackend.NAME, RANK, OnnxRuntime::probe, OnnxBackend::new);
    }
}
