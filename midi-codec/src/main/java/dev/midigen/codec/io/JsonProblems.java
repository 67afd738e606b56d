package dev.midigen.codec.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Jackson's parse errors in one line. Its messages run to several (the problem, then {@code at [Source: …; line: 1,
 * column: 9]}); a user reading "FILE: …" wants the problem and where, once.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    /** {@code line 3, column 9: Unexpected character …}, or the problem alone when Jackson has no location. */
    public static String describe(JsonProcessingException e) {
        String problem = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        problem = problem.replaceAll("\\s*\\R\\s*", " ").strip();
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return problem;
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + problem;
    }
}
