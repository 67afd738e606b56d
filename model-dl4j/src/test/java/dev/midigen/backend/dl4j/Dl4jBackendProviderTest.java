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
        Availability availability = provider.probe();
        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(provider.open().version()).isEqualTo("nd4j 1.0.0-M2.1");
        assertThat(provider.open().capabilities()).containsExactlyInAnyOrder(Capability.TRAIN, Capability.SAMPLE,
                Capability.SCORE, Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS, Capability.FRAME_MODEL,
                Capability.FRAME_TRAIN);
    }

    @Test
    void platformNamesFollowJavaCpp() {
        assertThat(Nd4jRuntime.platform()).matches("[a-z]+-[a-z0-9_]+");
        if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertThat(Nd4jRuntime.platform()).isEqualTo("linux-x86_64");
        }
    }
}
