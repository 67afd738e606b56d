package dev.midigen.cli;

import dev.midigen.backend.onnx.OnnxBackend;
import dev.midigen.backend.onnx.OnnxContract;
import dev.midigen.codec.encoding.Codecs;
import dev.midigen.codec.encoding.SequenceCodec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.model.Decoder;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.spi.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen import-onnx}: an ONNX model made elsewhere, and its contract, as a model bundle. */
@Command(name = "import-onnx",
        description = "Wrap an ONNX model made elsewhere (PyTorch, Keras, …) as a model bundle that evaluate and generate run"
                + " on the onnx backend. The contract (JSON) says which encoding it reads and how to feed it: input name, kind"
                + " (one-hot, token-ids, frames) and layout, output name and kind (logits, probabilities), the state's input and"
                + " output names and shape (docs/models.md). It is checked against the model's inputs and outputs first.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class ImportOnnxCommand implements Callable<Integer> {
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    @Option(names = "--onnx", required = true, paramLabel = "MODEL.onnx", description = "The ONNX model.")
    Path onnx;

    @Option(names = "--contract", required = true, paramLabel = "CONTRACT.json", description = "How to drive it (JSON).")
    Path contractFile;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "The bundle folder to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OnnxContract contract;
        try {
            contract = OnnxContract.parse(text(contractFile));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(contractFile + ": " + e.getMessage());
        }
        if (Files.size(onnx) > MAX_BYTES) {
            throw new CliFailure(onnx + " is " + Files.size(onnx) + " bytes; midigen reads ONNX files up to 2 GB");
        }
        byte[] bytes = Files.readAllBytes(onnx);
        ModelSpec modelSpec = OnnxBackend.specOf(contract);
        if (!(Engines.open(OnnxBackend.NAME, Capability.LOAD_FOREIGN, modelSpec) instanceof OnnxBackend backend)) {
            throw new CliFailure("the backend called onnx here is not midigen's ONNX Runtime backend");
        }
        try (SequenceModel model = backend.foreign(bytes, contract)) {
            tryRunning(model, contract);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(onnx + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new CliFailure(onnx + " does not run as its contract says: " + e.getMessage());
        }
        String producer = producer(bytes);
        Provenance provenance = Provenance.imported(OnnxBackend.NAME, backend.version(), 0,
                "midigen import-onnx " + onnx.getFileName() + (producer.isEmpty() ? "" : " (made by " + producer + ")"));
        ModelBundle bundle = ModelBundle.foreign(modelSpec, provenance, Map.of(), Map.of(OnnxBackend.MODEL_FILE, bytes,
                OnnxBackend.CONTRACT_FILE, contract.toJson().getBytes(StandardCharsets.UTF_8)));
        bundle.write(out, overwrite);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s: a foreign %s model over the %s encoding%s; it runs on the onnx backend (evaluate,"
                + " generate)%n", out, contract.family().label(), contract.encoding().typeName(),
                producer.isEmpty() ? "" : ", made by " + producer);
        stdout.flush();
        return 0;
    }

    /** Runs one decoder step from the zero state, so a model that only looks right fails here rather than later. */
    private static void tryRunning(SequenceModel model, OnnxContract contract) {
        SequenceCodec<?> codec = Codecs.of(contract.encoding());
        float[] input = new float[contract.featureWidth()];
        if (codec instanceof TokenCodec<?> tokens) {
            tokens.input(new int[] {0}, 0, input, 0);
        }
        try (Decoder decoder = model.newDecoder(1)) {
            float[] logits = decoder.step(input);
            for (float value : logits) {
                if (Float.isNaN(value)) {
                    throw new IllegalStateException("its first step gives NaN scores");
                }
            }
        }
    }

    /** The producer the ONNX file names ({@code pytorch 1.13.0}), or empty. */
    private static String producer(byte[] bytes) {
        try {
            ai.onnx.proto.OnnxMl.ModelProto model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(bytes);
            return (model.getProducerName() + " " + model.getProducerVersion()).trim();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return "";
        }
    }

    private static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliFailure(file + " is not UTF-8 text");
        }
    }
}
