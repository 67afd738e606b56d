package dev.midigen.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's query parameters, checked: each at most once, only those the endpoint knows, and typed getters whose
 * errors name the parameter ({@link ApiFailure#badParameter}). Immutable.
 */
final class ApiParams {
    /** The longest query string read: far more than any real form, far less than memory. */
    static final int MAX_QUERY_CHARS = 8192;

    private final Map<String, String> values;

    private ApiParams(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The parameters of {@code rawQuery} (null: none), each one of {@code known}.
     *
     * @throws ApiFailure 400 for an unknown or repeated parameter, bad %-encoding or an over-long query
     */
    static ApiParams parse(String rawQuery, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            if (rawQuery.length() > MAX_QUERY_CHARS) {
                throw ApiFailure.badRequest("the query is longer than " + MAX_QUERY_CHARS + " characters");
            }
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter's name");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!known.contains(name)) {
                    throw ApiFailure.badParameter(name, "no such parameter; this endpoint takes "
                            + String.join(", ", new TreeSet<>(known)));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw ApiFailure.badParameter(name, "given more than once");
                }
            }
        }
        return new ApiParams(Collections.unmodifiableMap(values));
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badParameter(what, "bad %-encoding in '" + text + "'");
        }
    }

    boolean has(String name) {
        return values.containsKey(name) && !values.get(name).isBlank();
    }

    /** The value, trimmed, or null when absent or empty. */
    String text(String name) {
        return has(name) ? values.get(name).trim() : null;
    }

    /** An integer in {@code min..max}, or {@code fallback} when absent (null allowed). */
    Integer integer(String name, Integer fallback, int min, int max) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiFailure.badParameter(name, "takes a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw ApiFailure.badParameter(name, "takes " + min + " to " + max + ", got " + text);
        }
        return (int) value;
    }

    /** Any 64-bit integer, or {@code fallback} when absent. */
    long longValue(String name, long fallback) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiFailure.badParameter(name, "takes a whole number (64-bit), got '" + text + "'");
        }
    }

    /** A finite number in {@code min..max}, or {@code fallback} when absent (null allowed). */
    Double number(String name, Double fallback, double min, double max) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ApiFailure.badParameter(name, "takes a number, got '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw ApiFailure.badParameter(name, "takes " + plain(min) + " to " + plain(max) + ", got " + text);
        }
        return value;
    }

    /** true/false (also 1/0, yes/no, on/off), or {@code fallback} when absent. */
    boolean flag(String name, boolean fallback) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiFailure.badParameter(name, "takes true or false, got '" + text + "'");
        };
    }

    /** One of {@code choices} (compared ignoring case, returned in lower case), or {@code fallback} when absent. */
    String choice(String name, String fallback, Set<String> choices) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw ApiFailure.badParameter(name, "takes " + String.join(" or ", new TreeSet<>(choices)) + ", got '"
                    + text + "'");
        }
        return lower;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
