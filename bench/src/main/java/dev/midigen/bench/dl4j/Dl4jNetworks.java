package dev.midigen.bench.dl4j;

import dev.midigen.model.Backends;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Canonical LSTM weights to and from a DeepLearning4J {@link MultiLayerNetwork} of {@link LSTM} layers and
 * an {@link RnnOutputLayer} (softmax, multi-class cross-entropy), for networks without attention. The
 * dl4j backend itself does not train through DL4J's layers (it is 5× slower here, see {@code docs/models.md});
 * this is the way into DL4J's own tooling, and the benchmarks' baseline ({@code MultiLayerNetworkBenchmark}).
 *
 * <p>DL4J's {@code LSTM} layer (measured, {@code Dl4jNetworksTest}): {@code W [n, 4H]}, {@code RW [H, 4H]},
 * one bias {@code b [4H]}, gate blocks in the order {@code c (tanh), f, o, i} along the {@code 4H} axis,
 * no peepholes; {@code RnnOutputLayer}: {@code W [m, O]}, {@code b [O]}. Import sums each gate's canonical
 * input and recurrent biases into DL4J's single bias; export writes DL4J's bias as the input bias and zero
 * recurrent biases (the same sums, so the same network).
 */
public final class Dl4jNetworks {
    /** DL4J's block {@code k} holds canonical gate {@code CANONICAL_GATE[k]}. */
    private static final int[] CANONICAL_GATE = {LstmLayout.GATE_C, LstmLayout.GATE_F, LstmLayout.GATE_O,
        LstmLayout.GATE_I};

    private Dl4jNetworks() {
    }

    /**
     * A MultiLayerNetwork computing {@code network} with {@code weights}, set up to train with {@code config}'s
     * Adam learning rate (and, when it clips, DL4J's per-layer L2 clipping — DL4J has no global-norm clipping).
     *
     * @throws IllegalArgumentException when the network has attention or the weights do not fit
     */
    public static MultiLayerNetwork toMultiLayerNetwork(LstmNetwork network, Weights weights, TrainingConfig config) {
        if (network.attentionLength() > 0) {
            throw new IllegalArgumentException("DL4J's MultiLayerNetwork has no layer for this attention; "
                    + "networks with attention run on the dl4j backend's own engine only");
        }
        LstmLayout.check(weights, network);
        requireNd4j();
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(config.learningRate()));
        if (config.clipNorm() > 0) {
            builder.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(config.clipNorm());
        }
        NeuralNetConfiguration.ListBuilder list = builder.list();
        int in = network.inputSize();
        for (int l = 0; l < network.layerSizes().size(); l++) {
            int h = network.layerSizes().get(l);
            LSTM.Builder layer = new LSTM.Builder().nIn(in).nOut(h).activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID);
            if (config.dropout() > 0 && l > 0) {
                layer.dropOut(1 - config.dropout()); // DL4J drops layer inputs, and takes the retain probability
            }
            list.layer(layer.build());
            in = h;
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(in).nOut(network.outputSize());
        if (config.dropout() > 0) {
            output.dropOut(1 - config.dropout());
        }
        list.layer(output.build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        setWeights(net, network, weights);
        return net;
    }

