package dev.midigen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.bundle.ModelBundle;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ContinuePianoPrimer} on piano pieces made here: it trains a seq2seq-gru on dl4j, keeps the bundle, and
 * writes the primer's first 2 bars followed by 4 new bars of piano; given that bundle, it continues without training.
 */
class ContinuePianoPrimerTest {
    @TempDir
    Path dir;

    @Test
    void trainsATinySeq2SeqGruThenContinuesThePrimersFirstBars() throws Exception {
        Path pieces = Fixtures.pianoPieces(dir.resolve("pieces"), 12, 8);
        Path primer = pieces.resolve("piece00.mid");
        Path out = dir.resolve("continued.mid");

        String printed = ExampleRun.run(ContinuePianoPrimer::main, pieces.toString(), primer.toString(), out.toString(), "4");

        assertThat(printed).contains("trained").contains("onnx backend");
        ModelBundle bundle = ModelBundle.read(dir.resolve("piano-model"));
        assertThat(bundle.spec().family()).isInstanceOf(Seq2SeqGru.class);
        assertThat(bundle.provenance().backend()).isEqualTo("dl4j");
        assertThat(bundle.provenance().stepsTrained()).isEqualTo(30);

        NoteSequence continued = ExampleRun.notes(out);
        long bar = continued.meterMap().ticksPerBar(continued.meterMap().meterAt(0));
        assertThat(ExampleRun.bars(continued)).isEqualTo(6.0); // 2 bars of primer, 4 new
        assertThat(continued.notes()).allSatisfy(note -> assertThat(note.channel()).isZero())
                .allSatisfy(note -> assertThat(note.drum()).isFalse());
        assertThat(sounding(continued, 2)).as("the primer comes first").isNotEmpty()
                .isEqualTo(sounding(ExampleRun.notes(primer), 2));
        assertThat(continued.notes().stream().filter(note -> note.startTick() >= 2 * bar)).as("new notes").hasSizeGreaterThan(4);

        Path again = dir.resolve("again.mid");
        String reused = ExampleRun.run(ContinuePianoPrimer::main, dir.resolve("piano-model").toString(), primer.toString(),
                again.toString(), "2");
        assertThat(reused).doesNotContain("trained");
        assertThat(ExampleRun.bars(ExampleRun.notes(again))).isEqualTo(4.0);
    }

    /** (pitch, 16th) of every sounding key in the first {@code bars} bars: what a piano roll keeps of the notes. */
    private static Set<List<Integer>> sounding(NoteSequence notes, int bars) {
        long bar = notes.meterMap().ticksPerBar(notes.meterMap().meterAt(0));
        Set<List<Integer>> keys = new HashSet<>();
        for (Note note : notes.notes()) {
            for (long step = note.startTick() * 16 / bar; step < note.endTick() * 16 / bar && step < bars * 16L; step++) {
                keys.add(List.of(note.pitch(), (int) step));
            }
        }
        return keys;
    }
}
