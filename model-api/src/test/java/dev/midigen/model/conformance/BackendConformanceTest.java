package dev.midigen.model.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Backends;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.conformance.ConformanceNetworks.Case;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.spi.Availability;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.spi.BackendProvider;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.spi.UnsupportedCapabilityException;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend must do, as JUnit 5 tests a backend's test module inherits:
 *
 * <pre>
 * class Dl4jConformanceTest extends BackendConformanceTest {
 *     protected BackendProvider provider() { return new Dl4jBackendProvider(); }
 * }
 * </pre>
 *
 * with {@code model-api}'s test-jar as a test dependency. It checks discovery and choice among backends;
 * logits equal to the pure-Java reference ({@link JavaBackend}) within {@link #tolerance()} for small
 * networks with and without attention; step-by-step decoding equal to whole-sequence scoring; decoder
 * state snapshots, restores and row selection; repeatable numbers; bundles and weights that round-trip;
 * over-fitting a tiny corpus (only when the backend trains); and clean failures: use after close,
 * missing capabilities, weights that do not fit, inputs of the wrong width.
 *
 * <p>Tests that need a capability the backend lacks are skipped (JUnit assumptions), as is everything
 * but discovery when the provider's probe says the backend cannot run here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {
    private static final int BATCH = 3;
    private static final int TIME = 9;

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
     * How far two runs of the same computation may differ: scoring twice, continuing from a restored state,
     * a model loaded from its bundle. 0 = bit for bit; raise it only for engines that are not deterministic.
     */
    protected double repeatTolerance() {
        return 0;
    }

    /** Optimizer steps of the over-fitting test (backends that train). */
    protected int overfitSteps() {
        return 300;
    }

    /**
     * The mean cross-entropy the over-fitting test must get below. Measured: a float64 NumPy LSTM of the
     * same size, Glorot initial weights and Adam (lr 0.01) gets below 0.05 after 70–85 steps and to
     * 0.003–0.005 after 300 (10 seeds); without memory the loss cannot go below 0.17.
     */
    protected double overfitLoss() {
        return 0.05;
    }

    /** How the over-fitting test trains: Adam 0.01, no clipping, no dropout, batch 8 × 16 steps. */
    protected TrainingConfig overfitConfig() {
        return new TrainingConfig(0.01, 0, 8, 16, overfitSteps(), 0, 0, 0, 0, 0, 7, 0);
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

    /** The cases the numeric tests run (override to add some). */
    protected List<Case> cases() {
        return ConformanceNetworks.cases();
    }

    private void assumeCapable(Capability... capabilities) {
        for (Capability capability : capabilities) {
            assumeTrue(backend().capabilities().contains(capability), () -> backend().name() + " cannot " + capability);
        }
    }

    /** The backend's model of {@code spec} with {@code weights}: imported, or a trainer's model when it only trains. */
    private SequenceModel model(ModelSpec spec, Weights weights) {
        if (backend().capabilities().contains(Capability.IMPORT_WEIGHTS)) {
            return backend().fromWeights(spec, weights);
        }
        assumeCapable(Capability.TRAIN);
        try (Trainer trainer = backend().newTrainer(spec, overfitConfig(), weights)) {
            return trainer.toModel();
        }
    }

    private SequenceBatch referenceScore(Case network, SequenceBatch inputs) {
        try (SequenceModel model = reference.fromWeights(network.spec(), network.weights())) {
            return model.score(inputs);
        }
    }

    private static SequenceBatch inputs(LstmNetwork network, int batch, long seed) {
        return ConformanceNetworks.inputs(batch, TIME, network.inputSize(), seed);
    }

    /**
     * Fails naming the first logit (sequence, step, class) further than {@code tolerance} from the expected
     * one, and the largest difference of all.
     */
    static void assertLogits(String what, SequenceBatch expected, SequenceBatch actual, double tolerance) {
        assertThat(new int[] {actual.batch(), actual.time(), actual.width()}).as(what + ": shape")
                .containsExactly(expected.batch(), expected.time(), expected.width());
        double largest = 0;
        for (int b = 0; b < expected.batch(); b++) {
            for (int t = 0; t < expected.time(); t++) {
                for (int i = 0; i < expected.width(); i++) {
                    largest = Math.max(largest, Math.abs((double) expected.get(b, t, i) - actual.get(b, t, i)));
                }
            }
        }
        String largestDifference = String.format(Locale.ROOT, " (largest difference %.3g)", largest);
        for (int b = 0; b < expected.batch(); b++) {
            for (int t = 0; t < expected.time(); t++) {
                assertStep(what + largestDifference + String.format(Locale.ROOT, ", sequence %d step %d", b, t),
                        expected.vector(b, t), actual.vector(b, t), tolerance);
            }
        }
    }

    static void assertStep(String what, float[] expected, float[] actual, double tolerance) {
        assertThat(actual.length).as(what + ": number of logits").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs((double) expected[i] - actual[i]);
            boolean same = tolerance == 0 ? Float.compare(expected[i], actual[i]) == 0 : difference <= tolerance;
            if (!same || Float.isNaN(actual[i])) {
                fail(String.format(Locale.ROOT, "%s, logit %d: expected %.7f, got %.7f (difference %.3g, tolerance %.3g)",
                        what, i, expected[i], actual[i], difference, tolerance));
            }
        }
    }

    private static float[] row(float[] values, int row, int width) {
        float[] out = new float[width];
        System.arraycopy(values, row * width, out, 0, width);
        return out;
    }

    private static float[] step(SequenceBatch inputs, int t) {
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
    @MethodSource("cases")
    @DisplayName("score() equals the reference's logits")
    void goldenLogits(Case network) {
        assumeCapable(Capability.SCORE);
        SequenceBatch inputs = inputs(network.network(), BATCH, network.spec().seed());
        try (SequenceModel model = model(network.spec(), network.weights())) {
            assertLogits(network + " vs the reference", referenceScore(network, inputs), model.score(inputs), tolerance());
            assertThat(model.backend()).as("the model's backend").isEqualToIgnoringCase(backend().name());
            assertThat(model.spec()).as("the model's spec").isEqualTo(network.spec());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("Decoder.step() equals score() and the reference")
    void stepByStep(Case network) {
        assumeCapable(Capability.SAMPLE);
        SequenceBatch inputs = inputs(network.network(), BATCH, network.spec().seed() + 1);
        SequenceBatch expected = referenceScore(network, inputs);
        int width = network.network().outputSize();
        try (SequenceModel model = model(network.spec(), network.weights()); Decoder decoder = model.newDecoder(BATCH)) {
            assertThat(decoder.batchSize()).isEqualTo(BATCH);
            SequenceBatch scored = backend().capabilities().contains(Capability.SCORE) ? model.score(inputs) : null;
            for (int t = 0; t < TIME; t++) {
                float[] logits = decoder.step(step(inputs, t));
                assertThat(logits).as("logits of a step").hasSize(BATCH * width);
                for (int b = 0; b < BATCH; b++) {
                    String what = network + ", sequence " + b + " step " + t;
                    assertStep(what + " vs the reference", expected.vector(b, t), row(logits, b, width), tolerance());
                    if (scored != null) {
                        assertStep(what + " vs score()", scored.vector(b, t), row(logits, b, width), tolerance());
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("a saved DecoderState continues exactly; reset() starts again")
    void stateRoundTrip(Case network) {
        assumeCapable(Capability.SAMPLE);
        SequenceBatch inputs = inputs(network.network(), BATCH, network.spec().seed() + 2);
        int split = 5;
        try (SequenceModel model = model(network.spec(), network.weights()); Decoder decoder = model.newDecoder(BATCH)) {
            List<float[]> first = new ArrayList<>();
            for (int t = 0; t < split; t++) {
                first.add(decoder.step(step(inputs, t)));
            }
            DecoderState saved = decoder.state();
            assertThat(saved.batch()).isEqualTo(BATCH);
            List<float[]> rest = new ArrayList<>();
            for (int t = split; t < TIME; t++) {
                rest.add(decoder.step(step(inputs, t)));
            }
            try (Decoder other = model.newDecoder(BATCH)) {
                other.setState(saved);
                DecoderState restored = other.state();
                assertThat(restored.names()).containsExactlyInAnyOrderElementsOf(saved.names());
                for (String name : saved.names()) {
                    assertStep(network + ": state tensor " + name + " after setState", saved.tensor(name),
                            restored.tensor(name), repeatTolerance());
                }
                for (int t = split; t < TIME; t++) {
                    assertStep(network + ": step " + t + " from a restored state", rest.get(t - split),
                            other.step(step(inputs, t)), repeatTolerance());
                }
            }
            decoder.setState(saved);
            assertStep(network + ": step " + split + " after setState on the same decoder", rest.get(0),
                    decoder.step(step(inputs, split)), repeatTolerance());
            decoder.reset();
            for (int t = 0; t < split; t++) {
                assertStep(network + ": step " + t + " after reset()", first.get(t), decoder.step(step(inputs, t)),
                        repeatTolerance());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("DecoderState.select() follows the chosen rows")
    void selectRows(Case network) {
        assumeCapable(Capability.SAMPLE);
        SequenceBatch inputs = inputs(network.network(), BATCH, network.spec().seed() + 3);
        int width = network.network().outputSize();
        int split = 4;
        int[] rows = {2, 0, 2, 1};
        try (SequenceModel model = model(network.spec(), network.weights()); Decoder decoder = model.newDecoder(BATCH)) {
            for (int t = 0; t < split; t++) {
                decoder.step(step(inputs, t));
            }
            DecoderState saved = decoder.state();
            float[] next = decoder.step(step(inputs, split));
            try (Decoder beams = model.newDecoder(rows.length)) {
                beams.setState(saved.select(rows));
                float[] selectedInputs = new float[rows.length * inputs.width()];
                for (int i = 0; i < rows.length; i++) {
                    System.arraycopy(inputs.vector(rows[i], split), 0, selectedInputs, i * inputs.width(), inputs.width());
                }
                float[] logits = beams.step(selectedInputs);
                for (int i = 0; i < rows.length; i++) {
                    assertStep(network + ": selected row " + i + " (was row " + rows[i] + ")", row(next, rows[i], width),
                            row(logits, i, width), repeatTolerance());
                }
            }
        }
    }

    @Test
    @DisplayName("the same inputs give the same logits twice")
    void repeatable() {
        Case network = cases().get(1);
        SequenceBatch inputs = inputs(network.network(), BATCH, 77);
        try (SequenceModel model = model(network.spec(), network.weights())) {
            if (backend().capabilities().contains(Capability.SCORE)) {
                assertLogits(network + ": scored twice", model.score(inputs), model.score(inputs), repeatTolerance());
            }
            if (backend().capabilities().contains(Capability.SAMPLE)) {
                try (Decoder a = model.newDecoder(BATCH); Decoder b = model.newDecoder(BATCH)) {
                    for (int t = 0; t < TIME; t++) {
                        assertStep(network + ": two decoders, step " + t, a.step(step(inputs, t)), b.step(step(inputs, t)),
                                repeatTolerance());
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("seeded sampling gives the same tokens and logits twice")
    void seededSampling() {
        assumeCapable(Capability.SAMPLE);
        Case network = cases().get(3);
        try (SequenceModel model = model(network.spec(), network.weights())) {
            List<float[]> firstLogits = new ArrayList<>();
            List<float[]> secondLogits = new ArrayList<>();
            int[][] first = sample(model, 2024, firstLogits);
            int[][] second = sample(model, 2024, secondLogits);
            assertThat(second).as("tokens sampled with the same seed").isDeepEqualTo(first);
            for (int t = 0; t < firstLogits.size(); t++) {
                assertStep(network + ": sampled step " + t, firstLogits.get(t), secondLogits.get(t), repeatTolerance());
            }
        }
    }

    /** Samples 24 tokens for 2 sequences from token 0, feeding each back through the codec. */
    private static int[][] sample(SequenceModel model, long seed, List<float[]> logitsSeen) {
        TokenCodec<?> codec = model.spec().tokenCodec();
        int batch = 2;
        int steps = 24;
        int inputSize = codec.inputSize();
        int labels = codec.labelCount();
        SplittableRandom random = new SplittableRandom(seed);
        int[][] tokens = new int[batch][steps + 1];
        try (Decoder decoder = model.newDecoder(batch)) {
            for (int t = 0; t < steps; t++) {
                float[] in = new float[batch * inputSize];
                for (int b = 0; b < batch; b++) {
                    codec.input(tokens[b], t, in, b * inputSize);
                }
                float[] logits = decoder.step(in);
                logitsSeen.add(logits);
                for (int b = 0; b < batch; b++) {
                    int label = draw(row(logits, b, labels), random.nextDouble());
                    tokens[b][t + 1] = codec.tokenForLabel(tokens[b], t + 1, label);
                }
            }
        }
        return tokens;
    }

    private static int draw(float[] logits, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double total = 0;
        double[] weights = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp(logits[i] - max);
            total += weights[i];
        }
        double target = u * total;
        for (int i = 0; i < logits.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return logits.length - 1;
    }

    // --------------------------------------------------------------------------------- weights, bundles

    @Test
    @DisplayName("exported weights equal the imported ones, in the canonical order, and import again")
    void weightsRoundTrip() {
        assumeCapable(Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS);
        for (Case network : cases()) {
            Weights weights = network.weights();
            Weights exported;
            try (SequenceModel model = backend().fromWeights(network.spec(), weights)) {
                exported = model.exportWeights();
            }
            assertThat(exported).as(network + ": exported weights").isEqualTo(weights);
            assertThat(exported.names()).as(network + ": order").containsExactlyElementsOf(
                    LstmLayout.shapes(network.network()).keySet());
            if (backend().capabilities().contains(Capability.SCORE)) {
                SequenceBatch inputs = inputs(network.network(), BATCH, 5);
                try (SequenceModel again = backend().fromWeights(network.spec(), exported)) {
                    assertLogits(network + " from exported weights", referenceScore(network, inputs), again.score(inputs),
                            tolerance());
                }
            }
        }
    }

    @Test
    @DisplayName("save as a ModelBundle, load it: the same logits")
    void bundleRoundTrip() throws Exception {
        assumeCapable(Capability.IMPORT_WEIGHTS, Capability.EXPORT_WEIGHTS, Capability.SCORE);
        Case network = cases().get(1);
        SequenceBatch inputs = inputs(network.network(), BATCH, 9);
        Path folder = temp.resolve("bundle-" + backend().name());
        try (SequenceModel model = backend().fromWeights(network.spec(), network.weights())) {
            Provenance provenance = Provenance.imported(backend().name(), backend().version(), network.spec().seed(),
                    getClass().getSimpleName());
            ModelBundle.of(model, provenance, Map.of("loss", 1.5)).write(folder, false);
            ModelBundle read = ModelBundle.read(folder);
            assertThat(read.spec()).isEqualTo(network.spec());
            assertThat(read.provenance()).isEqualTo(provenance);
            assertThat(read.weights()).isEqualTo(network.weights());
            try (SequenceModel loaded = read.open(backend())) {
                assertLogits(network + " loaded from its bundle", model.score(inputs), loaded.score(inputs), repeatTolerance());
            }
        }
    }

    // -------------------------------------------------------------------------------------------- train

    @Test
    @DisplayName("training over-fits a tiny corpus; the reported loss is the masked mean cross-entropy")
    void overfit() {
        assumeCapable(Capability.TRAIN);
        ModelSpec spec = ConformanceNetworks.overfitSpec();
        Weights initial = LstmLayout.initial(spec.lstmNetwork(), spec.seed());
        TrainingBatch full = ConformanceNetworks.overfitBatch(spec);
        float[] halfMask = full.mask().clone();
        for (int b = 0; b < full.inputs().batch(); b++) {
            for (int t = 12; t < full.inputs().time(); t++) {
                halfMask[b * full.inputs().time() + t] = 0;
            }
        }
        TrainingBatch masked = new TrainingBatch(full.inputs(), full.labels(), halfMask);
        try (Trainer trainer = backend().newTrainer(spec, overfitConfig(), initial)) {
            assertThat(trainer.spec()).isEqualTo(spec);
            assertThat(trainer.exportWeights()).as("a new trainer's weights").isEqualTo(initial);
            double before = crossEntropy(trainer.score(full.inputs()), masked);
            assertThat(trainer.step(masked)).as("loss of the first step (before it), last 4 steps masked")
                    .isCloseTo(before, org.assertj.core.data.Offset.offset(1e-3));
            double loss = Double.NaN;
            for (int step = 1; step < overfitSteps(); step++) {
                loss = trainer.step(full);
            }
            double after = crossEntropy(trainer.score(full.inputs()), full);
            assertThat(after).as("mean cross-entropy after " + overfitSteps() + " steps (last reported " + loss + ")")
                    .isLessThan(overfitLoss());
            try (SequenceModel model = trainer.toModel()) {
                SequenceBatch logits = trainer.score(full.inputs());
                if (backend().capabilities().contains(Capability.SCORE)) {
                    assertLogits("the trainer's model", logits, model.score(full.inputs()), tolerance());
                }
                trainer.step(full);
                if (backend().capabilities().contains(Capability.SCORE)) {
                    assertLogits("the trainer's model after another step (a copy)", logits, model.score(full.inputs()),
                            repeatTolerance());
                }
            }
            Weights trained = trainer.exportWeights();
            LstmLayout.check(trained, spec.lstmNetwork());
            trainer.importWeights(initial);
            assertThat(trainer.exportWeights()).as("weights after importWeights").isEqualTo(initial);
        }
    }

    /** Mean cross-entropy of the labels over the unmasked steps, in double. */
    static double crossEntropy(SequenceBatch logits, TrainingBatch batch) {
        double total = 0;
        double count = 0;
        for (int b = 0; b < logits.batch(); b++) {
            for (int t = 0; t < logits.time(); t++) {
                int index = b * logits.time() + t;
                if (batch.mask()[index] == 0) {
                    continue;
                }
                float[] row = logits.vector(b, t);
                double max = Double.NEGATIVE_INFINITY;
                for (float value : row) {
                    max = Math.max(max, value);
                }
                double sum = 0;
                for (float value : row) {
                    sum += Math.exp(value - max);
                }
                total += batch.mask()[index] * (Math.log(sum) + max - row[batch.labels()[index]]);
                count += batch.mask()[index];
            }
        }
        return total / count;
    }

    // ------------------------------------------------------------------------------------------- errors

    @Test
    @DisplayName("a closed model, decoder or trainer fails with IllegalStateException")
    void useAfterClose() {
        Case network = cases().get(0);
        SequenceBatch inputs = inputs(network.network(), 1, 3);
        SequenceModel model = model(network.spec(), network.weights());
        boolean sample = backend().capabilities().contains(Capability.SAMPLE);
        Decoder decoder = sample ? model.newDecoder(1) : null;
        if (sample) {
            Decoder closedDecoder = model.newDecoder(1);
            closedDecoder.close();
            closedDecoder.close();
            assertThatThrownBy(() -> closedDecoder.step(step(inputs, 0))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(closedDecoder::state).isInstanceOf(IllegalStateException.class);
        }
        model.close();
        model.close();
        if (backend().capabilities().contains(Capability.SCORE)) {
            assertThatThrownBy(() -> model.score(inputs)).isInstanceOf(IllegalStateException.class);
        }
        if (sample) {
            assertThatThrownBy(() -> model.newDecoder(1)).isInstanceOf(IllegalStateException.class);
        }
        if (backend().capabilities().contains(Capability.EXPORT_WEIGHTS)) {
            assertThatThrownBy(model::exportWeights).isInstanceOf(IllegalStateException.class);
        }
        if (decoder != null) {
            assertThatThrownBy(() -> decoder.step(step(inputs, 0))).as("a decoder of a closed model")
                    .isInstanceOf(IllegalStateException.class);
        }
        if (backend().capabilities().contains(Capability.TRAIN)) {
            Trainer trainer = backend().newTrainer(network.spec(), overfitConfig(), network.weights());
            trainer.close();
            trainer.close();
            assertThatThrownBy(() -> trainer.score(inputs)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(trainer::exportWeights).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(trainer::toModel).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @DisplayName("what the backend cannot do throws UnsupportedCapabilityException")
    void unsupportedCapabilities() {
        Case network = cases().get(0);
        Backend backend = backend();
        if (!backend.capabilities().contains(Capability.TRAIN)) {
            assertThatThrownBy(() -> backend.newTrainer(network.spec(), overfitConfig(), network.weights()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.TRAIN));
        }
        if (!backend.capabilities().contains(Capability.IMPORT_WEIGHTS)) {
            assertThatThrownBy(() -> backend.fromWeights(network.spec(), network.weights()))
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
        if (backend.capabilities().contains(Capability.IMPORT_WEIGHTS) || backend.capabilities().contains(Capability.TRAIN)) {
            try (SequenceModel model = model(network.spec(), network.weights())) {
                SequenceBatch inputs = inputs(network.network(), 1, 4);
                if (!backend.capabilities().contains(Capability.SCORE)) {
                    assertThatThrownBy(() -> model.score(inputs)).isInstanceOf(UnsupportedCapabilityException.class);
                }
                if (!backend.capabilities().contains(Capability.SAMPLE)) {
                    assertThatThrownBy(() -> model.newDecoder(1)).isInstanceOf(UnsupportedCapabilityException.class);
                }
                if (!backend.capabilities().contains(Capability.EXPORT_WEIGHTS)) {
                    assertThatThrownBy(model::exportWeights).isInstanceOf(UnsupportedCapabilityException.class);
                }
            }
        }
        for (Case supported : cases()) {
            assertThat(backend.unsupported(supported.spec())).as("the LSTM families must run: " + supported).isNull();
        }
        ModelSpec gru = new ModelSpec(Seq2SeqGru.DEEP_MUSICIAN, PianoRollSpec.PIANO, 0);
        String reason = backend.unsupported(gru);
        if (reason == null) {
            assertThat(backend.capabilities()).as("a backend that runs seq2seq-gru has a frame capability")
                    .containsAnyOf(Capability.FRAME_MODEL, Capability.FRAME_TRAIN);
            assertThatThrownBy(() -> backend.fromWeights(gru, Weights.of(Map.of())))
                    .as("a frame model is not a SequenceModel").isInstanceOf(UnsupportedCapabilityException.class);
        } else {
            assertThat(reason).as("why it cannot run " + gru.family().typeName()).isNotBlank();
            Weights none = Weights.of(Map.of());
            assertThatThrownBy(() -> backend.fromWeights(gru, none)).isInstanceOf(UnsupportedCapabilityException.class);
            assertThatThrownBy(() -> backend.newTrainer(gru, overfitConfig(), none))
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
    }

    @Test
    @DisplayName("weights that do not fit are refused, naming the tensor")
    void weightsThatDoNotFit() {
        Case network = cases().get(1);
        Weights good = network.weights();
        Map<String, Weights> wrong = new LinkedHashMap<>();
        Map<String, Tensor> misshapen = new LinkedHashMap<>(good.asMap());
        misshapen.put(LstmLayout.OUTPUT_WEIGHTS, Tensor.of(new float[5 * 6], 5, 6));
        wrong.put(LstmLayout.OUTPUT_WEIGHTS, Weights.of(misshapen));
        Map<String, Tensor> missing = new LinkedHashMap<>(good.asMap());
        missing.remove(LstmLayout.recurrentWeights(1));
        wrong.put(LstmLayout.recurrentWeights(1), Weights.of(missing));
        Map<String, Tensor> extra = new LinkedHashMap<>(good.asMap());
        extra.put("extra.W", Tensor.of(new float[4], 2, 2));
        wrong.put("extra.W", Weights.of(extra));
        Map<String, Tensor> noAttention = new LinkedHashMap<>(good.asMap());
        noAttention.remove(LstmLayout.ATTENTION);
        wrong.put(LstmLayout.ATTENTION, Weights.of(noAttention));
        boolean imports = backend().capabilities().contains(Capability.IMPORT_WEIGHTS);
        boolean trains = backend().capabilities().contains(Capability.TRAIN);
        assumeTrue(imports || trains, "the backend neither imports weights nor trains");
        wrong.forEach((tensor, weights) -> {
            if (imports) {
                assertThatThrownBy(() -> backend().fromWeights(network.spec(), weights)).as("fromWeights, wrong " + tensor)
                        .isInstanceOf(IllegalArgumentException.class)
                        .isNotInstanceOf(UnsupportedCapabilityException.class)
                        .hasMessageContaining(tensor);
            }
            if (trains) {
                assertThatThrownBy(() -> backend().newTrainer(network.spec(), overfitConfig(), weights))
                        .as("newTrainer, wrong " + tensor)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(tensor);
            }
        });
    }

    @Test
    @DisplayName("inputs of the wrong width are refused")
    void wrongInputWidth() {
        Case network = cases().get(0);
        int width = network.network().inputSize();
        try (SequenceModel model = model(network.spec(), network.weights())) {
            if (backend().capabilities().contains(Capability.SCORE)) {
                SequenceBatch narrow = ConformanceNetworks.inputs(2, 3, width - 1, 1);
                assertThatThrownBy(() -> model.score(narrow)).isInstanceOf(IllegalArgumentException.class);
            }
            if (backend().capabilities().contains(Capability.SAMPLE)) {
                try (Decoder decoder = model.newDecoder(2)) {
                    assertThatThrownBy(() -> decoder.step(new float[2 * width + 1])).isInstanceOf(IllegalArgumentException.class);
                    DecoderState other = decoder.state().select(new int[] {0});
                    assertThatThrownBy(() -> decoder.setState(other)).isInstanceOf(IllegalArgumentException.class);
                }
            }
        }
    }
    /** Optimizer steps of the seq2seq learning test (backends that train frame models). */
    protected int frameLearningSteps() {
        return 150;
    }

    private FrameConformance frames() {
        return new FrameConformance(backend(), tolerance(), repeatTolerance());
    }

    @Test
    @DisplayName("seq2seq: what the backend cannot do with frame models throws UnsupportedCapabilityException")
    void frameCapabilities() {
        frames().capabilityRefusals();
    }

    @Test
    @DisplayName("seq2seq: teacher-forced logits equal the reference's")
    void frameGoldenLogits() {
        assumeFrames();
        frames().goldenLogits();
    }

    @Test
    @DisplayName("seq2seq: encoder state, decoder steps, saved and selected states, reset equal the reference's")
    void frameEncodeAndDecode() {
        assumeFrames();
        frames().encodeAndDecode();
    }

    @Test
    @DisplayName("seq2seq: exported weights and bundles round-trip")
    void frameWeightsRoundTrip() throws Exception {
        frames().weightsRoundTrip(temp);
    }

    @Test
    @DisplayName("seq2seq: a training step reports the reference's loss (bce, focal; teacher forcing 1, 0.5, 0)")
    void frameTrainingStep() {
        frames().trainingStep();
    }

    @Test
    @DisplayName("seq2seq: training learns a held chord; toModel is a copy; weights import and export")
    void frameLearns() {
        frames().learns(frameLearningSteps());
    }

    @Test
    @DisplayName("seq2seq: seeded training with dropout and teacher forcing repeats itself, and from a checkpoint")
    void frameDeterminism() {
        frames().determinism();
    }

    @Test
    @DisplayName("seq2seq: weights that do not fit, wrong widths and use after close are refused")
    void frameRefusals() {
        frames().refusals();
    }

    private void assumeFrames() {
        assumeTrue(backend().capabilities().contains(Capability.FRAME_MODEL)
                || backend().capabilities().contains(Capability.FRAME_TRAIN), () -> backend().name() + " runs no frame models");
    }
}
