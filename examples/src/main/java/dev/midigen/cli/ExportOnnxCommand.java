package dev.midigen.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.midigen.backend.onnx.OnnxBackend;
import dev.midigen.backend.onnx.OnnxContract;
import dev.midigen.backend.onnx.OnnxExporter;
import dev.midigen.backend.onnx.OnnxRuntime;
import dev.midigen.backend.onnx.Seq2SeqExporter;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.io.AtomicFile;
import dev.midigen.model.FrameBatch;
import dev.midigen.model.FrameModel;
import dev.midigen.model.LstmFamily;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.Seq2SeqLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        if (bundle.spec().family() instanceof Seq2SeqGru family) {
            byte[] bytes = OnnxExporter.toBytes(bundle.spec(), bundle.weights(), bundle.provenance());
            String check = checkFrames(bundle, bytes);
            AtomicFile.write(out, bytes, overwrite);
            stdout.printf(Locale.ROOT, "wrote %s (%,d bytes): seq2seq-gru %d x %d, classifier %d, GRU nodes, opset %d; %s%n", out,
                    bytes.length, family.layers(), family.hidden(), family.classifierHidden(), OnnxExporter.OPSET, check);
            stdout.flush();
            return 0;
        }
        if (!(bundle.spec().family() instanceof LstmFamily)) {
            throw new CliFailure("export-onnx writes the LSTM families (next-token-lstm, drum-rnn) and seq2seq-gru, not "
                    + bundle.spec().family().typeName());
        }
        byte[] bytes = OnnxExporter.toBytes(bundle.spec(), bundle.weights(), bundle.provenance());
        String check = check(bundle, bytes);
        AtomicFile.write(out, bytes, overwrite);
        stdout.printf(Locale.ROOT, "wrote %s (%,d bytes): %s %s, opset %d; %s%n", out, bytes.length, bundle.spec().family().typeName(),
                bundle.spec().lstmNetwork().layerSizes(), OnnxExporter.OPSET, check);
        stdout.flush();
        return 0;
    }

    /**
     * Runs a seq2seq file on ONNX Runtime as its users would (encoder, then decoder from its states) and compares the
     * teacher-forced logits with the java reference's on random frames; says what it found, or fails (nothing written).
     */
    private static String checkFrames(ModelBundle bundle, byte[] bytes) {
        try {
            new OnnxBackend(1);
        } catch (IllegalStateException e) {
            return "not checked: ONNX Runtime does not run here (" + e.getMessage() + ")";
        }
        int keys = Seq2SeqLayout.keys(bundle.spec());
        SplittableRandom random = new SplittableRandom(1);
        int batch = 2;
        int steps = 8;
        float[] source = new float[batch * steps * keys];
        float[] target = new float[batch * steps * keys];
        for (int i = 0; i < source.length; i++) {
            source[i] = random.nextDouble() < 0.1 ? 1f : 0f;
            target[i] = random.nextDouble() < 0.1 ? 1f : 0f;
        }
        FrameBatch frames = new FrameBatch(SequenceBatch.wrap(batch, steps, keys, source), SequenceBatch.wrap(batch, steps, keys, target));
        float[] expected;
        try (FrameModel reference = new JavaBackend().frameModel(bundle.spec(), bundle.weights())) {
            expected = reference.score(frames).toArray();
        }
        float[] actual = Seq2SeqExporter.scoreExported(bytes, frames).toArray();
        return compared(expected, actual, "ONNX Runtime " + OnnxRuntime.version() + " runs it (encoder, then decoder)");
    }

    private static String compared(float[] expected, float[] actual, String what) {
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs((double) expected[i] - actual[i]));
        }
        if (!(largest <= TOLERANCE)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the exported model's logits differ from the java reference's"
                    + " by %.3g (more than %.0e); nothing written", largest, TOLERANCE));
        }
        return String.format(Locale.ROOT, "%s, logits within %.1e of the java reference", what, largest);
    }

    /**
     * Loads the file in ONNX Runtime through the contract it carries and compares its logits with the java reference's
     * on a few random token sequences; says what it found, or fails (nothing is written then).
     */
    private static String check(ModelBundle bundle, byte[] bytes) throws IOException {
        OnnxBackend onnx;
        try {
            onnx = new OnnxBackend(1);
        } catch (IllegalStateException e) {
            return "not checked: ONNX Runtime does not run here (" + e.getMessage() + ")";
        }
        OnnxContract contract = null;
        for (var entry : ModelProto.parseFrom(bytes).getMetadataPropsList()) {
            if (entry.getKey().equals(OnnxExporter.CONTRACT_KEY)) {
                contract = OnnxContract.parse(entry.getValue());
            }
        }
        if (contract == null) {
            throw new IllegalStateException("the exported file has no " + OnnxExporter.CONTRACT_KEY);
        }
        TokenCodec<?> codec = bundle.spec().tokenCodec();
        int batch = 2;
        int time = 8;
        SplittableRandom random = new SplittableRandom(1);
        float[] features = new float[batch * time * codec.inputSize()];
        for (int b = 0; b < batch; b++) {
            int[] tokens = new int[time];
            for (int t = 0; t < time; t++) {
                tokens[t] = random.nextInt(codec.vocabularySize());
                codec.input(tokens, t, features, (b * time + t) * codec.inputSize());
            }
        }
        SequenceBatch inputs = SequenceBatch.wrap(batch, time, codec.inputSize(), features);
        float[] expected;
        float[] actual;
        try (SequenceModel reference = new JavaBackend().fromWeights(bundle.spec(), bundle.weights());
             SequenceModel exported = onnx.foreign(bytes, contract)) {
            expected = reference.score(inputs).toArray();
            actual = exported.score(inputs).toArray();
        }
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs((double) expected[i] - actual[i]));
        }
        if (!(largest <= TOLERANCE)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the exported model's logits differ from the java reference's"
                    + " by %.3g (more than %.0e); nothing written", largest, TOLERANCE));
        }
        return String.format(Locale.ROOT, "ONNX Runtime %s loads it, logits within %.1e of the java reference",
                onnx.version().replace("onnxruntime ", ""), largest);
    }
}
