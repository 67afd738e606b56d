package dev.midigen.bench.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.model.LstmNetwork;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.testkit.ConformanceNetworks.Case;
import dev.midigen.model.testkit.ConformanceNetworks;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The canonical ⇄ DL4J LSTM mapping, checked against the reference backend's numbers. */
class Dl4jNetworksTest {
    private static final TrainingConfig CONFIG = TrainingConfig.builder().clipNorm(0).batchSize(2).windowSteps(4).steps(1)
            .dropout(0).evalInterval(0).checkpointMinutes(0).build();

    @BeforeAll
    static void nd4j() {
        Dl4jNetworks.requireNd4j();
    }

    static List<Case> withoutAttention() {
        return ConformanceNetworks.cases().stream().filter(c -> c.network().attentionLength() == 0).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutAttention")
    void multiLayerNetworkComputesTheReferenceProbabilities(Case network) {
        LstmNetwork shape = network.network();
        Weights weights = network.weights();
        int batch = 3;
        int time = 6;
        SequenceBatch inputs = ConformanceNetworks.inputs(batch, time, shape.inputSize(), 5);
        MultiLayerNetwork net = Dl4jNetworks.toMultiLayerNetwork(shape, weights, CONFIG);
        INDArray probabilities = net.output(Dl4jNetworks.features(inputs.toArray(), batch, time, shape.inputSize()));
        assertThat(probabilities.shape()).containsExactly(batch, shape.outputSize(), time);
        SequenceBatch expected;
        try (SequenceModel model = new JavaBackend().fromWeights(network.spec(), weights)) {
            expected = model.score(inputs);
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                double[] softmax = softmax(expected.vector(b, t));
                for (int k = 0; k < softmax.length; k++) {
                    assertThat(probabilities.getDouble(b, k, t)).as("%s: sequence %d step %d class %d", network, b, t, k)
                            .isCloseTo(softmax[k], org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }

        Weights exported = Dl4jNetworks.weights(net, shape);
        LstmLayout.check(exported, shape);
        for (int l = 0; l < shape.layerSizes().size(); l++) {
            float[] biases = exported.get(LstmLayout.biases(l)).toArray();
            float[] original = weights.get(LstmLayout.biases(l)).toArray();
            int gates = biases.length / 2;
            for (int k = 0; k < gates; k++) {
                assertThat(biases[gates + k]).as("exported recurrent bias").isZero();
                assertThat(biases[k]).as("exported bias = input + recurrent")
                        .isCloseTo(original[k] + original[gates + k], org.assertj.core.data.Offset.offset(1e-6f));
            }
            assertThat(exported.get(LstmLayout.inputWeights(l))).isEqualTo(weights.get(LstmLayout.inputWeights(l)));
            assertThat(exported.get(LstmLayout.recurrentWeights(l))).isEqualTo(weights.get(LstmLayout.recurrentWeights(l)));
        }
        assertThat(exported.get(LstmLayout.OUTPUT_WEIGHTS)).isEqualTo(weights.get(LstmLayout.OUTPUT_WEIGHTS));
        assertThat(exported.get(LstmLayout.OUTPUT_BIAS)).isEqualTo(weights.get(LstmLayout.OUTPUT_BIAS));
    }

    @Test
    void attentionHasNoMultiLayerNetwork() {
        Case network = ConformanceNetworks.cases().get(1);
        assertThat(network.network().attentionLength()).isPositive();
        assertThatThrownBy(() -> Dl4jNetworks.toMultiLayerNetwork(network.network(), network.weights(), CONFIG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attention");
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
