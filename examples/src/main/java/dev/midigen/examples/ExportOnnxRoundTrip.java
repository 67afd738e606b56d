package dev.midigen.examples;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.midigen.backend.onnx.OnnxBackend;
import dev.midigen.backend.onnx.OnnxContract;
import dev.midigen.backend.onnx.OnnxExporter;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Backends;
import dev.midigen.model.Decoder;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.generate.Primers;
import dev.midigen.model.sampling.Sampler;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.models.DefaultModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model out to ONNX and back: the embedded {@code melody} model (or another token model's bundle) exported as an
 * {@code .onnx} file that any ONNX runtime runs, imported back the way a model made elsewhere is (the file and the
 * contract it carries in its metadata become a bundle: what {@code midigen import-onnx} does), and the imported
 * model's logits compared step by step with the source model's on another backend over a sampled beat.
 *
 * <p>Run: {@code ExportOnnxRoundTrip OUT.onnx [melody|melody-pop|BUNDLE] [SOURCE_BACKEND]} (default {@code melody} on
 * {@code dl4j}); the imported bundle is written beside the file ({@code OUT.onnx.bundle}). A style-conditioned model
 * (the embedded {@code drums}) exports too, but its file carries no contract: a foreign model is fed its codec's
 * features alone, and such a model reads a style and a tempo besides; the example refuses it.
 * See {@code ExportOnnxRoundTripTest}.
 */
public final class ExportOnnxRoundTrip {
    private ExportOnnxRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ExportOnnxRoundTrip OUT.onnx [melody|melody-pop|BUNDLE] [BACKEND]");
        }
        Path file = Path.of(args[0]);
        String model = args.length > 1 ? args[1] : "melody";
        ModelBundle bundle = DefaultModels.isName(model) ? DefaultModels.bundle(model)
                : ModelBundle.read(Path.of(model));
        if (bundle.spec().controls() != null) {
            throw new IllegalArgumentException(model + " reads style and tempo controls, which a foreign model's contract"
                    + " cannot say: export-onnx writes it for ONNX runtimes, import-onnx cannot take it back");
        }

        // 1. Export: ONNX LSTM nodes over the canonical weights; the metadata holds the spec and the contract.
        Files.createDirectories(file.toAbsolutePath().getParent());
        OnnxExporter.write(bundle.spec(), bundle.weights(), bundle.provenance(), file, true);

        // 2. Import: the file and its contract (how to feed it) as a foreign model's bundle, run by the onnx backend.
        byte[] bytes = Files.readAllBytes(file);
        String contract = ModelProto.parseFrom(bytes).getMetadataPropsList().stream()
                .filter(entry -> entry.getKey().equals(OnnxExporter.CONTRACT_KEY)).findFirst().orElseThrow().getValue();
        OnnxBackend onnx = new OnnxBackend();
        ModelBundle imported = ModelBundle.foreign(OnnxBackend.specOf(OnnxContract.parse(contract)),
                Provenance.imported(OnnxBackend.NAME, onnx.version(), 0, "ExportOnnxRoundTrip " + file.getFileName()),
                Map.of(), Map.of(OnnxBackend.MODEL_FILE, bytes, OnnxBackend.CONTRACT_FILE,
                        contract.getBytes(StandardCharsets.UTF_8)));
        Path folder = file.resolveSibling(file.getFileName() + ".bundle");
        imported.write(folder, true);

        // 3. Compare: the same 64 steps through both decoders, from the zero state.
        String source = args.length > 2 ? args[2] : "dl4j";
        try (SequenceModel original = bundle.open(Backends.discover().open(source));
             SequenceModel served = ModelBundle.read(folder).open(onnx);
             Decoder a = original.newDecoder(1);
             Decoder b = served.newDecoder(1)) {
            IntSeq primer = Primers.defaultFor(bundle.spec().encoding()).tokens();
            int[] tokens = new Sampler(SamplingConfig.builder().seed(1).build())
                    .sampleOne(original, primer, 64 - primer.length(), 0).tokens().toArray();
            TokenCodec<?> codec = bundle.spec().tokenCodec();
            float[] input = new float[codec.inputSize()];
            double largest = 0;
            for (int t = 0; t < tokens.length; t++) {
                codec.input(tokens, t, input, 0);
                float[] expected = a.step(input);
                float[] actual = b.step(input);
                for (int i = 0; i < expected.length; i++) {
                    largest = Math.max(largest, Math.abs(expected[i] - actual[i]));
                }
            }
            System.out.printf("wrote %s (%,d bytes) and %s;%nover %d steps the imported model's logits are within"
                    + " %.2e of %s's%n", file, bytes.length, folder, tokens.length, largest, source);
            if (!(largest <= 1e-4)) {
                throw new IllegalStateException("the ONNX file's logits differ from the source's by " + largest);
            }
        }
    }
}
