package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;
import java.util.Objects;

/**
 * How a seq2seq frame model is trained: the common settings ({@link TrainingConfig}: Adam's learning rate,
 * clipping, batch size, steps, validation, checkpoints, seed, threads; its {@code windowSteps} is the number of
 * target frames {@code T} and its {@code dropout} the GRUs' dropout between layers) plus what the family adds.
 *
 * @param training          the common settings
 * @param sourceSteps       source frames {@code S} the encoder reads per window
 * @param classifierDropout dropout after the classifier's ReLU (DeepMusician: 0.5)
 * @param teacherForcing    probability that a decoder step reads the true previous frame rather than its own
 *                          prediction ({@link FrameTrainingBatch}), in [0, 1]
 * @param loss              the loss ({@link FrameLoss.Bce} or {@link FrameLoss.Focal})
 */
@JsonPropertyOrder({"training", "sourceSteps", "classifierDropout", "teacherForcing", "loss"})
public record FrameTrainingConfig(TrainingConfig training, int sourceSteps, double classifierDropout, double teacherForcing,
                                  FrameLoss loss) {

    /**
     * DeepMusician's shape: batch 32 × (64 source + 64 target frames), Adam 1e-3, clip 1, GRU dropout 0.2,
     * classifier dropout 0.5, teacher forcing 0.5, focal loss α 0.75 γ 2.
     */
    public static final FrameTrainingConfig DEFAULT = new FrameTrainingConfig(
            new TrainingConfig(1e-3, 1.0, 32, 64, 1000, 0, 0.2, 100, 0, 10, 1, 0), 64, 0.5, 0.5,
            new FrameLoss.Focal(0.75, 2));

    public FrameTrainingConfig {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(loss, "loss");
        if (sourceSteps < 1 || sourceSteps > 1 << 16) {
            throw new IllegalArgumentException("sourceSteps must be 1..65536, got " + sourceSteps);
        }
        if (!(classifierDropout >= 0 && classifierDropout < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "classifierDropout must be in [0, 1), got %s",
                    classifierDropout));
        }
        if (!(teacherForcing >= 0 && teacherForcing <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "teacherForcing must be in [0, 1], got %s",
                    teacherForcing));
        }
    }

    /** Target frames {@code T} per window ({@code training.windowSteps()}). */
    @JsonIgnore
    public int targetSteps() {
        return training.windowSteps();
    }

    public FrameTrainingConfig withTraining(TrainingConfig newTraining) {
        return new FrameTrainingConfig(newTraining, sourceSteps, classifierDropout, teacherForcing, loss);
    }

    public FrameTrainingConfig withLoss(FrameLoss newLoss) {
        return new FrameTrainingConfig(training, sourceSteps, classifierDropout, teacherForcing, newLoss);
    }

    public FrameTrainingConfig withTeacherForcing(double ratio) {
        return new FrameTrainingConfig(training, sourceSteps, classifierDropout, ratio, loss);
    }

    public FrameTrainingConfig withDropout(double gruDropout, double newClassifierDropout) {
        TrainingConfig t = training;
        return new FrameTrainingConfig(new TrainingConfig(t.learningRate(), t.clipNorm(), t.batchSize(), t.windowSteps(),
                t.steps(), t.epochs(), gruDropout, t.evalInterval(), t.patience(), t.checkpointMinutes(), t.seed(),
                t.threads()), sourceSteps, newClassifierDropout, teacherForcing, loss);
    }
}
