package dev.midigen.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Decoder;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.testkit.ConformanceNetworks.Case;
import dev.midigen.model.testkit.ConformanceNetworks;
import dev.midigen.model.testkit.FrameConformanceCases;
import dev.midigen.model.testkit.VaeConformanceCases;
import dev.midigen.model.weights.CanonicalLayout;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OnnxExporter}'s files, for every family it writes (the LSTM families, seq2seq-gru, drum-vae): what they hold, that
 * ONNX Runtime runs them as their users would with the reference's logits, and that the backend's models (sequence
 * graph, encoder, step graphs sparse and dense) give them too; step-only models and probability outputs; on a
 * one-key, one-unit GRU whose every number is written out.
 */
class OnnxExporterTest {
    private static final double TOLERANCE = 1e-4;
    private final OnnxBackend backend = new OnnxBackend(1);
    private final JavaBackend reference = new JavaBackend();

    @TempDir
    Path temp;

    private static Map<String, String> metadata(ModelProto model) {
        Map<String, String> metadata = new HashMap<>();
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            metadata.put(entry.getKey(), entry.getValue());
        }
        return metadata;
    }

    private SequenceBatch referenceScore(ModelSpec spec, Weights weights, ModelBatch batch) {
        try (SequenceModel model = reference.fromWeights(spec, weights)) {
            return model.score(batch);
        }
    }

    /** A file of one family: the recurrent node it holds, how many, and its inputs and outputs in order. */
    record FileCase(String name, ModelSpec spec, Weights weights, String cell, int cells, List<String> inputs,
                    List<String> outputs, Consumer<ModelProto> more) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FileCase> files() {
        Case drum = ConformanceNetworks.cases().get(3); // drum-rnn: 3 layers of 3, 5, 3, attention over 2
        ModelSpec gru = new ModelSpec(new Seq2SeqGru(5, 2, 4), FrameConformanceCases.SEVEN_KEYS, 3);
        VaeConformanceCases.VaeCase vae = VaeConformanceCases.cases().get(1); // encoder 3, 4 each way, decoder 5, 6, hit controls
        return Stream.of(
                new FileCase("drum-rnn", drum.spec(), drum.weights(), "LSTM", 3,
                        List.of("x", "lstm.0.h", "lstm.0.c", "lstm.1.h", "lstm.1.c", "lstm.2.h", "lstm.2.c", "attention.memory",
                                "attention.count"),
                        List.of("logits", "lstm.0.h.next", "lstm.0.c.next", "lstm.1.h.next", "lstm.1.c.next", "lstm.2.h.next",
                                "lstm.2.c.next", "attention.memory.next", "attention.count.next"),
                        model -> {
                            OnnxContract contract = OnnxContract.parse(metadata(model).get(OnnxExporter.CONTRACT_KEY));
                            assertThat(contract.state()).extracting(OnnxContract.State::in).containsExactly("lstm.0.h", "lstm.0.c",
                                    "lstm.1.h", "lstm.1.c", "lstm.2.h", "lstm.2.c", "attention.memory", "attention.count");
                            assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("LSTM"))
                                    .allSatisfy(node -> assertThat(node.getInput(5)).startsWith("unsqueeze"));
                        }),
                new FileCase("seq2seq-gru", gru, FrameConformanceCases.weights(gru, 3), "GRU", 4,
                        List.of("x", "decoder.gru.0.h", "decoder.gru.1.h", "source"),
                        List.of("logits", "decoder.gru.0.h.next", "decoder.gru.1.h.next", "encoder.gru.0.h", "encoder.gru.1.h"),
                        model -> {
                            assertThat(metadata(model)).doesNotContainKey(OnnxExporter.CONTRACT_KEY);
                            assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("GRU"))
                                    .allSatisfy(node -> {
                                        assertThat(attribute(node, "linear_before_reset").getI()).isEqualTo(1);
                                        assertThat(attribute(node, "hidden_size").getI()).isEqualTo(5);
                                    });
                        }),
                new FileCase("drum-vae", vae.spec(), vae.weights(), "LSTM", 4,
                        List.of("x", "decoder.lstm.0.h", "decoder.lstm.0.c", "decoder.lstm.1.h", "decoder.lstm.1.c", "latent.z",
                                "source"),
                        List.of("logits", "decoder.lstm.0.h.next", "decoder.lstm.0.c.next", "decoder.lstm.1.h.next",
                                "decoder.lstm.1.c.next", "latent.z.next", "latent.sigma", "encoded.decoder.lstm.0.h",
                                "encoded.decoder.lstm.0.c", "encoded.decoder.lstm.1.h", "encoded.decoder.lstm.1.c", "latent.mu"),
                        model -> {
                            assertThat(metadata(model)).doesNotContainKey(OnnxExporter.CONTRACT_KEY);
                            assertThat(model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(2).getDimValue())
                                    .as("x: the previous frame and the hit controls").isEqualTo(27 + 9);
                            assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("LSTM"))
                                    .extracting(node -> attribute(node, "direction").getS().toStringUtf8())
                                    .containsExactly("forward", "forward", "bidirectional", "bidirectional");
                        }));
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("files")
    void anExportedFileHoldsTheCanonicalWeightsRecurrentNodesAndItsDescription(FileCase file) {
        Provenance provenance = Provenance.imported("java", "test", 104, "OnnxExporterTest");
        ModelProto model = OnnxExporter.export(file.spec(), file.weights(), provenance);
        assertThat(model.getIrVersion()).isEqualTo(OnnxExporter.IR_VERSION);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(OnnxExporter.OPSET);
        assertThat(model.getProducerName()).isEqualTo("midigen");
        Map<String, String> metadata = metadata(model);
        assertThat(ModelSpec.fromJson(metadata.get(OnnxExporter.SPEC_KEY))).isEqualTo(file.spec());
        assertThat(metadata.get(OnnxExporter.PROVENANCE_KEY)).contains("\"createdBy\":\"OnnxExporterTest\"");
        assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals(file.cell())).hasSize(file.cells());
        assertThat(model.getGraph().getInputList()).extracting(input -> input.getName()).containsExactlyElementsOf(file.inputs());
        assertThat(model.getGraph().getOutputList()).extracting(output -> output.getName()).containsExactlyElementsOf(file.outputs());
        // an output a node computes is that node's output; only an input passed through (a drum VAE's z) is copied
        List<String> inputs = model.getGraph().getInputList().stream().map(input -> input.getName()).toList();
        assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("Identity"))
                .allSatisfy(node -> assertThat(inputs).contains(node.getInput(0)));
        file.more().accept(model);

        Map<String, TensorProto> initializers = new HashMap<>();
        model.getGraph().getInitializerList().forEach(tensor -> initializers.put(tensor.getName(), tensor));
        for (Map.Entry<String, int[]> entry : CanonicalLayout.shapes(file.spec()).entrySet()) {
            TensorProto tensor = initializers.get(entry.getKey());
            assertThat(tensor).as(entry.getKey()).isNotNull();
            assertThat(tensor.getDimsList().stream().mapToInt(Long::intValue).toArray()).as(entry.getKey()).containsExactly(entry.getValue());
            float[] values = new float[tensor.getRawData().size() / 4];
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            assertThat(values).as(entry.getKey()).containsExactly(file.weights().get(entry.getKey()).toArray());
        }
    }

    /**
     * A model and a batch for it: every LSTM conformance network, every seq2seq one, a seq2seq over the piano's 88 keys,
     * every drum-VAE one and a drum VAE of one encoder layer and three decoder layers reading a longer source.
     */
    record RunCase(String name, ModelSpec spec, Weights weights, ModelBatch batch) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RunCase> runs() {
        List<RunCase> runs = new ArrayList<>();
        for (Case network : ConformanceNetworks.cases()) {
            runs.add(new RunCase(network.name(), network.spec(), network.weights(),
                    ModelBatch.of(ConformanceNetworks.inputs(3, 9, network.network().inputSize(), 11))));
        }
        for (FrameConformanceCases.FrameCase network : FrameConformanceCases.cases()) {
            runs.add(new RunCase(network.name(), network.spec(), network.weights(), FrameConformanceCases.batch(3, 12, 9, 7, 17).inputs()));
        }
        ModelSpec piano = new ModelSpec(new Seq2SeqGru(24, 2, 16), PianoRollSpec.PIANO, 5);
        runs.add(new RunCase("seq2seq on the piano roll", piano, FrameConformanceCases.weights(piano, 5),
                FrameConformanceCases.batch(3, 12, 9, 88, 17).inputs()));
        for (VaeConformanceCases.VaeCase network : VaeConformanceCases.cases()) {
            runs.add(new RunCase(network.name(), network.spec(), network.weights(),
                    VaeConformanceCases.inputs(network.spec(), 3, 9, 19)));
        }
        ModelSpec vae = new ModelSpec(new DrumVae(List.of(7), 3, List.of(4, 5, 3), 2, 0.2, 2, GrooveTransform.HUMANIZE)
                .withHitControls(true), GrooveSpec.GROOVAE, 23);
        runs.add(new RunCase("drum-vae: one encoder layer, three decoder layers, a source of 13 steps decoded over 6", vae,
                VaeConformanceCases.weights(vae, 23), new ModelBatch(VaeConformanceCases.inputs(vae, 3, 6, 29).inputs(),
                VaeConformanceCases.frames(vae, 3, 13, 31))));
        return runs.stream();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void exportedFilesAndTheBackendsModelsGiveTheReferencesLogits(RunCase run) throws Exception {
        ModelBatch batch = run.batch();
        SequenceBatch expected = referenceScore(run.spec(), run.weights(), batch);
        byte[] file = OnnxExporter.toBytes(run.spec(), run.weights(), null);
        assertThat(Fixtures.largestDifference(expected, OnnxExporter.scoreExported(file, batch))).as("the exported file")
                .isLessThanOrEqualTo(TOLERANCE);
        try (SequenceModel model = backend.fromWeights(run.spec(), run.weights())) {
            assertThat(Fixtures.largestDifference(expected, model.score(batch))).as("score").isLessThanOrEqualTo(TOLERANCE);
            try (Decoder decoder = model.newDecoder(batch.batch())) {
                if (batch.hasSource()) {
                    decoder.setState(model.encode(batch.source()));
                }
                steps(expected, batch.inputs(), decoder, "decoder");
            }
        }
        String contract = metadata(ModelProto.parseFrom(file)).get(OnnxExporter.CONTRACT_KEY);
        if (contract != null) { // a file that carries its contract runs as a foreign model
            OnnxContract parsed = OnnxContract.parse(contract);
            try (SequenceModel model = backend.foreign(file, parsed); Decoder decoder = model.newDecoder(batch.batch())) {
                assertThat(Fixtures.largestDifference(expected, model.score(batch))).as("foreign: score").isLessThanOrEqualTo(TOLERANCE);
                steps(expected, batch.inputs(), decoder, "foreign: decoder");
                assertThat(decoder.state().names()).isEqualTo(parsed.state().stream().map(OnnxContract.State::in).toList());
            }
        }
    }

    /** Steps {@code decoder} through {@code inputs}, each step's logits within the tolerance of {@code expected}'s. */
    private static void steps(SequenceBatch expected, SequenceBatch inputs, Decoder decoder, String what) {
        int rows = inputs.batch();
        int width = inputs.width();
        int labels = expected.width();
        for (int t = 0; t < inputs.time(); t++) {
            float[] step = new float[rows * width];
            for (int b = 0; b < rows; b++) {
                System.arraycopy(inputs.vector(b, t), 0, step, b * width, width);
            }
            float[] logits = decoder.step(step);
            for (int b = 0; b < rows; b++) {
                assertThat(Fixtures.largestDifference(expected.vector(b, t), Arrays.copyOfRange(logits, b * labels, (b + 1) * labels)))
                        .as("%s: sequence %d step %d", what, b, t).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    /** A drum-kit network: input 518 (one-hot token and 6 counters), 512 labels, 2 layers and attention over 3. */
    private static ModelSpec drumSpec() {
        return new ModelSpec(new DrumRnn(List.of(6, 5), 3), DrumKitSpec.MAGENTA, 41);
    }

    private static int[][] drumTokens(int batch, int time) {
        SplittableRandom random = new SplittableRandom(5);
        int[][] tokens = new int[batch][time];
        for (int[] row : tokens) {
            for (int t = 0; t < time; t++) {
                row[t] = random.nextInt(4) == 0 ? random.nextInt(512) : 0;
            }
        }
        return tokens;
    }

    @Test
    void theDecodersSparseAndDenseStepGraphsGiveTheReferencesLogits() {
        ModelSpec spec = drumSpec();
        Weights weights = ConformanceNetworks.weights(spec.lstmNetwork(), spec.seed());
        TokenCodec<?> codec = spec.tokenCodec();
        int[][] tokens = drumTokens(4, 12);
        SequenceBatch inputs = Fixtures.features(codec, tokens);
        SequenceBatch expected = referenceScore(spec, weights, ModelBatch.of(inputs));
        for (String sparse : List.of("auto", "true", "false")) {
            String before = System.getProperty(OnnxRuntime.SPARSE_PROPERTY);
            System.setProperty(OnnxRuntime.SPARSE_PROPERTY, sparse);
            try (SequenceModel model = backend.fromWeights(spec, weights); Decoder decoder = model.newDecoder(4)) {
                assertThat(((OnnxModel) model).stepGraph().sparse()).as(sparse).isEqualTo(!sparse.equals("false"));
                assertThat(Fixtures.largestDifference(expected, model.score(inputs))).as("score").isLessThanOrEqualTo(TOLERANCE);
                steps(expected, inputs, decoder, "sparse=" + sparse);
                // dense features through the sparse graph: correct, only slower (all rows gathered)
                float[] dense = ConformanceNetworks.inputs(4, 1, codec.inputSize(), 3).toArray();
                decoder.reset();
                float[] logits = decoder.step(dense);
                SequenceBatch denseExpected = referenceScore(spec, weights,
                        ModelBatch.of(SequenceBatch.wrap(4, 1, codec.inputSize(), dense)));
                assertThat(Fixtures.largestDifference(denseExpected.toArray(), logits)).isLessThanOrEqualTo(TOLERANCE);
            } finally {
                if (before == null) {
                    System.clearProperty(OnnxRuntime.SPARSE_PROPERTY);
                } else {
                    System.setProperty(OnnxRuntime.SPARSE_PROPERTY, before);
                }
            }
        }
    }

    @Test
    void aModelWithATimeAxisOfOneIsScoredStepByStep() throws InvalidProtocolBufferException {
        Case network = ConformanceNetworks.cases().get(1);
        ModelProto.Builder model = OnnxExporter.export(network.spec(), network.weights(), null).toBuilder();
        model.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1)
                .clearDimParam().setDimValue(1);
        model.getGraphBuilder().getOutputBuilderList().stream().filter(output -> output.getName().equals("logits")).findFirst()
                .orElseThrow().getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).clearDimParam().setDimValue(1);
        OnnxContract contract = OnnxContract.parse(metadata(model.build()).get(OnnxExporter.CONTRACT_KEY));
        SequenceBatch inputs = ConformanceNetworks.inputs(2, 7, 7, 19);
        try (SequenceModel stepModel = backend.foreign(model.build().toByteArray(), contract)) {
            assertThat(((OnnxModel) stepModel).signature().dynamicTime).isFalse();
            assertThat(Fixtures.largestDifference(referenceScore(network.spec(), network.weights(), ModelBatch.of(inputs)),
                    stepModel.score(inputs))).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void probabilityOutputsBecomeLogits() {
        Case network = ConformanceNetworks.cases().get(0);
        ModelProto.Builder model = OnnxExporter.export(network.spec(), network.weights(), null).toBuilder();
        var graph = model.getGraphBuilder();
        for (int i = 0; i < graph.getOutputCount(); i++) {
            if (graph.getOutput(i).getName().equals("logits")) {
                graph.setOutput(i, graph.getOutput(i).toBuilder().setName("probabilities"));
            }
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Softmax").addInput("logits").addOutput("probabilities")
                .addAttribute(OnnxGraph.attribute("axis", -1L)));
        OnnxContract exported = OnnxContract.parse(metadata(model.build()).get(OnnxExporter.CONTRACT_KEY));
        OnnxContract contract = new OnnxContract(exported.family(), exported.encoding(), exported.input(),
                new OnnxContract.Output("probabilities", OnnxContract.OutputKind.PROBABILITIES), exported.state(), exported.stateShape());
        SequenceBatch inputs = ConformanceNetworks.inputs(2, 5, 7, 23);
        SequenceBatch expected = referenceScore(network.spec(), network.weights(), ModelBatch.of(inputs));
        try (SequenceModel probabilities = backend.foreign(model.build().toByteArray(), contract)) {
            SequenceBatch logits = probabilities.score(inputs);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 5; t++) {
                    // log-probabilities: they differ by what the logits differ by, and their exponentials sum to 1
                    float[] want = expected.vector(b, t);
                    float[] got = logits.vector(b, t);
                    double total = 0;
                    for (int i = 0; i < got.length; i++) {
                        assertThat((double) got[i] - got[0]).isCloseTo((double) want[i] - want[0], within(TOLERANCE));
                        total += Math.exp(got[i]);
                    }
                    assertThat(total).isCloseTo(1, within(TOLERANCE));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void writeIsWholeDeterministicAndRefusesAnExistingFileUnlessOverwriting(FileCase network) throws Exception {
        Path file = temp.resolve("model.onnx");
        OnnxExporter.write(network.spec(), network.weights(), null, file, false);
        byte[] first = Files.readAllBytes(file);
        assertThat(ModelProto.parseFrom(first).getGraph().getNodeList()).isNotEmpty();
        assertThatThrownBy(() -> OnnxExporter.write(network.spec(), network.weights(), null, file, false))
                .isInstanceOf(FileAlreadyExistsException.class);
        OnnxExporter.write(network.spec(), network.weights(), null, file, true);
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(OnnxExporter.toBytes(network.spec(), network.weights(), null)).as("deterministic bytes").isEqualTo(first);
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theExporterRefusesWhatItCannotWrite() {
        Case network = ConformanceNetworks.cases().get(1);
        Map<String, Tensor> missing = new HashMap<>(network.weights().asMap());
        missing.remove(LstmLayout.ATTENTION);
        assertThatThrownBy(() -> OnnxExporter.export(network.spec(), Weights.of(missing), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LstmLayout.ATTENTION);
        ModelSpec gru = new ModelSpec(Seq2SeqGru.DEEP_MUSICIAN, PianoRollSpec.PIANO, 0);
        assertThatThrownBy(() -> OnnxExporter.export(gru, Weights.of(Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing encoder.gru.0.W");
        ModelSpec foreign = OnnxBackend.specOf(Fixtures.pytorchContract());
        assertThatThrownBy(() -> OnnxExporter.export(foreign, Weights.of(Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not foreign");
        ModelSpec small = new ModelSpec(new Seq2SeqGru(4, 1, 3), PianoRollSpec.PIANO, 1);
        byte[] file = OnnxExporter.toBytes(small, CanonicalLayout.initial(small, 1), null);
        assertThatThrownBy(() -> OnnxExporter.scoreExported(file, ModelBatch.of(FrameConformanceCases.frames(1, 2, 88, 0.3, 1))))
                .as("a seq2seq file reads a source").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
    }

    /**
     * One key, one unit, one layer, classifier of one: W, R, B and the classifier chosen by hand; the expected logits
     * are GruLayout's equations written out here (so ONNX's GRU node — its B layout and its linear_before_reset —
     * is checked without the reference).
     */
    @Test
    void oneKeyOneUnitGruByHand() {
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(1, 1, 1), new PianoRollSpec(4, 60, 1, false), 1);
        float[] w = {0.5f, -1.0f, 0.8f};            // z, r, h
        float[] r = {0.3f, 0.7f, -1.2f};
        float[] b = {0.1f, -0.2f, 0.05f, 0.2f, 0.4f, -0.3f}; // Wb (z, r, h), Rb (z, r, h)
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String prefix : new String[] {Seq2SeqLayout.ENCODER, Seq2SeqLayout.DECODER}) {
            tensors.put(prefix + "gru.0.W", Tensor.of(w, 3, 1));
            tensors.put(prefix + "gru.0.R", Tensor.of(r, 3, 1));
            tensors.put(prefix + "gru.0.B", Tensor.of(b, 6));
        }
        tensors.put(Seq2SeqLayout.HIDDEN_WEIGHTS, Tensor.of(new float[] {2f}, 1, 1));
        tensors.put(Seq2SeqLayout.HIDDEN_BIAS, Tensor.of(new float[] {0.1f}, 1));
        tensors.put(Seq2SeqLayout.OUTPUT_WEIGHTS, Tensor.of(new float[] {-1.5f}, 1, 1));
        tensors.put(Seq2SeqLayout.OUTPUT_BIAS, Tensor.of(new float[] {0.25f}, 1));
        Weights weights = Weights.of(tensors);
        float[] source = {1, 0, 1};
        float[] target = {1, 1};
        double h = 0;
        for (float x : source) {
            h = gru(w, r, b, x, h);
        }
        // decoder: step 0 reads the last source frame (1), step 1 the first target frame (1)
        double[] expected = new double[2];
        double[] inputs = {source[2], target[0]};
        for (int t = 0; t < 2; t++) {
            h = gru(w, r, b, inputs[t], h);
            expected[t] = -1.5 * Math.max(0, 2 * h + 0.1) + 0.25;
        }
        ModelBatch batch = ModelBatch.teacherForced(SequenceBatch.wrap(1, 3, 1, source), SequenceBatch.wrap(1, 2, 1, target));
        SequenceBatch fromFile = OnnxExporter.scoreExported(OnnxExporter.toBytes(spec, weights, null), batch);
        try (SequenceModel model = backend.fromWeights(spec, weights)) {
            SequenceBatch scored = model.score(batch);
            for (int t = 0; t < 2; t++) {
                assertThat((double) fromFile.get(0, t, 0)).as("the file, step " + t).isCloseTo(expected[t], within(1e-6));
                assertThat((double) scored.get(0, t, 0)).as("the backend, step " + t).isCloseTo(expected[t], within(1e-6));
            }
        }
    }

    private static double gru(float[] w, float[] r, float[] b, double x, double h) {
        double z = sigmoid(w[0] * x + r[0] * h + b[0] + b[3]);
        double reset = sigmoid(w[1] * x + r[1] * h + b[1] + b[4]);
        double candidate = Math.tanh(w[2] * x + reset * (r[2] * h + b[5]) + b[2]);
        return (1 - z) * candidate + z * h;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
