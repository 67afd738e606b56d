package dev.midigen.backend.tf;

import dev.midigen.model.spi.ProviderBase;

/**
 * Makes the tf backend known to {@link java.util.ServiceLoader} (name {@code tf}, rank {@value #RANK}). Cheap
 * to create; {@link #probe()} loads TensorFlow's natives once and says why they do not load, without
 * throwing.
 */
public final class TfBackendProvider extends ProviderBase {
    public static final int RANK = 30;

    public TfBackendProvider() {
        super(TfBackend.NAME, RANK, TfRuntime.PROBE::get, TfBackend::new);
    }
}
