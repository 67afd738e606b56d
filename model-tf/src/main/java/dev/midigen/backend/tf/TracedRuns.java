package dev.midigen.backend.tf;

import java.util.function.Consumer;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/** A trainer's update runs: plain, or traced while a bench asks for it ({@code --profile}, {@link OpProfile}). */
final class TracedRuns {
    private RunOptions options;
    private Consumer<RunMetadata> sink;

    /** Runs {@code runner}, traced when {@link #trace} asked for it. */
    Result run(Session.Runner runner) {
        if (options == null) {
            return runner.run();
        }
        runner.setOptions(options);
        Result result = runner.runAndFetchMetadata();
        result.getMetadata().ifPresent(sink);
        return result;
    }

    /** Runs every later run with {@code options} and hands its metadata to {@code sink} (null, null: stop). */
    void trace(RunOptions options, Consumer<RunMetadata> sink) {
        this.options = options;
        this.sink = sink;
    }
}
