package dev.midigen.model.testkit;

import static dev.midigen.model.testkit.Assertions.assertLogits;
import static dev.midigen.model.testkit.Assertions.assertWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.midigen.model.ModelBatch;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.testkit.TestModels.Configuration;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend with every other, for every model configuration: weights trained on one engine run on every engine
 * that runs models, with the reference's logits; and a run trained on one engine continues on every other that trains,
 * from the canonical weights and optimizer state, taking the step the first would have taken. A module that has
 * several backends on its class path subclasses it and names them. Only the backends that run a configuration's family
 * ({@code unsupported(spec)} null) take part in it. A drum VAE's run is not continued on another engine: its steps draw
 * {@code z = μ + σ ⊙ ε} from each engine's own generator, so the step the first would have taken cannot be repeated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PortabilityMatrix {
    private final JavaBackend reference = new JavaBackend();
    private List<Backend> backends;

    /** The backends to cross (those that cannot run here are left out). */
    protected abstract List<BackendProvider> providers();

    /** How far logits of the same weights may differ between engines. */
    protected double tolerance() {
        return 1e-4;
    }

    /** How far a continued run's loss and weights may differ from the run it continues, after one Adam step. */
    protected double continuationTolerance() {
        return 2e-3;
    }

    protected List<Configuration> configurations() {
        return TestModels.all();
    }

    private List<Backend> backends() {
        if (backends == null) {
            backends = new ArrayList<>();
            for (BackendProvider provider : providers()) {
                if (provider.probe().available()) {
                    backends.add(provider.open());
                }
            }
        }
        return backends;
    }

    /** The backends that offer {@code capability} and run {@code c}'s family. */
    private List<Backend> with(Capability capability, Configuration c) {
        return backends().stream().filter(b -> b.capabilities().contains(capability))
                .filter(b -> b.unsupported(c.spec()) == null).toList();
    }

    private static TrainingBatch batch(Configuration c, long seed, SplittableRandom random) {
        if (!c.hasEncoder()) {
            return ConformanceNetworks.overfitBatch(c.spec());
        }
        if (c.variational()) {
            return VaeConformanceCases.batch(c.spec(), 4, 6, seed);
        }
        TrainingBatch forced = FrameConformanceCases.batch(4, 6, 5, c.spec().inputSize(), seed);
        return TrainingBatch.seq2seq(forced.inputs().source(), forced.multiLabelTargets(), 0.5, random);
    }

    private static TrainingConfig config(Configuration c) {
        TrainingConfig.Builder b = TrainingConfig.builder().learningRate(0.01).clipNorm(1).batchSize(8).windowSteps(16)
                .steps(10).dropout(0).evalInterval(0).checkpointMinutes(0).seed(3);
        if (c.variational()) {
            return b.batchSize(4).windowSteps(6).sourceSteps(6).build();
        }
        return c.hasEncoder() ? b.batchSize(4).windowSteps(5).sourceSteps(6).build() : b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void trainedOnOneRunsOnEveryOtherAndContinuesOnEveryOther(Configuration c) {
        List<Backend> trainers = with(Capability.TRAIN, c);
        assumeTrue(!trainers.isEmpty(), () -> "no backend here trains " + c.spec().family().typeName() + " (" + c + ")");
        SplittableRandom random = new SplittableRandom(9);
        TrainingBatch[] batches = {batch(c, 1, random), batch(c, 2, random), batch(c, 3, random)};
        ModelBatch inputs = c.inputs(3, 7, 17);
        for (Backend from : trainers) {
            Weights trained;
            OptimizerState state;
            double nextLoss;
            Weights next;
            try (Trainer trainer = from.newTrainer(c.spec(), config(c), c.weights())) {
                trainer.step(batches[0]);
                trainer.step(batches[1]);
                trained = trainer.exportWeights();
                state = trainer.optimizerState();
                nextLoss = trainer.step(batches[2]);
                next = trainer.exportWeights();
            }
            SequenceBatch expected;
            try (SequenceModel model = reference.fromWeights(c.spec(), trained)) {
                expected = model.score(inputs);
            }
            for (Backend to : with(Capability.SCORE, c)) {
                try (SequenceModel model = to.fromWeights(c.spec(), trained)) {
                    assertLogits(c + ": trained on " + from.name() + ", run on " + to.name(), expected,
                            model.score(inputs), tolerance());
                }
            }
            if (c.variational()) {
                continue; // each engine draws its own ε: the next step's loss and weights are not the first engine's
            }
            OptimizerState carried = OptimizerState.fromBytes(state.toBytes(), "the state of " + from.name());
            for (Backend to : trainers) {
                try (Trainer continued = to.newTrainer(c.spec(), config(c), trained)) {
                    continued.restoreOptimizerState(carried);
                    double loss = continued.step(batches[2]);
                    String what = c + ": trained on " + from.name() + ", continued on " + to.name();
                    assertThat(loss).as(what + ": the step's loss").isCloseTo(nextLoss, within(continuationTolerance()));
                    assertWeights(what + ": the weights after the step", next, continued.exportWeights(),
                            continuationTolerance());
                    assertThat(continued.optimizerState().step()).as(what + ": steps").isEqualTo(3);
                }
            }
        }
    }
}
