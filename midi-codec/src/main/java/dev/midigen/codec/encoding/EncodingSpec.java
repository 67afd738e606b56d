package dev.midigen.codec.encoding;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.io.JsonProblems;

/**
 * How music becomes model input and output; saved with every corpus and model so that they can be
 * decoded again. JSON with a {@code "type"} field, e.g. exactly
 * {@code {"type":"drum-kit","drumMap":"gm","stepsPerQuarter":4,"binaryCounters":6}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DrumKitSpec.class, name = "drum-kit"),
    @JsonSubTypes.Type(value = TrapTextSpec.class, name = "trap-text"),
    @JsonSubTypes.Type(value = MelodySpec.class, name = "melody"),
    @JsonSubTypes.Type(value = PianoRollSpec.class, name = "piano-roll"),
    @JsonSubTypes.Type(value = GrooveSpec.class, name = "groove")})
public sealed interface EncodingSpec permits DrumKitSpec, TrapTextSpec, MelodySpec, PianoRollSpec, GrooveSpec {

    /** Grid resolution: steps per quarter note. */
    int stepsPerQuarter();

    /** The {@code "type"} name of this encoding. */
    default String typeName() {
        return getClass().getAnnotation(SpecType.class).value();
    }

    default String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException naming what is wrong (unknown type, missing or bad field)
     */
    static EncodingSpec fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, EncodingSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an encoding spec: " + JsonProblems.describe(e), e);
        }
    }

    /** The mapper all specs use. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

        private Json() {
        }
    }
}
