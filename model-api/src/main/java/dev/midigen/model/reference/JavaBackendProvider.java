package dev.midigen.model.reference;

import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.ProviderBase;

/** Makes the reference backend {@code java} known: rank 0 (chosen only when nothing else can run), always available. */
public final class JavaBackendProvider extends ProviderBase {
    public JavaBackendProvider() {
        super(JavaBackend.NAME, new Ranks(0, 0), Availability::yes, JavaBackend::new);
    }
}
