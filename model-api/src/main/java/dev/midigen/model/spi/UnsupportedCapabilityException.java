package dev.midigen.model.spi;

/** A backend was asked for something it does not do (see {@link Backend#capabilities()}). */
public final class UnsupportedCapabilityException extends UnsupportedOperationException {
    private final String backend;
    private final Capability capability;

    public UnsupportedCapabilityException(String backend, Capability capability, String detail) {
        super("the " + backend + " backend cannot " + describe(capability) + (detail == null ? "" : ": " + detail));
        this.backend = backend;
        this.capability = capability;
    }

    public String backend() {
        return backend;
    }

    public Capability capability() {
        return capability;
    }

    private static String describe(Capability capability) {
        return switch (capability) {
            case TRAIN -> "train";
            case SAMPLE -> "sample step by step";
            case SCORE -> "run models";
            case EXPORT -> "export models to ONNX";
            case LOAD_FOREIGN -> "run models made elsewhere";
        };
    }
}
