package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.music.NotesToMidi;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.smf.SmfWriter;
import dev.midigen.model.DrumVae;
import dev.midigen.model.FeelLoss;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.CanonicalLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interpolate}, {@code tap2drum} and {@code generate} from a drum VAE's prior, end to end with an untrained drum
 * VAE: files, counts, seeds, errors.
 */
class GrooveCommandsTest {
    @TempDir
    Path dir;

    private Path vaeBundle() throws IOException {
        return vaeBundle(false);
    }

    private Path vaeBundle(boolean hitControls) throws IOException {
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(6), 4, List.of(8), 2, 0.2, 1, GrooveTransform.NONE,
                hitControls), GrooveSpec.GROOVAE, 6);
        Path folder = dir.resolve(hitControls ? "controlled" : "vae");
        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 6))) {
            ModelBundle.of(model, Provenance.imported("java", "test", 6, "GrooveCommandsTest"), Map.of()).write(folder, false);
        }
        return folder;
    }

    private static NoteSequence read(Path file) throws IOException {
        return MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence();
    }

    @Test
    void interpolateWritesEveryBeatOfThePathAndTap2drumOneBeatBothSeeded() throws IOException {
        Path model = vaeBundle();
        Path out = dir.resolve("path");
        CliRun path = CliRun.of("interpolate", "--from", "samples/boom-bap.mid", "--to", "samples/boom-bap.mid", "--steps",
                "3", "--out", out.toString(), "--model", model.toString(), "--backend", "java", "--temperature", "1");

        assertThat(path.exitCode()).as(path.err()).isZero();
        assertThat(path.out()).contains("wrote 3 beats");
        for (int i = 1; i <= 3; i++) {
            NoteSequence beat = read(out.resolve("interpolation-" + i + ".mid"));
            assertThat(beat.notes()).allSatisfy(n -> assertThat(n.channel()).isEqualTo(9));
        }

        Path beat = dir.resolve("beat.mid");
        String[] tap = {"tap2drum", "--in", "samples/boom-bap.mid", "--out", beat.toString(), "--model", model.toString(),
            "--backend", "java", "--seed", "3", "--temperature", "1"};
        assertThat(CliRun.of(tap).exitCode()).isZero();
        byte[] first = Files.readAllBytes(beat);
        CliRun again = CliRun.of(tap);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists (use --overwrite").hasLineCount(1);
        String[] overwrite = java.util.Arrays.copyOf(tap, tap.length + 1);
        overwrite[tap.length] = "--overwrite";
        assertThat(CliRun.of(overwrite).exitCode()).isZero();
        assertThat(Files.readAllBytes(beat)).as("the same seed, the same beat").isEqualTo(first);
    }

    @Test
    void badOptionsAndModelsAreOneLine() {
        CliRun steps = CliRun.of("interpolate", "--from", "samples/boom-bap.mid", "--to", "samples/boom-bap.mid",
                "--steps", "1", "--out", dir.toString());
        assertThat(steps.exitCode()).isEqualTo(2);
        assertThat(steps.err()).contains("--steps takes 2 to 100");
        CliRun drums = CliRun.of("tap2drum", "--in", "samples/boom-bap.mid", "--out", dir.resolve("b.mid").toString(),
                "--model", "drums");
        assertThat(drums.exitCode()).isEqualTo(1);
        assertThat(drums.err().strip()).contains("tap2drum needs a drum-vae").doesNotContain("\n");
    }

    @Test
    void generateDrawsWholeBarsFromThePriorSeededAndRefusesWhatADrumVaeDoesNotTake() throws IOException {
        Path model = vaeBundle();
        Path out = dir.resolve("beats");
        String[] generate = {"generate", "--model", model.toString(), "--backend", "java", "--bars", "5", "--num-outputs",
            "2", "--seed", "4", "--temperature", "1", "--out", out.toString()};
        CliRun run = CliRun.of(generate);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote").contains("5 bars").contains("prior of a 2-bar drum VAE at temperature 1.0");
        NoteSequence beat = read(out.resolve("beat.mid"));
        assertThat(beat.notes()).allSatisfy(n -> assertThat(n.channel()).isEqualTo(9));
        assertThat(beat.notes()).isNotEmpty().allSatisfy(n -> assertThat(beat.meterMap().barAt(n.startTick()))
                .as("starts within 5 bars").isLessThan(5));
        assertThat(Files.exists(out.resolve("beat-2.mid"))).isTrue();
        Path again = dir.resolve("again");
        generate[generate.length - 1] = again.toString();
        assertThat(CliRun.of(generate).exitCode()).isZero();
        assertThat(Files.readAllBytes(again.resolve("beat.mid"))).as("the same seed, the same beat")
                .isEqualTo(Files.readAllBytes(out.resolve("beat.mid")));

        CliRun primer = CliRun.of("generate", "--model", model.toString(), "--primer-midi", "samples/boom-bap.mid",
                "--out", dir.toString());
        assertThat(primer.exitCode()).isEqualTo(1);
        assertThat(primer.err().strip()).contains("draws whole bars from its prior").doesNotContain("\n");
        CliRun controlled = CliRun.of("generate", "--model", vaeBundle(true).toString(), "--backend", "java",
                "--out", dir.toString());
        assertThat(controlled.exitCode()).isEqualTo(1);
        assertThat(controlled.err().strip()).contains("reads the hits it plays").doesNotContain("\n");
    }

    @Test
    void evaluateHumanizesTheSplitNextToBothBaselines() throws IOException {
        Path grooves = dir.resolve("grooves");
        Files.createDirectories(grooves);
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        StringBuilder split = new StringBuilder();
        for (int piece = 0; piece < 4; piece++) {
            int steps = 3 * 16;
            int[] hits = new int[steps];
            float[] velocities = new float[steps * 9];
            float[] offsets = new float[steps * 9];
            for (int t = 0; t < steps; t++) {
                for (int c : new int[] {0, 1, 2}) {
                    if (random.nextDouble() < 0.4) {
                        hits[t] |= 1 << c;
                        velocities[t * 9 + c] = (40 + random.nextInt(80)) / 127f;
                        offsets[t * 9 + c] = (float) (random.nextDouble() - 0.5) * 0.6f;
                    }
                }
            }
            GrooveTrack played = GrooveTrack.of(DrumMap.ROLAND, 4, 16, hits, velocities, offsets);
            String name = "g" + piece + ".mid";
            SmfWriter.standard().write(NotesToMidi.convert(played.toNoteSequence(480, 100)), grooves.resolve(name));
            split.append(name).append(piece < 3 ? ",train\n" : ",validation\n");
        }
        Files.writeString(dir.resolve("split.csv"), split);
        Path corpus = dir.resolve("corpus");
        CliRun build = CliRun.of("dataset", "build", "--input", grooves.toString(), "--split-file",
                dir.resolve("split.csv").toString(), "--encoding", "groove", "--drum-map", "roland", "--out",
                corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(6), 4, List.of(8), 2, 0.2, 1, GrooveTransform.HUMANIZE, true),
                GrooveSpec.GROOVAE, 6);
        Path model = dir.resolve("humanizer");
        try (SequenceModel vae = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 6))) {
            ModelBundle.of(vae, Provenance.imported("java", "test", 6, "GrooveCommandsTest"), Map.of()).write(model, false);
        }

        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", corpus.toString(), "--backend", "java");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.at("/teacherForced/hitF1").isNumber()).isTrue();
        for (String part : new String[] {"model", "quantizedBaseline", "averageGrooveBaseline"}) {
            JsonNode metrics = result.at("/humanize/" + part);
            assertThat(metrics.get("pieces").asInt()).as(part).isEqualTo(1);
            assertThat(metrics.get("hitF1").asDouble()).as(part + ": the hits are kept").isEqualTo(1.0);
            assertThat(metrics.get("velocityMae").asDouble()).as(part).isBetween(0.0, 127.0);
            assertThat(metrics.get("timingMaeMs").asDouble()).as(part).isBetween(0.0, 150.0);
        }
        assertThat(result.at("/humanize/quantizedBaseline/timingMaeMs").asDouble()).as("quantized: every offset missed")
                .isGreaterThan(0);

        // the humanizer goes on under absolute errors (its network unchanged); its layers may not change
        Path absolute = dir.resolve("absolute");
        CliRun l1 = CliRun.of("train", "--data", corpus.toString(), "--from", model.toString(), "--backend", "dl4j",
                "--steps", "2", "--hparams", "feel_loss=l1,batch=2,eval=2", "--out", absolute.toString());
        assertThat(l1.exitCode()).as(l1.err()).isZero();
        DrumVae trained = (DrumVae) ModelBundle.read(absolute).spec().family();
        assertThat(trained).isEqualTo(((DrumVae) spec.family()).withFeelLoss(FeelLoss.L1));
        CliRun resized = CliRun.of("train", "--data", corpus.toString(), "--from", model.toString(), "--backend", "dl4j",
                "--steps", "1", "--hparams", "feel_loss=l1,layers=4", "--out", dir.resolve("resized").toString());
        assertThat(resized.exitCode()).isEqualTo(2);
        assertThat(resized.err()).contains("would make it");

        // checkpoint averaging: relatives of one spec only, and the result reads and evaluates like any bundle
        Path averaged = dir.resolve("averaged");
        CliRun average = CliRun.of("average", absolute.toString(), absolute.toString(), "--shares", "2,1", "--out",
                averaged.toString());
        assertThat(average.exitCode()).as(average.err()).isZero();
        assertThat(average.out()).contains("wrote " + averaged).contains("2.0 × (2 steps");
        assertThat(ModelBundle.read(averaged).weights()).isEqualTo(ModelBundle.read(absolute).weights());
        CliRun evaluated = CliRun.of("evaluate", "--model", averaged.toString(), "--data", corpus.toString(), "--backend",
                "java");
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        CliRun mixed = CliRun.of("average", model.toString(), absolute.toString(), "--out", dir.resolve("mixed").toString());
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("only models of one spec").doesNotContain("Exception");
        assertThat(CliRun.of("average", absolute.toString(), absolute.toString(), "--out", averaged.toString()).err())
                .contains("the output exists");
    }

    @Test
    void exportOnnxWritesADrumVaeWithHitControlsAndChecksItAgainstTheReference() throws IOException {
        Path out = dir.resolve("groove.onnx");
        CliRun run = CliRun.of("export-onnx", "--model", vaeBundle(true).toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("drum-vae encoder [6] each way, z 4, decoder [8], hit controls")
                .contains("runs it (encoder, then decoder)").contains("of the java reference");
        assertThat(Files.size(out)).isPositive();
    }
}
