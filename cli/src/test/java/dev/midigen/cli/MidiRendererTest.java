package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.smf.SmfReadResult;
import dev.midigen.codec.smf.SmfReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample beat rendered to WAV with the default bank, a SoundFont made here, and the default bank given explicitly;
 * files the JDK's own reader gets wrong, played as midigen reads them; the length limit; an interrupted render.
 */
class MidiRendererTest {
    static final Path BEAT = Path.of("samples/boom-bap.mid");
    /** Two bars at 90 BPM. */
    static final double BEAT_SECONDS = 2 * 4 * 60 / 90.0;

    @TempDir
    Path dir;

    @Test
    void theDefaultBankRendersTheSampleBeatAudibly() throws Exception {
        Path wav = dir.resolve("beat.wav");

        MidiRenderer.Rendered rendered = MidiRenderer.render(BEAT, wav, false);

        Audio audio = Audio.read(wav);
        assertThat(audio.format.getSampleRate()).isEqualTo(44100f);
        assertThat(audio.format.getChannels()).isEqualTo(2);
        assertThat(audio.seconds()).isEqualTo(rendered.seconds())
                .isBetween(BEAT_SECONDS + 3, BEAT_SECONDS + 4); // last event, whole seconds, + 4 s
        assertThat(audio.rms(0, BEAT_SECONDS)).as("RMS of the beat").isGreaterThan(0.01);
        assertThat(rendered.peak()).isGreaterThan(0.05).isEqualTo(audio.peak(), within(1e-9));
        assertThat(rendered.silent()).isFalse();
    }

    @Test
    void aSoundFontMadeHereRendersTheBeatThroughTheSynthesizersStream() throws Exception {
        assertThat(MidiRenderer.soundFontsEnabled()).as("Surefire passes " + MidiRenderer.EXPORTS_OPTION).isTrue();
        Path sf2 = dir.resolve("tone.sf2");
        Files.write(sf2, TinySoundFont.bytes());
        Path wav = dir.resolve("beat.wav");

        MidiRenderer.Rendered rendered = MidiRenderer.render(BEAT, wav, sf2, false);

        Audio audio = Audio.read(wav);
        assertThat(rendered.soundBank()).isEqualTo("tone.sf2");
        assertThat(audio.seconds()).isEqualTo(rendered.seconds()).isBetween(BEAT_SECONDS + 3, BEAT_SECONDS + 4);
        double beat = audio.rms(0, BEAT_SECONDS);
        assertThat(beat).isGreaterThan(0.01);
        // the tone is short: after the last note and its 0.25 s sample, only the synthesizer's reverb
        assertThat(audio.rms(BEAT_SECONDS + 0.5, audio.seconds())).isLessThan(beat / 20);
        // the same length as the default bank's rendering
        Path reference = dir.resolve("default.wav");
        MidiRenderer.render(BEAT, reference, false);
        assertThat(Audio.read(reference).frames).isEqualTo(audio.frames);
    }

    @Test
    void theDefaultBankLoadedExplicitlyGoesThroughTheSameStreamPath() throws Exception {
        Synthesizer synthesizer = MidiSystem.getSynthesizer();
        Soundbank bank = synthesizer.getDefaultSoundbank();
        Path wav = dir.resolve("beat.wav");

        MidiRenderer.render(BEAT, wav, bank, false);

        Audio audio = Audio.read(wav);
        assertThat(audio.rms(0, BEAT_SECONDS)).isGreaterThan(0.01);
        assertThat(audio.seconds()).isBetween(BEAT_SECONDS + 3, BEAT_SECONDS + 4);
    }

    @Test
    void badFilesAreNamedInTheMessage() throws IOException {
        Path text = dir.resolve("notes.mid");
        Files.writeString(text, "not a midi file");
        assertThatThrownBy(() -> MidiRenderer.render(text, dir.resolve("a.wav"), false)).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.mid: not a MIDI file");
        Path badBank = dir.resolve("bad.sf2");
        Files.write(badBank, new byte[] {'R', 'I', 'F', 'F', 1, 2, 3});
        assertThatThrownBy(() -> MidiRenderer.render(BEAT, dir.resolve("b.wav"), badBank, false))
                .isInstanceOf(IOException.class).hasMessageContaining("bad.sf2: not a SoundFont");
        assertThat(dir.resolve("a.wav")).doesNotExist();
        assertThat(dir.resolve("b.wav")).doesNotExist();
        assertThat(MidiRenderer.soundFontsMessage()).contains("--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED");
    }

