package dev.midigen.examples;

import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.dataset.BuildListener;
import dev.midigen.dataset.BuildRequest;
import dev.midigen.dataset.BuildSettings;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusBuilder;
import dev.midigen.dataset.CorpusStore;
import dev.midigen.dataset.EncodingBindings;
import dev.midigen.dataset.SplitPolicy;
import dev.midigen.model.Backends;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.TrainingConfig;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.eval.Evaluation;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.Generated;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.sampling.SamplingConfig;
import dev.midigen.model.spi.Backend;
import dev.midigen.model.training.TrainingLoop;
import java.nio.file.Path;
import java.util.List;

/**
 * Train on one engine, serve on another: a folder of MIDI files becomes a melody corpus ({@code dataset}), a small
 * next-token LSTM learns it for a few dozen steps on DeepLearning4J, the bundle it writes is opened on ONNX Runtime
 * (which cannot train, but serves fast) and samples an 8-bar melody.
 *
 * <p>Run: {@code TrainMelodyThenServe MIDI_DIR WORK_DIR [STEPS]}, e.g. on {@code ../shared/data/irish-folk}; it
 * writes {@code WORK_DIR/corpus}, {@code WORK_DIR/model} (the bundle) and {@code WORK_DIR/melody.mid}.
 * See {@code TrainMelodyThenServeTest}.
 */
public final class TrainMelodyThenServe {
    private TrainMelodyThenServe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: TrainMelodyThenServe MIDI_DIR WORK_DIR [STEPS]");
        }
        Path midi = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 60;

        // 1. The corpus: each track's melody moved to C major, Magenta's lookback encoding; 10% of files validate.
        MelodySpec encoding = MelodySpec.LOOKBACK;
        SplitPolicy split = new SplitPolicy.Hashed(1, 0.1, 0);
        // cut at meter changes only, drums only on channel 10, pieces of 1 bar or more kept whole, every track
        BuildSettings settings = new BuildSettings(split.describe(), false, false, 1, 0, 0, 0, List.of(), "track",
                BuildSettings.Augmentation.NONE, 1);
        CorpusBuilder.build(new BuildRequest(midi, work.resolve("corpus"), true,
                EncodingBindings.of(encoding, settings), split, settings, Runtime.getRuntime().availableProcessors()),
                BuildListener.SILENT);
        Corpus corpus = CorpusStore.open(work.resolve("corpus"));

        // 2. Train a tiny model (one LSTM layer of 64) on dl4j: Adam at 0.01, batches of 16 windows of 32 steps.
        ModelSpec spec = new ModelSpec(new NextTokenLstm(List.of(64), 0), encoding, 1);
        TrainingConfig config = TrainingConfig.builder().learningRate(0.01).batchSize(16).windowSteps(32).steps(steps)
                .dropout(0).evalInterval(10).build();
        Path bundle = work.resolve("model");
        Backend dl4j = Backends.discover().open("dl4j");
        TrainingLoop.Request request = TrainingLoop.Request.builder(spec, config, corpus, dl4j, bundle)
                .overwrite(true).createdBy("TrainMelodyThenServe").build();
        TrainingLoop.Result trained = TrainingLoop.run(request, new TrainingLoop.Listener() {
            @Override
            public void evaluated(long step, Evaluation validation, boolean improved) {
                System.out.printf("step %d: validation loss %.4f%n", step, validation.loss());
            }
        });
        System.out.printf("trained %d steps in %.1f s; the bundle is %s%n", trained.steps(), trained.trainSeconds(),
                bundle);

        // 3. Serve it on ONNX Runtime: an 8-bar melody at 120 BPM.
        try (SequenceModel model = ModelBundle.read(bundle).open(Backends.discover().open("onnx"))) {
            GenerationRequest ask = GenerationRequest.of(GenerationLength.bars(8), 1)
                    .withSampling(SamplingConfig.builder().temperature(0.9).seed(1).build()).withBpm(120.0);
            Generated melody = new MusicGenerator(model).generate(ask).get(0);
            Path out = work.resolve("melody.mid");
            SmfWriter.standard().write(NotesToMidi.convert(melody.notes()), out);
            System.out.printf("wrote %s: %d notes on the %s backend%n", out, melody.notes().notes().size(),
                    model.backend());
        }
    }
}
