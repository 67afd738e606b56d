package dev.midigen.examples;

import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.Backends;
import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.generate.FramePrimer;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.sampling.DecoderStart;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.training.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Piano music continued by DeepMusician's encoder-decoder GRU over piano-roll frames ({@code seq2seq-gru}): the encoder
 * reads the first bars of a MIDI file, the decoder starts from its state and writes the next bars, each key a
 * Bernoulli draw (a briefly trained model's keys seldom reach the threshold of ½ that {@code midigen generate} uses).
 * No seq2seq model is embedded, so given a folder of MIDI it first trains a tiny one on dl4j for a few steps
 * (a demo, not music: {@code midigen train --model seq2seq-gru} trains a real one); given a bundle, it uses that.
 *
 * <p>Run: {@code ContinuePianoPrimer MIDI_DIR|BUNDLE PRIMER.mid OUT.mid [BARS]}, e.g. on {@code ../shared/data/pop909};
 * a model it trains is kept in {@code piano-model} beside OUT.mid. See {@code ContinuePianoPrimerTest}.
 */
public final class ContinuePianoPrimer {
    private ContinuePianoPrimer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ContinuePianoPrimer MIDI_DIR|BUNDLE PRIMER.mid OUT.mid [BARS]");
        }
        Path source = Path.of(args[0]);
        Path out = Path.of(args[2]);
        ModelBundle bundle = Files.exists(source.resolve(ModelBundle.BUNDLE_FILE)) ? ModelBundle.read(source)
                : train(source, out.resolveSibling("piano-model"));

        // The primer: the file's first 2 bars, as a piano roll of the model's keys and grid.
        FramePrimer primer = FramePrimer.fromMidi(Path.of(args[1]), (PianoRollSpec) bundle.spec().encoding(), List.of())
                .firstBars(2);
        int sourceSteps = bundle.provenance().training() != null ? bundle.provenance().training().sourceSteps() : 64;
        SamplingConfig sampling = SamplingConfig.builder().start(new DecoderStart.Guided(sourceSteps)).bernoulli()
                .temperature(1.0).seed(1).build();
        GenerationRequest request = GenerationRequest.of(GenerationLength.bars(args.length > 3
                ? Integer.parseInt(args[3]) : 4), 1).withPrimer(primer).withSampling(sampling);

        try (SequenceModel model = bundle.open(Backends.discover().open("onnx"))) {
            Generated piece = new MusicGenerator(model).generate(request).get(0); // the primer, then the new bars
            Files.createDirectories(out.toAbsolutePath().getParent());
            SmfWriter.standard().write(NotesToMidi.convert(piece.notes()), out);
            System.out.printf("wrote %s: %d notes at %.0f BPM, continued on the %s backend%n", out,
                    piece.notes().notes().size(), piece.bpm(), model.backend());
        }
    }

    /** A seq2seq-gru of one GRU layer of 32, trained on dl4j for 30 steps on the piano rolls of a MIDI folder. */
    static ModelBundle train(Path midi, Path bundle) throws Exception {
        PianoRollSpec encoding = PianoRollSpec.PIANO; // 88 keys from A0, 16ths
        SplitPolicy split = new SplitPolicy.Hashed(1, 0.1, 0);
        // cut at meter changes only, drums only on channel 10, pieces of 1 bar or more kept whole, every track
        BuildSettings settings = new BuildSettings(split.describe(), false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        Path corpus = bundle.resolveSibling("piano-corpus");
        CorpusBuilder.build(new BuildRequest(midi, corpus, true, EncodingBindings.of(encoding, settings), split,
                settings, Runtime.getRuntime().availableProcessors()), BuildListener.SILENT);

        ModelSpec spec = new ModelSpec(new Seq2SeqGru(32, 1, 32, new BernoulliLoss.Bce()), encoding, 1);
        TrainingConfig config = TrainingConfig.SEQ2SEQ.toBuilder().batchSize(8).sourceSteps(16).windowSteps(16)
                .learningRate(0.01).dropout(0).headDropout(0).steps(30).evalInterval(10).build();
        TrainingLoop.Result result = TrainingLoop.run(TrainingLoop.Request.builder(spec, config,
                CorpusStore.open(corpus), Backends.discover().open("dl4j"), bundle).overwrite(true).build(),
                TrainingLoop.Listener.SILENT);
        System.out.printf("trained %s: %d steps, validation loss %.4f%n", bundle, result.steps(),
                result.validation().loss());
        return result.bundle();
    }
}
