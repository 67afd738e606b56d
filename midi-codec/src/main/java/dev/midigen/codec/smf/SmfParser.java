package dev.midigen.codec.smf;

import dev.midigen.codec.smf.SmfWarning.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * One parse of one file held in memory. Not thread-safe; {@link SmfReader} makes one per call.
 *
 * <p>Every length read from the file is checked against the bytes that remain before anything is
 * allocated or skipped, so damaged or hostile length fields cost nothing.
 */
final class SmfParser {
    /** Beyond this many warnings a file only gets a count of the rest. */
    private static final int MAX_WARNINGS = 100;

    private final byte[] b;
    private final String source;
    private final boolean strict;
    private final List<SmfWarning> warnings = new ArrayList<>();
    private int suppressedWarnings;
    /** Set while a track is read: its findings are provisional, so strict mode collects them too. */
    private boolean speculative;
    private int end;

    SmfParser(byte[] data, String source, boolean strict) {
        this.b = data;
        this.source = source;
        this.strict = strict;
        this.end = data.length;
    }

    SmfReadResult parse() throws SmfFormatException {
        int start = unwrapRiff();
        if (end - start < 4 || !isTag(start, 'M', 'T', 'h', 'd')) {
            throw fail(start, "expected a header chunk 'MThd', found " + describe(start, 4)
                    + (end - start == 0 ? " (the file is empty)" : " (not a Standard MIDI File?)"));
        }
        if (end - start < 14) {
            throw fail(start, "header chunk truncated: " + (end - start) + " bytes, a header needs 14");
        }
        long headerLength = u32(start + 4);
        if (headerLength < 6) {
            throw fail(start + 4, "header length " + headerLength + ", expected at least 6");
        }
        if (headerLength > end - start - 8) {
            throw fail(start + 4, "header length " + headerLength + " runs past the end of the file ("
                    + (end - start - 8) + " bytes remain)");
        }
        int format = u16(start + 8);
        int declaredTracks = u16(start + 10);
        Timing timing = timing(start + 12);
        if (format > 2) {
            warn(start + 8, Kind.HEADER, "format " + format + " is not 0, 1 or 2; tracks read as in format 1");
        }

        List<Track> tracks = new ArrayList<>();
        int p = (int) (start + 8 + headerLength);
        while (p < end) {
            if (end - p < 8 || !isChunkId(p)) {
                warn(p, Kind.TRAILING_GARBAGE, (end - p) + " bytes after the last chunk are not a chunk; ignored");
                break;
            }
            long length = u32(p + 4);
            if (isTag(p, 'M', 'T', 'r', 'k')) {
                if (tracks.size() == 0xFFFF) { // all a header (and MidiFile) can count
                    warn(p, Kind.TRACK_COUNT, "more than 65535 track chunks; the rest of the file was ignored");
                    break;
                }
                p = readTrack(p, length, tracks);
            } else if (length > end - p - 8) {
                warn(p, Kind.TRAILING_GARBAGE, "chunk " + describe(p, 4) + " declares " + length + " bytes but only "
                        + (end - p - 8) + " remain; ignored");
                break;
            } else {
                p += 8 + (int) length; // chunks of unknown type are skipped, as the standard asks
            }
        }
        if (tracks.size() != declaredTracks) {
            warn(start + 10, Kind.TRACK_COUNT, "header declares " + declaredTracks + " tracks, found " + tracks.size());
        }
        if (format == 0 && tracks.size() > 1) {
            warn(start + 8, Kind.HEADER, "format 0 file with " + tracks.size() + " tracks");
        }
        if (suppressedWarnings > 0) {
            warnings.add(new SmfWarning(end, Kind.CORRUPT_TRACK, suppressedWarnings + " further warnings not listed"));
        }
        return new SmfReadResult(new MidiFile(format, timing, tracks), warnings);
    }

