package dev.midigen.cli;

import java.io.ByteArrayOutputStream;

/**
 * Small MIDI files, assembled byte by byte, that the JDK's own MIDI reader gets wrong or refuses and midigen's
 * lenient reader reads: the fixtures of the render tests (nothing binary to commit). Every note is middle C on
 * channel 1 (the default bank's piano), velocity 100.
 */
public final class HostileMidi {
    private static final int NOTE_ON = 0x90;
    private static final int NOTE_OFF = 0x80;
    private static final int KEY = 60;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private HostileMidi() {
    }

    /** SMPTE time, 25 frames/s × 40 ticks (1,000 ticks a second): four notes of 0.2 s, 0 to 0.8 s. */
    public static byte[] smpte() {
        return header(0, 1, 0xE7_28).track(notes(200, 4)).bytes();
    }

    /**
     * A tempo event of 0 µs per quarter, then eleven notes a quarter apart at 96 ticks per quarter: midigen ignores
     * the tempo (it would stop time), so 11 quarters at 120 BPM, 5.5 s.
     */
    public static byte[] tempoZero() {
        return header(0, 1, 96).track(concat(new byte[] {0, (byte) 0xFF, 0x51, 3, 0, 0, 0}, notes(96, 11))).bytes();
    }

    /** Format 2: two independent patterns, 1 s and 2 s long at 120 BPM (96 ticks per quarter). */
    public static byte[] format2() {
        return header(2, 2, 96).track(notes(96, 2)).track(notes(96, 4)).bytes();
    }

    /**
     * Damaged but readable: one track whose chunk claims 1,000 bytes (it holds 32) and that has no end-of-track
     * event. Four notes a quarter apart at 96 ticks per quarter, the last ending at 1.95 s (120 BPM).
     */
    public static byte[] damaged() {
        byte[] events = notes(96, 4);
        byte[] withoutEnd = java.util.Arrays.copyOf(events, events.length - 4); // drop "00 FF 2F 00"
        return header(0, 1, 96).chunk(1000, withoutEnd).bytes();
    }

    /**
     * 37 bytes: one quarter note per tick and a note of 2^28 − 1 ticks, the longest delta time there is: 134,217,727
     * quarters, 2,236,962 minutes at 120 BPM.
     */
    public static byte[] longNote() {
        return lasting(0x0FFFFFFF);
    }

    /** One note lasting {@code quarters} quarter notes at 120 BPM (half a second each), one tick per quarter. */
    public static byte[] lasting(int quarters) {
        HostileMidi track = new HostileMidi();
        track.raw(0, NOTE_ON, KEY, 100).vlq(quarters).raw(NOTE_OFF, KEY, 64).raw(0, 0xFF, 0x2F, 0);
        return header(0, 1, 1).track(track.bytes()).bytes();
    }

    /** {@code count} notes, one every {@code spacing} ticks, each 9/10 of it long, then the end of the track. */
    private static byte[] notes(int spacing, int count) {
        HostileMidi events = new HostileMidi();
        int held = spacing * 9 / 10;
        for (int i = 0; i < count; i++) {
            events.vlq(i == 0 ? 0 : spacing - held).raw(NOTE_ON, KEY, 100).vlq(held).raw(NOTE_OFF, KEY, 64);
        }
        return events.vlq(spacing - held).raw(0xFF, 0x2F, 0).bytes();
    }

    private static HostileMidi header(int format, int tracks, int division) {
        HostileMidi file = new HostileMidi();
        file.out.writeBytes(new byte[] {'M', 'T', 'h', 'd'});
        return file.u32(6).u16(format).u16(tracks).u16(division);
    }

    private HostileMidi track(byte[] events) {
        return chunk(events.length, events);
    }

    /** A track chunk with a declared length, right or not. */
    private HostileMidi chunk(long declaredLength, byte[] events) {
        out.writeBytes(new byte[] {'M', 'T', 'r', 'k'});
        u32(declaredLength);
        out.writeBytes(events);
        return this;
    }

    private HostileMidi u16(int value) {
        return raw(value >> 8 & 0xFF, value & 0xFF);
    }

    private HostileMidi u32(long value) {
        return raw((int) (value >>> 24 & 0xFF), (int) (value >>> 16 & 0xFF), (int) (value >>> 8 & 0xFF),
                (int) (value & 0xFF));
    }

    /** A variable-length quantity (0 … 2^28 − 1), shortest form. */
    private HostileMidi vlq(long value) {
        for (int shift = 21; shift > 0; shift -= 7) {
            if (value >= 1L << shift) {
                out.write((int) (value >> shift & 0x7F) | 0x80);
            }
        }
        out.write((int) (value & 0x7F));
        return this;
    }

    private HostileMidi raw(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    private byte[] bytes() {
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
