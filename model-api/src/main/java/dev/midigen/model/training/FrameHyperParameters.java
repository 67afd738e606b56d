package dev.midigen.model.training;

import static dev.midigen.model.training.TrainingKeys.decimal;
import static dev.midigen.model.training.TrainingKeys.integer;

import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.Seq2SeqGru;
import java.util.Locale;
import java.util.Map;

/**
 * The seq2seq model's name and {@code key=value,…} hyper-parameters as the command line takes them
 * ({@code --model seq2seq-gru --loss focal --hparams hidden=256,alpha=0.8,gamma=2,teacher=0.5}).
 *
 * <p>Model keys: {@code hidden} (512), {@code layers} (2), {@code classifier} (256). Training keys: {@code lr}, {@code clip},
 * {@code batch} (32), {@code source} (64 frames the encoder reads), {@code target} (64 frames the decoder writes; also
 * {@code window}), {@code steps}, {@code epochs}, {@code dropout} (0.2, between GRU layers), {@code classifier_dropout}
 * (0.5), {@code teacher} (0.5, the teacher-forcing ratio), {@code alpha} and {@code gamma} (focal loss; 0.75 and 2),
 * {@code eval}, {@code patience}, {@code checkpoint} (minutes), {@code seed}, {@code threads}. Defaults:
 * {@link FrameTrainingConfig#DEFAULT}, {@link Seq2SeqGru#DEEP_MUSICIAN}.
 */
public final class FrameHyperParameters {
    /** The model name. */
    public static final String MODEL = "seq2seq-gru";

    private FrameHyperParameters() {
    }

    /** A family and its training settings. */
    public record Choice(Seq2SeqGru family, FrameTrainingConfig config) {
    }

    /** Whether {@code model} names the seq2seq family. */
    public static boolean isFrameModel(String model) {
        return model != null && (model.equalsIgnoreCase(MODEL) || model.equalsIgnoreCase("seq2seq"));
    }

    /**
     * @param loss {@code bce}, {@code focal} or null (focal)
     * @throws IllegalArgumentException naming the unknown key, loss or bad value
     */
    public static Choice parse(String hparams, String loss, FrameTrainingConfig base) {
        Seq2SeqGru family = Seq2SeqGru.DEEP_MUSICIAN;
        int hidden = family.hidden();
        int layers = family.layers();
        int classifier = family.classifierHidden();
        TrainingKeys training = new TrainingKeys(base.training());
        int source = base.sourceSteps();
        double classifierDropout = base.classifierDropout();
        double teacher = base.teacherForcing();
        double alpha = base.loss() instanceof FrameLoss.Focal f ? f.alpha() : 0.75;
        double gamma = base.loss() instanceof FrameLoss.Focal f ? f.gamma() : 2;
        boolean focalKeys = false;
        for (Map.Entry<String, String> entry : TrainingKeys.split(hparams).entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case "hidden" -> hidden = integer(key, value);
                case "layers" -> layers = integer(key, value);
                case "classifier" -> classifier = integer(key, value);
                case "source", "source_steps" -> source = integer(key, value);
                case "target", "target_steps", "window" -> training.window = integer(key, value);
                case "classifier_dropout" -> classifierDropout = decimal(key, value);
                case "teacher", "teacher_forcing" -> teacher = decimal(key, value);
                case "alpha" -> {
                    alpha = decimal(key, value);
                    focalKeys = true;
                }
                case "gamma" -> {
                    gamma = decimal(key, value);
                    focalKeys = true;
                }
                default -> {
                    if (!training.apply(key, value)) {
                        throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for seq2seq-gru (known:"
                                + " hidden, layers, classifier, lr, clip, batch, source, target, steps, epochs, dropout,"
                                + " classifier_dropout, teacher, alpha, gamma, eval, patience, checkpoint, seed, threads)");
                    }
                }
            }
        }
        FrameLoss chosenLoss;
        String lossName = loss == null ? "focal" : loss.toLowerCase(Locale.ROOT);
        switch (lossName) {
            case "focal" -> chosenLoss = new FrameLoss.Focal(alpha, gamma);
            case "bce" -> {
                if (focalKeys) {
                    throw new IllegalArgumentException("alpha and gamma are focal loss's; --loss bce takes neither");
                }
                chosenLoss = new FrameLoss.Bce();
            }
            default -> throw new IllegalArgumentException("--loss takes bce or focal, got '" + loss + "'");
        }
        return new Choice(new Seq2SeqGru(hidden, layers, classifier),
                new FrameTrainingConfig(training.config(), source, classifierDropout, teacher, chosenLoss));
    }
}
