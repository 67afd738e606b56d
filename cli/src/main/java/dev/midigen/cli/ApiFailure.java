package dev.midigen.cli;

/**
 * A request the studio's API answers with an error: its HTTP status and one line for the user, which names the
 * parameter at fault ({@code bars: takes 1 to 64, got 100}); 503s say when to come back.
 */
final class ApiFailure extends RuntimeException {
    private final int status;
    private final long retryAfterSeconds;

    private ApiFailure(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: {@code parameter}'s value cannot be used. */
    static ApiFailure badParameter(String parameter, String message) {
        return new ApiFailure(400, parameter + ": " + message, 0);
    }

    /** 400: the request as a whole cannot be used (a body that is no MIDI file, music the model cannot continue). */
    static ApiFailure badRequest(String message) {
        return new ApiFailure(400, message, 0);
    }

    /** 404: no such model or path. */
    static ApiFailure notFound(String message) {
        return new ApiFailure(404, message, 0);
    }

    /** 405: the path exists, not for this method. */
    static ApiFailure wrongMethod(String method, String allowed) {
        return new ApiFailure(405, method + " is not allowed here; use " + allowed, 0);
    }

    /** 413: a body over the limit. */
    static ApiFailure tooLarge(String message) {
        return new ApiFailure(413, message, 0);
    }

    /** 503: the queue is full (or the work took too long); try again after {@code retryAfterSeconds}. */
    static ApiFailure busy(String message, long retryAfterSeconds) {
        return new ApiFailure(503, message, Math.max(1, retryAfterSeconds));
    }

    int status() {
        return status;
    }

    /** Seconds for the Retry-After header, or 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
