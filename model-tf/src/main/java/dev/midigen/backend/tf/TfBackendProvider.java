package dev.midigen.backend.tf;

import dev.midigen.model.spi.ProviderBase;

/**
 * Makes the tf backend known to {@link java.util.ServiceLoader} (name {@code tf}): first for training (the fastest
 * trainer here), third for serving (its batch-1 steps cost a session run each: about a third of onnx's and dl4j's
 * speed, and TensorFlow is the slowest engine to load). Cheap to create; {@link #probe()} loads TensorFlow's natives
 * once and says why they do not load, without throwing.
 */
public final class TfBackendProvider extends ProviderBase {
    public static final Ranks RANKS = new Ranks(10, 30);

    public TfBackendProvider() {
        super(TfBackend.NAME, RANKS, TfRuntime.PROBE::get, TfBackend::new);
    }
}
