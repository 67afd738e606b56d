package dev.midigen.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.model.LstmNetwork;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors against the format's own examples (the byte-exact files of the reference implementation's
 * tests), round trips, and hand-built files that are wrong in one way each.
 */
class SafeTensorsTest {
    @TempDir
    Path dir;

    /** A file: the header's length (8 bytes, little-endian), the header, the data. */
    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static Weights one(String name, float[] values, int... shape) {
        return Weights.of(Map.of(name, Tensor.of(values, shape)));
    }

    @Test
    void writesTheReferenceImplementationsBytes() throws Exception {
        // {"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}} is 64 bytes: no padding
        byte[] expected = file("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}",
                floats(0, 1, 2, 3, 4, 5));
        assertThat(expected).startsWith(64, 0, 0, 0, 0, 0, 0, 0, '{', '"', 'a');
        assertThat(expected).endsWith(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xa0, 0x40);
        Weights attn = one("attn.0", new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        assertThat(SafeTensors.toBytes(attn, Map.of())).isEqualTo(expected);
        assertThat(SafeTensors.fromBytes(expected, "attn.safetensors").weights()).isEqualTo(attn);

        // "attn0" with shape [1,1,2,3]: 65 bytes of JSON, padded with 7 spaces to 72
        byte[] padded = file("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
                floats(0, 1, 2, 3, 4, 5));
        assertThat(padded[0]).isEqualTo((byte) 72);
        assertThat(SafeTensors.toBytes(one("attn0", new float[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3), Map.of())).isEqualTo(padded);
    }

    @Test
    void writesEmptyFilesAndMetadataAsTheReferenceDoes() throws Exception {
        Weights none = Weights.of(Map.of());
        byte[] empty = SafeTensors.toBytes(none, Map.of());
        assertThat(empty).containsExactly(8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' ');
        byte[] framework = SafeTensors.toBytes(none, Map.of("framework", "pt"));
        assertThat(framework).isEqualTo(file("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]));
        assertThat(framework[0]).isEqualTo((byte) 40);
        SafeTensors.Contents read = SafeTensors.fromBytes(framework, "framework.safetensors");
        assertThat(read.weights().names()).isEmpty();
        assertThat(read.metadata()).containsExactly(Map.entry("framework", "pt"));
    }

    @Test
    void roundTripsWeightsInTheirOrderWithContiguousAlignedData() throws Exception {
        Weights weights = LstmLayout.initial(new LstmNetwork(7, List.of(5, 3), 4, 3), 42);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("midigen.family", "drum-rnn");
        metadata.put("note", "ünïcödé ♫");
        byte[] bytes = SafeTensors.toBytes(weights, metadata);

        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerLength) % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        Iterator<String> names = header.fieldNames();
        assertThat(names.next()).isEqualTo("__metadata__");
        long offset = 0;
        for (String name : weights.names()) {
            assertThat(names.next()).isEqualTo(name);
            JsonNode entry = header.get(name);
            assertThat(entry.get("dtype").asText()).isEqualTo("F32");
            assertThat(entry.get("data_offsets").get(0).asLong()).isEqualTo(offset);
            offset += 4L * weights.get(name).size();
            assertThat(entry.get("data_offsets").get(1).asLong()).isEqualTo(offset);
        }
        assertThat(bytes.length).isEqualTo(8 + headerLength + offset);

        SafeTensors.Contents read = SafeTensors.fromBytes(bytes, "model.safetensors");
        assertThat(read.weights()).isEqualTo(weights);
        assertThat(read.weights().names()).containsExactlyElementsOf(weights.names());
        assertThat(read.metadata()).isEqualTo(metadata);

        Path file = dir.resolve("weights.safetensors");
        SafeTensors.write(file, weights, metadata, false);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(SafeTensors.read(file).weights()).isEqualTo(weights);
        assertThatThrownBy(() -> SafeTensors.write(file, weights, metadata, false)).isInstanceOf(FileAlreadyExistsException.class);
        SafeTensors.write(file, one("x", new float[] {1}), Map.of(), true);
        assertThat(SafeTensors.read(file).weights().names()).containsExactly("x");
    }

    @Test
    void keepsScalarsEmptyTensorsAndSpecialValues() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.of(new float[] {Float.NaN}));
        tensors.put("empty", Tensor.of(new float[0], 0, 3));
        tensors.put("specials", Tensor.of(new float[] {Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE}, 3));
        Weights weights = Weights.of(tensors);
        Weights read = SafeTensors.fromBytes(SafeTensors.toBytes(weights, Map.of()), "odd.safetensors").weights();
        assertThat(read).isEqualTo(weights);
        assertThat(read.get("scalar").shape()).isEmpty();
    }

    @Test
    void readsTensorsInTheOrderOfTheirData() throws Exception {
        // older writers list tensors by name, not by offset
        byte[] bytes = file("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1, 2));
        Weights weights = SafeTensors.fromBytes(bytes, "x").weights();
        assertThat(weights.names()).containsExactly("a", "b");
        assertThat(weights.get("a").get(0)).isEqualTo(1f);
        assertThat(weights.get("b").get(0)).isEqualTo(2f);
    }

    @Test
    void refusesHeaderLengthsBeyondTheFile() {
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 62).put("{}      ".getBytes()).array();
        assertThatThrownBy(() -> SafeTensors.fromBytes(huge, "huge.safetensors"))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage("huge.safetensors: the header length 4611686018427387904 goes beyond the file's 8 bytes after the"
                        + " length (not a safetensors file, or cut short)");
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
        assertThatThrownBy(() -> SafeTensors.fromBytes(negative, "neg.safetensors"))
                .hasMessageContaining("neg.safetensors: the header length 18446744073709551608 goes beyond");
        assertThatThrownBy(() -> SafeTensors.fromBytes(new byte[] {2, 0, 0}, "tiny.safetensors"))
                .hasMessage("tiny.safetensors: the file is 3 bytes, too short for the 8-byte header length");
        byte[] cut = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1, 2));
        byte[] shorter = java.util.Arrays.copyOf(cut, 20);
        assertThatThrownBy(() -> SafeTensors.fromBytes(shorter, "cut.safetensors")).hasMessageContaining("goes beyond");
    }

    @Test
    void refusesHeadersThatAreNotJsonObjects() {
        assertThatThrownBy(() -> SafeTensors.fromBytes(file("{\"a\": ", new byte[0]), "a.safetensors"))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageStartingWith("a.safetensors: the header is not valid JSON");
        assertThatThrownBy(() -> SafeTensors.fromBytes(file("[1, 2]", new byte[0]), "b.safetensors"))
                .hasMessage("b.safetensors: the header is not a JSON object");
        assertThatThrownBy(() -> SafeTensors.fromBytes(file("{} x", new byte[0]), "c.safetensors"))
                .hasMessageStartingWith("c.safetensors: the header is not valid JSON");
        byte[] latin1 = file("{\"caf\u00e9\":1}", new byte[0]);
        latin1[8 + 5] = (byte) 0xe9;
        latin1[8 + 6] = (byte) '"';
        assertThatThrownBy(() -> SafeTensors.fromBytes(latin1, "d.safetensors"))
                .hasMessage("d.safetensors: the header is not UTF-8 text");
        String twice = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(twice, floats(1, 2)), "e.safetensors"))
                .hasMessageContaining("e.safetensors: the header is not valid JSON: line 1, column 58: Duplicate field 'a'");
        assertThatThrownBy(() -> SafeTensors.fromBytes(file("{\"__metadata__\":{\"n\":1}}", new byte[0]), "f.safetensors"))
                .hasMessage("f.safetensors: __metadata__ value of 'n' is not a string");
    }

    @Test
    void refusesOtherDtypesAndBadEntries() {
        String bf16 = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(bf16, new byte[4]), "bf16.safetensors"))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage("bf16.safetensors: tensor 'w' is BF16; midigen reads F32 only");
        String noDtype = "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(noDtype, new byte[4]), "x")).hasMessage("x: tensor 'w' has no dtype");
        String threeOffsets = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(threeOffsets, new byte[4]), "x"))
                .hasMessage("x: tensor 'w' data_offsets is not an array of 2 non-negative integers");
        String negativeDim = "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(negativeDim, new byte[4]), "x"))
                .hasMessageContaining("x: tensor 'w' shape is not an array of non-negative integers");
        String hugeDim = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(hugeDim, new byte[4]), "x"))
                .hasMessage("x: tensor 'w' has a dimension of 4294967296, beyond what midigen holds");
        String overflow = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(overflow, new byte[4]), "x"))
                .hasMessageContaining("x: tensor 'w' shape [2147483647, 2147483647, 2147483647] is too large");
        String wrongSize = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(wrongSize, new byte[8]), "x"))
                .hasMessage("x: tensor 'w' of shape [3] needs 12 bytes of F32, but its data_offsets [0, 8] hold 8");
    }

    @Test
    void refusesOffsetsOutsideOverlappingOrLeavingGaps() {
        String outside = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(outside, new byte[8]), "o.safetensors"))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage("o.safetensors: tensor 'w' data_offsets [4, 12] are outside the 8 bytes of data");
        String backwards = "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(backwards, new byte[8]), "b"))
                .hasMessage("b: tensor 'w' data_offsets [8, 4] end before they begin");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(overlap, new byte[12]), "v"))
                .hasMessage("v: tensors 'a' and 'b' overlap (bytes 4 to 8 of the data)");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(gap, new byte[12]), "g"))
                .hasMessage("g: bytes 4 to 8 of the data belong to no tensor (before 'b')");
        String leftOver = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafeTensors.fromBytes(file(leftOver, new byte[12]), "l"))
                .hasMessage("l: the tensors end at byte 4 of the data, but there are 12 bytes (data left over)");
    }

    @Test
    void readingAMissingFileSaysSo() {
        Path missing = dir.resolve("nothing.safetensors");
        assertThatThrownBy(() -> SafeTensors.read(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nothing.safetensors: no such file");
    }
}
