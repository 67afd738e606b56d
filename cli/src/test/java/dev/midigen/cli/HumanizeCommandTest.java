package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.Note;
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

/**
 * {@code midigen humanize} end to end with an untrained drum VAE (the mechanics: files and folders, every note kept on
 * its step, errors in one line); what a trained model's feel measures is in docs/models.md.
 */
class HumanizeCommandTest {

    @TempDir
    Path dir;

    private Path vaeBundle() throws IOException {
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(6), 4, List.of(8), 2, 0.2, 1, GrooveTransform.HUMANIZE),
                GrooveSpec.GROOVAE, 4);
        Path folder = dir.resolve("vae");
        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 4))) {
            ModelBundle.of(model, Provenance.imported("java", "test", 4, "HumanizeCommandTest"), Map.of()).write(folder, false);
        }
        return folder;
    }

    private static NoteSequence read(Path file) throws IOException {
        return MidiToNotes.convert(SmfReader.strict().read(file).file()).sequence();
    }

    private static List<String> notesOnSteps(NoteSequence notes) {
        long step = ((dev.midigen.codec.smf.Timing.Ppq) notes.timing()).ticksPerQuarter() / 4;
        return notes.notes().stream().map(n -> n.pitch() + "@" + Math.floorDiv(n.startTick() + step / 2, step)).sorted()
                .toList();
    }

    @Test
    void aFileGetsVelocitiesAndTimingWithEveryNoteOnItsStepAndAFolderIsMirrored() throws IOException {
        Path model = vaeBundle();
        Path beat = Path.of("samples/boom-bap.mid");
        Path out = dir.resolve("played.mid");

        CliRun one = CliRun.of("humanize", "--in", beat.toString(), "--out", out.toString(), "--model", model.toString(),
                "--backend", "java");

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("humanized 1 of 1 file").contains("java backend");
        NoteSequence before = read(beat);
        NoteSequence after = read(out);
        assertThat(notesOnSteps(after)).isEqualTo(notesOnSteps(before));
        assertThat(after.notes().stream().mapToInt(Note::velocity).distinct().count()).as("velocities from the model")
                .isGreaterThan(1);

        Path pack = dir.resolve("pack");
        Files.createDirectories(pack.resolve("sub"));
        Files.copy(beat, pack.resolve("a.mid"));
        Files.copy(beat, pack.resolve("sub/b.mid"));
        Files.writeString(pack.resolve("sub/broken.mid"), "not midi");
        Path mirrored = dir.resolve("mirrored");
        CliRun folder = CliRun.of("humanize", "--in", pack.toString(), "--out", mirrored.toString(), "--model",
                model.toString(), "--backend", "java");

        assertThat(folder.exitCode()).as("one file could not be read").isEqualTo(1);
        assertThat(folder.err()).contains("broken.mid").hasLineCount(1);
        assertThat(mirrored.resolve("a.mid")).exists();
        assertThat(mirrored.resolve("sub/b.mid")).exists();
        assertThat(Files.readAllBytes(mirrored.resolve("a.mid"))).as("deterministic").isEqualTo(Files.readAllBytes(out));

        CliRun again = CliRun.of("humanize", "--in", beat.toString(), "--out", out.toString(), "--model", model.toString(),
                "--backend", "java");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists (use --overwrite").hasLineCount(1);
    }

    @Test
    void aModelThatIsNoDrumVaeAndAMissingInputAreOneLineErrors() {
        CliRun drums = CliRun.of("humanize", "--in", "samples/boom-bap.mid", "--out", dir.resolve("x.mid").toString(),
                "--model", "drums");
        assertThat(drums.exitCode()).isEqualTo(1);
        assertThat(drums.err().strip()).contains("is a drum-rnn; humanize needs a drum-vae").doesNotContain("\n");

        CliRun missing = CliRun.of("humanize", "--in", dir.resolve("none.mid").toString(), "--out",
                dir.resolve("x.mid").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");

        CliRun embedded = CliRun.of("humanize", "--in", "samples/boom-bap.mid", "--out", dir.resolve("x.mid").toString());
        assertThat(embedded.exitCode()).as("the embedded groove model by default: " + embedded.err()).isZero();
        assertThat(embedded.out()).contains("with groove");
    }
}
