package dev.midigen.model.spi;

/** What a backend can do. Asking for something it cannot do throws {@link UnsupportedCapabilityException}. */
public enum Capability {
    /** Train models ({@link Backend#newTrainer}). */
    TRAIN,
    /** Run a decoder step by step ({@code SequenceModel.newDecoder}). */
    SAMPLE,
    /** Score whole sequences ({@code SequenceModel.score}). */
    SCORE,
    /** Build a model from canonical weights ({@link Backend#fromWeights}). */
    IMPORT_WEIGHTS,
    /** Give a model's weights in the canonical layout ({@code SequenceModel.exportWeights}). */
    EXPORT_WEIGHTS,
    /** Run models made elsewhere that a bundle holds as files of a format ({@link Backend#loadForeign}). */
    LOAD_FOREIGN,
    /**
     * Run seq2seq frame models ({@code Seq2SeqGru}) from canonical weights: {@link Backend#frameModel} — encode,
     * decode step by step, score, export weights ({@code dev.midigen.model.FrameModel}).
     */
    FRAME_MODEL,
    /** Train seq2seq frame models ({@link Backend#newFrameTrainer}, {@code dev.midigen.model.FrameTrainer}). */
    FRAME_TRAIN
}
