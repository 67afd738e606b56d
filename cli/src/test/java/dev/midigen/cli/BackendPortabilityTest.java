package dev.midigen.cli;

import dev.midigen.backend.dl4j.Dl4jBackendProvider;
import dev.midigen.backend.onnx.OnnxBackendProvider;
import dev.midigen.backend.tf.TfBackendProvider;
import dev.midigen.model.reference.JavaBackendProvider;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.testkit.PortabilityMatrix;
import java.util.List;

/**
 * The testkit's portability matrix over every backend midigen ships, for every model configuration: trained on dl4j or
 * tf, run on dl4j, tf, onnx and java with the reference's logits; continued on the other trainer from the canonical
 * optimizer state, taking the step the first would have taken.
 */
class BackendPortabilityTest extends PortabilityMatrix {
    @Override
    protected List<BackendProvider> providers() {
        return List.of(new Dl4jBackendProvider(), new TfBackendProvider(), new OnnxBackendProvider(),
                new JavaBackendProvider());
    }
}
