package dev.midigen.model.training;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelFamily;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model names and {@code key=value,…} hyper-parameters as the command line takes them, one vocabulary for every
 * family: the same key means the same thing everywhere
 * ({@code --model drum-rnn --hparams layers=256x3,attention=32,lr=0.001};
 * {@code --model seq2seq-gru --hparams layers=256x2,loss=bce}).
 *
 * <p>Models: {@code drum-rnn} (Magenta's drum_kit: 3×256, attention 32), {@code melody-rnn} (melody_rnn: 2×128),
 * {@code attention-rnn} (2×128, attention 40), {@code lstm} (TrapGenerator: 3×512), {@code seq2seq-gru} (DeepMusician:
 * encoder and decoder 2×512, head 256, focal loss), {@code groovae-2bar} and {@code groovae-4bar} (the drum VAE:
 * {@link DrumVae#GROOVAE_2BAR}, {@link DrumVae#GROOVAE_4BAR}).
 *
 * <p>Keys ({@link #KEYS}): {@code layers} (sizes of the recurrent layers: {@code 256x3} or {@code 512:256}; a seq2seq
 * stack has equal sizes), {@code attention}, {@code head_hidden} (a multi-label head's hidden layer), {@code loss}
 * ({@code bce} or {@code focal}), {@code alpha}, {@code gamma} (focal loss), the drum VAE's {@code encoder} (sizes of
 * its bidirectional layers, like {@code layers}, which are its decoder's), {@code latent}, {@code bars}, {@code beta},
 * {@code free_bits}, {@code transform} ({@code humanize}, {@code tap} or {@code none}) and {@code hit_controls}
 * ({@code true}: each decoder step reads the hits it predicts), {@code feel_loss} ({@code mse} or {@code l1}: how
 * velocities and offsets are scored, {@link dev.midigen.model.FeelLoss}), a token model's {@code style} ({@code true}: it reads
 * a style one-hot and a tempo from the corpus's labels, {@link CorpusControls}; default false), and the training
 * settings
 * {@code lr},
 * {@code clip}, {@code batch}, {@code window} (decoder steps per window), {@code source} (encoder steps), {@code steps},
 * {@code epochs}, {@code dropout}, {@code head_dropout}, {@code teacher} (teacher-forcing ratio), {@code eval},
 * {@code patience}, {@code checkpoint} (minutes), {@code seed}, {@code threads}, {@code keep_optimizer}. Older
 * spellings still work and are listed in {@link #DEPRECATED}.
 */
public final class HyperParameters {
    private HyperParameters() {
    }

    /** The model names {@link #family} knows. */
    public static final List<String> MODELS = List.of("drum-rnn", "melody-rnn", "attention-rnn", "lstm", "seq2seq-gru",
            "groovae-2bar", "groovae-4bar");

    /** Every key, in the order {@code --help} lists them. */
    public static final List<String> KEYS = List.of("layers", "attention", "head_hidden", "loss", "alpha", "gamma",
            "encoder", "latent", "bars", "beta", "free_bits", "transform", "hit_controls", "feel_loss", "style", "lr", "clip", "batch", "window", "source",
            "steps", "epochs", "dropout", "head_dropout", "teacher", "eval", "patience", "checkpoint", "seed", "threads",
            "keep_optimizer");

    /** Old spellings that still work, and what to write instead. */
    public static final Map<String, String> DEPRECATED = deprecated();

    private static Map<String, String> deprecated() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("hidden", "layers=SIZExCOUNT (seq2seq-gru: hidden=512 with layers=2 is layers=512x2)");
        map.put("layers=COUNT", "layers=SIZExCOUNT (seq2seq-gru took a count; a bare number there still means one)");
        map.put("classifier", "head_hidden");
        map.put("classifier_dropout", "head_dropout");
        map.put("target", "window");
        map.put("--loss", "loss= in --hparams");
        return map;
    }

    /**
     * A family and training settings.
     *
     * @param style whether the token model reads style and tempo controls ({@code style=true}: a per-sequence
     *              {@link dev.midigen.model.Controls} from the corpus's labels, {@link CorpusControls})
     */
    public record Choice(ModelFamily family, TrainingConfig config, boolean style) {
        /** Without controls. */
        public Choice(ModelFamily family, TrainingConfig config) {
            this(family, config, false);
        }
    }

    /**
     * The family of {@code model} with {@code hparams} applied, and the model's default training settings
     * ({@link TrainingConfig#DEFAULT}, or {@link TrainingConfig#SEQ2SEQ} for seq2seq-gru) with the training keys applied.
     *
     * @throws IllegalArgumentException naming the unknown model, key or bad value
     */
    public static Choice parse(String model, String hparams) {
        return parse(model, hparams, null);
    }

    /**
     * {@link #parse(String, String)} over {@code base} training settings (null: the model's defaults).
     *
     * @throws IllegalArgumentException naming the unknown model, key or bad value
     */
    public static Choice parse(String model, String hparams, TrainingConfig base) {
        return parse(family(model), model, hparams, base);
    }

    /**
     * {@code family} with {@code hparams} applied (the keys a family has start from its own values: a bundle's model
     * with some of its keys given again), over {@code base} training settings (null: the family's defaults).
     *
     * @throws IllegalArgumentException naming the unknown key or bad value
     */
    public static Choice parse(ModelFamily family, String hparams, TrainingConfig base) {
        return parse(family, family.typeName(), hparams, base);
    }

    private static Choice parse(ModelFamily family, String model, String hparams, TrainingConfig base) {
        if (family instanceof DrumVae vae) {
            return DrumVaeKeys.parse(vae, hparams, base);
        }
        boolean seq2seq = family instanceof Seq2SeqGru;
        TrainingConfig defaults = base != null ? base : seq2seq ? TrainingConfig.SEQ2SEQ : TrainingConfig.DEFAULT;
        TrainingKeys training = new TrainingKeys(defaults);
        Map<String, String> values = TrainingKeys.split(hparams);
        List<Integer> layers = null;
        Integer hidden = null;
        Integer count = null;
        int attention = family instanceof NextTokenLstm n ? n.attentionLength() : family instanceof DrumRnn d
                ? d.attentionLength() : 0;
        Integer headHidden = null;
        String lossName = null;
        Double alpha = null;
        Double gamma = null;
        int source = defaults.sourceSteps();
        double headDropout = defaults.headDropout();
        double teacher = defaults.teacherForcing();
        boolean keepOptimizer = defaults.keepOptimizer();
        boolean style = false;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case "layers" -> {
                    if (seq2seq && value.matches("\\d+")) {
                        count = TrainingKeys.integer(key, value); // the old seq2seq meaning: a count
                    } else {
                        layers = layers(value);
                    }
                }
                case "hidden" -> hidden = TrainingKeys.integer(key, value);
                case "attention" -> attention = TrainingKeys.integer(key, value);
                case "head_hidden", "classifier" -> headHidden = TrainingKeys.integer(key, value);
                case "loss" -> lossName = value.toLowerCase(Locale.ROOT);
                case "alpha" -> alpha = TrainingKeys.decimal(key, value);
                case "gamma" -> gamma = TrainingKeys.decimal(key, value);
                case "window", "window_steps", "target", "target_steps" -> training.window = TrainingKeys.integer(key, value);
                case "source", "source_steps" -> source = TrainingKeys.integer(key, value);
                case "head_dropout", "classifier_dropout" -> headDropout = TrainingKeys.decimal(key, value);
                case "teacher", "teacher_forcing" -> teacher = TrainingKeys.decimal(key, value);
                case "keep_optimizer" -> keepOptimizer = bool(key, value);
                case "style" -> {
                    style = bool(key, value);
                    if (seq2seq) {
                        throw new IllegalArgumentException("style (style and tempo controls) is for the token models"
                                + " (drum-rnn, melody-rnn, attention-rnn, lstm); " + model + " has none");
                    }
                }
                case "encoder", "latent", "bars", "beta", "free_bits", "transform", "hit_controls" -> throw new IllegalArgumentException(
                        key + " is the drum VAE's (groovae-2bar, groovae-4bar); " + model + " has none");
                default -> {
                    if (!training.apply(key, value)) {
                        throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' (known: "
                                + String.join(", ", KEYS) + ")");
                    }
                }
            }
        }
        TrainingConfig config = training.config().toBuilder().sourceSteps(source).headDropout(headDropout)
                .teacherForcing(teacher).keepOptimizer(keepOptimizer).build();
        if (!seq2seq) {
            refuse(hidden != null || count != null, "hidden", model);
            refuse(headHidden != null, "head_hidden", model);
            refuse(lossName != null || alpha != null || gamma != null, "loss, alpha and gamma", model);
            refuse(config.sourceSteps() != 0, "source", model);
            refuse(config.headDropout() != 0, "head_dropout", model);
            refuse(config.teacherForcing() != 1, "teacher", model);
            List<Integer> sizes = layers != null ? layers : family instanceof NextTokenLstm n ? n.layerSizes()
                    : ((DrumRnn) family).layerSizes();
            ModelFamily chosen = family instanceof DrumRnn ? new DrumRnn(sizes, attention) : new NextTokenLstm(sizes, attention);
            return new Choice(chosen, config, style);
        }
        refuse(attention != 0, "attention", model);
        Seq2SeqGru gru = (Seq2SeqGru) family;
        int size = gru.hidden();
        int depth = gru.layers();
        if (layers != null) {
            if (layers.stream().distinct().count() != 1) {
                throw new IllegalArgumentException("a seq2seq-gru's layers are all one size, got " + layers);
            }
            size = layers.get(0);
            depth = layers.size();
        }
        size = hidden != null ? hidden : size;
        depth = count != null ? count : depth;
        return new Choice(new Seq2SeqGru(size, depth, headHidden != null ? headHidden : gru.classifierHidden(),
                loss(lossName, alpha, gamma, gru.loss())), config);
    }

    /** The loss {@code name} (null: the family's), focal's alpha and gamma from the keys, else from the family's. */
    private static BernoulliLoss loss(String name, Double alpha, Double gamma, BernoulliLoss family) {
        BernoulliLoss.Focal standard = family instanceof BernoulliLoss.Focal focal ? focal
                : (BernoulliLoss.Focal) Seq2SeqGru.DEFAULT_LOSS;
        return switch (name == null ? family.typeName() : name) {
            case "focal" -> new BernoulliLoss.Focal(alpha != null ? alpha : standard.alpha(),
                    gamma != null ? gamma : standard.gamma());
            case "bce" -> {
                if (alpha != null || gamma != null) {
                    throw new IllegalArgumentException("alpha and gamma are focal loss's; loss=bce takes neither");
                }
                yield new BernoulliLoss.Bce();
            }
            default -> throw new IllegalArgumentException("loss is bce or focal, got '" + name + "'");
        };
    }

    private static void refuse(boolean given, String keys, String model) {
        if (given) {
            throw new IllegalArgumentException(keys + " " + (keys.contains(" ") ? "are" : "is") + " for seq2seq-gru (an"
                    + " encoder and a multi-label head); " + model + " has " + (keys.equals("attention") ? "no attention"
                    : "neither"));
        }
    }

    static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("hyper-parameter " + key + " takes true or false, got '" + value + "'");
        };
    }

    /** The default family of a model name. */
    public static ModelFamily family(String model) {
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "drum-rnn" -> DrumRnn.DRUM_KIT;
            case "melody-rnn" -> NextTokenLstm.MELODY_RNN;
            case "attention-rnn" -> NextTokenLstm.ATTENTION_RNN;
            case "lstm" -> NextTokenLstm.TRAP_GENERATOR;
            case "seq2seq-gru", "seq2seq" -> Seq2SeqGru.DEEP_MUSICIAN;
            case "groovae-2bar", "drum-vae" -> DrumVae.GROOVAE_2BAR;
            case "groovae-4bar" -> DrumVae.GROOVAE_4BAR;
            default -> throw new IllegalArgumentException("unknown model '" + model + "' (known: " + String.join(", ", MODELS)
                    + ")");
        };
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
