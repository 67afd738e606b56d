package dev.midigen.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.model.Decoder;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.conformance.FrameConformanceCases;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.Seq2SeqLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Seq2SeqExporter}'s files: GRU nodes with {@code linear_before_reset = 1} over the canonical tensors, the
 * encoder and decoder halves, and their logits on ONNX Runtime against the reference — on the piano roll's 88 keys
 * and, by hand, on a one-key, one-unit network whose every number is written out.
 */
class Seq2SeqExporterTest {
    private static final double TOLERANCE = 1e-4;
    private final OnnxBackend backend = new OnnxBackend(1);
    private final JavaBackend reference = new JavaBackend();

    @Test
    void anExportedFileHoldsGruNodesOverTheCanonicalWeights() {
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(5, 2, 4), FrameConformanceCases.SEVEN_KEYS, 3);
        Weights weights = FrameConformanceCases.weights(spec, 3);
        ModelProto model = Seq2SeqExporter.export(spec, weights, Provenance.imported("java", "test", 3, "Seq2SeqExporterTest"));
        assertThat(model.getGraph().getNodeList()).filteredOn(node -> node.getOpType().equals("GRU")).hasSize(4)
                .allSatisfy(node -> {
                    assertThat(attribute(node, "linear_before_reset").getI()).isEqualTo(1);
                    assertThat(attribute(node, "hidden_size").getI()).isEqualTo(5);
                });
        assertThat(model.getGraph().getInputList()).extracting(input -> input.getName())
                .containsExactly("x", "decoder.gru.0.h", "decoder.gru.1.h", "source");
        assertThat(model.getGraph().getOutputList()).extracting(output -> output.getName())
                .containsExactly("logits", "decoder.gru.0.h.next", "decoder.gru.1.h.next", "encoder.gru.0.h", "encoder.gru.1.h");
        Map<String, String> metadata = new HashMap<>();
        model.getMetadataPropsList().forEach(entry -> metadata.put(entry.getKey(), entry.getValue()));
        assertThat(ModelSpec.fromJson(metadata.get(OnnxExporter.SPEC_KEY))).isEqualTo(spec);
        assertThat(metadata.get(OnnxExporter.PROVENANCE_KEY)).contains("Seq2SeqExporterTest");
        Map<String, TensorProto> initializers = new HashMap<>();
        model.getGraph().getInitializerList().forEach(tensor -> initializers.put(tensor.getName(), tensor));
        for (Map.Entry<String, int[]> entry : Seq2SeqLayout.shapes(spec).entrySet()) {
            TensorProto tensor = initializers.get(entry.getKey());
            assertThat(tensor).as(entry.getKey()).isNotNull();
            assertThat(tensor.getDimsList().stream().mapToInt(Long::intValue).toArray()).as(entry.getKey())
                    .containsExactly(entry.getValue());
            float[] values = new float[tensor.getRawData().size() / 4];
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            assertThat(values).as(entry.getKey()).containsExactly(weights.get(entry.getKey()).toArray());
        }
        assertThat(OnnxExporter.export(spec, weights, null).getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .contains("GRU");
        assertThatThrownBy(() -> Seq2SeqExporter.export(spec, Weights.of(Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing classifier.1.W");
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void onThePianoRollTheExportedFileAndTheBackendGiveTheReferencesLogits() {
        ModelSpec spec = new ModelSpec(new Seq2SeqGru(24, 2, 16), PianoRollSpec.PIANO, 5);
        Weights weights = FrameConformanceCases.weights(spec, 5);
        FrameBatch batch = FrameConformanceCases.batch(3, 12, 9, 88, 17);
        SequenceBatch expected;
        try (FrameModel model = reference.frameModel(spec, weights)) {
            expected = model.score(batch);
        }
        byte[] file = Seq2SeqExporter.export(spec, weights, null).toByteArray();
        assertThat(Fixtures.largestDifference(expected, Seq2SeqExporter.scoreExported(file, batch))).as("the exported file")
                .isLessThanOrEqualTo(TOLERANCE);
        try (FrameModel model = backend.frameModel(spec, weights)) {
            assertThat(Fixtures.largestDifference(expected, model.score(batch))).as("score").isLessThanOrEqualTo(TOLERANCE);
            try (Decoder decoder = model.newDecoder(3)) {
                decoder.setState(model.encode(batch.source()));
                SequenceBatch inputs = batch.decoderInputs();
                for (int t = 0; t < 9; t++) {
                    float[] step = new float[3 * 88];
                    for (int b = 0; b < 3; b++) {
                        System.arraycopy(inputs.vector(b, t), 0, step, b * 88, 88);
                    }
                    float[] logits = decoder.step(step);
                    for (int b = 0; b < 3; b++) {
                        float[] row = java.util.Arrays.copyOfRange(logits, b * 88, (b + 1) * 88);
                        assertThat(Fixtures.largestDifference(expected.vector(b, t), row)).as("step " + t)
                                .isLessThanOrEqualTo(TOLERANCE);
                    }
                }
            }
        }
    }

    /**
     * One key, one unit, one layer, classifier of one: W, R, B and the classifier chosen by hand; the expected logits
     * are GruLayout's equations written out here (so ONNX's GRU node — its B layout and its linear_before_reset —
     * is checked without the reference).
     */
    @Test
    void oneKeyOneUnitByHand() {
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
        FrameBatch batch = new FrameBatch(SequenceBatch.wrap(1, 3, 1, source), SequenceBatch.wrap(1, 2, 1, target));
        SequenceBatch fromFile = Seq2SeqExporter.scoreExported(Seq2SeqExporter.export(spec, weights, null).toByteArray(), batch);
        try (FrameModel model = backend.frameModel(spec, weights)) {
            SequenceBatch scored = model.score(batch);
            for (int t = 0; t < 2; t++) {
                assertThat((double) fromFile.get(0, t, 0)).as("the file, step " + t).isCloseTo(expected[t],
                        org.assertj.core.api.Assertions.within(1e-6));
                assertThat((double) scored.get(0, t, 0)).as("the backend, step " + t).isCloseTo(expected[t],
                        org.assertj.core.api.Assertions.within(1e-6));
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
