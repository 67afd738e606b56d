package dev.midigen.cli;

import java.nio.file.Path;

/** What a command says when a file needs more memory than the JVM has: one line naming the file and what to do. */
final class MemoryMessages {
    private MemoryMessages() {
    }

    static String outOfMemory(Path file) {
        return file + ": out of memory reading it (the JVM's heap is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB; MIDIGEN_JAVA_OPTS=-Xmx… gives it more)";
    }
}
