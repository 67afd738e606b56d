package dev.midigen.bench;

/**
 * One measured figure.
 *
 * @param batch the rows of a step: the training batch, or the decoder's batch for the sampling metrics
 */
public record Figure(Metric metric, int batch, double value) {
    @Override
    public String toString() {
        return metric.key() + "(batch " + batch + ")=" + metric.format(value) + " " + metric.unit();
    }
}
