package dev.midigen.model.generate;

import dev.midigen.codec.encoding.DrumKitCodec;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.MelodyCodec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.TokenCodec;
import dev.midigen.codec.encoding.TrapTextCodec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.DrumTrack;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.codec.repr.Melody;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Primers for the token encodings (drum-kit, trap-text, melody): from the text syntaxes
 * ({@link DrumPrimerSyntax}, {@link MelodyPrimerSyntax}), from a MIDI file, from a representation, or
 * Magenta's default when none is given.
 */
public final class Primers {
    private Primers() {
    }

    /**
     * A primer written as text: drum tuples ({@code "[(36,42),(),(42,)]"}) for drum-kit (the spec's
     * map) and trap-text (the {@code trap} map), melody events ({@code "[60, -2, 62, -1]"}) for melody.
     *
     * @throws IllegalArgumentException for malformed text, pitches the encoding cannot hold, or a
     *                                  frame encoding
     */
    public static Primer parse(EncodingSpec spec, String text) {
        Objects.requireNonNull(spec, "spec");
        if (spec instanceof DrumKitSpec drumKit) {
            return ofDrums(new DrumKitCodec(drumKit), DrumPrimerSyntax.parse(text, drumKit.drumMap(),
                    drumKit.stepsPerQuarter(), 4 * drumKit.stepsPerQuarter()));
        }
        if (spec instanceof TrapTextSpec trap) {
            return ofDrums(new TrapTextCodec(trap), DrumPrimerSyntax.parse(text, DrumMap.TRAP, trap.stepsPerQuarter(),
                    trap.stepsPerBar()));
        }
        if (spec instanceof MelodySpec melody) {
            return ofMelody(new MelodyCodec(melody), MelodyPrimerSyntax.parse(text, melody));
        }
        throw notTokens(spec);
    }

    /** The longest primer file by default: 1,024 bars (about 34 minutes of 4/4 at 120 BPM). */
    public static final int DEFAULT_MAX_BARS = 1024;

    /** {@link #fromMidi(EncodingSpec, Path, int)} with primers of at most {@value #DEFAULT_MAX_BARS} bars. */
    public static Primer fromMidi(EncodingSpec spec, Path file) throws IOException {
        return fromMidi(spec, file, DEFAULT_MAX_BARS);
    }

    /**
     * The first drum track or melody of a MIDI file (see {@link MidiPrimer} for how it is read), with
     * the file's first tempo.
     *
     * @param maxBars the longest file accepted, in bars (the model reads a primer step by step: its length is the work)
     * @throws IOException              when the file cannot be read, holds no usable music, or is longer than
     *                                  {@code maxBars} (naming the file)
     * @throws IllegalArgumentException for a frame encoding
     */
    public static Primer fromMidi(EncodingSpec spec, Path file, int maxBars) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(file, "file");
        if (spec instanceof DrumKitSpec drumKit) {
            MidiPrimer.Music<DrumTrack> music = MidiPrimer.drums(file, spec, maxBars);
            return withBpm(ofDrums(new DrumKitCodec(drumKit), music.item()), music.bpm());
        }
        if (spec instanceof TrapTextSpec trap) {
            MidiPrimer.Music<DrumTrack> music = MidiPrimer.drums(file, spec, maxBars);
            return withBpm(ofDrums(new TrapTextCodec(trap), music.item()), music.bpm());
        }
        if (spec instanceof MelodySpec melody) {
            MidiPrimer.Music<Melody> music = MidiPrimer.melody(file, melody, maxBars);
            return withBpm(ofMelody(new MelodyCodec(melody), music.item()), music.bpm());
        }
        throw notTokens(spec);
    }

    /**
     * Magenta's primer when none is given: one step of the drum map's class 0 (the kick in every preset)
     * for drums, one middle C (folded into the range by octaves, else its lowest pitch) for melodies.
     */
    public static Primer defaultFor(EncodingSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec instanceof DrumKitSpec drumKit) {
            return ofDrums(new DrumKitCodec(drumKit),
                    new DrumTrack(drumKit.drumMap(), drumKit.stepsPerQuarter(), 4 * drumKit.stepsPerQuarter(), IntSeq.of(1)));
        }
        if (spec instanceof TrapTextSpec trap) {
            return ofDrums(new TrapTextCodec(trap),
                    new DrumTrack(DrumMap.TRAP, trap.stepsPerQuarter(), trap.stepsPerBar(), IntSeq.of(1)));
        }
        if (spec instanceof MelodySpec melody) {
            int pitch = Melody.of(1, 1, 60).transposed(0, melody.minPitch(), melody.maxPitch()).events().get(0);
            if (pitch < melody.minPitch() || pitch >= melody.maxPitch()) {
                pitch = melody.minPitch();
            }
            return ofMelody(new MelodyCodec(melody), Melody.of(melody.stepsPerQuarter(), 4 * melody.stepsPerQuarter(), pitch));
        }
        throw notTokens(spec);
    }

    /** The primer of a drum track, in drum-kit or trap-text tokens (the codec checks the map and grid). */
    public static Primer ofDrums(TokenCodec<DrumTrack> codec, DrumTrack track) {
        if (track.length() == 0) {
            throw new IllegalArgumentException("the primer drum track has no steps");
        }
        return new Primer(codec.encode(track), track.stepsPerBar(), 0, OptionalDouble.empty());
    }

    /**
     * The primer of a melody: squashed into the spec's key and range as the codec encodes it; the
     * transposition is recorded so the output can be moved back (as Magenta's {@code generate_melody}).
     */
    public static Primer ofMelody(MelodyCodec codec, Melody melody) {
        if (melody.length() == 0) {
            throw new IllegalArgumentException("the primer melody has no steps");
        }
        return new Primer(codec.encode(melody), melody.stepsPerBar(), codec.squash(melody).transposition(),
                OptionalDouble.empty());
    }

    private static Primer withBpm(Primer primer, double bpm) {
        return new Primer(primer.tokens(), primer.stepsPerBar(), primer.transposition(), OptionalDouble.of(bpm));
    }

    static IllegalArgumentException notTokens(EncodingSpec spec) {
        return new IllegalArgumentException("generation reads token encodings (drum-kit, trap-text, melody), not "
                + spec.typeName());
    }
}
