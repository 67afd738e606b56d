package dev.midigen.bench.jmh;

import dev.midigen.bench.Workload;
import dev.midigen.bench.dl4j.Dl4jNetworks;
import dev.midigen.model.LstmNetwork;
import dev.midigen.model.Targets;
import dev.midigen.model.TrainingBatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline the dl4j backend's own engine is measured against: the reference workload on DeepLearning4J's own
 * {@code MultiLayerNetwork} (two {@code LSTM} layers and an {@code RnnOutputLayer}, Adam, DL4J's per-layer clipping at
 * 3: it has no global-norm clipping) built by {@link Dl4jNetworks}: milliseconds per {@code fit} of one batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class MultiLayerNetworkBenchmark {
    private MultiLayerNetwork net;
    private DataSet data;

    @Setup
    public void build() {
        Dl4jNetworks.requireNd4j();
        Workload workload = Workload.DRUM_RNN;
        LstmNetwork network = workload.spec().lstmNetwork();
        net = Dl4jNetworks.toMultiLayerNetwork(network, workload.initialWeights(), workload.config(1, 0));
        TrainingBatch batch = workload.batches(1).get(0);
        int rows = batch.inputs().batch();
        int time = batch.inputs().time();
        int classes = network.outputSize();
        Targets.Categorical targets = batch.categoricalTargets();
        float[] oneHot = new float[rows * time * classes];
        for (int i = 0; i < rows * time; i++) {
            oneHot[i * classes + targets.labels()[i]] = 1f;
        }
        data = new DataSet(Dl4jNetworks.features(batch.inputs().inputs().toArray(), rows, time, network.inputSize()),
                Dl4jNetworks.features(oneHot, rows, time, classes), null,
                Nd4j.create(targets.mask(), new long[] {rows, time}, 'c'));
    }

    @Benchmark
    public MultiLayerNetwork fit() {
        net.fit(data);
        return net;
    }
}
