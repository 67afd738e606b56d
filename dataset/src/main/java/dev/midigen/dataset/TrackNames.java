package dev.midigen.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The track names a build was asked to keep ({@link BuildSettings#tracks()}) against those its files have: a name no
 * file has is a mistake (a typo gives an empty corpus otherwise), reported with the names the files do have. Names
 * match as {@code NoteSequence.onlyTracks} matches them: trimmed, ignoring case. Used by one build, on its thread.
 */
final class TrackNames {
    /** At most this many distinct names are kept for the message. */
    private static final int LISTED = 40;

    private final Map<String, String> wanted = new LinkedHashMap<>(); // key → as asked
    private final Map<String, String> seen = new TreeMap<>(); // key → as first seen
    private final Set<String> found = new HashSet<>();

    TrackNames(Collection<String> wanted) {
        for (String name : wanted) {
            this.wanted.putIfAbsent(key(name), name.strip());
        }
    }

    /** One file's track names. */
    void saw(List<String> names) {
        for (String name : names) {
            String key = key(name);
            if (wanted.containsKey(key)) {
                found.add(key);
            }
            if (!key.isEmpty() && (seen.size() < LISTED || seen.containsKey(key))) {
                seen.putIfAbsent(key, name.strip());
            }
        }
    }

    /**
     * @throws IllegalArgumentException when a wanted name was on no file's track
     */
    void requireAllFound() {
        List<String> missing = new ArrayList<>();
        wanted.forEach((key, name) -> {
            if (!found.contains(key)) {
                missing.add(name);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        String have = seen.isEmpty() ? "none of the files names its tracks"
                : "the files' track names: " + String.join(", ", seen.values()) + (seen.size() >= LISTED ? ", …" : "");
        throw new IllegalArgumentException("no file has a track named " + String.join(" or ", missing) + " (" + have
                + "; names match ignoring case)");
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
