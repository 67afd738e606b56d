package dev.midigen.cli;

import dev.midigen.backend.onnx.OnnxBackend;
import dev.midigen.backend.onnx.OnnxExporter;
import dev.midigen.backend.onnx.OnnxRuntime;
import dev.midigen.codec.io.AtomicFile;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.reference.JavaBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code midigen export-onnx}: a model bundle as an ONNX file any ONNX runtime runs. */
@Command(name = "export-onnx",
        description = "Write a model bundle as an ONNX file: an LSTM node per layer with the state as explicit inputs and"
                + " outputs, midigen's attention, the dense output, the spec, provenance and contract in its metadata;"
                + " a seq2seq-gru as GRU nodes, encoder and decoder side by side (docs/models.md). Checks first that ONNX"
                + " Runtime loads it and gives the java reference's logits.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ExportOnnxCommand implements Callable<Integer> {
    /** The largest logit difference from the reference the check accepts (the conformance suite's). */
    static final double TOLERANCE = 1e-4;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "A model bundle folder (or drums, melody).")
    String model;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelBundle bundle = ModelRef.read(model);
        PrintWriter stdout = spec.commandLine().getOut();
        if (bundle.isForeign()) {
            byte[] own = bundle.files().get(OnnxBackend.MODEL_FILE);
            if (own == null) {
                throw new CliFailure(model + " holds a foreign model without " + OnnxBackend.MODEL_FILE);
            }
            AtomicFile.write(out, own, overwrite);
            stdout.printf(Locale.ROOT, "wrote %s: the foreign model's own ONNX file, unchanged (%,d bytes)%n", out, own.length);
            stdout.flush();
            return 0;
        }
        byte[] bytes;
        try {
            bytes = OnnxExporter.toBytes(bundle.spec(), bundle.weights(), bundle.provenance());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(model + ": " + e.getMessage());
        }
        String check = check(bundle, bytes);
        AtomicFile.write(out, bytes, overwrite);
        stdout.printf(Locale.ROOT, "wrote %s (%,d bytes): %s, opset %d; %s%n", out, bytes.length, describe(bundle.spec()),
                OnnxExporter.OPSET, check);
        stdout.flush();
        return 0;
    }

    /** What the file holds: {@code drum-rnn [8, 6]}, {@code seq2seq-gru 2 x 512, classifier 256, GRU nodes}. */
    private static String describe(ModelSpec spec) {
        if (spec.family() instanceof Seq2SeqGru gru) {
            return String.format(Locale.ROOT, "seq2seq-gru %d x %d, classifier %d, GRU nodes", gru.layers(), gru.hidden(),
                    gru.classifierHidden());
        }
        if (spec.family() instanceof DrumVae vae) {
            return String.format(Locale.ROOT, "drum-vae encoder %s each way, z %d, decoder %s%s, LSTM nodes", vae.encoder(),
                    vae.latent(), vae.decoder(), vae.hitControls() ? ", hit controls" : "");
        }
        return spec.family().typeName() + " " + spec.architecture().decoder().sizes();
    }

    /**
     * Runs the file on ONNX Runtime as its users would (a seq2seq file: its encoder over the source, then its decoder
     * from the encoder's states) and compares the teacher-forced logits with the java reference's on random inputs;
     * says what it found, or fails (nothing is written then).
     */
    private static String check(ModelBundle bundle, byte[] bytes) {
        try {
            new OnnxBackend(1);
        } catch (IllegalStateException e) {
            return "not checked: ONNX Runtime does not run here (" + e.getMessage() + ")";
        }
        ModelSpec spec = bundle.spec();
        boolean encoder = spec.hasEncoder();
        SplittableRandom random = new SplittableRandom(1);
        SequenceBatch inputs = random(2, 8, spec.decoderInputSize(), random);
        SequenceBatch source = encoder ? random(2, 8, spec.inputSize(), random) : null;
        // a drum VAE's decoder reads its own inputs (frame and hit controls); a seq2seq decoder starts on the source
        ModelBatch batch = !encoder ? ModelBatch.of(inputs) : spec.family() instanceof DrumVae ? new ModelBatch(inputs, source)
                : ModelBatch.teacherForced(source, inputs);
        float[] expected;
        try (SequenceModel reference = new JavaBackend().fromWeights(spec, bundle.weights())) {
            expected = reference.score(batch).toArray();
        }
        float[] actual = OnnxExporter.scoreExported(bytes, batch).toArray();
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs((double) expected[i] - actual[i]));
        }
        if (!(largest <= TOLERANCE)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the exported model's logits differ from the java reference's"
                    + " by %.3g (more than %.0e); nothing written", largest, TOLERANCE));
        }
        return String.format(Locale.ROOT, "ONNX Runtime %s %s, logits within %.1e of the java reference", OnnxRuntime.version(),
                encoder ? "runs it (encoder, then decoder)" : "loads it", largest);
    }

    /** Random 0/1 features (one in ten on). */
    private static SequenceBatch random(int batch, int time, int width, SplittableRandom random) {
        float[] values = new float[batch * time * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.1 ? 1f : 0f;
        }
        return SequenceBatch.wrap(batch, time, width, values);
    }
}
