package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Locale;

/**
 * The element-wise losses of multi-label heads (independent Bernoulli per unit), on logits {@code x} (probability {@code p = σ(x)}) and targets
 * {@code y ∈ [0, 1]}; a batch's loss is their mean over every value. The only definition of them: backends
 * that compute in Java call {@link #value} and {@link #gradient}; others compute the same formulas in their
 * own ops and are checked against these.
 *
 * <ul>
 *   <li>{@link Bce}: binary cross-entropy, {@code −y log p − (1 − y) log(1 − p)};</li>
 *   <li>{@link Focal}: Lin et al.'s focal loss, {@code −α y (1 − p)^γ log p − (1 − α)(1 − y) p^γ log(1 − p)}:
 *       α weighs the positive class (notes that sound), γ down-weights frames already predicted well.
 *       With γ = 0 and α = ½ it is half the binary cross-entropy.</li>
 * </ul>
 * Computed stably in double: {@code log p = −softplus(−x)}, {@code log(1 − p) = −softplus(x)}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BernoulliLoss.Bce.class, name = "bce"),
    @JsonSubTypes.Type(value = BernoulliLoss.Focal.class, name = "focal")})
public sealed interface BernoulliLoss permits BernoulliLoss.Bce, BernoulliLoss.Focal {

    /** The loss of one value. */
    double value(double logit, double target);

    /** Its derivative with respect to the logit. */
    double gradient(double logit, double target);

    /** The name on the command line: {@code bce} or {@code focal}. */
    @JsonIgnore
    String typeName();

    /** Binary cross-entropy on logits. */
    record Bce() implements BernoulliLoss {
        @Override
        public double value(double logit, double target) {
            return target * softplus(-logit) + (1 - target) * softplus(logit);
        }

        @Override
        public double gradient(double logit, double target) {
            return sigmoid(logit) - target;
        }

        @Override
        public String typeName() {
            return "bce";
        }
    }

    /**
     * Focal loss on logits.
     *
     * @param alpha weight of the positive class, in [0, 1]
     * @param gamma focusing exponent, ≥ 0 (0 = weighted cross-entropy)
     */
    record Focal(double alpha, double gamma) implements BernoulliLoss {
        public Focal {
            if (!(alpha >= 0 && alpha <= 1) || !(gamma >= 0 && gamma <= 10)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "focal loss takes alpha in [0, 1] and gamma in [0, 10], got alpha %s, gamma %s", alpha, gamma));
            }
        }

        @Override
        public double value(double logit, double target) {
            double logP = -softplus(-logit);
            double log1mP = -softplus(logit);
            double p = sigmoid(logit);
            double q = sigmoid(-logit);
            return -alpha * target * power(q, gamma) * logP - (1 - alpha) * (1 - target) * power(p, gamma) * log1mP;
        }

        /**
         * {@code d/dx} of the positive term: {@code −α (1−p)^γ (1 − p − γ p log p)}; of the negative term:
         * {@code (1−α) p^γ (p − γ (1−p) log(1−p))}.
         */
        @Override
        public double gradient(double logit, double target) {
            double logP = -softplus(-logit);
            double log1mP = -softplus(logit);
            double p = sigmoid(logit);
            double q = sigmoid(-logit);
            double positive = -alpha * power(q, gamma) * (q - gamma * p * logP);
            double negative = (1 - alpha) * power(p, gamma) * (p - gamma * q * log1mP);
            return target * positive + (1 - target) * negative;
        }

        @Override
        public String typeName() {
            return "focal";
        }
    }

    /** {@code log(1 + e^x)} without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** {@code base^exponent} with the common exponents multiplied out ({@code 0^0 = 1}). */
    static double power(double base, double exponent) {
        if (exponent == 0) {
            return 1;
        }
        if (exponent == 1) {
            return base;
        }
        if (exponent == 2) {
            return base * base;
        }
        return Math.pow(base, exponent);
    }

    /** The mean loss of {@code logits} against {@code targets} (same shape). */
    default double mean(SequenceBatch logits, SequenceBatch targets) {
        if (logits.batch() != targets.batch() || logits.time() != targets.time() || logits.width() != targets.width()) {
            throw new IllegalArgumentException("logits " + logits + " and targets " + targets + " differ in shape");
        }
        float[] x = logits.toArray();
        float[] y = targets.toArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += value(x[i], y[i]);
        }
        return sum / x.length;
    }
}
