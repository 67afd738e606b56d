package dev.midigen.backend.dl4j;

import dev.midigen.model.Decoder;
import dev.midigen.model.spi.ModelBase;

/**
 * A family's weights copied to nd4j from its {@link HeapParams} (what its engines' GEMMs read, and the biases and rows
 * its Java kernels read): what {@link Dl4jModel} and {@link Dl4jTrainer} ask of a family, so that they are written
 * once. Read concurrently by the trainer's engines; {@link #load} only between steps.
 */
interface NativeWeights extends AutoCloseable {

    /** Copies the heap parameters' current values again (after an optimizer step or an import). */
    void load();

    /** A new engine over these weights, for one thread. */
    Engine engine();

    /** A step-by-step decoder of {@code batchSize} sequences from the zero state; {@code model} owns these weights. */
    Decoder decoder(ModelBase model, int batchSize);

    @Override
    void close();
}
