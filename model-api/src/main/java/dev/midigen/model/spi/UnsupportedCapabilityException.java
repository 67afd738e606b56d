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
        switch (capability) {
            case TRAIN:
                return "train";
            case SAMPLE:
                return "sample step by step";
            case SCORE:
                return "score sequences";
            case IMPORT_WEIGHTS:
                return "import weights";
            case LOAD_FOREIGN:
                return "run models made elsewhere";
            case FRAME_MODEL:
                return "run seq2seq frame models";
            case FRAME_TRAIN:
                return "train seq2seq frame models";
            default:
                return "export weights";
        }
    }
}
