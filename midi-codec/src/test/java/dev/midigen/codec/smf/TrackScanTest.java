package dev.midigen.codec.smf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A read track (events packed) and the same events in a plain list answer every question alike. */
class TrackScanTest {
    private static final List<Class<? extends MidiMessage>> TYPES = List.of(ChannelMessage.NoteOn.class,
            ChannelMessage.NoteOff.class, ChannelMessage.ProgramChange.class, ChannelMessage.ControlChange.class,
            ChannelMessage.PitchBend.class, ChannelMessage.class, MetaMessage.Tempo.class, MetaMessage.TimeSignature.class,
            MetaMessage.Text.class, MetaMessage.EndOfTrack.class, MetaMessage.class, SysexMessage.class, MidiMessage.class);

    private static void sameAnswers(MidiFile file) {
        for (Track read : file.tracks()) {
            Track plain = new Track(new ArrayList<>(read.events()));
            assertThat(plain.events()).isEqualTo(read.events());
            assertThat(plain.endTick()).isEqualTo(read.endTick());
            assertThat(plain.name()).isEqualTo(read.name());
            for (Class<? extends MidiMessage> type : TYPES) {
                assertThat(read.indicesOf(type)).as(type.getSimpleName()).isEqualTo(plain.indicesOf(type));
            }
        }
    }

    @Test
    void theFixturesAnswerAlikePackedAndPlain() throws IOException {
        for (byte[] data : SmfFixtures.all().values()) {
            SmfReadResult read;
            try {
                read = SmfReader.lenient().read(data);
            } catch (SmfFormatException e) {
                continue;
            }
            sameAnswers(read.file());
        }
        MidiFile format1 = SmfReader.strict().read(SmfFixtures.format1()).file();
        assertThat(format1.tracks().get(0).indicesOf(MetaMessage.Text.class)).isNotEmpty();
        assertThat(format1.tracks().get(0).name()).contains("Conductor");
    }

    @Test
    void realFilesAnswerAlikePackedAndPlain() throws IOException {
        for (String folder : List.of("parser-cases", "pop909")) {
            List<Path> files = SharedData.root().map(r -> SharedData.midiFiles(r.resolve(folder))).orElse(List.of());
            for (Path file : files.subList(0, Math.min(20, files.size()))) {
                try {
                    sameAnswers(SmfReader.lenient().read(file).file());
                } catch (SmfFormatException e) {
                    // unreadable cases have no tracks to compare
                }
            }
        }
    }
}
