package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.model.DrumVae;
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

/** {@code interpolate} and {@code tap2drum} end to end with an untrained drum VAE: files, counts, seeds, errors. */
class GrooveCommandsTest {
    @TempDir
    Path dir;

    private Path vaeBundle() throws IOException {
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(6), 4, List.of(8), 2, 0.2, 1, GrooveTransform.NONE),
                GrooveSpec.GROOVAE, 6);
        Path folder = dir.resolve("vae");
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
}
