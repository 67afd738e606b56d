package dev.midigen.bench.jmh;

import dev.midigen.bench.Workload;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Backends;
import dev.midigen.model.Decoder;
import dev.midigen.model.SequenceModel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decoder step at batch 1 of the reference workload's network ({@link Workload#DRUM_RNN}, initial weights) on each
 * backend, through the SPI: steps per second. The inputs cycle through 64 prepared drum-kit tokens, so no time goes
 * to building them (the harness's sampling figure includes the feedback; this is the kernel alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoderStepBenchmark {
    @Param({"java", "dl4j", "tf", "onnx"})
    public String backend;

    private SequenceModel model;
    private Decoder decoder;
    private float[][] inputs;
    private int next;

    @Setup
    public void open() {
        Workload workload = Workload.DRUM_RNN;
        model = Backends.discover().open(backend).fromWeights(workload.spec(), workload.initialWeights());
        decoder = model.newDecoder(1);
        TokenCodec<?> codec = workload.spec().tokenCodec();
        SplittableRandom random = new SplittableRandom(1);
        int[] tokens = new int[65];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = random.nextInt(codec.labelCount());
        }
        inputs = new float[64][codec.inputSize()];
        for (int t = 0; t < 64; t++) {
            codec.input(tokens, t, inputs[t], 0);
        }
    }

    @Benchmark
    public float[] step() {
        return decoder.step(inputs[next++ & 63]);
    }

    @TearDown
    public void close() {
        decoder.close();
        model.close();
    }
}
