package dev.midigen.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a minimal SoundFont 2.01 file for tests, made here from nothing: one instrument playing one
 * generated sample (a decaying 440 Hz sine, 0.25 s, 44.1 kHz, root key 69), offered as two presets —
 * bank 0 program 0 (melodic) and bank 128 program 0 (the drum kit channel 10 plays). The layout
 * follows the SoundFont 2.01 specification: RIFF {@code sfbk} with the {@code INFO}, {@code sdta}
 * and {@code pdta} lists, every {@code pdta} table ending with its terminal record.
 */
public final class TinySoundFont {
    private static final int RATE = 44100;
    private static final int SAMPLES = RATE / 4;
    private static final int GEN_INSTRUMENT = 41;
    private static final int GEN_SAMPLE_ID = 53;

    private TinySoundFont() {
    }

    public static byte[] bytes() {
        return riff("RIFF", "sfbk", concat(info(), sampleData(), presetData()));
    }

    private static byte[] info() {
        ByteBuffer version = le(4).putShort((short) 2).putShort((short) 1);
        return riff("LIST", "INFO", concat(chunk("ifil", version.array()), chunk("isng", text("EMU8000", 8)),
                chunk("INAM", text("midigen test tone", 18))));
    }

    private static byte[] sampleData() {
        ByteBuffer samples = le(2 * (SAMPLES + 46)); // every sample is followed by 46 zero data points
        for (int i = 0; i < SAMPLES; i++) {
            double t = i / (double) RATE;
            samples.putShort((short) Math.round(20000 * Math.sin(2 * Math.PI * 440 * t) * Math.exp(-t * 12)));
        }
        return riff("LIST", "sdta", chunk("smpl", samples.array()));
    }

    private static byte[] presetData() {
        ByteBuffer phdr = le(38 * 3);
        preset(phdr, "Tone", 0, 0, 0);
        preset(phdr, "Kit", 0, 128, 1);
        preset(phdr, "EOP", 0, 0, 2);
        ByteBuffer pbag = le(4 * 3).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 0)
                .putShort((short) 2).putShort((short) 0);
        byte[] pmod = new byte[10];
        ByteBuffer pgen = le(4 * 3).putShort((short) GEN_INSTRUMENT).putShort((short) 0)
                .putShort((short) GEN_INSTRUMENT).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        ByteBuffer inst = le(22 * 2);
        inst.put(text("Tone", 20)).putShort((short) 0);
        inst.put(text("EOI", 20)).putShort((short) 1);
        ByteBuffer ibag = le(4 * 2).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 0);
        byte[] imod = new byte[10];
        ByteBuffer igen = le(4 * 2).putShort((short) GEN_SAMPLE_ID).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        ByteBuffer shdr = le(46 * 2);
        shdr.put(text("sine", 20)).putInt(0).putInt(SAMPLES).putInt(8).putInt(SAMPLES - 8).putInt(RATE)
                .put((byte) 69).put((byte) 0).putShort((short) 0).putShort((short) 1);
        shdr.put(text("EOS", 20)).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).put((byte) 0).put((byte) 0)
                .putShort((short) 0).putShort((short) 0);
        return riff("LIST", "pdta", concat(chunk("phdr", phdr.array()), chunk("pbag", pbag.array()), chunk("pmod", pmod),
                chunk("pgen", pgen.array()), chunk("inst", inst.array()), chunk("ibag", ibag.array()),
                chunk("imod", imod), chunk("igen", igen.array()), chunk("shdr", shdr.array())));
    }

    private static void preset(ByteBuffer phdr, String name, int program, int bank, int bag) {
        phdr.put(text(name, 20)).putShort((short) program).putShort((short) bank).putShort((short) bag).putInt(0).putInt(0)
                .putInt(0);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** ASCII, zero-padded to {@code length}. */
    private static byte[] text(String value, int length) {
        byte[] out = new byte[length];
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, out, 0, Math.min(ascii.length, length - 1));
        return out;
    }

    private static byte[] chunk(String id, byte[] data) {
        ByteBuffer out = le(8 + data.length + (data.length & 1));
        out.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return out.array();
    }

    private static byte[] riff(String id, String type, byte[] data) {
        return chunk(id, concat(type.getBytes(StandardCharsets.US_ASCII), data));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
