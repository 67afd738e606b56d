package dev.midigen.model.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multi-label head's evaluation on the same windows: the model teacher-forced (loss, F1 at the threshold), the
 * model free-running (threshold decoding from the encoder's state, its own frames fed back), and the
 * repeat-the-last-source-frame baseline.
 */
public record MultiLabelEvaluation(MultiLabelMetrics teacherForced, MultiLabelMetrics freeRunning,
                                   MultiLabelMetrics repeatLastFrame) implements Evaluation {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final MultiLabelEvaluation EMPTY = new MultiLabelEvaluation(MultiLabelMetrics.EMPTY,
            MultiLabelMetrics.EMPTY, MultiLabelMetrics.EMPTY);

    public MultiLabelEvaluation plus(MultiLabelEvaluation other) {
        return new MultiLabelEvaluation(teacherForced.plus(other.teacherForced), freeRunning.plus(other.freeRunning),
                repeatLastFrame.plus(other.repeatLastFrame));
    }

    @Override
    public double loss() {
        return teacherForced.loss();
    }

    @Override
    public Map<String, Double> summary() {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("validationLoss", teacherForced.loss());
        summary.put("validationF1", teacherForced.f1());
        summary.put("validationFreeRunningF1", freeRunning.f1());
        summary.put("validationFreeRunningPrecision", freeRunning.precision());
        summary.put("validationFreeRunningRecall", freeRunning.recall());
        summary.put("validationPredictedDensity", freeRunning.predictedDensity());
        summary.put("validationTargetDensity", freeRunning.targetDensity());
        summary.put("validationRepeatLastFrameF1", repeatLastFrame.f1());
        summary.put("validationFrames", (double) teacherForced.frames());
        return summary;
    }

    @Override
    public JsonNode toJsonNode() {
        ObjectNode node = JSON.createObjectNode();
        node.set("teacherForced", teacherForced.toJsonNode());
        node.set("freeRunning", freeRunning.toJsonNode());
        node.set("repeatLastFrame", repeatLastFrame.toJsonNode());
        return node;
    }
}
