package dev.midigen.backend.dl4j;

import dev.midigen.model.spi.ProviderBase;

/**
 * Makes the dl4j backend known to {@link java.util.ServiceLoader} (name {@code dl4j}): second for serving (its batch-1
 * decoder samples about as fast as onnx's) and second for training (behind tf). Cheap to create; {@link #probe()} loads
 * nd4j's natives once and says why they do not load, without throwing.
 */
public final class Dl4jBackendProvider extends ProviderBase {
    public static final Ranks RANKS = new Ranks(20, 20);

    public Dl4jBackendProvider() {
        super(Dl4jBackend.NAME, RANKS, Nd4jRuntime.PROBE::get, Dl4jBackend::new);
    }
}
