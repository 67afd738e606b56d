package dev.midigen.model.training;

import dev.midigen.codec.repr.IntSeq;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.TrainingBatch;
import dev.midigen.model.TrainingConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the {@link TrainingLoop}'s batches come from, whatever the family: random training windows seeded by
 * {@code (seed, step)} and a fixed set of validation windows. {@link #of} picks the kind the spec reads: groove windows
 * ({@link GrooveWindows}) for a drum-vae, token windows ({@link Windows}) for a model without an encoder, source/target
 * windows ({@link SourceTargetWindows}) for another one with.
 */
public interface TrainingWindows {

    /** Sequences that hold at least one window. */
    int sequenceCount();

    /** Optimizer steps of one pass over the data at {@code batchSize} (0 when less than one). */
    long stepsPerEpoch(int batchSize);

    /** The training batch of optimizer step {@code step}. */
    TrainingBatch trainingBatch(long seed, long step, int batchSize);

    /** The validation windows (at most {@code maxWindows}, 0 = all), in batches of {@code batchSize}. */
    Iterable<TrainingBatch> validationBatches(int batchSize, int maxWindows);

    /** How many validation windows training measures each time (the same ones every time). */
    int evalWindows();

    /**
     * The windows of a corpus split for {@code spec} under {@code config}. A drum-vae's windows are as long as its
     * family says ({@code bars}) and teacher-forced at every step, as GrooVAE trains: {@code windowSteps},
     * {@code sourceSteps} and {@code teacherForcing} do not apply to it.
     *
     * @throws IllegalArgumentException when the corpus holds frames and the model reads tokens, or the other way round
     */
    static TrainingWindows of(ModelSpec spec, TrainingConfig config, Corpus corpus, Split split) throws IOException {
        if (spec.family() instanceof DrumVae) {
            return GrooveWindows.of(spec, corpus, split);
        }
        if (spec.hasEncoder()) {
            if (config.sourceSteps() < 1) {
                throw new IllegalArgumentException("a " + spec.family().typeName() + " reads a source: sourceSteps must be >= 1");
            }
            return new SourceTargetWindows(SourceTargetWindows.frames(corpus, split), config.sourceSteps(),
                    config.windowSteps(), config.teacherForcing());
        }
        List<IntSeq> sequences = new ArrayList<>();
        List<Example> examples = corpus.examples(split);
        for (Example example : examples) {
            if (!(example.data() instanceof ExampleData.Tokens tokens)) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " holds frames; the model reads tokens");
            }
            sequences.add(tokens.tokens());
        }
        if (spec.controls() == null) {
            return new Windows(spec.tokenCodec(), sequences, config.windowSteps());
        }
        return new Windows(spec.tokenCodec(), sequences, CorpusControls.of(spec.controls(), corpus, examples),
                spec.controls().styles().size(), config.windowSteps());
    }
}
