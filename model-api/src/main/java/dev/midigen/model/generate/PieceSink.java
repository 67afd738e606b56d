package dev.midigen.model.generate;

import java.io.IOException;

/** Takes generated pieces one at a time, as they are made (to write each to a file, say). */
@FunctionalInterface
public interface PieceSink {
    void accept(Generated piece) throws IOException;
}
