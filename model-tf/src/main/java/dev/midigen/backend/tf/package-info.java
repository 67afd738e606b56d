/**
 * The TensorFlow Java backend ({@code tf}): the LSTM families and the seq2seq GRU built from TensorFlow ops in
 * graphs ({@link dev.midigen.backend.tf.LstmGraph}, {@link dev.midigen.backend.tf.GruGraph}) with hand-written
 * recurrent backward passes, trained with Adam, scored by unrolled forward passes and sampled by a one-step graph.
 */
package dev.midigen.backend.tf;