    @Test
    void smpteTimeIsPlayedAsWritten() throws Exception {
        // 25 frames/s × 40 ticks: notes from 0 to 0.8 s (the JDK's reader rendered 504 s)
        Path midi = write("smpte.mid", HostileMidi.smpte());
        assertThat(inspectSeconds(midi)).isEqualTo(0.8);

        Audio audio = render(midi);

        assertThat(audio.seconds()).isEqualTo(0 + 4); // whole seconds of the music + the 4 s tail
        assertThat(audio.rms(0, 0.8)).isGreaterThan(0.01);
        // the SoundFont path plays the same sequence: the same length
        Path sf2 = write("tone.sf2", TinySoundFont.bytes());
        Path wav = dir.resolve("smpte-sf2.wav");
        MidiRenderer.render(midi, wav, sf2, false);
        assertThat(Audio.read(wav).frames).isEqualTo(audio.frames);
    }

    @Test
    void aTempoOfZeroIsIgnoredAsInspectIgnoresIt() throws Exception {
        // the JDK played all eleven notes at once and rendered 4 s
        Path midi = write("tempo0.mid", HostileMidi.tempoZero());
        double seconds = inspectSeconds(midi);
        assertThat(seconds).isEqualTo(5.5); // 11 quarters at 120 BPM

        Audio audio = render(midi);

        assertThat(audio.seconds()).isEqualTo(Math.floor(seconds) + 4);
        assertThat(audio.rms(0, 0.4)).as("the first note").isGreaterThan(0.01);
        assertThat(audio.rms(5.0, 5.4)).as("the eleventh note, at 5 s").isGreaterThan(0.01);
    }

    @Test
    void format2PatternsPlayOverEachOther() throws Exception {
        Path midi = write("format2.mid", HostileMidi.format2()); // the JDK refused it
        assertThat(inspectSeconds(midi)).isEqualTo(2.0);

        Audio audio = render(midi);

        assertThat(audio.seconds()).isEqualTo(2 + 4);
        assertThat(audio.rms(1.5, 1.9)).as("the longer pattern's last note").isGreaterThan(0.01);
    }

    @Test
    void aDamagedButReadableFileIsPlayed() throws Exception {
        byte[] bytes = HostileMidi.damaged(); // the JDK read no track from it: 4 s of silence
        SmfReadResult read = SmfReader.lenient().read(bytes);
        assertThat(read.warnings()).as("damaged: the reader had to recover").isNotEmpty();
        Path midi = write("damaged.mid", bytes);
        assertThat(inspectSeconds(midi)).isEqualTo(1.948);

        Audio audio = render(midi);

        assertThat(audio.seconds()).isEqualTo(1 + 4);
        assertThat(audio.rms(1.5, 1.9)).as("the fourth note").isGreaterThan(0.01);
    }

