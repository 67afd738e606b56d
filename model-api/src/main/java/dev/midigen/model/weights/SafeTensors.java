package dev.midigen.model.weights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.io.AtomicFile;
import dev.midigen.codec.io.JsonProblems;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads and writes {@link Weights} in the safetensors format (Hugging Face's), exactly:
 * <ol>
 *   <li>8 bytes: the header length {@code N}, an unsigned little-endian 64-bit integer;</li>
 *   <li>{@code N} bytes: a UTF-8 JSON object {@code {"__metadata__": {string: string, …},
 *       "name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]}, …}}, padded with spaces
 *       so that the data starts at a multiple of 8 bytes;</li>
 *   <li>the data: each tensor's values, row-major, little-endian; offsets are relative to the start of
 *       the data, contiguous, and cover it exactly.</li>
 * </ol>
 * Writing puts {@code __metadata__} first (its keys sorted, left out when empty), then the tensors in the order of the
 * weights, in compact JSON as the reference implementation does. Reading accepts float32 only and
 * refuses, naming the file and the problem: a header length beyond the file (nothing is allocated by
 * a length the file declares), a header that is not UTF-8 JSON or repeats a name, another dtype,
 * offsets outside the data, overlapping, leaving gaps or not matching the shape, and data left over.
 * Tensors are read in the order of their offsets.
 */
public final class SafeTensors {
    /** The largest header read (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The key of the string-to-string metadata in the header. */
    public static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private SafeTensors() {
    }

    /** What a file holds: the tensors in the order of their data, and the header's metadata. */
    public record Contents(Weights weights, Map<String, String> metadata) {
        public Contents {
            Objects.requireNonNull(weights, "weights");
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * The bytes of a safetensors file holding {@code weights} (in their order) and {@code metadata}.
     *
     * @throws IllegalArgumentException when the file would be over 2 GB
     */
    public static byte[] toBytes(Weights weights, Map<String, String> metadata) {
        byte[] header = header(weights, metadata);
        long dataBytes = 4L * weights.parameterCount();
        long total = 8L + header.length + dataBytes;
        if (total > MAX_ARRAY) {
            throw new IllegalArgumentException("weights of " + dataBytes + " bytes are too large for one safetensors array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length);
        out.put(header);
        for (Tensor tensor : weights.asMap().values()) {
            out.asFloatBuffer().put(tensor.buffer());
            out.position(out.position() + 4 * tensor.size());
        }
        return out.array();
    }

    /** Writes {@code weights} to {@code file} whole (see {@link AtomicFile}). */
    public static void write(Path file, Weights weights, Map<String, String> metadata, boolean overwrite) throws IOException {
        AtomicFile.write(file, toBytes(weights, metadata), overwrite);
    }

    /**
     * Reads a safetensors file of float32 tensors.
     *
     * @throws SafeTensorsFormatException naming the file and what is wrong with it
     * @throws NoSuchFileException        when there is no such file
     */
    public static Contents read(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (size > MAX_ARRAY) {
            throw new SafeTensorsFormatException(file.toString(), "the file is " + size + " bytes; midigen reads weights up to 2 GB");
        }
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads the bytes of a safetensors file; {@code source} names it in messages.
     *
     * @throws SafeTensorsFormatException naming {@code source} and what is wrong
     */
    public static Contents fromBytes(byte[] bytes, String source) throws SafeTensorsFormatException {
        return new Reader(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), source).read();
    }

    private static byte[] header(Weights weights, Map<String, String> metadata) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.getFactory().createGenerator(json)) {
            out.writeStartObject();
            if (!metadata.isEmpty()) {
                out.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> entry : new TreeMap<>(metadata).entrySet()) { // same bytes, any map
                    out.writeStringField(Objects.requireNonNull(entry.getKey()), Objects.requireNonNull(entry.getValue()));
                }
                out.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> entry : weights.asMap().entrySet()) {
                if (entry.getKey().equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("a tensor cannot be called " + METADATA_KEY);
                }
                Tensor tensor = entry.getValue();
                long end = offset + 4L * tensor.size();
                out.writeObjectFieldStart(entry.getKey());
                out.writeStringField("dtype", "F32");
                out.writeArrayFieldStart("shape");
                for (int dim : tensor.shape()) {
                    out.writeNumber(dim);
                }
                out.writeEndArray();
                out.writeArrayFieldStart("data_offsets");
                out.writeNumber(offset);
                out.writeNumber(end);
                out.writeEndArray();
                out.writeEndObject();
                offset = end;
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padding = (8 - json.size() % 8) % 8;
        for (int i = 0; i < padding; i++) {
            json.write(' ');
        }
        return json.toByteArray();
    }

    /** One tensor's header entry. */
    private record Entry(String name, long[] shape, long begin, long end) {
    }

    /** Parses and checks one file's bytes. */
    private static final class Reader {
        private final ByteBuffer bytes;
        private final String source;

        Reader(ByteBuffer bytes, String source) {
            this.bytes = bytes;
            this.source = source;
        }

        Contents read() throws SafeTensorsFormatException {
            long total = bytes.capacity();
            if (total < 8) {
                throw problem("the file is " + total + " bytes, too short for the 8-byte header length");
            }
            long headerLength = bytes.getLong(0);
            if (headerLength < 0 || headerLength > total - 8) {
                throw problem("the header length " + Long.toUnsignedString(headerLength) + " goes beyond the file's "
                        + (total - 8) + " bytes after the length (not a safetensors file, or cut short)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw problem("the header is " + headerLength + " bytes, over the limit of " + MAX_HEADER_BYTES);
            }
            long dataLength = total - 8 - headerLength;
            JsonNode header = parseHeader((int) headerLength);
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : header.properties()) {
                if (field.getKey().equals(METADATA_KEY)) {
                    readMetadata(field.getValue(), metadata);
                } else {
                    entries.add(entry(field.getKey(), field.getValue()));
                }
            }
            checkLayout(entries, dataLength);
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry entry : entries) {
                int[] shape = new int[entry.shape().length];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = (int) entry.shape()[i];
                }
                float[] values = new float[(int) ((entry.end() - entry.begin()) / 4)];
                ByteBuffer slice = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                slice.position((int) (dataStart + entry.begin()));
                slice.asFloatBuffer().get(values);
                tensors.put(entry.name(), Tensor.wrap(values, shape));
            }
            return new Contents(Weights.of(tensors), metadata);
        }

        private JsonNode parseHeader(int length) throws SafeTensorsFormatException {
            String text;
            try {
                ByteBuffer slice = bytes.duplicate();
                slice.position(8).limit(8 + length);
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(slice);
                text = chars.toString();
            } catch (CharacterCodingException e) {
                throw problem("the header is not UTF-8 text");
            }
            JsonNode header;
            try {
                header = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw problem("the header is not valid JSON: " + JsonProblems.describe(e));
            }
            if (header == null || !header.isObject()) {
                throw problem("the header is not a JSON object");
            }
            return header;
        }

        private void readMetadata(JsonNode node, Map<String, String> metadata) throws SafeTensorsFormatException {
            if (!node.isObject()) {
                throw problem(METADATA_KEY + " is not an object of strings");
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isTextual()) {
                    throw problem(METADATA_KEY + " value of '" + field.getKey() + "' is not a string");
                }
                metadata.put(field.getKey(), field.getValue().textValue());
            }
        }

        private Entry entry(String name, JsonNode node) throws SafeTensorsFormatException {
            if (!node.isObject()) {
                throw problem("tensor '" + name + "' is not described by an object");
            }
            JsonNode dtype = node.get("dtype");
            if (dtype == null || !dtype.isTextual()) {
                throw problem("tensor '" + name + "' has no dtype");
            }
            if (!dtype.textValue().equals("F32")) {
                throw problem("tensor '" + name + "' is " + dtype.textValue() + "; midigen reads F32 only");
            }
            long[] shape = longs(name, "shape", node.get("shape"), -1);
            long[] offsets = longs(name, "data_offsets", node.get("data_offsets"), 2);
            for (long dim : shape) {
                if (dim > Integer.MAX_VALUE) {
                    throw problem("tensor '" + name + "' has a dimension of " + dim + ", beyond what midigen holds");
                }
            }
            return new Entry(name, shape, offsets[0], offsets[1]);
        }

        private long[] longs(String name, String field, JsonNode node, int count) throws SafeTensorsFormatException {
            String expected = count < 0 ? "an array of non-negative integers" : "an array of " + count + " non-negative integers";
            if (node == null || !node.isArray() || (count >= 0 && node.size() != count)) {
                throw problem("tensor '" + name + "' " + field + " is not " + expected);
            }
            long[] values = new long[node.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode value = node.get(i);
                if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                    throw problem("tensor '" + name + "' " + field + " is not " + expected + ": " + node);
                }
                values[i] = value.longValue();
            }
            return values;
        }

        /** Offsets inside the data, contiguous from 0, covering it, each as long as its shape needs. */
        private void checkLayout(List<Entry> entries, long dataLength) throws SafeTensorsFormatException {
            for (Entry entry : entries) {
                String offsets = "data_offsets [" + entry.begin() + ", " + entry.end() + "]";
                if (entry.end() < entry.begin()) {
                    throw problem("tensor '" + entry.name() + "' " + offsets + " end before they begin");
                }
                if (entry.end() > dataLength) {
                    throw problem("tensor '" + entry.name() + "' " + offsets + " are outside the " + dataLength
                            + " bytes of data");
                }
                long elements = 1;
                try {
                    for (long dim : entry.shape()) {
                        elements = Math.multiplyExact(elements, dim);
                    }
                    Math.multiplyExact(elements, 4L);
                } catch (ArithmeticException e) {
                    throw problem("tensor '" + entry.name() + "' shape " + Arrays.toString(entry.shape()) + " is too large");
                }
                if (elements * 4 != entry.end() - entry.begin()) {
                    throw problem("tensor '" + entry.name() + "' of shape " + Arrays.toString(entry.shape()) + " needs "
                            + elements * 4 + " bytes of F32, but its " + offsets + " hold " + (entry.end() - entry.begin()));
                }
                if (elements > MAX_ARRAY) {
                    throw problem("tensor '" + entry.name() + "' has " + elements + " values, beyond what midigen holds");
                }
            }
            entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long expected = 0;
            Entry previous = null;
            for (Entry entry : entries) {
                if (entry.begin() < expected) {
                    throw problem("tensors '" + previous.name() + "' and '" + entry.name() + "' overlap (bytes "
                            + entry.begin() + " to " + expected + " of the data)");
                }
                if (entry.begin() > expected) {
                    throw problem("bytes " + expected + " to " + entry.begin() + " of the data belong to no tensor (before '"
                            + entry.name() + "')");
                }
                expected = entry.end();
                previous = entry;
            }
            if (expected != dataLength) {
                throw problem("the tensors end at byte " + expected + " of the data, but there are " + dataLength
                        + " bytes (data left over)");
            }
        }

        private SafeTensorsFormatException problem(String message) {
            return new SafeTensorsFormatException(source, message);
        }
    }
}
