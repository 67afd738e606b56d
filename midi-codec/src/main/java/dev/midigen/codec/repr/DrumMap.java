package dev.midigen.codec.repr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.midigen.codec.io.JsonProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Drum pitches grouped into classes (kick, snare, …). Reading, every pitch of a class counts as the
 * class; writing, a class becomes its <em>first</em> pitch. At most 16 classes (a drum-kit token is
 * a bit set of classes).
 *
 * <p>Presets: {@link #GM} (Magenta's 9 classes), {@link #ROLAND} (the Groove MIDI Dataset's kit as
 * GrooVAE maps it) and {@link #TRAP} (TrapGenerator's 9 pitches). In JSON a preset is its name
 * ({@code "gm"}); a custom map is {@code {"name": …, "classes": [{"name": …, "pitches": […]}, …]}}
 * and can be loaded with {@link #load(Path)}. Immutable.
 */
@JsonSerialize(using = DrumMap.Json.Writer.class)
@JsonDeserialize(using = DrumMap.Json.Reader.class)
public final class DrumMap {

    /** One class: a name and its pitches, the first of which is written back. */
    public record DrumClass(String name, List<Integer> pitches) {
        public DrumClass {
            Objects.requireNonNull(name, "name");
            pitches = List.copyOf(pitches);
            if (pitches.isEmpty()) {
                throw new IllegalArgumentException("drum class '" + name + "' has no pitches");
            }
        }

        static DrumClass of(String name, Integer... pitches) {
            return new DrumClass(name, List.of(pitches));
        }
    }

    /** Magenta's drums_rnn classes (DEFAULT_DRUM_TYPE_PITCHES). */
    public static final DrumMap GM = new DrumMap("gm", List.of(
            DrumClass.of("kick", 36, 35),
            DrumClass.of("snare", 38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85),
            DrumClass.of("closed-hat", 42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22),
            DrumClass.of("open-hat", 46, 67, 72, 74, 79, 81, 26),
            DrumClass.of("low-tom", 45, 29, 41, 43, 61, 64, 84),
            DrumClass.of("mid-tom", 48, 47, 60, 63, 77, 86, 87),
            DrumClass.of("high-tom", 50, 30, 62, 76, 83),
            DrumClass.of("crash", 49, 52, 55, 57, 58),
            DrumClass.of("ride", 51, 53, 59, 82)), true);

    /** The Groove MIDI Dataset's Roland kit, as GrooVAE maps it. */
    public static final DrumMap ROLAND = new DrumMap("roland", List.of(
            DrumClass.of("kick", 36),
            DrumClass.of("snare", 38, 37, 40),
            DrumClass.of("closed-hat", 42, 22, 44),
            DrumClass.of("open-hat", 46, 26),
            DrumClass.of("low-tom", 43, 58),
            DrumClass.of("mid-tom", 47, 45),
            DrumClass.of("high-tom", 50, 48),
            DrumClass.of("crash", 49, 52, 55, 57),
            DrumClass.of("ride", 51, 53, 59)), true);

    /**
     * TrapGenerator's 9 pitches in its bit order (kick, snare, closed hat, open hat, low floor tom,
     * low tom, high tom, ride, crash), with the neighbours its preprocessing folded into them.
     */
    public static final DrumMap TRAP = new DrumMap("trap", List.of(
            DrumClass.of("kick", 36, 35),
            DrumClass.of("snare", 38, 37, 40),
            DrumClass.of("closed-hat", 42, 44),
            DrumClass.of("open-hat", 46),
            DrumClass.of("low-floor-tom", 41, 43),
            DrumClass.of("low-tom", 45, 47),
            DrumClass.of("high-tom", 48, 50),
            DrumClass.of("ride", 51, 53, 55, 59),
            DrumClass.of("crash", 49, 52, 57)), true);

    private static final List<DrumMap> PRESETS = List.of(GM, ROLAND, TRAP);

    private final String name;
    private final List<DrumClass> classes;
    private final boolean preset;
    private final byte[] classOfPitch = new byte[128];

    private DrumMap(String name, List<DrumClass> classes, boolean preset) {
        this.name = Objects.requireNonNull(name, "name");
        this.classes = List.copyOf(classes);
        this.preset = preset;
        if (this.classes.isEmpty() || this.classes.size() > 16) {
            throw new IllegalArgumentException("a drum map has 1..16 classes, '" + name + "' has " + this.classes.size());
        }
        Arrays.fill(classOfPitch, (byte) -1);
        for (int c = 0; c < this.classes.size(); c++) {
            for (int pitch : this.classes.get(c).pitches()) {
                if (pitch < 0 || pitch > 127) {
                    throw new IllegalArgumentException("drum map '" + name + "': pitch " + pitch + " is not 0..127");
                }
                if (classOfPitch[pitch] >= 0) {
                    throw new IllegalArgumentException("drum map '" + name + "': pitch " + pitch + " is in both '"
                            + this.classes.get(classOfPitch[pitch]).name() + "' and '" + this.classes.get(c).name() + "'");
                }
                classOfPitch[pitch] = (byte) c;
            }
        }
    }

    /** A custom map. */
    public static DrumMap of(String name, List<DrumClass> classes) {
        if (preset(name).isPresent()) {
            throw new IllegalArgumentException("'" + name + "' is a preset's name; give a custom map another name");
        }
        return new DrumMap(name, classes, false);
    }

    /** The preset called {@code name} ({@code gm}, {@code roland}, {@code trap}; any case). */
    public static Optional<DrumMap> preset(String name) {
        for (DrumMap map : PRESETS) {
            if (map.name.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(map);
            }
        }
        return Optional.empty();
    }

    public static List<DrumMap> presets() {
        return PRESETS;
    }

    /** A preset's name, or the path of a JSON file holding a custom map. */
    public static DrumMap named(String nameOrPath) throws IOException {
        Optional<DrumMap> preset = preset(nameOrPath);
        return preset.isPresent() ? preset.get() : load(Path.of(nameOrPath));
    }

    /** Reads a custom map from JSON; errors name the file and what is wrong. */
    public static DrumMap load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such drum map file (presets are gm, roland, trap)");
        }
        try {
            return fromJson(Files.readString(path));
        } catch (JsonProcessingException e) {
            throw new IOException(path + ": not a drum map: " + JsonProblems.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": not a drum map: " + e.getMessage(), e);
        }
    }

    /** Parses a map: a preset's name as a JSON string, or a custom map object. */
    public static DrumMap fromJson(String json) throws JsonProcessingException {
        return Json.MAPPER.readValue(json, DrumMap.class);
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public boolean isPreset() {
        return preset;
    }

    public List<DrumClass> classes() {
        return classes;
    }

    /** Number of classes. */
    public int size() {
        return classes.size();
    }

    /** The class of {@code pitch}, or -1 when the map does not hold it. */
    public int classOf(int pitch) {
        return pitch >= 0 && pitch < 128 ? classOfPitch[pitch] : -1;
    }

    /** The index of the class named {@code name} ({@code kick}, {@code closed-hat}, …), or -1 when the map has none. */
    public int classNamed(String name) {
        for (int c = 0; c < classes.size(); c++) {
            if (classes.get(c).name().equals(name)) {
                return c;
            }
        }
        return -1;
    }

    /** The pitch written for {@code drumClass}: its first pitch. */
    public int pitchOf(int drumClass) {
        return classes.get(drumClass).pitches().get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DrumMap other && name.equals(other.name) && classes.equals(other.classes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + classes.hashCode();
    }

    @Override
    public String toString() {
        return "DrumMap[" + name + ", " + classes.size() + " classes]";
    }

    /** JSON form: presets by name, custom maps as objects. */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }

        static final class Writer extends JsonSerializer<DrumMap> {
            @Override
            public void serialize(DrumMap map, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (map.preset) {
                    out.writeString(map.name);
                    return;
                }
                out.writeStartObject();
                out.writeStringField("name", map.name);
                out.writeArrayFieldStart("classes");
                for (DrumClass drumClass : map.classes) {
                    out.writeStartObject();
                    out.writeStringField("name", drumClass.name());
                    out.writeArrayFieldStart("pitches");
                    for (int pitch : drumClass.pitches()) {
                        out.writeNumber(pitch);
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            }
        }

        static final class Reader extends JsonDeserializer<DrumMap> {
            @Override
            public DrumMap deserialize(JsonParser in, DeserializationContext context) throws IOException {
                JsonNode node = in.readValueAsTree();
                if (node.isTextual()) {
                    return preset(node.asText()).orElseThrow(() -> new IllegalArgumentException(
                            "unknown drum map preset '" + node.asText() + "' (presets are gm, roland, trap)"));
                }
                if (!node.isObject() || !node.path("name").isTextual() || !node.path("classes").isArray()) {
                    throw new IllegalArgumentException("a drum map is a preset name or {\"name\": …, \"classes\": [{\"name\": …, \"pitches\": […]}]}");
                }
                List<DrumClass> classes = new ArrayList<>();
                for (JsonNode drumClass : node.get("classes")) {
                    List<Integer> pitches = new ArrayList<>();
                    for (JsonNode pitch : drumClass.path("pitches")) {
                        if (!pitch.isInt()) {
                            throw new IllegalArgumentException("pitch " + pitch + " in class " + drumClass.path("name")
                                    + " is not an integer");
                        }
                        pitches.add(pitch.asInt());
                    }
                    classes.add(new DrumClass(drumClass.path("name").asText("class " + classes.size()), pitches));
                }
                return of(node.get("name").asText(), classes);
            }
        }
    }
}
