package dev.midigen.model.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;

/**
 * Reads a format-1 bundle's description as format 2 says it. In format 1 a seq2seq model's training settings stood in
 * a separate {@code frameTraining} field of the provenance ({@code {"training": {…}, "sourceSteps", "classifierDropout",
 * "teacherForcing", "loss"}}); now they are one {@code training} like every family's, and the loss is the spec's head.
 */
final class BundleMigration {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleMigration() {
    }

    record Migrated(ModelSpec spec, JsonNode provenance) {
    }

    /** The spec and provenance with any format-1 {@code frameTraining} moved to where format 2 keeps it. */
    static Migrated fromVersion1(ModelSpec spec, JsonNode provenance) {
        if (provenance == null || !provenance.isObject() || !provenance.has("frameTraining")) {
            return new Migrated(spec, provenance);
        }
        ObjectNode copy = ((ObjectNode) provenance).deepCopy();
        JsonNode frame = copy.remove("frameTraining");
        if (frame != null && frame.isObject() && frame.get("training") instanceof ObjectNode training) {
            ObjectNode merged = training.deepCopy();
            copyIfPresent(frame, "sourceSteps", merged, "sourceSteps");
            copyIfPresent(frame, "classifierDropout", merged, "headDropout");
            copyIfPresent(frame, "teacherForcing", merged, "teacherForcing");
            copy.set("training", merged);
            JsonNode loss = frame.get("loss");
            if (loss != null && loss.isObject() && spec.family() instanceof Seq2SeqGru gru) {
                try {
                    spec = new ModelSpec(gru.withLoss(JSON.treeToValue(loss, BernoulliLoss.class)), spec.encoding(),
                            spec.seed());
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("provenance.frameTraining.loss is not a loss: " + loss, e);
                }
            }
        }
        return new Migrated(spec, copy);
    }

    private static void copyIfPresent(JsonNode from, String name, ObjectNode to, String as) {
        if (from.has(name)) {
            to.set(as, from.get(name));
        }
    }
}
