package dev.midigen.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of a decoder's recurrent state: named tensors of {@code batch × width} floats (LSTM
 * {@code h} and {@code c} per layer, the attention memory, …). Immutable; {@link #select} builds the
 * state of another batch from chosen rows, which is how beam search follows its surviving beams.
 */
public final class DecoderState {
    private final int batch;
    private final List<String> names;
    private final List<float[]> tensors;
    private final List<Integer> widths;

    private DecoderState(int batch, List<String> names, List<float[]> tensors, List<Integer> widths) {
        this.batch = batch;
        this.names = List.copyOf(names);
        this.tensors = tensors;
        this.widths = List.copyOf(widths);
    }

    /** Builds a state; each tensor is copied and must hold {@code batch × width} values. */
    public static DecoderState of(int batch, List<String> names, List<float[]> tensors) {
        if (names.size() != tensors.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + tensors.size() + " tensors");
        }
        List<float[]> copies = new ArrayList<>(tensors.size());
        List<Integer> widths = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            float[] tensor = tensors.get(i);
            if (tensor.length % batch != 0) {
                throw new IllegalArgumentException("state tensor " + names.get(i) + " of " + tensor.length
                        + " values is not " + batch + " rows");
            }
            copies.add(tensor.clone());
            widths.add(tensor.length / batch);
        }
        return new DecoderState(batch, names, copies, widths);
    }

    public int batch() {
        return batch;
    }

    public List<String> names() {
        return names;
    }

    /** A copy of the tensor called {@code name}. */
    public float[] tensor(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no state tensor " + name + " (have " + names + ")");
        }
        return tensors.get(index).clone();
    }

    /**
     * Copies the tensors called {@code names} into {@code targets} (tensor {@code i} into {@code targets[i]}),
     * all or nothing: every tensor is checked to exist and to fit its target before any is copied.
     *
     * @throws IllegalArgumentException naming the tensor that is missing or of another size
     */
    public void copyInto(List<String> names, float[][] targets) {
        if (names.size() != targets.length) {
            throw new IllegalArgumentException(names.size() + " names for " + targets.length + " targets");
        }
        float[][] sources = new float[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            int index = this.names.indexOf(names.get(i));
            if (index < 0) {
                throw new IllegalArgumentException("no state tensor " + names.get(i) + " (have " + this.names + ")");
            }
            sources[i] = tensors.get(index);
            if (sources[i].length != targets[i].length) {
                throw new IllegalArgumentException("state tensor " + names.get(i) + " has " + sources[i].length
                        + " values, expected " + targets[i].length);
            }
        }
        for (int i = 0; i < targets.length; i++) {
            System.arraycopy(sources[i], 0, targets[i], 0, targets[i].length);
        }
    }

    /** The state whose row {@code i} is this state's row {@code rows[i]}. */
    public DecoderState select(int[] rows) {
        List<float[]> selected = new ArrayList<>(tensors.size());
        for (int t = 0; t < tensors.size(); t++) {
            int width = widths.get(t);
            float[] source = tensors.get(t);
            float[] target = new float[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0 || rows[i] >= batch) {
                    throw new IndexOutOfBoundsException("row " + rows[i] + " of a state of " + batch);
                }
                System.arraycopy(source, rows[i] * width, target, i * width, width);
            }
            selected.add(target);
        }
        return new DecoderState(rows.length, names, selected, widths);
    }
}
