package dev.midigen.backend.tf;

import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.testkit.ConformanceSuite;

/** The conformance suite of model-testkit (every model configuration), run on the tf backend. */
class TfConformanceTest extends ConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new TfBackendProvider();
    }
}
