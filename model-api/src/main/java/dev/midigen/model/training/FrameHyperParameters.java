package dev.midigen.model.training;

import dev.midigen.model.FrameLoss;
import dev.midigen.model.FrameTrainingConfig;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingConfig;
import java.util.LinkedHashMap;
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
        TrainingConfig t = base.training();
        double lr = t.learningRate();
        double clip = t.clipNorm();
        int batch = t.batchSize();
        int target = t.windowSteps();
        int steps = t.steps();
        int epochs = t.epochs();
        double dropout = t.dropout();
        int eval = t.evalInterval();
        int patience = t.patience();
        double checkpoint = t.checkpointMinutes();
        long seed = t.seed();
        int threads = t.threads();
        int source = base.sourceSteps();
        double classifierDropout = base.classifierDropout();
        double teacher = base.teacherForcing();
        double alpha = base.loss() instanceof FrameLoss.Focal f ? f.alpha() : 0.75;
        double gamma = base.loss() instanceof FrameLoss.Focal f ? f.gamma() : 2;
        boolean focalKeys = false;
        for (Map.Entry<String, String> entry : split(hparams).entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case "hidden" -> hidden = integer(key, value);
                case "layers" -> layers = integer(key, value);
                case "classifier" -> classifier = integer(key, value);
                case "lr", "learning_rate" -> lr = decimal(key, value);
                case "clip", "clip_norm" -> clip = decimal(key, value);
                case "batch", "batch_size" -> batch = integer(key, value);
                case "source", "source_steps" -> source = integer(key, value);
                case "target", "target_steps", "window" -> target = integer(key, value);
                case "steps" -> steps = integer(key, value);
                case "epochs" -> epochs = integer(key, value);
                case "dropout" -> dropout = decimal(key, value);
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
                case "eval", "eval_interval" -> eval = integer(key, value);
                case "patience" -> patience = integer(key, value);
                case "checkpoint", "checkpoint_minutes" -> checkpoint = decimal(key, value);
                case "seed" -> seed = Long.parseLong(value);
                case "threads" -> threads = integer(key, value);
                default -> throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for seq2seq-gru (known:"
                        + " hidden, layers, classifier, lr, clip, batch, source, target, steps, epochs, dropout,"
                        + " classifier_dropout, teacher, alpha, gamma, eval, patience, checkpoint, seed, threads)");
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
        TrainingConfig training = new TrainingConfig(lr, clip, batch, target, steps, epochs, dropout, eval, patience, checkpoint,
                seed, threads);
        return new Choice(new Seq2SeqGru(hidden, layers, classifier),
                new FrameTrainingConfig(training, source, classifierDropout, teacher, chosenLoss));
    }

    private static Map<String, String> split(String hparams) {
        Map<String, String> values = new LinkedHashMap<>();
        if (hparams == null || hparams.isBlank()) {
            return values;
        }
        for (String pair : hparams.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("hyper-parameters are key=value pairs separated by commas, got '" + pair + "'");
            }
            values.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('-', '_'), pair.substring(eq + 1).trim());
        }
        return values;
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyper-parameter " + key + " takes a whole number, got '" + value + "'");
        }
    }

    private static double decimal(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyper-parameter " + key + " takes a number, got '" + value + "'");
        }
    }
}
