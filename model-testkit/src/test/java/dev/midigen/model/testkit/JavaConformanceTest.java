package dev.midigen.model.testkit;

import dev.midigen.model.reference.JavaBackendProvider;
import dev.midigen.model.spi.BackendProvider;

/** The reference backend passes the conformance suite (against itself: the numbers must be exact). */
class JavaConformanceTest extends ConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new JavaBackendProvider();
    }

    @Override
    protected double tolerance() {
        return 0;
    }
}