    /** Skips a RIFF RMID wrapper, returning where the SMF data starts (and narrowing {@link #end}). */
    private int unwrapRiff() throws SmfFormatException {
        if (end < 12 || !isTag(0, 'R', 'I', 'F', 'F') || !isTag(8, 'R', 'M', 'I', 'D')) {
            return 0;
        }
        int p = 12;
        while (end - p >= 8) {
            long length = u32le(p + 4);
            if (isTag(p, 'd', 'a', 't', 'a')) {
                int data = p + 8;
                if (length > end - data) {
                    warn(p + 4, Kind.TRUNCATED, "RIFF 'data' chunk declares " + length + " bytes but only "
                            + (end - data) + " remain");
                } else {
                    end = data + (int) length;
                }
                return data;
            }
            if (length > end - p - 8) {
                break;
            }
            p += 8 + (int) length + (int) (length & 1);
        }
        throw fail(12, "RIFF RMID file without a 'data' chunk");
    }

    private Timing timing(int at) throws SmfFormatException {
        int division = u16(at);
        if ((division & 0x8000) != 0) {
            int fps = -(byte) (division >> 8);
            int ticksPerFrame = division & 0xFF;
            if (fps != 24 && fps != 25 && fps != 29 && fps != 30) {
                throw fail(at, "SMPTE division with " + fps + " frames per second; expected 24, 25, 29 or 30");
            }
            if (ticksPerFrame == 0) {
                throw fail(at, "SMPTE division with 0 ticks per frame");
            }
            return new Timing.Smpte(fps, ticksPerFrame);
        }
        if (division == 0) {
            throw fail(at, "division is 0 ticks per quarter note");
        }
        return new Timing.Ppq(division);
    }

    // ---------------------------------------------------------------------------------------------
    // Tracks

    /** How an event scan stopped. */
    private enum Stop { END_OF_TRACK, LIMIT, INCOMPLETE, CORRUPT, CHUNK }

    private record Scan(PackedEvents.Builder events, int position, long lastTick, Stop stop) {
    }

    /**
     * Reads the track chunk at {@code chunk}; returns where the next chunk starts. A track's findings
     * are provisional until it is read (a re-read may replace the first reading's), so strict mode
     * collects them as lenient mode does and throws the first one that is kept.
     */
    private int readTrack(int chunk, long declaredLength, List<Track> tracks) throws SmfFormatException {
        int warningsBefore = warnings.size();
        int next;
        speculative = true;
        try {
            next = readTrackCollecting(chunk, declaredLength, tracks);
        } finally {
            speculative = false;
        }
        if (strict && warnings.size() > warningsBefore) {
            SmfWarning first = warnings.get(warningsBefore);
            throw fail(first.offset(), first.message());
        }
        return next;
    }

