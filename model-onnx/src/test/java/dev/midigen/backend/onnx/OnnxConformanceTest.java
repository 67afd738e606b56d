package dev.midigen.backend.onnx;

import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.testkit.ConformanceSuite;

/** The conformance suite of model-testkit (every model configuration), run on the onnx backend (training tests skip: it does not train). */
class OnnxConformanceTest extends ConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new OnnxBackendProvider();
    }
}
