package dev.midigen.model.testkit;

import static dev.midigen.model.testkit.Assertions.assertLogits;
import static dev.midigen.model.testkit.Assertions.assertStep;
import static dev.midigen.model.testkit.Assertions.assertWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.midigen.model.Backends;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.OptimizerState;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.eval.Evaluator;
import dev.midigen.model.reference.DrumVaeLatents;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.testkit.TestModels.Configuration;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.VaeLayout;
import dev.midigen.model.weights.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend must do, for every model configuration ({@link TestModels#all()}: next-token LSTM, DrumRNN with
 * attention, seq2seq GRU with BCE and focal loss, drum VAE), as JUnit 5 tests a backend's test module inherits:
 *
 * <pre>
 * class Dl4jConformanceTest extends ConformanceSuite {
 *     protected BackendProvider provider() { return new Dl4jBackendProvider(); }
 * }
 * </pre>
 *
 * with {@code model-testkit} as a test dependency. It checks discovery and choice among backends; logits equal to the
 * pure-Java reference ({@link JavaBackend}) within {@link #tolerance()}; an encoder's state; step-by-step decoding
 * equal to whole-sequence scoring; decoder state snapshots, restores and row selection; two decoders on two threads
 * that do not interfere; repeatable numbers; weights and bundles that round-trip; and, for backends that train, a
 * first step whose loss is the reference's (teacher forcing 1, ½ and 0 for a multi-label head), learning,
 * determinism, and an optimizer state that continues a run exactly; and clean failures: use after close, operations
 * the backend does not offer, weights that do not fit, inputs of the wrong width.
 *
 * <p>Tests that need an operation the backend does not offer are skipped (JUnit assumptions), as is everything but
 * discovery when the provider's probe says the backend cannot run here. Every backend must run the LSTM and seq2seq
 * configurations; a drum VAE's configuration is skipped, giving the backend's {@code unsupported(spec)} reason, where
 * the backend does not run one yet (and {@link #unsupportedCapabilities} checks that it refuses it cleanly).
 *
 * <p>A drum VAE (a variational bridge, {@link Configuration#variational()}) has no zero state: its decoder starts from a
 * latent, so the tests set a decoder's state ({@code encode(source)}, or a latent's) before it steps or snapshots, and
 * check that a new or reset decoder refuses to step or snapshot ({@link IllegalStateException}) until one is set, that
 * a state without its latent is refused, and that a state built from any latent
 * ({@link DrumVaeLatents#stateFromLatent}) continues as the reference's. Its training batches are
 * groove windows ({@link VaeConformanceCases#batch}); a training step's loss is not compared with the reference's,
 * since the step draws {@code z = μ + σ ⊙ ε} from the trainer's own generator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceSuite {
    private static final int BATCH = 3;
    private static final int TIME = 9;
    /** Steps of a drum VAE's training windows (source and target alike). */
    private static final int VAE_WINDOW = 6;

    private final JavaBackend reference = new JavaBackend();
    private Backend backend;

    @TempDir
    Path temp;

    /** The provider of the backend under test. */
    protected abstract BackendProvider provider();

    /** The largest difference from the reference's logits that counts as equal (absolute, per logit). */
    protected double tolerance() {
        return 1e-4;
    }

    /**
     * How far two runs of the same computation may differ: scoring twice, continuing from a restored state, a model
     * loaded from its bundle, a run continued from its optimizer state. 0 = bit for bit.
     */
    protected double repeatTolerance() {
        return 0;
    }

    /** Optimizer steps of the over-fitting test (backends that train). */
    protected int overfitSteps() {
        return 300;
    }

    /**
     * The mean cross-entropy the over-fitting test must get below. Measured: a float64 NumPy LSTM of the same size,
     * Glorot initial weights and Adam (lr 0.01) gets below 0.05 after 70–85 steps and to 0.003–0.005 after 300
     * (10 seeds); without memory the loss cannot go below 0.17.
     */
    protected double overfitLoss() {
        return 0.05;
    }

    /** Optimizer steps of the seq2seq learning test. */
    protected int learningSteps() {
        return 150;
    }

    /** How the tests train: Adam 0.01, no clipping, no dropout, batch 8 × 16 steps, 6 source steps for seq2seq. */
    protected TrainingConfig trainingConfig() {
        return TrainingConfig.builder().learningRate(0.01).clipNorm(0).batchSize(8).windowSteps(16).steps(overfitSteps())
                .dropout(0).evalInterval(0).checkpointMinutes(0).seed(7).build();
    }

    /** The backend under test, opened once; skips the test when it cannot run here. */
    protected final Backend backend() {
        if (backend == null) {
            Availability availability = provider().probe();
            assumeTrue(availability.available(), () -> provider().name() + " cannot run here: " + availability.reason());
            backend = provider().open();
        }
        return backend;
    }

    /** The configurations the numeric tests run (override to add some). */
    protected List<Configuration> configurations() {
        return TestModels.all();
    }

    private void assumeCapable(Capability... capabilities) {
        for (Capability capability : capabilities) {
            assumeTrue(backend().capabilities().contains(capability), () -> backend().name() + " cannot " + capability);
        }
    }

    private boolean can(Capability capability) {
        return backend().capabilities().contains(capability);
    }

    /**
     * Skips a configuration the backend does not run, giving the backend's reason; fails when that is a family every
     * backend must run.
     */
    private void assumeRuns(Configuration c) {
        String reason = backend().unsupported(c.spec());
        if (reason != null && !optional(c)) {
            fail(backend().name() + " must run " + c + " (" + c.spec().family().typeName() + "), but says: " + reason);
        }
        assumeTrue(reason == null, () -> backend().name() + " does not run " + c.spec().family().typeName() + " ("
                + c + "): " + reason);
    }

    /** Whether a backend may leave a configuration out: a drum VAE, which not every backend runs yet. */
    private static boolean optional(Configuration c) {
        return c.spec().family() instanceof DrumVae;
    }

    /** A decoder without a state (a drum VAE's, new or reset): step() and state() refuse. */
    private static void assertNoState(String what, Decoder decoder, ModelBatch inputs) {
        assertThatThrownBy(() -> decoder.step(step(inputs, 0)))
                .as(what + " steps without a state (a drum VAE's decoder starts from a latent, not from zeros)")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(decoder::state).as(what + " has a state to snapshot before one is set")
                .isInstanceOf(IllegalStateException.class);
    }

    /** The backend's model of a configuration: from its weights, or a trainer's model when it only trains. */
    private SequenceModel model(Configuration c, Weights weights) {
        if (can(Capability.SCORE)) {
            return backend().fromWeights(c.spec(), weights);
        }
        assumeCapable(Capability.TRAIN);
        try (Trainer trainer = backend().newTrainer(c.spec(), trainingConfig(), weights)) {
            return trainer.toModel();
        }
    }

    private SequenceModel model(Configuration c) {
        return model(c, c.weights());
    }

    private SequenceModel referenceModel(Configuration c) {
        return reference.fromWeights(c.spec(), c.weights());
    }

    private SequenceBatch referenceScore(Configuration c, ModelBatch inputs) {
        try (SequenceModel model = referenceModel(c)) {
            return model.score(inputs);
        }
    }

    /** A decoder of {@code model} for {@code batch}: from the encoding of its source when it has one. */
    private static Decoder decoder(SequenceModel model, ModelBatch batch) {
        Decoder decoder = model.newDecoder(batch.batch());
        if (batch.hasSource()) {
            decoder.setState(model.encode(batch.source()));
        }
        return decoder;
    }

    private static float[] row(float[] values, int row, int width) {
        float[] out = new float[width];
        System.arraycopy(values, row * width, out, 0, width);
        return out;
    }

    private static float[] step(ModelBatch batch, int t) {
        SequenceBatch inputs = batch.inputs();
        float[] step = new float[inputs.batch() * inputs.width()];
        for (int b = 0; b < inputs.batch(); b++) {
            System.arraycopy(inputs.vector(b, t), 0, step, b * inputs.width(), inputs.width());
        }
        return step;
    }

    // ---------------------------------------------------------------------------------------- discovery

    @Test
    @DisplayName("ServiceLoader and Backends.discover() find the provider under its name")
    void discovery() {
        String name = provider().name();
        assertThat(name).as("provider name").isNotBlank().isEqualTo(name.trim());
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(found::add);
        assertThat(found).as("providers listed in META-INF/services/" + BackendProvider.class.getName())
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualToIgnoringCase(name);
                    assertThat(p.getClass()).isEqualTo(provider().getClass());
                });
        assertThat(Backends.discover().providers()).extracting(BackendProvider::name).contains(name);
    }

    @Test
    @DisplayName("probe() says whether the backend runs here, and why not")
    void probe() {
        Availability availability = provider().probe();
        assertThat(availability).as("probe()").isNotNull();
        if (!availability.available()) {
            assertThat(availability.reason()).as("the reason it cannot run").isNotBlank();
            assertThatThrownBy(() -> provider().open()).isInstanceOf(IllegalStateException.class);
            return;
        }
        Backend opened = provider().open();
        assertThat(opened.name()).isEqualToIgnoringCase(provider().name());
        assertThat(opened.version()).as("version (for provenance)").isNotBlank();
        assertThat(opened.capabilities()).as("capabilities").isNotNull();
    }

    @Test
    @DisplayName("Backends chooses explicit name > midigen.backend > MIDIGEN_BACKEND > rank")
    void choice() {
        String name = backend().name();
        StubProvider better = new StubProvider("conformance-better", provider().rank() + 1, Availability.yes());
        StubProvider broken = new StubProvider("conformance-broken", provider().rank() + 2,
                Availability.no("no natives for conformance-broken"));
        List<BackendProvider> all = List.of(provider(), better, broken);

        assertThat(Backends.of(all).open(name).name()).as("explicit").isEqualToIgnoringCase(name);
        assertThat(Backends.of(all, better.name(), null).open(name).name()).as("explicit over property").isEqualToIgnoringCase(name);
        assertThat(Backends.of(all, name, better.name()).open(null).name()).as("property over environment")
                .isEqualToIgnoringCase(name);
        assertThat(Backends.of(all, null, name).open(null).name()).as("environment over rank").isEqualToIgnoringCase(name);
        assertThat(Backends.of(all).open(null).name()).as("best available rank").isEqualTo(better.name());
        assertThat(Backends.of(List.of(provider(), broken)).open(null).name()).as("unavailable ones are passed over")
                .isEqualToIgnoringCase(name);
    }

    @Test
    @DisplayName("Backends' errors list the backends and why the others cannot run")
    void choiceErrors() {
        String name = backend().name();
        StubProvider broken = new StubProvider("conformance-broken", 1, Availability.no("no natives for conformance-broken"));
        Backends backends = Backends.of(List.of(provider(), broken));
        assertThatThrownBy(() -> backends.open("conformance-nothing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no backend called conformance-nothing")
                .hasMessageContaining(provider().name())
                .hasMessageContaining("no natives for conformance-broken");
        assertThatThrownBy(() -> backends.open("conformance-broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot run here: no natives for conformance-broken");
        assertThat(name).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------ numbers

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("score() equals the reference's logits; an encoder's state equals the reference's")
    void goldenLogits(Configuration c) {
        assumeCapable(Capability.SCORE);
        assumeRuns(c);
        ModelBatch inputs = c.inputs(BATCH, TIME, c.spec().seed());
        try (SequenceModel model = model(c)) {
            assertLogits(c + " vs the reference", referenceScore(c, inputs), model.score(inputs), tolerance());
            assertThat(model.backend()).as("the model's backend").isEqualToIgnoringCase(backend().name());
            assertThat(model.spec()).as("the model's spec").isEqualTo(c.spec());
            if (c.hasEncoder()) {
                try (SequenceModel expected = referenceModel(c)) {
                    Assertions.assertState(c + ": the encoder's final state", expected.encode(inputs.source()),
                            model.encode(inputs.source()), tolerance());
                }
            } else {
                assertThatThrownBy(() -> model.encode(inputs.inputs())).as("a model without an encoder")
                        .isInstanceOf(UnsupportedOperationException.class);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("Decoder.step() equals score() and the reference")
    void stepByStep(Configuration c) {
        assumeCapable(Capability.SAMPLE);
        assumeRuns(c);
        ModelBatch inputs = c.inputs(BATCH, TIME, c.spec().seed() + 1);
        SequenceBatch expected = referenceScore(c, inputs);
        int width = c.outputSize();
        try (SequenceModel model = model(c); Decoder decoder = decoder(model, inputs)) {
            assertThat(decoder.batchSize()).isEqualTo(BATCH);
            SequenceBatch scored = can(Capability.SCORE) ? model.score(inputs) : null;
            for (int t = 0; t < TIME; t++) {
                float[] logits = decoder.step(step(inputs, t));
                assertThat(logits).as("logits of a step").hasSize(BATCH * width);
                for (int b = 0; b < BATCH; b++) {
                    String what = c + ", sequence " + b + " step " + t;
                    assertStep(what + " vs the reference", expected.vector(b, t), row(logits, b, width), tolerance());
                    if (scored != null) {
                        assertStep(what + " vs score()", scored.vector(b, t), row(logits, b, width), tolerance());
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("a saved DecoderState continues exactly; reset() goes back to the reference's zero state (a drum VAE's"
            + " to none: it refuses to step until encode(source) is set)")
    void stateRoundTrip(Configuration c) {
        assumeCapable(Capability.SAMPLE);
        assumeRuns(c);
        ModelBatch inputs = c.inputs(BATCH, TIME, c.spec().seed() + 2);
        int split = 5;
        try (SequenceModel model = model(c); Decoder decoder = decoder(model, inputs)) {
            for (int t = 0; t < split; t++) {
                decoder.step(step(inputs, t));
            }
            DecoderState saved = decoder.state();
            assertThat(saved.batch()).isEqualTo(BATCH);
            List<float[]> rest = new ArrayList<>();
            for (int t = split; t < TIME; t++) {
                rest.add(decoder.step(step(inputs, t)));
            }
            try (Decoder other = model.newDecoder(BATCH)) {
                if (c.variational()) {
                    assertNoState(c + ": a new decoder", other, inputs);
                }
                other.setState(saved);
                DecoderState restored = other.state();
                assertThat(restored.names()).containsExactlyInAnyOrderElementsOf(saved.names());
                for (String name : saved.names()) {
                    assertStep(c + ": state tensor " + name + " after setState", saved.tensor(name),
                            restored.tensor(name), repeatTolerance());
                }
                for (int t = split; t < TIME; t++) {
                    assertStep(c + ": step " + t + " from a restored state", rest.get(t - split),
                            other.step(step(inputs, t)), repeatTolerance());
                }
            }
            decoder.setState(saved);
            assertStep(c + ": step " + split + " after setState on the same decoder", rest.get(0),
                    decoder.step(step(inputs, split)), repeatTolerance());
            decoder.reset();
            try (SequenceModel expected = referenceModel(c); Decoder fromStart = expected.newDecoder(BATCH)) {
                if (c.variational()) {
                    assertNoState(c + ": a reset decoder", decoder, inputs);
                    decoder.setState(model.encode(inputs.source()));
                    fromStart.setState(expected.encode(inputs.source()));
                }
                for (int t = 0; t < split; t++) {
                    float[] want = fromStart.step(step(inputs, t));
                    assertStep(c + ": step " + t + " after reset()", want, decoder.step(step(inputs, t)), tolerance());
                }
            }
        }
    }

    @Test
    @DisplayName("a drum VAE's decoder has no zero state; a state from any latent (DrumVaeLatents) continues as the"
            + " reference's")
    void latentStates() {
        assumeCapable(Capability.SAMPLE);
        List<Configuration> variational = configurations().stream().filter(Configuration::variational).toList();
        assumeTrue(!variational.isEmpty(), "no configuration has a variational bridge");
        List<Configuration> run = variational.stream().filter(c -> backend().unsupported(c.spec()) == null).toList();
        assumeTrue(!run.isEmpty(), () -> backend().name() + " runs no drum VAE: " + variational.stream()
                .map(c -> backend().unsupported(c.spec())).distinct().collect(Collectors.joining("; ")));
        for (Configuration c : run) {
            ModelBatch inputs = c.inputs(BATCH, TIME, c.spec().seed() + 4);
            DrumVaeLatents latents = DrumVaeLatents.of(c.spec(), c.weights());
            float[] z = latents.samplePrior(BATCH, new SplittableRandom(c.spec().seed()));
            z[0] = 2.5f; // beyond the prior's usual range: the bridge's tanh and the decoder's reading of z both show
            DecoderState state = latents.stateFromLatent(z);
            try (SequenceModel model = model(c); Decoder decoder = model.newDecoder(BATCH);
                 SequenceModel expected = referenceModel(c); Decoder want = expected.newDecoder(BATCH)) {
                assertNoState(c + ": a new decoder", decoder, inputs);
                decoder.setState(state);
                want.setState(state);
                DecoderState set = decoder.state();
                assertThat(set.names()).as(c + ": state names").containsExactlyInAnyOrderElementsOf(state.names());
                for (String name : state.names()) {
                    assertStep(c + ": state tensor " + name + " after setState", state.tensor(name), set.tensor(name),
                            repeatTolerance());
                }
                int width = c.outputSize();
                for (int t = 0; t < TIME; t++) {
                    float[] expectedStep = want.step(step(inputs, t));
                    float[] logits = decoder.step(step(inputs, t));
                    for (int b = 0; b < BATCH; b++) {
                        assertStep(c + ": from a latent's state, sequence " + b + " step " + t, row(expectedStep, b, width),
                                row(logits, b, width), tolerance());
                    }
                }
                assertStep(c + ": z after " + TIME + " steps (read at every step, never changed)", z,
                        decoder.state().tensor(VaeLayout.LATENT_STATE), repeatTolerance());
                decoder.reset();
                assertNoState(c + ": a reset decoder", decoder, inputs);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("DecoderState.select() follows the chosen rows")
    void selectRows(Configuration c) {
        assumeCapable(Capability.SAMPLE);
        assumeRuns(c);
        ModelBatch inputs = c.inputs(BATCH, TIME, c.spec().seed() + 3);
        int width = c.outputSize();
        int inputWidth = inputs.inputs().width();
        int split = 4;
        int[] rows = {2, 0, 2, 1};
        try (SequenceModel model = model(c); Decoder decoder = decoder(model, inputs)) {
            for (int t = 0; t < split; t++) {
                decoder.step(step(inputs, t));
            }
            DecoderState saved = decoder.state();
            float[] next = decoder.step(step(inputs, split));
            try (Decoder beams = model.newDecoder(rows.length)) {
                beams.setState(saved.select(rows));
                float[] selectedInputs = new float[rows.length * inputWidth];
                for (int i = 0; i < rows.length; i++) {
                    System.arraycopy(inputs.inputs().vector(rows[i], split), 0, selectedInputs, i * inputWidth, inputWidth);
                }
                float[] logits = beams.step(selectedInputs);
                for (int i = 0; i < rows.length; i++) {
                    assertStep(c + ": selected row " + i + " (was row " + rows[i] + ")", row(next, rows[i], width),
                            row(logits, i, width), repeatTolerance());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("two decoders of one model on two threads do not interfere")
    void twoThreads(Configuration c) throws Exception {
        assumeCapable(Capability.SAMPLE);
        assumeRuns(c);
        ModelBatch first = c.inputs(BATCH, TIME, c.spec().seed() + 20);
        ModelBatch second = c.inputs(BATCH, TIME, c.spec().seed() + 21);
        try (SequenceModel model = model(c)) {
            List<float[]> alone1 = run(model, first);
            List<float[]> alone2 = run(model, second);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    Future<List<float[]>> a = pool.submit(() -> run(model, first));
                    Future<List<float[]>> b = pool.submit(() -> run(model, second));
                    List<float[]> together1 = a.get();
                    List<float[]> together2 = b.get();
                    for (int t = 0; t < TIME; t++) {
                        assertStep(c + ": thread 1, step " + t, alone1.get(t), together1.get(t), repeatTolerance());
                        assertStep(c + ": thread 2, step " + t, alone2.get(t), together2.get(t), repeatTolerance());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<float[]> run(SequenceModel model, ModelBatch inputs) {
        List<float[]> out = new ArrayList<>();
        try (Decoder decoder = decoder(model, inputs)) {
            for (int t = 0; t < inputs.time(); t++) {
                out.add(decoder.step(step(inputs, t)));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("the same inputs give the same logits twice")
    void repeatable(Configuration c) {
        assumeRuns(c);
        ModelBatch inputs = c.inputs(BATCH, TIME, 77);
        try (SequenceModel model = model(c)) {
            if (can(Capability.SCORE)) {
                assertLogits(c + ": scored twice", model.score(inputs), model.score(inputs), repeatTolerance());
            }
            if (can(Capability.SAMPLE)) {
                List<float[]> a = run(model, inputs);
                List<float[]> b = run(model, inputs);
                for (int t = 0; t < TIME; t++) {
                    assertStep(c + ": two decoders, step " + t, a.get(t), b.get(t), repeatTolerance());
                }
            }
        }
    }

    // --------------------------------------------------------------------------------- weights, bundles

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("exported weights equal the imported ones, in the canonical order; a bundle gives the same logits")
    void weightsAndBundleRoundTrip(Configuration c) throws Exception {
        assumeCapable(Capability.SCORE);
        assumeRuns(c);
        Weights weights = c.weights();
        ModelBatch inputs = c.inputs(BATCH, TIME, 5);
        Path folder = temp.resolve("bundle-" + backend().name() + "-" + c.spec().seed() + "-" + c.spec().family().hashCode());
        try (SequenceModel model = backend().fromWeights(c.spec(), weights)) {
            Weights exported = model.exportWeights();
            assertThat(exported).as(c + ": exported weights").isEqualTo(weights);
            assertThat(exported.names()).as(c + ": order").containsExactlyElementsOf(CanonicalLayout.shapes(c.spec()).keySet());
            Provenance provenance = Provenance.imported(backend().name(), backend().version(), c.spec().seed(),
                    getClass().getSimpleName());
            ModelBundle.of(model, provenance, Map.of("loss", 1.5)).write(folder, true);
            ModelBundle read = ModelBundle.read(folder);
            assertThat(read.spec()).isEqualTo(c.spec());
            assertThat(read.provenance()).isEqualTo(provenance);
            assertThat(read.weights()).isEqualTo(weights);
            try (SequenceModel loaded = read.open(backend())) {
                assertLogits(c + " loaded from its bundle", model.score(inputs), loaded.score(inputs), repeatTolerance());
            }
        }
    }

    // -------------------------------------------------------------------------------------------- train

    /**
     * A training batch of a configuration: categorical labels, seq2seq windows with teacher forcing, or groove windows
     * of {@value #VAE_WINDOW} steps (every step teacher-forced).
     */
    private static TrainingBatch trainingBatch(Configuration c, long seed, double teacherForcing, SplittableRandom random) {
        if (!c.hasEncoder()) {
            return ConformanceNetworks.overfitBatch(c.spec());
        }
        if (c.variational()) {
            return VaeConformanceCases.batch(c.spec(), 4, VAE_WINDOW, seed);
        }
        TrainingBatch forced = FrameConformanceCases.batch(4, 6, 5, c.spec().inputSize(), seed);
        return TrainingBatch.seq2seq(forced.inputs().source(), forced.multiLabelTargets(), teacherForcing, random);
    }

    private TrainingConfig configFor(Configuration c) {
        if (c.variational()) {
            return trainingConfig().toBuilder().batchSize(4).windowSteps(VAE_WINDOW).sourceSteps(VAE_WINDOW).build();
        }
        return c.hasEncoder() ? trainingConfig().toBuilder().batchSize(4).windowSteps(5).sourceSteps(6).build()
                : trainingConfig();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("a training step reports the reference's loss (teacher forcing 1, ½ and 0 for a multi-label head)")
    void trainingStep(Configuration c) {
        assumeCapable(Capability.TRAIN);
        assumeRuns(c);
        SplittableRandom random = new SplittableRandom(3);
        boolean multiLabel = c.hasEncoder() && !c.variational();
        for (double ratio : multiLabel ? new double[] {1, 0.5, 0} : new double[] {1}) {
            TrainingBatch batch = trainingBatch(c, 31, ratio, random);
            try (Trainer trainer = backend().newTrainer(c.spec(), configFor(c), c.weights());
                 SequenceModel expected = referenceModel(c)) {
                assertThat(trainer.spec()).isEqualTo(c.spec());
                assertThat(trainer.exportWeights()).as("a new trainer's weights").isEqualTo(c.weights());
                assertLogits(c + ": the trainer's score", expected.score(batch.inputs()), trainer.score(batch.inputs()),
                        tolerance());
                assumeFalse(c.variational(), () -> c + ": a new trainer's weights and score are the reference's; the step's"
                        + " loss is not compared: a drum VAE's step draws z = μ + σ ⊙ ε from the trainer's own generator,"
                        + " which the reference cannot repeat");
                double want = referenceLoss(c, expected, batch);
                assertThat(trainer.step(batch)).as("%s, teacher forcing %s: the first step's loss is the reference's", c,
                        ratio).isCloseTo(want, within(Math.max(tolerance(), 1e-4)));
            }
        }
    }

    /** The loss of the head's objective the reference computes for {@code batch} (its teacher forcing included). */
    private static double referenceLoss(Configuration c, SequenceModel reference, TrainingBatch batch) {
        SequenceBatch logits = Evaluator.trainingLogits(reference, batch);
        if (c.hasEncoder()) {
            BernoulliLoss loss = ((dev.midigen.model.Head.MultiLabel) c.spec().head()).loss();
            return loss.mean(logits, batch.multiLabelTargets());
        }
        return Assertions.crossEntropy(logits, batch.categoricalTargets());
    }

    @Test
    @DisplayName("training over-fits a tiny corpus; the reported loss is the masked mean cross-entropy")
    void overfit() {
        assumeCapable(Capability.TRAIN);
        ModelSpec spec = ConformanceNetworks.overfitSpec();
        Weights initial = CanonicalLayout.initial(spec, spec.seed());
        TrainingBatch full = ConformanceNetworks.overfitBatch(spec);
        float[] halfMask = full.categoricalTargets().mask().clone();
        int time = full.inputs().time();
        for (int b = 0; b < full.inputs().batch(); b++) {
            for (int t = 12; t < time; t++) {
                halfMask[b * time + t] = 0;
            }
        }
        TrainingBatch masked = TrainingBatch.categorical(full.inputs().inputs(), full.categoricalTargets().labels(), halfMask);
        try (Trainer trainer = backend().newTrainer(spec, trainingConfig(), initial)) {
            double before = Assertions.crossEntropy(trainer.score(full.inputs()), masked.categoricalTargets());
            assertThat(trainer.step(masked)).as("loss of the first step (before it), last 4 steps masked")
                    .isCloseTo(before, within(1e-3));
            double loss = Double.NaN;
            for (int step = 1; step < overfitSteps(); step++) {
                loss = trainer.step(full);
            }
            double after = Assertions.crossEntropy(trainer.score(full.inputs()), full.categoricalTargets());
            assertThat(after).as("mean cross-entropy after " + overfitSteps() + " steps (last reported " + loss + ")")
                    .isLessThan(overfitLoss());
            checkToModelAndImport(trainer, full, initial);
        }
    }

    @Test
    @DisplayName("seq2seq training learns a held chord; toModel is a copy; weights import and export")
    void learns() {
        assumeCapable(Capability.TRAIN);
        Configuration c = configurations().stream().filter(x -> x.hasEncoder() && !x.variational()).findFirst()
                .orElseThrow();
        TrainingBatch learnable = FrameConformanceCases.learnable(4, 6, 5, c.spec().inputSize(), 8);
        try (Trainer trainer = backend().newTrainer(c.spec(), configFor(c), c.weights())) {
            SplittableRandom random = new SplittableRandom(1);
            double first = trainer.step(ratio(learnable, 0.5, random));
            double last = first;
            for (int i = 1; i < learningSteps(); i++) {
                last = trainer.step(ratio(learnable, 0.5, random));
            }
            assertThat(last).as("loss after %d steps of Adam 0.01 (first %s)", learningSteps(), first).isLessThan(first / 4);
            checkToModelAndImport(trainer, learnable, c.weights());
        }
    }

    private static TrainingBatch ratio(TrainingBatch forced, double ratio, SplittableRandom random) {
        return TrainingBatch.seq2seq(forced.inputs().source(), forced.multiLabelTargets(), ratio, random);
    }

    private void checkToModelAndImport(Trainer trainer, TrainingBatch batch, Weights initial) {
        try (SequenceModel model = trainer.toModel()) {
            SequenceBatch logits = trainer.score(batch.inputs());
            if (can(Capability.SCORE)) {
                assertLogits("the trainer's model", logits, model.score(batch.inputs()), tolerance());
            }
            trainer.step(batch);
            if (can(Capability.SCORE)) {
                assertLogits("the trainer's model after another step (a copy)", logits, model.score(batch.inputs()),
                        repeatTolerance());
            }
        }
        Weights trained = trainer.exportWeights();
        CanonicalLayout.check(trained, trainer.spec());
        trainer.importWeights(initial);
        assertThat(trainer.exportWeights()).as("weights after importWeights").isEqualTo(initial);
        trainer.importWeights(trained);
        assertThat(trainer.exportWeights()).as("weights imported back").isEqualTo(trained);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("seeded training with dropout repeats itself; the canonical optimizer state continues a run exactly")
    void determinismAndOptimizerState(Configuration c) {
        assumeCapable(Capability.TRAIN);
        assumeRuns(c);
        // a drum VAE draws its ε too; it has no head dropout
        TrainingConfig config = configFor(c).toBuilder().dropout(0.2)
                .headDropout(c.hasEncoder() && !c.variational() ? 0.5 : 0).build();
        TrainingBatch[] batches = new TrainingBatch[4];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < batches.length; i++) {
            batches[i] = trainingBatch(c, 40 + i, 0.5, random);
        }
        try (Trainer a = backend().newTrainer(c.spec(), config, c.weights());
             Trainer b = backend().newTrainer(c.spec(), config, c.weights())) {
            for (int i = 0; i < 3; i++) {
                double la = a.step(batches[i]);
                double lb = b.step(batches[i]);
                assertThat(Math.abs(la - lb)).as("step %d's loss, twice", i).isLessThanOrEqualTo(repeatTolerance());
            }
            assertWeights("same seed, same steps", a.exportWeights(), b.exportWeights(), repeatTolerance());
            OptimizerState state = a.optimizerState();
            assertThat(state.step()).as("the optimizer's step count").isEqualTo(3);
            assertThat(state.firstMoments().names()).as("moments are named as the canonical weights")
                    .containsExactlyElementsOf(CanonicalLayout.shapes(c.spec()).keySet());
            OptimizerState again = OptimizerState.fromBytes(state.toBytes(), "a serialised state");
            try (Trainer resumed = backend().newTrainer(c.spec(), config, a.exportWeights())) {
                resumed.restoreOptimizerState(again);
                double la = a.step(batches[3]);
                double lr = resumed.step(batches[3]);
                assertThat(Math.abs(la - lr)).as("a restored checkpoint's loss").isLessThanOrEqualTo(repeatTolerance());
                assertWeights("continued from a checkpoint", a.exportWeights(), resumed.exportWeights(), repeatTolerance());
            }
        }
    }

    // ------------------------------------------------------------------------------------------- errors

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("a closed model, decoder or trainer fails with IllegalStateException")
    void useAfterClose(Configuration c) {
        assumeRuns(c);
        ModelBatch inputs = c.inputs(1, 3, 3);
        SequenceModel model = model(c);
        boolean sample = can(Capability.SAMPLE);
        // from the encoding of the source: a drum VAE's decoder would refuse to step for want of a state, closed or not
        Decoder decoder = sample ? decoder(model, inputs) : null;
        if (sample) {
            Decoder closedDecoder = decoder(model, inputs);
            closedDecoder.close();
            closedDecoder.close();
            assertThatThrownBy(() -> closedDecoder.step(step(inputs, 0))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(closedDecoder::state).isInstanceOf(IllegalStateException.class);
        }
        model.close();
        model.close();
        if (can(Capability.SCORE)) {
            assertThatThrownBy(() -> model.score(inputs)).isInstanceOf(IllegalStateException.class);
            if (c.hasEncoder()) {
                assertThatThrownBy(() -> model.encode(inputs.source())).isInstanceOf(IllegalStateException.class);
            }
        }
        if (sample) {
            assertThatThrownBy(() -> model.newDecoder(1)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(model::exportWeights).isInstanceOf(IllegalStateException.class);
        if (decoder != null) {
            assertThatThrownBy(() -> decoder.step(step(inputs, 0))).as("a decoder of a closed model")
                    .isInstanceOf(IllegalStateException.class);
        }
        if (can(Capability.TRAIN)) {
            Trainer trainer = backend().newTrainer(c.spec(), configFor(c), c.weights());
            trainer.close();
            trainer.close();
            assertThatThrownBy(() -> trainer.score(inputs)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(trainer::exportWeights).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(trainer::toModel).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(trainer::optimizerState).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @DisplayName("every configuration runs (a drum VAE where the backend says so); what the backend cannot do throws"
            + " UnsupportedCapabilityException")
    void unsupportedCapabilities() {
        Backend backend = backend();
        for (Configuration c : configurations()) {
            String reason = backend.unsupported(c.spec());
            if (reason == null) {
                continue;
            }
            assertThat(optional(c)).as("every family midigen builds but the drum VAE must run: " + c + " (" + reason + ")")
                    .isTrue();
            assertThat(reason).as("why it cannot run " + c).isNotBlank();
            Weights weights = c.weights();
            assertThatThrownBy(() -> backend.fromWeights(c.spec(), weights)).as(c + ": fromWeights")
                    .isInstanceOf(UnsupportedCapabilityException.class);
            assertThatThrownBy(() -> backend.newTrainer(c.spec(), configFor(c), weights)).as(c + ": newTrainer")
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
        Configuration c = configurations().get(0);
        if (!can(Capability.TRAIN)) {
            assertThatThrownBy(() -> backend.newTrainer(c.spec(), trainingConfig(), c.weights()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.TRAIN));
        }
        if (!can(Capability.SCORE)) {
            assertThatThrownBy(() -> backend.fromWeights(c.spec(), c.weights()))
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
        ModelSpec vae = new ModelSpec(DrumVae.GROOVAE, dev.midigen.codec.encoding.GrooveSpec.GROOVAE, 0);
        String reason = backend.unsupported(vae);
        if (reason != null) {
            assertThat(reason).as("why it cannot run " + vae.family().typeName()).isNotBlank();
            Weights none = Weights.of(Map.of());
            assertThatThrownBy(() -> backend.fromWeights(vae, none)).isInstanceOf(UnsupportedCapabilityException.class);
            assertThatThrownBy(() -> backend.newTrainer(vae, trainingConfig(), none))
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("weights that do not fit are refused, naming the tensor")
    void weightsThatDoNotFit(Configuration c) {
        assumeRuns(c);
        Weights good = c.weights();
        List<String> names = good.names();
        Map<String, Weights> wrong = new LinkedHashMap<>();
        Map<String, Tensor> misshapen = new LinkedHashMap<>(good.asMap());
        String last = names.get(names.size() - 2);
        misshapen.put(last, Tensor.of(new float[5 * 6], 5, 6));
        wrong.put(last, Weights.of(misshapen));
        Map<String, Tensor> missing = new LinkedHashMap<>(good.asMap());
        missing.remove(names.get(1));
        wrong.put(names.get(1), Weights.of(missing));
        Map<String, Tensor> extra = new LinkedHashMap<>(good.asMap());
        extra.put("extra.W", Tensor.of(new float[4], 2, 2));
        wrong.put("extra.W", Weights.of(extra));
        assumeTrue(can(Capability.SCORE) || can(Capability.TRAIN), "the backend neither runs nor trains models");
        wrong.forEach((tensor, weights) -> {
            if (can(Capability.SCORE)) {
                assertThatThrownBy(() -> backend().fromWeights(c.spec(), weights)).as("fromWeights, wrong " + tensor)
                        .isInstanceOf(IllegalArgumentException.class)
                        .isNotInstanceOf(UnsupportedCapabilityException.class)
                        .hasMessageContaining(tensor);
            }
            if (can(Capability.TRAIN)) {
                assertThatThrownBy(() -> backend().newTrainer(c.spec(), configFor(c), weights))
                        .as("newTrainer, wrong " + tensor)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(tensor);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    @DisplayName("inputs of the wrong width, a missing or extra source, a state of another batch are refused")
    void wrongInputs(Configuration c) {
        assumeRuns(c);
        int width = c.spec().decoderInputSize();
        ModelBatch good = c.inputs(2, 3, 1);
        try (SequenceModel model = model(c)) {
            if (can(Capability.SCORE)) {
                ModelBatch narrow = new ModelBatch(ConformanceNetworks.inputs(2, 3, width - 1, 1), good.source());
                assertThatThrownBy(() -> model.score(narrow)).isInstanceOf(IllegalArgumentException.class);
                ModelBatch otherSource = new ModelBatch(good.inputs(), good.hasSource() ? null : good.inputs());
                assertThatThrownBy(() -> model.score(otherSource)).as("a source where the model reads none, or none where it does")
                        .isInstanceOf(IllegalArgumentException.class);
                if (c.hasEncoder()) {
                    assertThatThrownBy(() -> model.encode(ConformanceNetworks.inputs(1, 2, width + 1, 1)))
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
            if (can(Capability.SAMPLE)) {
                // a drum VAE's decoder has no state to refuse steps of the wrong width with, or to select rows of, until
                // one is set
                try (Decoder decoder = c.variational() ? decoder(model, good) : model.newDecoder(2)) {
                    assertThatThrownBy(() -> decoder.step(new float[2 * width + 1])).isInstanceOf(IllegalArgumentException.class);
                    DecoderState other = decoder.state().select(new int[] {0});
                    assertThatThrownBy(() -> decoder.setState(other)).isInstanceOf(IllegalArgumentException.class);
                    if (c.variational()) {
                        DecoderState full = decoder.state();
                        List<String> names = new ArrayList<>(full.names());
                        names.remove(VaeLayout.LATENT_STATE);
                        DecoderState noLatent = DecoderState.of(full.batch(), names,
                                names.stream().map(full::tensor).toList());
                        assertThatThrownBy(() -> decoder.setState(noLatent)).as("a drum VAE's state without its latent")
                                .isInstanceOf(IllegalArgumentException.class);
                    }
                }
            }
        }
        if (can(Capability.TRAIN)) {
            try (Trainer trainer = backend().newTrainer(c.spec(), configFor(c), c.weights())) {
                Weights other = c.weights();
                OptimizerState alien = OptimizerState.fresh(Weights.of(Map.of("alien.W", Tensor.of(new float[4], 2, 2))));
                assertThatThrownBy(() -> trainer.restoreOptimizerState(alien)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("alien.W");
                trainer.restoreOptimizerState(OptimizerState.fresh(other));
            }
        }
    }
}
