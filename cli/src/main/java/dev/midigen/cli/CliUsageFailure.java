package dev.midigen.cli;

/**
 * An option's value that cannot be used, found while the command runs (a primer that does not parse, a backend that
 * does not exist): one line, a pointer to {@code --help}, exit 2 as for any usage error.
 */
final class CliUsageFailure extends RuntimeException {
    CliUsageFailure(String message) {
        super(message);
    }
}
