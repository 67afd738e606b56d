package dev.midigen.model.training;

import dev.midigen.model.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code key=value,…} parsing {@link HyperParameters} uses: splitting the pairs,
 * number values, and the training keys both take ({@code lr}, {@code clip}, {@code batch}, {@code steps},
 * {@code epochs}, {@code dropout}, {@code eval}, {@code patience}, {@code checkpoint}, {@code seed}, {@code threads})
 * applied over a base {@link TrainingConfig}. Each caller names its own window key(s) and sets {@link #window}.
 */
final class TrainingKeys {
    double lr;
    double clip;
    int batch;
    int window;
    int steps;
    int epochs;
    double dropout;
    int eval;
    int patience;
    double checkpoint;
    long seed;
    int threads;

    private final TrainingConfig base;

    TrainingKeys(TrainingConfig base) {
        this.base = base;
        lr = base.learningRate();
        clip = base.clipNorm();
        batch = base.batchSize();
        window = base.windowSteps();
        steps = base.steps();
        epochs = base.epochs();
        dropout = base.dropout();
        eval = base.evalInterval();
        patience = base.patience();
        checkpoint = base.checkpointMinutes();
        seed = base.seed();
        threads = base.threads();
    }

    /** Applies a common training key; false when {@code key} is none of them (the window keys included). */
    boolean apply(String key, String value) {
        switch (key) {
            case "lr", "learning_rate" -> lr = decimal(key, value);
            case "clip", "clip_norm" -> clip = decimal(key, value);
            case "batch", "batch_size" -> batch = integer(key, value);
            case "steps" -> steps = integer(key, value);
            case "epochs" -> epochs = integer(key, value);
            case "dropout" -> dropout = decimal(key, value);
            case "eval", "eval_interval" -> eval = integer(key, value);
            case "patience" -> patience = integer(key, value);
            case "checkpoint", "checkpoint_minutes" -> checkpoint = decimal(key, value);
            case "seed" -> seed = Long.parseLong(value);
            case "threads" -> threads = integer(key, value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The settings with the keys applied. */
    TrainingConfig config() {
        return base.toBuilder().learningRate(lr).clipNorm(clip).batchSize(batch).windowSteps(window).steps(steps)
                .epochs(epochs).dropout(dropout).evalInterval(eval).patience(patience).checkpointMinutes(checkpoint)
                .seed(seed).threads(threads).build();
    }

    /** {@code a=1,b=2} as keys (lower case, {@code -} read as {@code _}) to values, in order. */
    static Map<String, String> split(String hparams) {
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

    static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyper-parameter " + key + " takes a whole number, got '" + value + "'");
        }
    }

    static double decimal(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyper-parameter " + key + " takes a number, got '" + value + "'");
        }
    }
}