    private int readTrackCollecting(int chunk, long declaredLength, List<Track> tracks) throws SmfFormatException {
        int index = tracks.size();
        int dataStart = chunk + 8;
        int limit;
        if (declaredLength > end - dataStart) {
            warn(chunk + 4, Kind.TRACK_LENGTH, "track " + index + " declares " + declaredLength
                    + " bytes but only " + (end - dataStart) + " remain in the file");
            limit = end;
        } else {
            limit = dataStart + (int) declaredLength;
        }
        int warningsBefore = warnings.size();
        int suppressedBefore = suppressedWarnings;
        // A declared length backed by real bytes sizes the event list (the bytes of one track belong to
        // no other, so all lists together stay within the file's size); an unbacked one does not.
        int expectedEvents = limit == dataStart + declaredLength ? (limit - dataStart) / 4 : 16;
        Scan scan = scan(index, dataStart, limit, false, expectedEvents);
        int next = limit;
        switch (scan.stop) {
            case END_OF_TRACK -> {
                if (scan.position < limit) {
                    // The next track header may straddle the declared end: look for all 8 of its
                    // bytes in the file, not only inside the declared length.
                    if (end - scan.position >= 8 && isTag(scan.position, 'M', 'T', 'r', 'k')) {
                        warn(chunk + 4, Kind.TRACK_LENGTH, "track " + index + " declares " + declaredLength
                                + " bytes but its end-of-track event ends after " + (scan.position - dataStart));
                        next = scan.position;
                    } else {
                        warn(scan.position, Kind.DATA_AFTER_END_OF_TRACK, (limit - scan.position)
                                + " bytes after the end-of-track event of track " + index + " ignored");
                    }
                }
            }
            case CORRUPT -> { /* warned in scan; the next chunk starts at the declared end */ }
            case LIMIT, INCOMPLETE, CHUNK -> {
                boolean atBoundary = limit == end || (end - limit >= 8 && isChunkId(limit));
                if (scan.stop == Stop.LIMIT && atBoundary) {
                    warn(limit, Kind.MISSING_END_OF_TRACK, "track " + index + " has no end-of-track event; one was added");
                } else if (limit == end || atBoundary) {
                    warn(scan.position, Kind.TRUNCATED, "track " + index + " ends inside an event at offset "
                            + scan.position + "; the partial event was dropped");
                } else {
                    // The declared length is too short: the events run on. Read again up to the file's
                    // end, stopping at the end-of-track event or at the next track header.
                    List<SmfWarning> firstReading = new ArrayList<>(warnings);
                    int suppressedFirst = suppressedWarnings;
                    truncateWarnings(warningsBefore, suppressedBefore);
                    Scan longer = scan(index, dataStart, end, true, 16);
                    if (longer.stop != Stop.CORRUPT) {
                        warn(chunk + 4, Kind.TRACK_LENGTH, "track " + index + " declares " + declaredLength
                                + " bytes but its events run on for " + (longer.position - dataStart));
                        if (longer.stop == Stop.CHUNK || longer.stop == Stop.LIMIT) {
                            warn(longer.position, Kind.MISSING_END_OF_TRACK,
                                    "track " + index + " has no end-of-track event; one was added");
                        } else if (longer.stop == Stop.INCOMPLETE) {
                            warn(longer.position, Kind.TRUNCATED, "track " + index + " ends inside an event at offset "
                                    + longer.position + "; the partial event was dropped");
                        }
                        scan = longer;
                        next = longer.stop == Stop.INCOMPLETE ? end : longer.position;
                    } else {
                        // Reading on makes no sense either: keep what the declared length held.
                        truncateWarnings(0, suppressedFirst);
                        warnings.addAll(firstReading);
                        warn(scan.position, Kind.TRUNCATED, "track " + index + " ends inside an event at offset "
                                + scan.position + "; the partial event was dropped");
                    }
                }
            }
        }
        PackedEvents.Builder events = scan.events;
        if (scan.stop != Stop.END_OF_TRACK) {
            events.other(scan.lastTick, new MetaMessage.EndOfTrack());
        }
        tracks.add(new Track(events.build()));
        return next;
    }

