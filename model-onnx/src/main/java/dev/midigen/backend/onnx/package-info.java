/**
 * The ONNX Runtime backend, {@code onnx}: serves every family it builds from canonical weights — the LSTM families and
 * seq2seq-gru — ({@link dev.midigen.backend.onnx.OnnxBackend}), writes them as ONNX files anyone can run ({@link
 * dev.midigen.backend.onnx.OnnxExporter}, one entry point for every family), and runs ONNX models made elsewhere
 * through a {@link dev.midigen.backend.onnx.OnnxContract}. It samples and scores; it does not train. See
 * docs/models.md, "The ONNX Runtime backend".
 */
package dev.midigen.backend.onnx;
