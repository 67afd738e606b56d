package dev.midigen.model.training;

import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * The drum VAE's hyper-parameters in the one vocabulary ({@link HyperParameters}): {@code layers} (the decoder's sizes,
 * as for every decoder), {@code encoder} (the bidirectional encoder's sizes, per direction), {@code latent},
 * {@code bars}, {@code beta}, {@code free_bits} (bits, as Magenta counts them), {@code transform}, {@code hit_controls}, {@code feel_loss}, and the common
 * training keys over {@link TrainingConfig#forDrumVae}. The keys of other families are refused, naming the family.
 */
final class DrumVaeKeys {
    private DrumVaeKeys() {
    }

    static HyperParameters.Choice parse(DrumVae family, String hparams, TrainingConfig base) {
        List<Integer> encoder = family.encoder();
        List<Integer> decoder = family.decoder();
        int latent = family.latent();
        int bars = family.bars();
        double beta = family.beta();
        double freeBits = family.freeBits();
        GrooveTransform transform = family.transform();
        boolean hitControls = family.hitControls();
        FeelLoss feelLoss = family.feelLoss();
        Map<String, String> values = TrainingKeys.split(hparams);
        String barsGiven = values.get("bars");
        if (barsGiven != null) {
            bars = TrainingKeys.integer("bars", barsGiven);
        }
        TrainingConfig defaults = base != null ? base : TrainingConfig.forDrumVae(bars);
        TrainingKeys training = new TrainingKeys(defaults);
        boolean keepOptimizer = defaults.keepOptimizer();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case "layers" -> decoder = HyperParameters.layers(value);
                case "encoder" -> encoder = HyperParameters.layers(value);
                case "latent" -> latent = TrainingKeys.integer(key, value);
                case "bars" -> { } // read first: the window follows it
                case "beta" -> beta = TrainingKeys.decimal(key, value);
                case "free_bits" -> freeBits = TrainingKeys.decimal(key, value);
                case "transform" -> transform = GrooveTransform.of(value.toLowerCase(java.util.Locale.ROOT));
                case "hit_controls" -> hitControls = HyperParameters.bool(key, value);
                case "feel_loss" -> feelLoss = FeelLoss.of(value.toLowerCase(java.util.Locale.ROOT));
                case "keep_optimizer" -> keepOptimizer = HyperParameters.bool(key, value);
                default -> {
                    if (!training.apply(key, value)) {
                        throw new IllegalArgumentException(HyperParameters.KEYS.contains(key) || key.equals("window")
                                ? key + " is not a drum VAE's (its window is bars × steps per bar; it has no attention,"
                                        + " classifier, focal loss or teacher-forcing ratio)"
                                : "unknown hyper-parameter '" + key + "' (known: " + String.join(", ", HyperParameters.KEYS)
                                        + ")");
                    }
                }
            }
        }
        TrainingConfig config = training.config().toBuilder().keepOptimizer(keepOptimizer).build();
        return new HyperParameters.Choice(new DrumVae(encoder, latent, decoder, bars, beta, freeBits, transform, hitControls,
                feelLoss), config);
    }
}
