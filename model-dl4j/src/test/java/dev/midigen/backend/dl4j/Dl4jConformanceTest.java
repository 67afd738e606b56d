package dev.midigen.backend.dl4j;

import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.testkit.ConformanceSuite;

/** The conformance suite of model-testkit (every model configuration), run on the dl4j backend. */
class Dl4jConformanceTest extends ConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new Dl4jBackendProvider();
    }
}
