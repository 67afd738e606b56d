package dev.midigen.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendBase;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.ProviderBase;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When nobody names a backend, serving and training each get the best available backend that offers them. */
class BackendsPerOperationTest {
    private static final ModelSpec SPEC = new ModelSpec(new DrumRnn(List.of(8), 0), DrumKitSpec.MAGENTA, 1);

    /** A backend that offers {@code capabilities} and runs what the reference runs. */
    private static final class Fake extends BackendBase {
        private final JavaBackend reference = new JavaBackend();

        Fake(String name, Set<Capability> capabilities) {
            super(name, capabilities);
        }

        @Override
        public String version() {
            return "fake";
        }

        @Override
        protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
            return reference.fromWeights(spec, weights);
        }
    }

    private static BackendProvider provider(String name, int serve, int train, Availability availability,
                                            Set<Capability> capabilities) {
        return new ProviderBase(name, new ProviderBase.Ranks(serve, train), () -> availability,
                () -> new Fake(name, capabilities)) {
        };
    }

    private static final Set<Capability> SERVES = EnumSet.of(Capability.SAMPLE, Capability.SCORE);
    private static final Set<Capability> ALL = EnumSet.allOf(Capability.class);

    @Test
    void servingGoesToTheBestServerAndTrainingToTheBestTrainerThatOffersIt() {
        Backends backends = Backends.of(List.of(
                provider("server", 30, 0, Availability.yes(), SERVES),
                provider("trainer", 10, 30, Availability.yes(), ALL),
                provider("middle", 20, 20, Availability.yes(), ALL)));

        assertThat(backends.open(null, Capability.SAMPLE, SPEC).name()).isEqualTo("server");
        assertThat(backends.open(null, SPEC).name()).isEqualTo("server");
        assertThat(backends.open(null).name()).isEqualTo("server");
        assertThat(backends.open(null, Capability.TRAIN, SPEC).name()).isEqualTo("trainer");
        assertThat(backends.defaultFor(Capability.SCORE)).contains("server");
        assertThat(backends.defaultFor(Capability.TRAIN)).contains("trainer");
        assertThat(backends.status()).extracting(Backends.Status::name).containsExactly("server", "middle", "trainer");
        assertThat(backends.status()).extracting(Backends.Status::trainRank).containsExactly(0, 20, 30);
    }

    @Test
    void anUnavailableTrainerFallsToTheNextAndANamedBackendStillWins() {
        Backends backends = Backends.of(List.of(
                provider("server", 30, 0, Availability.yes(), SERVES),
                provider("trainer", 10, 30, Availability.no("no natives"), ALL),
                provider("middle", 20, 20, Availability.yes(), ALL)), "trainer-less", null);
        Backends unnamed = Backends.of(backends.providers());

        assertThat(unnamed.open(null, Capability.TRAIN, SPEC).name()).isEqualTo("middle");
        assertThat(unnamed.open("server", Capability.TRAIN, SPEC).name()).isEqualTo("server");
        assertThat(Backends.of(backends.providers(), "middle", null).open(null, Capability.SAMPLE, SPEC).name())
                .isEqualTo("middle");
        Backend onlyServers = Backends.of(List.of(provider("server", 30, 0, Availability.yes(), SERVES)))
                .open(null, Capability.TRAIN, SPEC);
        assertThat(onlyServers.name()).as("nothing trains: the best available, whose refusal then says why")
                .isEqualTo("server");
        assertThat(Backends.of(List.of(provider("server", 30, 0, Availability.yes(), SERVES))).defaultFor(Capability.TRAIN))
                .isEmpty();
    }
}
