package dev.midigen.bench.jmh;

import dev.midigen.bench.Workload;
import dev.midigen.model.Backends;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingBatch;
import java.util.List;
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
 * One training step (forward, backward, clipping, Adam) of the reference workload ({@link Workload#DRUM_RNN}: batch
 * 64 × 64, no dropout) on the backends that train, through the SPI: milliseconds per step. Four batches built in
 * setup, used in turn. A step takes a few hundred milliseconds on 2 cores, so iterations are long.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TrainingStepBenchmark {
    @Param({"dl4j", "tf"})
    public String backend;

    private Trainer trainer;
    private List<TrainingBatch> batches;
    private int next;

    @Setup
    public void open() {
        Workload workload = Workload.DRUM_RNN;
        batches = workload.batches(4);
        trainer = Backends.discover().open(backend).newTrainer(workload.spec(), workload.config(1_000_000, 0),
                workload.initialWeights());
    }

    @Benchmark
    public double step() {
        return trainer.step(batches.get(next++ & 3));
    }

    @TearDown
    public void close() {
        trainer.close();
    }
}