    @Test
    void musicOverTheLimitIsRefusedBeforeAnyAudioIsMade() throws Exception {
        // 37 bytes, a note of 2^28 - 1 quarters (the JDK's reader wrote gigabytes before)
        Path midi = write("long.mid", HostileMidi.longNote());
        Path wav = dir.resolve("long.wav");

        long start = System.nanoTime();
        Throwable refused = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowable(midi, wav));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(refused).isInstanceOf(MidiRenderer.TooLongException.class).hasMessage(midi
                + ": the music lasts 2,236,962 minutes, over render's limit of 60 minutes (--max-minutes raises it)");
        assertThat(((MidiRenderer.TooLongException) refused).limitMinutes()).isEqualTo(60);
        assertThat(millis).as("refused in milliseconds").isLessThan(1000);
        assertThat(files()).containsExactly("long.mid"); // no output, no temporary file
    }

    @Test
    void theLimitIsAnOption() throws IOException {
        Path midi = write("two.mid", HostileMidi.lasting(240)); // 240 quarters at 120 BPM: 2 minutes
        MidiRenderer.Options oneMinute = MidiRenderer.Options.of(false).withMaxMinutes(1);

        assertThatThrownBy(() -> MidiRenderer.render(midi, dir.resolve("two.wav"), oneMinute))
                .isInstanceOf(MidiRenderer.TooLongException.class)
                .hasMessage(midi + ": the music lasts 2 minutes, over render's limit of 1 minute (--max-minutes raises it)");
        Path justOver = write("over.mid", HostileMidi.lasting(121)); // 60.5 s
        assertThatThrownBy(() -> MidiRenderer.render(justOver, dir.resolve("over.wav"), oneMinute))
                .hasMessageContaining("lasts 1.1 minutes, over render's limit of 1 minute");
        // a WAV file holds 4 GiB: 405 minutes of 44.1 kHz 16-bit stereo, whatever the limit
        Path sevenHours = write("seven.mid", HostileMidi.lasting(7 * 3600 * 2));
        assertThatThrownBy(() -> MidiRenderer.render(sevenHours, dir.resolve("seven.wav"),
                MidiRenderer.Options.of(false).withMaxMinutes(1000)))
                .hasMessage(sevenHours + ": the music lasts 420 minutes, over the 405 minutes a WAV file holds (4 GiB of"
                        + " 44.1 kHz 16-bit stereo)");
        assertThatThrownBy(() -> MidiRenderer.Options.of(false).withMaxMinutes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(files()).containsExactlyInAnyOrder("two.mid", "over.mid", "seven.mid");
    }

    @Test
    void anInterruptedRenderStopsAndLeavesTheOldFile() throws Exception {
        Path midi = write("long.mid", HostileMidi.lasting(3600)); // 30 minutes: seconds to render
        Path wav = write("out.wav", "the old file".getBytes());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread render = new Thread(() -> failure.set(catchThrowable(midi, wav, true)));

        render.start();
        while (files().stream().noneMatch(name -> name.endsWith(".tmp")) && render.isAlive()) {
            Thread.sleep(5); // until the WAV is being written
        }
        long start = System.nanoTime();
        render.interrupt();
        render.join(10_000);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(render.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class).hasMessageContaining("out.wav");
        assertThat(millis).as("stopped within a fraction of a second").isLessThan(500);
        assertThat(wav).hasContent("the old file");
        assertThat(files()).containsExactlyInAnyOrder("long.mid", "out.wav"); // no temporary file
    }

    @Test
    void aFolderOrAMissingFileIsNamed() {
        assertThatThrownBy(() -> MidiRenderer.render(dir, dir.resolve("a.wav"), false)).isInstanceOf(IOException.class)
                .hasMessage(dir + ": a folder, not a MIDI file");
        Path missing = dir.resolve("none.mid");
        assertThatThrownBy(() -> MidiRenderer.render(missing, dir.resolve("a.wav"), false))
                .hasMessage(missing + ": no such file");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Renders with the default bank beside the MIDI file and reads the WAV back. */
    private Audio render(Path midi) throws Exception {
        Path wav = midi.resolveSibling(midi.getFileName() + ".wav");
        MidiRenderer.Rendered rendered = MidiRenderer.render(midi, wav, false);
        Audio audio = Audio.read(wav);
        assertThat(audio.seconds()).isEqualTo(rendered.seconds());
        return audio;
    }

    /** What {@code midigen inspect} reports as the file's duration. */
    private static double inspectSeconds(Path midi) throws IOException {
        long micros = MidiToNotes.convert(SmfReader.lenient().read(midi).file()).sequence().durationMicros();
        return Math.round(micros / 1000.0) / 1000.0;
    }

    private static Throwable catchThrowable(Path midi, Path wav) {
        return catchThrowable(midi, wav, false);
    }

    private static Throwable catchThrowable(Path midi, Path wav, boolean overwrite) {
        try {
            MidiRenderer.render(midi, wav, overwrite);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private java.util.List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A 16-bit little-endian WAV read back through {@code AudioSystem}. */
    static final class Audio {
        final AudioFormat format;
        final long frames;
        final short[] samples;

        private Audio(AudioFormat format, long frames, short[] samples) {
            this.format = format;
            this.frames = frames;
            this.samples = samples;
        }

        static Audio read(Path wav) throws Exception {
            try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
                AudioFormat format = in.getFormat();
                assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
                assertThat(format.getSampleSizeInBits()).isEqualTo(16);
                assertThat(format.isBigEndian()).isFalse();
                byte[] bytes = in.readAllBytes();
                short[] samples = new short[bytes.length / 2];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = (short) ((bytes[2 * i] & 0xff) | bytes[2 * i + 1] << 8);
                }
                return new Audio(format, in.getFrameLength(), samples);
            }
        }

        double seconds() {
            return frames / (double) format.getFrameRate();
        }

        /** Root mean square of the samples between two times, 0 … 1. */
        double rms(double fromSeconds, double toSeconds) {
            int channels = format.getChannels();
            int from = (int) (fromSeconds * format.getFrameRate()) * channels;
            int to = (int) Math.min(samples.length, toSeconds * format.getFrameRate() * channels);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += samples[i] / 32768.0 * (samples[i] / 32768.0);
            }
            return to > from ? Math.sqrt(sum / (to - from)) : 0;
        }

        double peak() {
            int peak = 0;
            for (short sample : samples) {
                peak = Math.max(peak, Math.abs(sample));
            }
            return peak / 32768.0;
        }
    }
}
