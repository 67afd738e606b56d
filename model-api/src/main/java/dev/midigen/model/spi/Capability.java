package dev.midigen.model.spi;

/**
 * An operation a backend offers. Which families it runs them for is {@link Backend#unsupported}; asking for an
 * operation it does not offer throws {@link UnsupportedCapabilityException}.
 */
public enum Capability {
    /** Train models ({@link Backend#newTrainer}). */
    TRAIN,
    /** Score whole sequences ({@code SequenceModel.score}, {@code encode}). */
    SCORE,
    /** Run a decoder step by step ({@code SequenceModel.newDecoder}). */
    SAMPLE,
    /** Write a model as a portable file another runtime reads (ONNX). */
    EXPORT,
    /** Run models made elsewhere that a bundle holds as files of a format ({@link Backend#loadForeign}). */
    LOAD_FOREIGN
}