    /** Puts canonical {@code weights} into a network built by {@link #toMultiLayerNetwork}. */
    public static void setWeights(MultiLayerNetwork net, LstmNetwork network, Weights weights) {
        LstmLayout.check(weights, network);
        int in = network.inputSize();
        int layers = network.layerSizes().size();
        for (int l = 0; l < layers; l++) {
            int h = network.layerSizes().get(l);
            float[] w = weights.get(LstmLayout.inputWeights(l)).toArray();
            float[] r = weights.get(LstmLayout.recurrentWeights(l)).toArray();
            float[] b = weights.get(LstmLayout.biases(l)).toArray();
            float[] dw = new float[in * 4 * h];
            float[] dr = new float[h * 4 * h];
            float[] db = new float[4 * h];
            for (int block = 0; block < 4; block++) {
                int gate = CANONICAL_GATE[block];
                for (int u = 0; u < h; u++) {
                    int canonicalRow = gate * h + u;
                    int column = block * h + u;
                    for (int k = 0; k < in; k++) {
                        dw[k * 4 * h + column] = w[canonicalRow * in + k];
                    }
                    for (int k = 0; k < h; k++) {
                        dr[k * 4 * h + column] = r[canonicalRow * h + k];
                    }
                    db[column] = b[canonicalRow] + b[4 * h + canonicalRow];
                }
            }
            net.getParam(l + "_W").assign(Nd4j.create(dw, new long[] {in, 4L * h}, 'c'));
            net.getParam(l + "_RW").assign(Nd4j.create(dr, new long[] {h, 4L * h}, 'c'));
            net.getParam(l + "_b").assign(Nd4j.create(db, new long[] {4L * h}, 'c').reshape(net.getParam(l + "_b").shape()));
            in = h;
        }
        float[] ow = weights.get(LstmLayout.OUTPUT_WEIGHTS).toArray();
        int out = network.outputSize();
        float[] dow = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < in; k++) {
                dow[k * out + o] = ow[o * in + k];
            }
        }
        net.getParam(layers + "_W").assign(Nd4j.create(dow, new long[] {in, out}, 'c'));
        INDArray bias = net.getParam(layers + "_b");
        bias.assign(Nd4j.create(weights.get(LstmLayout.OUTPUT_BIAS).toArray(), bias.shape(), 'c'));
    }

    /** The canonical weights of a network built by {@link #toMultiLayerNetwork} (recurrent biases 0). */
    public static Weights weights(MultiLayerNetwork net, LstmNetwork network) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int in = network.inputSize();
        int layers = network.layerSizes().size();
        for (int l = 0; l < layers; l++) {
            int h = network.layerSizes().get(l);
            float[] dw = net.getParam(l + "_W").dup('c').data().asFloat();
            float[] dr = net.getParam(l + "_RW").dup('c').data().asFloat();
            float[] db = net.getParam(l + "_b").dup('c').data().asFloat();
            float[] w = new float[4 * h * in];
            float[] r = new float[4 * h * h];
            float[] b = new float[8 * h];
            for (int block = 0; block < 4; block++) {
                int gate = CANONICAL_GATE[block];
                for (int u = 0; u < h; u++) {
                    int canonicalRow = gate * h + u;
                    int column = block * h + u;
                    for (int k = 0; k < in; k++) {
                        w[canonicalRow * in + k] = dw[k * 4 * h + column];
                    }
                    for (int k = 0; k < h; k++) {
                        r[canonicalRow * h + k] = dr[k * 4 * h + column];
                    }
                    b[canonicalRow] = db[column];
                }
            }
            tensors.put(LstmLayout.inputWeights(l), Tensor.wrap(w, 4 * h, in));
            tensors.put(LstmLayout.recurrentWeights(l), Tensor.wrap(r, 4 * h, h));
            tensors.put(LstmLayout.biases(l), Tensor.wrap(b, 8 * h));
            in = h;
        }
        int out = network.outputSize();
        float[] dow = net.getParam(layers + "_W").dup('c').data().asFloat();
        float[] ow = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < in; k++) {
                ow[o * in + k] = dow[k * out + o];
            }
        }
        tensors.put(LstmLayout.OUTPUT_WEIGHTS, Tensor.wrap(ow, out, in));
        tensors.put(LstmLayout.OUTPUT_BIAS, Tensor.wrap(net.getParam(layers + "_b").dup('c').data().asFloat(), out));
        return Weights.of(tensors);
    }

    /**
     * Loads nd4j the way the dl4j backend does (its natives, and one OpenMP thread unless {@code OMP_NUM_THREADS}
     * says otherwise), through the SPI: opening the backend probes and loads it.
     *
     * @throws IllegalArgumentException saying why nd4j cannot run here
     */
    public static void requireNd4j() {
        Backends.discover().open("dl4j");
    }

    /** DL4J's recurrent layout of {@code batch × time × width} row-major values: {@code [batch, width, time]}. */
    public static INDArray features(float[] values, int batch, int time, int width) {
        return Nd4j.create(values, new long[] {batch, time, width}, 'c').permute(0, 2, 1).dup('c');
    }
}
