package dev.midigen.backend.dl4j;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.Trainer;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.spi.BackendBase;
import dev.midigen.model.spi.Capability;
import dev.midigen.model.weights.Weights;
import java.util.EnumSet;

/**
 * The DeepLearning4J backend: trains, samples and scores the LSTM families ({@code next-token-lstm},
 * {@code drum-rnn}) and the seq2seq GRU family ({@code seq2seq-gru}) on nd4j, and moves their weights in the
 * canonical layout. Thread-safe; its models and trainers are not.
 */
public final class Dl4jBackend extends BackendBase {
    public static final String NAME = "dl4j";

    /**
     * @throws IllegalStateException when nd4j cannot run here
     */
    public Dl4jBackend() {
        super(NAME, EnumSet.of(Capability.TRAIN, Capability.SAMPLE, Capability.SCORE));
        Nd4jRuntime.require();
    }

    @Override
    public String version() {
        return "nd4j " + Nd4jRuntime.version();
    }


    @Override
    protected Trainer trainerChecked(ModelSpec spec, TrainingConfig config, Weights initial) {
        return new Dl4jTrainer(spec, config, initial);
    }

    @Override
    protected SequenceModel modelChecked(ModelSpec spec, Weights weights) {
        return new Dl4jModel(spec, HeapParams.of(spec, weights));
    }
}
