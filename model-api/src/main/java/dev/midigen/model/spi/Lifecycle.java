package dev.midigen.model.spi;

/**
 * Open until closed once, for the spi's bases: {@link #check()} fails after {@link #close()}, which says whether this
 * call closed it (so resources are released once). Safe to read from other threads.
 */
final class Lifecycle {
    private final String what;
    private volatile boolean closed;

    /** @param what the thing named in the message: "this dl4j model" */
    Lifecycle(String what) {
        this.what = what;
    }

    /** Closes; true the first time. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** @throws IllegalStateException once closed */
    void check() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
    }
}