    /**
     * Decodes events from {@code start} until an end-of-track event, {@code bound}, an incomplete or
     * undecodable event, or (when {@code stopAtChunk}) a track header at an event boundary.
     */
    private Scan scan(int track, int start, int bound, boolean stopAtChunk, int expectedEvents) throws SmfFormatException {
        final byte[] b = this.b;
        PackedEvents.Builder events = new PackedEvents.Builder(expectedEvents);
        int p = start;
        long tick = 0;
        long lastTick = 0;
        int running = 0;
        boolean runningCancelled = false;
        int badDataBytes = 0;
        int firstBadDataByte = -1;
        int cancelledUses = 0;
        int firstCancelledUse = -1;
        Stop stop;
        scanning:
        while (true) {
            if (p >= bound) {
                stop = Stop.LIMIT;
                break;
            }
            if (stopAtChunk && p > start && bound - p >= 8 && isTag(p, 'M', 'T', 'r', 'k')) {
                stop = Stop.CHUNK;
                break;
            }
            int eventStart = p;
            // Delta time: a variable-length quantity of at most 4 bytes.
            int delta = 0;
            for (int i = 0; ; i++) {
                if (p >= bound) {
                    p = eventStart;
                    stop = Stop.INCOMPLETE;
                    break scanning;
                }
                int c = b[p++];
                delta = (delta << 7) | (c & 0x7F);
                if (c >= 0) {
                    break;
                }
                if (i == 3) {
                    corrupt(track, eventStart, "delta time longer than 4 bytes", bound);
                    p = eventStart;
                    stop = Stop.CORRUPT;
                    break scanning;
                }
            }
            if (p >= bound) {
                p = eventStart;
                stop = Stop.INCOMPLETE;
                break;
            }
            int status = b[p] & 0xFF;
            if (status < 0x80) {
                if (running == 0) {
                    corrupt(track, p, String.format("data byte 0x%02X where a status byte was expected", status), bound);
                    p = eventStart;
                    stop = Stop.CORRUPT;
                    break;
                }
                if (runningCancelled) {
                    if (cancelledUses++ == 0) {
                        firstCancelledUse = p;
                        if (strict) {
                            warn(p, Kind.RUNNING_STATUS_AFTER_META_OR_SYSEX,
                                    "running status used after a meta or sysex event, which cancels it");
                        }
                    }
                }
                status = running;
            } else {
                p++;
            }
            if (status < 0xF0) {
                running = status;
                runningCancelled = false;
                int needed = (status & 0xE0) == 0xC0 ? 1 : 2;
                if (bound - p < needed) {
                    p = eventStart;
                    stop = Stop.INCOMPLETE;
                    break;
                }
                int d1 = b[p++] & 0xFF;
                int d2 = 0;
                if (needed == 2) {
                    d2 = b[p++] & 0xFF;
                }
                if ((d1 | d2) > 0x7F) {
                    if (badDataBytes++ == 0) {
                        firstBadDataByte = d1 > 0x7F ? p - needed : p - 1;
                        if (strict) {
                            warn(firstBadDataByte, Kind.DATA_BYTE_OUT_OF_RANGE, String.format(
                                    "data byte 0x%02X above 127 in a channel message", b[firstBadDataByte] & 0xFF));
                        }
                    }
                    d1 &= 0x7F;
                    d2 &= 0x7F;
                }
                tick += delta;
                events.channel(tick, status, d1, d2);
                lastTick = tick;
            } else if (status == 0xFF || status == 0xF0 || status == 0xF7) {
                int type = 0;
                if (status == 0xFF) {
                    if (p >= bound) {
                        p = eventStart;
                        stop = Stop.INCOMPLETE;
                        break;
                    }
                    type = b[p++] & 0xFF;
                }
                long length = 0;
                for (int i = 0; ; i++) {
                    if (p >= bound) {
                        p = eventStart;
                        stop = Stop.INCOMPLETE;
                        break scanning;
                    }
                    int c = b[p++];
                    length = (length << 7) | (c & 0x7F);
                    if (c >= 0) {
                        break;
                    }
                    if (i == 3) {
                        corrupt(track, eventStart, "event length longer than 4 bytes", bound);
                        p = eventStart;
                        stop = Stop.CORRUPT;
                        break scanning;
                    }
                }
                if (length > bound - p) {
                    p = eventStart;
                    stop = Stop.INCOMPLETE;
                    break;
                }
                int n = (int) length;
                MidiMessage message = status == 0xFF
                        ? meta(track, eventStart, type, p, n)
                        : new SysexMessage(status == 0xF7, Bytes.copyOf(b, p, n));
                p += n;
                runningCancelled = running != 0;
                tick += delta;
                events.other(tick, message);
                lastTick = tick;
                if (message instanceof MetaMessage.EndOfTrack) {
                    stop = Stop.END_OF_TRACK;
                    break;
                }
            } else {
                corrupt(track, p - 1, String.format(
                        "status byte 0x%02X (a system common or real-time message) cannot appear in a MIDI file", status),
                        bound);
                p = eventStart;
                stop = Stop.CORRUPT;
                break;
            }
        }
        if (badDataBytes > 0) {
            warn(firstBadDataByte, Kind.DATA_BYTE_OUT_OF_RANGE, "track " + track + ": " + badDataBytes
                    + " channel message(s) with a data byte above 127 (first at offset " + firstBadDataByte
                    + "); the high bit was cleared");
        }
        if (cancelledUses > 0) {
            warn(firstCancelledUse, Kind.RUNNING_STATUS_AFTER_META_OR_SYSEX, "track " + track + ": running status used "
                    + cancelledUses + " time(s) right after a meta or sysex event (first at offset " + firstCancelledUse
                    + "); the previous status was kept");
        }
        return new Scan(events, p, lastTick, stop);
    }

    private void corrupt(int track, int at, String problem, int bound) throws SmfFormatException {
        warn(at, Kind.CORRUPT_TRACK, "track " + track + ": " + problem + "; the remaining " + (bound - at)
                + " bytes of the track were skipped");
    }

