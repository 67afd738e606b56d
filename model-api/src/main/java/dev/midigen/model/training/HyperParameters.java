package dev.midigen.model.training;

import dev.midigen.model.DrumRnn;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model names and {@code key=value,…} hyper-parameters as the command line takes them
 * ({@code --model drum-rnn --hparams layers=256x3,attention=32,lr=0.001}).
 *
 * <p>Models: {@code drum-rnn} (Magenta's drum_kit: 3×256, attention 32), {@code melody-rnn}
 * (melody_rnn: 2×128), {@code attention-rnn} (2×128, attention 40), {@code lstm} (TrapGenerator: 3×512).
 * Keys: {@code layers} ({@code 256x3} or {@code 512:256}), {@code attention}; and the training settings
 * {@code lr}, {@code clip}, {@code batch}, {@code window}, {@code steps}, {@code epochs},
 * {@code dropout}, {@code eval}, {@code patience}, {@code checkpoint} (minutes), {@code seed},
 * {@code threads}.
 */
public final class HyperParameters {
    private HyperParameters() {
    }

    /** The model names {@link #family} knows. */
    public static final List<String> MODELS = List.of("drum-rnn", "melody-rnn", "attention-rnn", "lstm");

    /** A family and training settings. */
    public record Choice(LstmFamily family, TrainingConfig config) {
    }

    /**
     * The family of {@code model} with {@code hparams} applied, and {@code base} with the training keys applied.
     *
     * @throws IllegalArgumentException naming the unknown model, key or bad value
     */
    public static Choice parse(String model, String hparams, TrainingConfig base) {
        LstmFamily family = family(model);
        Map<String, String> values = TrainingKeys.split(hparams);
        List<Integer> layers = family.layerSizes();
        int attention = family.attentionLength();
        TrainingKeys training = new TrainingKeys(base);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case "layers" -> layers = layers(value);
                case "attention" -> attention = TrainingKeys.integer(key, value);
                case "window", "window_steps" -> training.window = TrainingKeys.integer(key, value);
                default -> {
                    if (!training.apply(key, value)) {
                        throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' (known: layers, attention,"
                                + " lr, clip, batch, window, steps, epochs, dropout, eval, patience, checkpoint, seed, threads)");
                    }
                }
            }
        }
        LstmFamily chosen = family instanceof DrumRnn ? new DrumRnn(layers, attention) : new NextTokenLstm(layers, attention);
        return new Choice(chosen, training.config());
    }

    /** The default family of a model name. */
    public static LstmFamily family(String model) {
        switch (model.toLowerCase(Locale.ROOT)) {
            case "drum-rnn":
                return DrumRnn.DRUM_KIT;
            case "melody-rnn":
                return NextTokenLstm.MELODY_RNN;
            case "attention-rnn":
                return NextTokenLstm.ATTENTION_RNN;
            case "lstm":
                return NextTokenLstm.TRAP_GENERATOR;
            default:
                throw new IllegalArgumentException("unknown model '" + model + "' (known: " + String.join(", ", MODELS) + ")");
        }
    }

    /** {@code 256x3} (three layers of 256) or {@code 512:256}. */
    static List<Integer> layers(String value) {
        List<Integer> sizes = new ArrayList<>();
        int x = value.toLowerCase(Locale.ROOT).indexOf('x');
        if (x > 0) {
            int size = TrainingKeys.integer("layers", value.substring(0, x));
            int count = TrainingKeys.integer("layers", value.substring(x + 1));
            for (int i = 0; i < count; i++) {
                sizes.add(size);
            }
        } else {
            for (String part : value.split(":")) {
                sizes.add(TrainingKeys.integer("layers", part));
            }
        }
        return sizes;
    }
}
