package dev.midigen.backend.tf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * For the benches' {@code --profile}: sums the op times of traced session runs by op type (the type in our graph,
 * whatever kernel TensorFlow ran for it) and prints the largest.
 */
final class OpProfile implements Consumer<RunMetadata> {
    /** Run options that make TensorFlow time every op. */
    private static final RunOptions FULL_TRACE = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();

    private final Graph graph;
    private final Map<String, long[]> byType = new TreeMap<>();
    private int runs;

    private OpProfile(Graph graph) {
        this.graph = graph;
    }

    /**
     * Runs {@code step} {@code steps} times (with 0, 1, …) with every run through {@code runs} traced, then prints the
     * op time per step and the {@code top} largest op types of {@code graph}.
     */
    static void print(Graph graph, TracedRuns runs, IntConsumer step, int steps, int top, PrintStream out) {
        OpProfile profile = new OpProfile(graph);
        runs.trace(FULL_TRACE, profile);
        try {
            for (int i = 0; i < steps; i++) {
                step.accept(i);
            }
        } finally {
            runs.trace(null, null);
        }
        profile.print(out, steps, top);
    }

    @Override
    public void accept(RunMetadata metadata) {
        runs++;
        for (var device : metadata.getStepStats().getDevStatsList()) {
            for (var node : device.getNodeStatsList()) {
                GraphOperation operation = graph.operation(node.getNodeName());
                String type = operation == null ? node.getNodeName() : operation.type();
                long[] total = byType.computeIfAbsent(type, k -> new long[2]);
                total[0] += node.getAllEndRelMicros();
                total[1]++;
            }
        }
    }

    private void print(PrintStream out, int steps, int top) {
        long all = byType.values().stream().mapToLong(v -> v[0]).sum();
        out.printf(Locale.ROOT, "profile: %d runs, %.0f ms of op time per step (all threads)%n", runs, all / (double) steps / 1e3);
        byType.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(top)
                .forEach(e -> out.printf(Locale.ROOT, "  %-28s %8.1f ms/step %5.1f%%  %6d ops/step%n", e.getKey(),
                        e.getValue()[0] / (double) steps / 1e3, 100.0 * e.getValue()[0] / all, e.getValue()[1] / steps));
    }
}