    private MetaMessage meta(int track, int eventStart, int type, int at, int length) throws SmfFormatException {
        byte[] b = this.b;
        switch (type) {
            case MetaMessage.SEQUENCE_NUMBER:
                if (length == 2) {
                    return new MetaMessage.SequenceNumber(u16(at));
                }
                break;
            case MetaMessage.CHANNEL_PREFIX:
                if (length == 1 && b[at] >= 0 && b[at] < 16) {
                    return new MetaMessage.ChannelPrefix(b[at]);
                }
                break;
            case MetaMessage.PORT_PREFIX:
                if (length == 1 && b[at] >= 0) {
                    return new MetaMessage.PortPrefix(b[at]);
                }
                break;
            case MetaMessage.END_OF_TRACK:
                if (length != 0) {
                    warn(eventStart, Kind.MALFORMED_META, "track " + track + ": end-of-track event with "
                            + length + " data bytes; the data was ignored");
                }
                return new MetaMessage.EndOfTrack();
            case MetaMessage.TEMPO:
                if (length == 3) {
                    return new MetaMessage.Tempo(((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF));
                }
                break;
            case MetaMessage.SMPTE_OFFSET:
                if (length == 5) {
                    return new MetaMessage.SmpteOffset(b[at] & 0xFF, b[at + 1] & 0xFF, b[at + 2] & 0xFF,
                            b[at + 3] & 0xFF, b[at + 4] & 0xFF);
                }
                break;
            case MetaMessage.TIME_SIGNATURE:
                if (length == 4) {
                    return new MetaMessage.TimeSignature(b[at] & 0xFF, b[at + 1] & 0xFF, b[at + 2] & 0xFF, b[at + 3] & 0xFF);
                }
                break;
            case MetaMessage.KEY_SIGNATURE:
                if (length == 2 && b[at] >= -7 && b[at] <= 7 && (b[at + 1] == 0 || b[at + 1] == 1)) {
                    return new MetaMessage.KeySignature(b[at], b[at + 1] == 1);
                }
                break;
            case MetaMessage.SEQUENCER_SPECIFIC:
                return new MetaMessage.SequencerSpecific(Bytes.copyOf(b, at, length));
            default:
                if (type >= 0x01 && type <= 0x0F) {
                    return new MetaMessage.Text(type, Bytes.copyOf(b, at, length));
                }
                return new MetaMessage.RawMeta(type, Bytes.copyOf(b, at, length));
        }
        warn(eventStart, Kind.MALFORMED_META, String.format("track %d: meta event 0x%02X with a malformed %d-byte payload (%s); kept as raw bytes",
                track, type, length, describe(at, Math.min(length, 8))));
        return new MetaMessage.RawMeta(type, Bytes.copyOf(b, at, length));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private void warn(long offset, Kind kind, String message) throws SmfFormatException {
        if (strict && !speculative) {
            throw fail(offset, message);
        }
        if (warnings.size() >= MAX_WARNINGS) {
            suppressedWarnings++;
            return;
        }
        warnings.add(new SmfWarning(offset, kind, message));
    }

    private void truncateWarnings(int size, int suppressed) {
        while (warnings.size() > size) {
            warnings.remove(warnings.size() - 1);
        }
        suppressedWarnings = suppressed;
    }

    private SmfFormatException fail(long offset, String problem) {
        return new SmfFormatException(source, offset, problem);
    }

    private boolean isTag(int at, char c0, char c1, char c2, char c3) {
        return end - at >= 4 && b[at] == c0 && b[at + 1] == c1 && b[at + 2] == c2 && b[at + 3] == c3;
    }

    /** Four printable ASCII bytes: the shape of a chunk type. */
    private boolean isChunkId(int at) {
        for (int i = 0; i < 4; i++) {
            int c = b[at + i];
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private int u16(int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private long u32(int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private long u32le(int at) {
        return ((long) (b[at + 3] & 0xFF) << 24) | ((b[at + 2] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at] & 0xFF);
    }

    /** Up to {@code n} bytes at {@code at} for a message: quoted when printable, else hex. */
    private String describe(int at, int n) {
        int count = Math.max(0, Math.min(n, end - at));
        if (count == 0) {
            return "nothing";
        }
        boolean printable = true;
        for (int i = 0; i < count; i++) {
            int c = b[at + i];
            printable &= c >= 0x20 && c <= 0x7E;
        }
        if (printable && n == 4) {
            return "'" + new String(b, at, count, java.nio.charset.StandardCharsets.ISO_8859_1) + "'";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02X", b[at + i] & 0xFF));
        }
        return s.toString();
    }
}
