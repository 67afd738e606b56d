package dev.midigen.model.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What the {@link Evaluator} measured of a model on a set of batches; the measures depend on the head's objective:
 * {@link Metrics} for a categorical head, {@link MultiLabelEvaluation} for a multi-label head,
 * {@link GrooveEvaluation} for a groove head.
 */
public sealed interface Evaluation permits Metrics, MultiLabelEvaluation, GrooveEvaluation {

    /** The mean loss of the head's objective: what early stopping and checkpoints compare. */
    double loss();

    /** The headline numbers, as a bundle's metrics hold them ({@code validationLoss}, …). */
    Map<String, Double> summary();

    /** All the numbers, as one line of {@code metrics.jsonl} holds them. */
    JsonNode toJsonNode();
}
