package dev.midigen.cli;

import dev.midigen.codec.io.AtomicFile;
import dev.midigen.codec.smf.MidiFile;
import dev.midigen.codec.smf.SmfFormatException;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.codec.time.TempoMap;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * MIDI file → WAV file through the JDK's own software synthesizer (Gervill), offline and headless: no
 * sound card, no display, no native library.
 *
 * <p>The file is read by midigen's lenient {@link SmfReader} and timed by its {@link TempoMap}, so the synthesizer
 * plays what {@code midigen inspect} reports (SMPTE time, tempo events of 0 ignored, format 2 patterns laid over each
 * other, damaged but readable files), not what the JDK's own MIDI reader makes of it: {@link RenderSequence} builds the
 * JDK {@link Sequence} both paths play.
 *
 * <ul>
 *   <li><b>The default sound bank</b> ({@link #render(Path, Path, Options)}): public API only. The sequence, written
 *       as a standard MIDI file in memory, goes to {@code AudioSystem.getAudioInputStream(InputStream)}, which renders
 *       it with the JDK's default bank (a {@code soundbank.gm} when the JDK has one, else Gervill's generated
 *       "emergency" General MIDI bank, cached in {@code ~/.gervill}); {@code AudioSystem.write} writes it as WAVE.</li>
 *   <li><b>A SoundFont</b> ({@link #render(Path, Path, Path, Options)}): the public {@code javax.sound}
 *       API cannot render a custom bank offline. The JDK-internal
 *       {@code com.sun.media.sound.AudioSynthesizer.openStream(AudioFormat, Map)} can; it is called by
 *       reflection (no compile-time reference: {@code javac --release 17} refuses one), which needs the
 *       JVM option {@value #EXPORTS_OPTION} at run time. The sequence's events are sent to the synthesizer
 *       with their times and the stream is read for as long as the default path renders.</li>
 * </ul>
 *
 * <p>Both write 44.1 kHz 16-bit stereo and last until the file's last event, in whole seconds rounded
 * down, plus 4 seconds (the JDK reader's rule), so notes ring out: 3–4 s after the last event. How long the music
 * plays is known from the tempo map before any audio is made: over {@link Options#maxMinutes()} (default
 * {@value Options#DEFAULT_MAX_MINUTES}), or over what a WAV file holds, the file is refused
 * ({@link TooLongException}). The WAV is written with {@link AtomicFile}: a temporary file beside the target, moved
 * into place, so nobody sees half a file; only regular files are replaced. A render whose thread is interrupted stops
 * within a fraction of a second ({@link InterruptedIOException}), leaving the old output as it was.
 */
public final class MidiRenderer {
    /** The JVM option the SoundFont path needs. */
    public static final String EXPORTS_OPTION = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    /** The format of every rendering (the JDK's MIDI reader's). */
    public static final AudioFormat FORMAT = new AudioFormat(44100f, 16, 2, true, false);
    private static final String INTERNAL_PACKAGE = "com.sun.media.sound";
    private static final long TAIL_SECONDS = 4;
    private static final long MICROS_PER_MINUTE = 60_000_000L;
    /** The most a WAV file holds: its sizes are 32-bit, and the 44-byte header counts. */
    private static final long WAV_MAX_DATA_BYTES = 0xFFFF_FFFFL - 44;

    private MidiRenderer() {
    }

    /**
     * How to render.
     *
     * @param overwrite  whether to replace an existing output file (a regular file only: never a folder, device,
     *                   FIFO or socket)
     * @param maxMinutes the longest music rendered, in minutes (1 or more): a file that plays longer is refused
     *                   before any audio is made
     */
    public record Options(boolean overwrite, int maxMinutes) {
        /** The default limit: an hour of music (about 600 MB of WAV). */
        public static final int DEFAULT_MAX_MINUTES = 60;

        public Options {
            if (maxMinutes < 1) {
                throw new IllegalArgumentException("maxMinutes must be 1 or more, got " + maxMinutes);
            }
        }

        /** The default limit, and {@code overwrite}. */
        public static Options of(boolean overwrite) {
            return new Options(overwrite, DEFAULT_MAX_MINUTES);
        }

        public Options withMaxMinutes(int minutes) {
            return new Options(overwrite, minutes);
        }
    }

    /**
     * A MIDI file refused because its music plays longer than render's limit, or than a WAV file holds; found from
     * the file's tempo map before any audio is made.
     */
    public static final class TooLongException extends IOException {
        private final long musicMicros;
        private final long limitMinutes;

        TooLongException(Path midi, long musicMicros, long limitMinutes, boolean wavLimit) {
            super(midi + ": the music lasts " + minutes(musicMicros, limitMinutes) + " minutes, over "
                    + (wavLimit ? "the " + limitMinutes + " minutes a WAV file holds (4 GiB of 44.1 kHz 16-bit stereo)"
                    : "render's limit of " + limitMinutes + (limitMinutes == 1 ? " minute" : " minutes")
                    + " (--max-minutes raises it)"));
            this.musicMicros = musicMicros;
            this.limitMinutes = limitMinutes;
        }

        /** How long the music plays, to its last event. */
        public long musicMicros() {
            return musicMicros;
        }

        /** The limit it is over. */
        public long limitMinutes() {
            return limitMinutes;
        }

        /** Whole minutes when those are over the limit, else tenths rounded up (60.1, not 60, over a limit of 60). */
        private static String minutes(long micros, long limit) {
            long whole = micros / MICROS_PER_MINUTE;
            if (whole > limit) {
                return String.format(Locale.ROOT, "%,d", whole);
            }
            long tenths = -Math.floorDiv(-micros, MICROS_PER_MINUTE / 10);
            return String.format(Locale.ROOT, "%,d.%d", tenths / 10, tenths % 10);
        }
    }

    /**
     * What was written.
     *
     * @param file      the WAV file
     * @param frames    sample frames (at {@link #FORMAT}'s rate)
     * @param seconds   its length
     * @param soundBank the sound bank's name
     * @param peak      the largest absolute sample, 0 … 1 (0: silent)
     */
    public record Rendered(Path file, long frames, double seconds, String soundBank, double peak) {
        /** Whether every sample is 0. */
        public boolean silent() {
            return peak == 0;
        }
    }

    /** Whether this JVM lets the SoundFont path call the JDK's synthesizer ({@value #EXPORTS_OPTION}). */
    public static boolean soundFontsEnabled() {
        return Synthesizer.class.getModule().isExported(INTERNAL_PACKAGE, MidiRenderer.class.getModule());
    }

    /** Renders {@code midi} with the JDK's default sound bank, music of up to an hour. */
    public static Rendered render(Path midi, Path wav, boolean overwrite) throws IOException {
        return render(midi, wav, Options.of(overwrite));
    }

    /**
     * Renders {@code midi} with the JDK's default sound bank.
     *
     * @throws TooLongException when the music plays longer than {@code options} allow
     * @throws IOException      for an unreadable MIDI file or an output that cannot be written, naming it
     */
    public static Rendered render(Path midi, Path wav, Options options) throws IOException {
        AtomicFile.checkTarget(wav, options.overwrite());
        Sequence sequence = read(midi, wav, options);
        AudioInputStream audio;
        try {
            audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(RenderSequence.bytes(sequence)));
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(midi + ": the JDK's synthesizer cannot render this MIDI file", e);
        }
        String bank;
        try {
            Soundbank soundbank = MidiSystem.getSynthesizer().getDefaultSoundbank();
            bank = soundbank == null ? "the JDK's default sound bank" : "the JDK's default sound bank (" + soundbank.getName() + ")";
        } catch (MidiUnavailableException e) {
            bank = "the JDK's default sound bank";
        }
        try (audio) {
            return write(audio, wav, options.overwrite(), bank);
        }
    }

    /** Renders {@code midi} with a SoundFont (SF2, or DLS) file, music of up to an hour. */
    public static Rendered render(Path midi, Path wav, Path soundFont, boolean overwrite) throws IOException {
        return render(midi, wav, soundFont, Options.of(overwrite));
    }

    /**
     * Renders {@code midi} with a SoundFont (SF2, or DLS) file.
     *
     * @throws IllegalStateException when the JVM was started without {@value #EXPORTS_OPTION}
     * @throws TooLongException      when the music plays longer than {@code options} allow
     * @throws IOException           for an unreadable MIDI or sound bank file, naming it
     */
    public static Rendered render(Path midi, Path wav, Path soundFont, Options options) throws IOException {
        Objects.requireNonNull(soundFont, "soundFont");
        requireSoundFonts();
        AtomicFile.checkTarget(wav, options.overwrite());
        Sequence sequence = read(midi, wav, options);
        if (!Files.isRegularFile(soundFont)) {
            throw new IOException(soundFont + ": no such file");
        }
        Soundbank bank;
        try {
            bank = MidiSystem.getSoundbank(soundFont.toFile());
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new IOException(soundFont + ": not a SoundFont (SF2) or DLS file the JDK's synthesizer can read ("
                    + reason(e) + ")", e);
        }
        return render(sequence, wav, bank, soundFont.getFileName().toString(), options.overwrite());
    }

    /**
     * Renders {@code midi} with a sound bank already loaded (for instance
     * {@code MidiSystem.getSynthesizer().getDefaultSoundbank()}), through the same path as a SoundFont file, music of
     * up to an hour.
     */
    public static Rendered render(Path midi, Path wav, Soundbank bank, boolean overwrite) throws IOException {
        return render(midi, wav, bank, Options.of(overwrite));
    }

    /**
     * Renders {@code midi} with a sound bank already loaded, through the same path as a SoundFont file.
     *
     * @throws TooLongException when the music plays longer than {@code options} allow
     */
    public static Rendered render(Path midi, Path wav, Soundbank bank, Options options) throws IOException {
        Objects.requireNonNull(bank, "bank");
        requireSoundFonts();
        AtomicFile.checkTarget(wav, options.overwrite());
        return render(read(midi, wav, options), wav, bank, bank.getName(), options.overwrite());
    }

    private static Rendered render(Sequence sequence, Path wav, Soundbank bank, String bankName, boolean overwrite)
            throws IOException {
        Synthesizer synthesizer;
        Method openStream;
        try {
            synthesizer = MidiSystem.getSynthesizer();
            Class<?> audioSynthesizer = Class.forName(INTERNAL_PACKAGE + ".AudioSynthesizer");
            if (!audioSynthesizer.isInstance(synthesizer)) {
                throw new IllegalStateException("the JDK's default synthesizer (" + synthesizer.getClass().getName()
                        + ") cannot render to a stream; a sound font needs Gervill, the JDK's own");
            }
            openStream = audioSynthesizer.getMethod("openStream", AudioFormat.class, Map.class);
        } catch (MidiUnavailableException | ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("this JDK has no synthesizer that renders offline (" + reason(e) + ")", e);
        }
        Map<String, Object> info = new HashMap<>();
        info.put("load default soundbank", false); // only the given bank's instruments
        AudioInputStream stream;
        try {
            stream = (AudioInputStream) openStream.invoke(synthesizer, FORMAT, info);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call the JDK's synthesizer: " + reason(e), e);
        } catch (InvocationTargetException e) {
            throw new IOException("the JDK's synthesizer did not open: " + reason(e.getCause()), e.getCause());
        }
        try {
            if (!synthesizer.isSoundbankSupported(bank) || !synthesizer.loadAllInstruments(bank)) {
                throw new IOException(bankName + ": the synthesizer cannot use this sound bank's instruments");
            }
            long lastEventMicros = play(sequence, synthesizer.getReceiver(), wav);
            long frames = (long) (FORMAT.getFrameRate() * (lastEventMicros / 1_000_000 + TAIL_SECONDS));
            return write(new AudioInputStream(stream, FORMAT, frames), wav, overwrite, bankName);
        } catch (MidiUnavailableException e) {
            throw new IOException("the JDK's synthesizer has no receiver: " + reason(e), e);
        } finally {
            synthesizer.close();
        }
    }

    /**
     * Sends every event of a {@link RenderSequence} but its end-of-track event to the receiver, time-stamped in
     * microseconds from the start (its one track at 120 BPM, as the JDK's MIDI audio reader plays it); returns the
     * last event's time, the end of the track.
     */
    private static long play(Sequence sequence, Receiver receiver, Path wav) throws InterruptedIOException {
        Track track = sequence.getTracks()[0];
        long micros = 0;
        for (int i = 0; i < track.size(); i++) {
            if ((i & 0xFFFF) == 0) {
                checkInterrupted(wav);
            }
            MidiEvent event = track.get(i);
            micros = event.getTick() * RenderSequence.MICROS_PER_TICK;
            if (!(event.getMessage() instanceof MetaMessage)) {
                receiver.send(event.getMessage(), micros);
            }
        }
        return micros;
    }

    private static void requireSoundFonts() {
        if (!soundFontsEnabled()) {
            throw new IllegalStateException(soundFontsMessage());
        }
    }

    /** What to do when {@link #soundFontsEnabled()} is false. */
    static String soundFontsMessage() {
        return "rendering with a sound font needs the JVM option " + EXPORTS_OPTION
                + " (./midigen and java -jar midigen.jar pass it; with java -cp, add it before -cp)";
    }

    /**
     * Reads {@code midi} with midigen's lenient reader and, when its music is within the limits, returns the sequence
     * to play: nothing is rendered before the length is known.
     */
    private static Sequence read(Path midi, Path wav, Options options) throws IOException {
        MidiFile file;
        try {
            file = SmfReader.lenient().read(midi).file();
        } catch (SmfFormatException e) {
            throw new IOException(midi + ": not a MIDI file: offset " + e.offset() + ": " + e.problem(), e);
        }
        TempoMap tempo = TempoMap.of(file);
        checkLength(midi, tempo.tickToMicros(file.endTick()), options.maxMinutes());
        return RenderSequence.of(file, tempo, wav);
    }

    /** Refuses music longer than {@code maxMinutes}, or than a WAV file holds with the tail. */
    private static void checkLength(Path midi, long micros, int maxMinutes) throws TooLongException {
        if (micros > maxMinutes * MICROS_PER_MINUTE) {
            throw new TooLongException(midi, micros, maxMinutes, false);
        }
        long bytesPerSecond = (long) FORMAT.getFrameRate() * FORMAT.getFrameSize();
        long wavSeconds = WAV_MAX_DATA_BYTES / bytesPerSecond - TAIL_SECONDS;
        if (micros / 1_000_000 > wavSeconds) {
            throw new TooLongException(midi, micros, wavSeconds / 60, true);
        }
    }

    /**
     * Writes the stream as WAVE through {@link AtomicFile} (a temporary file beside {@code wav}, moved into place),
     * creating the folder; first removes the temporary files that killed renders left there.
     */
    private static Rendered write(AudioInputStream audio, Path wav, boolean overwrite, String bank) throws IOException {
        Path folder = AtomicFile.checkTarget(wav, overwrite).getParent();
        Files.createDirectories(folder);
        AtomicFile.sweep(folder);
        AudioFormat format = audio.getFormat();
        long frames = audio.getFrameLength();
        PeakMeter meter = new PeakMeter(audio, format, wav);
        AtomicFile.write(wav, overwrite, temp -> AudioSystem.write(new AudioInputStream(meter, format, frames),
                AudioFileFormat.Type.WAVE, temp.toFile()));
        return new Rendered(wav, frames, frames / (double) format.getFrameRate(), bank, meter.peak());
    }

    /**
     * Stops a render whose thread is interrupted (a command being stopped), naming what is not written; the interrupt
     * stays set.
     */
    static void checkInterrupted(Path what) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(what + ": not written (interrupted)");
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** {@code 9.0 s of 44100 Hz 16-bit stereo}: a rendering in words. */
    public static String describe(Rendered rendered) {
        return String.format(Locale.ROOT, "%.1f s of %.0f Hz %d-bit %s, %s", rendered.seconds(), FORMAT.getSampleRate(),
                FORMAT.getSampleSizeInBits(), FORMAT.getChannels() == 2 ? "stereo" : "mono", rendered.soundBank());
    }

    /**
     * Passes bytes through and keeps the largest absolute 16-bit little-endian sample (when that is the format). The
     * synthesizer renders in the reading thread, read by read, so this is where an interrupted render stops.
     */
    private static final class PeakMeter extends FilterInputStream {
        private final boolean measured;
        private final Path target;
        private int low = -1; // the low byte of a sample split between reads
        private int peak;

        PeakMeter(InputStream in, AudioFormat format, Path target) {
            super(in);
            this.measured = format.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && format.getSampleSizeInBits() == 16
                    && !format.isBigEndian();
            this.target = target;
        }

        @Override
        public int read() throws IOException {
            checkInterrupted();
            int b = super.read();
            if (b >= 0) {
                see(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkInterrupted();
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i] & 0xff);
            }
            return n;
        }

        private void checkInterrupted() throws InterruptedIOException {
            MidiRenderer.checkInterrupted(target);
        }

        private void see(int b) {
            if (!measured) {
                return;
            }
            if (low < 0) {
                low = b;
                return;
            }
            int sample = (short) (b << 8 | low);
            low = -1;
            peak = Math.max(peak, Math.abs(sample));
        }

        double peak() {
            return measured ? peak / 32768.0 : Double.NaN;
        }
    }
}
