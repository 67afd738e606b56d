package dev.midigen.model.bundle;

import dev.midigen.model.weights.Tensor;
import dev.midigen.model.weights.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The weighted mean of the weights of models of one spec, tensor by tensor (checkpoint averaging, Izmailov et al.'s
 * stochastic weight averaging and Wortsman et al.'s "model soups"): models that continue one another sit in one basin
 * of the loss, and their mean often generalises a little better than either. It is no ensemble — the result is one
 * model of the same size — and only makes sense for such relatives: two models trained apart share no basin.
 */
public final class WeightAverage {
    private WeightAverage() {
    }

    /**
     * The mean of {@code bundles}' weights, bundle {@code i} counting {@code shares[i]} (the shares need not add up to
     * 1). The result has the first bundle's spec and provenance, noted as an average in {@code createdBy}, no metrics
     * (measure it again) and no optimizer state.
     *
     * @throws IllegalArgumentException when fewer than two bundles are given, the shares do not match them or are not
     *                                  all finite and positive, the specs differ, or a bundle has no weights of its own
     */
    public static ModelBundle of(List<ModelBundle> bundles, List<Double> shares) {
        Objects.requireNonNull(bundles, "bundles");
        Objects.requireNonNull(shares, "shares");
        if (bundles.size() < 2 || shares.size() != bundles.size()) {
            throw new IllegalArgumentException("averaging takes two or more models and one share each, got "
                    + bundles.size() + " models and " + shares.size() + " shares");
        }
        double total = 0;
        for (double share : shares) {
            if (!(share > 0) || Double.isInfinite(share)) {
                throw new IllegalArgumentException("every share is finite and > 0, got " + shares);
            }
            total += share;
        }
        ModelBundle first = bundles.get(0);
        for (ModelBundle bundle : bundles) {
            if (!bundle.spec().equals(first.spec())) {
                throw new IllegalArgumentException("only models of one spec can be averaged: " + first.spec().toJson()
                        + " and " + bundle.spec().toJson());
            }
        }
        if (first.isForeign()) {
            throw new IllegalArgumentException("a foreign model's weights are not midigen's to average");
        }
        Map<String, Tensor> mean = new LinkedHashMap<>();
        for (String name : first.weights().names()) {
            Tensor shape = first.weights().get(name);
            double[] sum = new double[shape.size()];
            for (int i = 0; i < bundles.size(); i++) {
                float[] values = bundles.get(i).weights().get(name).toArray();
                double share = shares.get(i) / total;
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += share * values[j];
                }
            }
            float[] values = new float[sum.length];
            for (int j = 0; j < sum.length; j++) {
                values[j] = (float) sum[j];
            }
            mean.put(name, Tensor.of(values, shape.shape()));
        }
        StringBuilder note = new StringBuilder("midigen average of");
        for (int i = 0; i < bundles.size(); i++) {
            note.append(i == 0 ? " " : " + ").append(String.format(Locale.ROOT, "%s × %s", shares.get(i),
                    describe(bundles.get(i).provenance())));
        }
        Provenance origin = first.provenance();
        Provenance provenance = new Provenance(origin.corpusFingerprint(), origin.training(), origin.backend(),
                origin.backendVersion(), origin.libraryVersion(), origin.jvm(), origin.os(), origin.arch(), origin.seed(),
                origin.stepsTrained(), note.toString());
        return new ModelBundle(first.spec(), provenance, Map.of(), Weights.of(mean));
    }

    private static String describe(Provenance provenance) {
        return String.format(Locale.ROOT, "(%d steps, seed %d)", provenance.stepsTrained(), provenance.seed());
    }
}
