package dev.midigen.cli;

/** A user's input that cannot be used (a corpus that does not fit the model, …): one line, exit 1. */
final class CliFailure extends RuntimeException {
    CliFailure(String message) {
        super(message);
    }
}
