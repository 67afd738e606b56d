package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a groove head ({@link Head.Groove}) scores its velocities and offsets against the played ones, per drum class and
 * step, on the error {@code d = prediction − target}:
 *
 * <ul>
 *   <li>{@link #MSE}: {@code d²} (GrooVAE's): the model learns each hit's mean feel;</li>
 *   <li>{@link #L1}: {@code |d|}: the model learns each hit's median feel, which is what a mean absolute error in MIDI
 *       units and milliseconds — the humanize measure — rewards, and which an outlier (a flam, a rushed fill) pulls
 *       less.</li>
 * </ul>
 */
public enum FeelLoss {
    MSE,
    L1;

    /** The loss of an error. */
    public double loss(double error) {
        return this == MSE ? error * error : Math.abs(error);
    }

    /** Its derivative in the error ({@code 0} at {@code 0} for {@link #L1}, as TensorFlow's {@code abs}). */
    public double derivative(double error) {
        return this == MSE ? 2 * error : Math.signum(error);
    }

    @JsonValue
    public String typeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the choices when {@code name} is neither
     */
    @JsonCreator
    public static FeelLoss of(String name) {
        for (FeelLoss loss : values()) {
            if (loss.typeName().equals(name)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("no feel loss '" + name + "' (mse, l1)");
    }
}
