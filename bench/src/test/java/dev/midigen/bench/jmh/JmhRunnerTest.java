package dev.midigen.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The annotation-processed suite runs through JMH's Runner (in this JVM, one short iteration: no timing asserted). */
class JmhRunnerTest {

    @Test
    void theParseBenchmarkRunsAndGivesAResult() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ParseBenchmark.class.getName() + ".midigen")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .build()).run();

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.getParams().getBenchmark()).endsWith("ParseBenchmark.midigen");
            assertThat(r.getPrimaryResult().getScore()).isPositive();
        });
    }
}
