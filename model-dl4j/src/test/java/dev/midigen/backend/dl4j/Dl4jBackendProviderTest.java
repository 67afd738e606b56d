package dev.midigen.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Capability;
import org.junit.jupiter.api.Test;

class Dl4jBackendProviderTest {
    @Test
    void nameRankAndAvailability() {
        Dl4jBackendProvider provider = new Dl4jBackendProvider();
        assertThat(provider.name()).isEqualTo("dl4j");
        assertThat(provider.rank()).isEqualTo(20);
        assertThat(provider.rank(dev.midigen.model.spi.Capability.TRAIN)).isEqualTo(20);
        Availability availability = provider.probe();
        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(provider.open().version()).isEqualTo("nd4j 1.0.0-M2.1");
        assertThat(provider.open().capabilities()).containsExactlyInAnyOrder(Capability.TRAIN, Capability.SAMPLE,
                Capability.SCORE);
    }
}
