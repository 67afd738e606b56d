package dev.midigen.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Decoder;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.conformance.ConformanceNetworks;
import dev.midigen.model.conformance.ConformanceNetworks.Case;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxExporter}'s files: what they hold, that ONNX Runtime loads them and, driven through the contract they carry,
 * gives the reference's logits; the decoders' step graph (sparse and dense input) against the reference on a drum-kit
 * network; step-only models and probability outputs.
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

    private SequenceBatch referenceScore(ModelSpec spec, Weights weights, SequenceBatch inputs) {
        try (SequenceModel model = reference.fromWeights(spec, weights)) {
            return model.score(inputs);
        }
    }

    @Test
    void anExportedFileHoldsTheCanonicalWeightsLstmNodesAndItsDescription() throws Exception {
        Case network = ConformanceNetworks.cases().get(3); // drum-rnn: 3 layers of 3, 5, 3, attention over 2
        Provenance provenance = Provenance.imported("java", "test", 104, "OnnxExporterTest");
        ModelProto model = OnnxExporter.export(network.spec(), network.weights(), provenance);
        assertThat(model.getIrVersion()).isEqualTo(OnnxExporter.IR_VERSION);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(OnnxExporter.OPSET);
        assertThat(model.getProducerName()).isEqualTo("midigen");
        Map<String, String> metadata = metadata(model);
        assertThat(ModelSpec.fromJson(metadata.get(OnnxExporter.SPEC_KEY))).isEqualTo(network.spec());
        assertThat(metadata.get(OnnxExporter.PROVENANCE_KEY)).contains("\"createdBy\":\"OnnxExporterTest\"");
        OnnxContract contract = OnnxContract.parse(metadata.get(OnnxExporter.CONTRACT_KEY));
        assertThat(contract.state()).extracting(OnnxContract.State::in)
                .containsExactly("lstm.0.h", "lstm.0.c", "lstm.1.h", "lstm.1.c", "lstm.2.h", "lstm.2.c", "attention.memory", "attention.count");
        assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("LSTM")).hasSize(3)
                .allSatisfy(node -> assertThat(node.getInput(5)).startsWith("unsqueeze"));
        assertThat(model.getGraph().getInputList()).extracting(input -> input.getName())
                .containsExactly("x", "lstm.0.h", "lstm.0.c", "lstm.1.h", "lstm.1.c", "lstm.2.h", "lstm.2.c", "attention.memory",
                        "attention.count");
        assertThat(model.getGraph().getOutputList()).extracting(output -> output.getName())
                .containsExactly("logits", "lstm.0.h.next", "lstm.0.c.next", "lstm.1.h.next", "lstm.1.c.next", "lstm.2.h.next",
                        "lstm.2.c.next", "attention.memory.next", "attention.count.next");
        assertThat(model.getGraph().getNodeList()).extracting(NodeProto::getOpType).doesNotContain("Identity");

        Map<String, TensorProto> initializers = new HashMap<>();
        model.getGraph().getInitializerList().forEach(tensor -> initializers.put(tensor.getName(), tensor));
        for (Map.Entry<String, int[]> entry : LstmLayout.shapes(network.network()).entrySet()) {
            TensorProto tensor = initializers.get(entry.getKey());
            assertThat(tensor).as(entry.getKey()).isNotNull();
            assertThat(tensor.getDimsList().stream().mapToInt(Long::intValue).toArray()).as(entry.getKey()).containsExactly(entry.getValue());
            float[] values = new float[tensor.getRawData().size() / 4];
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            assertThat(values).as(entry.getKey()).containsExactly(network.weights().get(entry.getKey()).toArray());
        }
    }

    @Test
    void exportedFilesRunOnOnnxRuntimeThroughTheirContractWithTheReferencesLogits() throws Exception {
        for (Case network : ConformanceNetworks.cases()) {
            byte[] bytes = OnnxExporter.toBytes(network.spec(), network.weights(), null);
            OnnxContract contract = OnnxContract.parse(metadata(ModelProto.parseFrom(bytes)).get(OnnxExporter.CONTRACT_KEY));
            SequenceBatch inputs = ConformanceNetworks.inputs(3, 9, network.network().inputSize(), 11);
            SequenceBatch expected = referenceScore(network.spec(), network.weights(), inputs);
            try (SequenceModel model = backend.foreign(bytes, contract)) {
                assertThat(Fixtures.largestDifference(expected, model.score(inputs))).as(network + ": score").isLessThanOrEqualTo(TOLERANCE);
                try (Decoder decoder = model.newDecoder(3)) {
                    for (int t = 0; t < 9; t++) {
                        float[] step = new float[3 * inputs.width()];
                        for (int b = 0; b < 3; b++) {
                            System.arraycopy(inputs.vector(b, t), 0, step, b * inputs.width(), inputs.width());
                        }
                        float[] logits = decoder.step(step);
                        for (int b = 0; b < 3; b++) {
                            float[] row = Arrays.copyOfRange(logits, b * 4, b * 4 + 4);
                            assertThat(Fixtures.largestDifference(expected.vector(b, t), row)).as(network + ": step " + t)
                                    .isLessThanOrEqualTo(TOLERANCE);
                        }
                    }
                    assertThat(decoder.state().names()).isEqualTo(contract.state().stream().map(OnnxContract.State::in).toList());
                }
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
        SequenceBatch expected = referenceScore(spec, weights, inputs);
        for (String sparse : List.of("auto", "true", "false")) {
            String before = System.getProperty(OnnxRuntime.SPARSE_PROPERTY);
            System.setProperty(OnnxRuntime.SPARSE_PROPERTY, sparse);
            try (SequenceModel model = backend.fromWeights(spec, weights); Decoder decoder = model.newDecoder(4)) {
                assertThat(((OnnxModel) model).stepGraph().sparse()).as(sparse).isEqualTo(!sparse.equals("false"));
                assertThat(Fixtures.largestDifference(expected, model.score(inputs))).as("score").isLessThanOrEqualTo(TOLERANCE);
                for (int t = 0; t < 12; t++) {
                    float[] step = new float[4 * codec.inputSize()];
                    for (int b = 0; b < 4; b++) {
                        codec.input(tokens[b], t, step, b * codec.inputSize());
                    }
                    float[] logits = decoder.step(step);
                    for (int b = 0; b < 4; b++) {
                        assertThat(Fixtures.largestDifference(expected.vector(b, t), Arrays.copyOfRange(logits, b * 512, (b + 1) * 512)))
                                .as("sparse=%s, sequence %d step %d", sparse, b, t).isLessThanOrEqualTo(TOLERANCE);
                    }
                }
                // dense features through the sparse graph: correct, only slower (all rows gathered)
                float[] dense = ConformanceNetworks.inputs(4, 1, codec.inputSize(), 3).toArray();
                decoder.reset();
                float[] logits = decoder.step(dense);
                SequenceBatch denseExpected = referenceScore(spec, weights, SequenceBatch.wrap(4, 1, codec.inputSize(), dense));
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
            assertThat(Fixtures.largestDifference(referenceScore(network.spec(), network.weights(), inputs), stepModel.score(inputs)))
                    .isLessThanOrEqualTo(TOLERANCE);
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
        SequenceBatch expected = referenceScore(network.spec(), network.weights(), inputs);
        try (SequenceModel probabilities = backend.foreign(model.build().toByteArray(), contract)) {
            SequenceBatch logits = probabilities.score(inputs);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 5; t++) {
                    float[] want = logSoftmax(expected.vector(b, t));
                    assertThat(Fixtures.largestDifference(want, logits.vector(b, t))).isLessThanOrEqualTo(TOLERANCE);
                }
            }
        }
    }

    private static float[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : logits) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : logits) {
            sum += Math.exp(value - max);
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (logits[i] - max - Math.log(sum));
        }
        return out;
    }

    @Test
    void writeIsWholeAndRefusesAnExistingFileUnlessOverwriting() throws Exception {
        Case network = ConformanceNetworks.cases().get(0);
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
        ModelSpec gru = new ModelSpec(dev.midigen.model.Seq2SeqGru.DEEP_MUSICIAN, dev.midigen.codec.encoding.PianoRollSpec.PIANO, 0);
        assertThatThrownBy(() -> OnnxExporter.export(gru, Weights.of(Map.of()), null))
                .as("a seq2seq-gru goes to Seq2SeqExporter, which checks its weights")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing encoder.gru.0.W");
    }
}
