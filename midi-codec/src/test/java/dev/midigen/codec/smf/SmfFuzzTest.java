package dev.midigen.codec.smf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.smf.SmfWarning.Kind;
import dev.midigen.codec.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Mutates real and hand-built MIDI files and reads each mutant in lenient and strict mode.
 *
 * <p>The only acceptable outcomes are a result (possibly with warnings) or an
 * {@link SmfFormatException}; any other throwable (OutOfMemoryError, IllegalArgumentException from a
 * record, ArrayIndexOutOfBoundsException, …) fails the test with the case's seed. Every lenient result
 * must write and read back equal, strict and lenient must agree (strict succeeds exactly when the
 * lenient reader has no warnings, and throws at an offset the lenient reader warns at), and each case
 * must take less than {@link #MAX_CASE_CPU_MILLIS} of CPU time.
 *
 * <p>Seeds: every {@link SmfFixtures} file (so the test runs without the shared data), plus about 40
 * files of {@code ../shared/data} when present (all parser-cases, six from each other folder).
 * Properties: {@code midigen.fuzz.cases} (default 1500), {@code midigen.fuzz.seed} (the base seed),
 * {@code midigen.fuzz.only} (run one case index, to reproduce a failure). Failing inputs are also
 * saved under {@code target/smf-fuzz-failures/}.
 */
class SmfFuzzTest {
    static final long DEFAULT_SEED = 0x5EED_0F_F022L;
    /**
     * The most CPU time one case may take. A case reads, writes and reads back a file of at most a few hundred KB, so a
     * slow one is a reader gone quadratic, or worse. Measured as this thread's CPU time, not wall time: on a busy machine
     * a case can wait for a core (the old 1 s wall-time limit was once hit by a case that took 428 ms of work), and that
     * says nothing about the reader. Set from two runs of 1,000,000 cases (docs/limits.md): the slowest took 62 ms of
     * CPU on a quiet machine and 107 ms with both cores busy, so this is 9 times that.
     */
    static final long MAX_CASE_CPU_MILLIS = 1000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final SmfReader LENIENT = SmfReader.lenient();
    private static final SmfReader STRICT = SmfReader.strict();
    private static final SmfWriter WRITER = SmfWriter.standard();
    /** Warnings a writer's output may still get: about what the file holds, not how it is laid out. */
    private static final Set<Kind> CONTENT_KINDS = Set.of(Kind.HEADER, Kind.MALFORMED_META);

    record Seed(String name, byte[] data) {
    }

    enum Op { FLIP_BITS, OVERWRITE, TRUNCATE, INSERT, DELETE, HUGE_LENGTH }

    // ---------------------------------------------------------------------------------------------
    // Seeds

    static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        SmfFixtures.all().forEach((name, data) -> seeds.add(new Seed("fixture " + name, data)));
        SharedData.root().ifPresent(root -> {
            for (String folder : List.of("parser-cases", "groove", "irish-folk", "pop909")) {
                Path dir = root.resolve(folder);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> files = SharedData.midiFiles(dir);
                List<Path> picked = new ArrayList<>();
                if (folder.equals("parser-cases")) {
                    picked.addAll(files);
                } else {
                    // The smallest, the largest, and four spread over the sorted list.
                    picked.add(files.stream().min((a, b) -> Long.compare(size(a), size(b))).orElseThrow());
                    picked.add(files.stream().max((a, b) -> Long.compare(size(a), size(b))).orElseThrow());
                    for (int i = 0; i < 4; i++) {
                        picked.add(files.get((2 * i + 1) * files.size() / 8));
                    }
                }
                for (Path path : picked.stream().distinct().toList()) {
                    try {
                        seeds.add(new Seed(root.relativize(path).toString(), Files.readAllBytes(path)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        });
        return seeds;
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Mutations

    /** A length field found in a file: a 32-bit chunk length or a meta/sysex VLQ length. */
    record Field(String what, int offset, int width, boolean vlq) {
    }

    /** The header length, every chunk length, and the VLQ length of every meta and sysex event. */
    static List<Field> lengthFields(byte[] d) {
        List<Field> fields = new ArrayList<>();
        int start = indexOf(d, "MThd", Math.min(d.length, 64));
        if (start < 0 || d.length - start < 8) {
            return fields;
        }
        fields.add(new Field("header length", start + 4, 4, false));
        long p = start + 8 + u32(d, start + 4);
        while (p + 8 <= d.length) {
            int chunk = (int) p;
            long length = u32(d, chunk + 4);
            fields.add(new Field("chunk length at " + chunk, chunk + 4, 4, false));
            if (d[chunk] == 'M' && d[chunk + 1] == 'T' && d[chunk + 2] == 'r' && d[chunk + 3] == 'k') {
                eventLengths(d, chunk + 8, (int) Math.min(d.length, chunk + 8 + length), fields);
            }
            p = chunk + 8 + length;
        }
        return fields;
    }

    private static void eventLengths(byte[] d, int p, int end, List<Field> fields) {
        int running = 0;
        while (p < end) {
            int n = vlqWidth(d, p, end);
            if (n < 0) {
                return;
            }
            p += n;
            if (p >= end) {
                return;
            }
            int status = d[p] & 0xFF;
            if (status < 0x80) {
                if (running == 0) {
                    return;
                }
                status = running;
            } else {
                p++;
            }
            if (status < 0xF0) {
                running = status;
                p += ChannelMessage.dataLength(status);
            } else if (status == 0xFF || status == 0xF0 || status == 0xF7) {
                if (status == 0xFF) {
                    p++;
                }
                int width = vlqWidth(d, p, end);
                if (width < 0) {
                    return;
                }
                fields.add(new Field(String.format("event length (status %02X) at %d", status, p), p, width, true));
                long length = 0;
                for (int i = 0; i < width; i++) {
                    length = (length << 7) | (d[p + i] & 0x7F);
                }
                p += width + length;
                if (p < 0) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    /** Width of the VLQ at {@code p} (1..4), or -1 if it does not end in 4 bytes before {@code end}. */
    private static int vlqWidth(byte[] d, int p, int end) {
        for (int i = 0; i < 4 && p + i < end; i++) {
            if (d[p + i] >= 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] d, String tag, int limit) {
        outer:
        for (int i = 0; i + 4 <= limit; i++) {
            for (int j = 0; j < 4; j++) {
                if (d[i + j] != tag.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long u32(byte[] d, int at) {
        return ((long) (d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
    }

    private static final long[] HUGE_U32 = {0x7FFFFFFFL, 0xFFFFFFFFL, 0x0FFFFFFFL, 0x80000000L};
    /** VLQ replacements: 0x0FFFFFFF (4 bytes), then over-long 5-byte forms of 0x7FFFFFFF and 0xFFFFFFFF. */
    private static final int[][] HUGE_VLQ = {
            {0xFF, 0xFF, 0xFF, 0x7F},
            {0x87, 0xFF, 0xFF, 0xFF, 0x7F},
            {0x8F, 0xFF, 0xFF, 0xFF, 0x7F},
            {0xFF, 0xFF, 0xFF, 0xFF}};
    private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xF0, 0xF7, 0xF8, 0xFF, 0x2F, 0x51, 'M', 'T'};

    static byte[] mutate(byte[] d, SplittableRandom rng, List<String> log, Map<Op, Integer> opCounts) {
        Op op = pick(rng);
        if (op != Op.TRUNCATE && op != Op.INSERT && d.length == 0) {
            op = Op.INSERT;
        }
        if (op == Op.HUGE_LENGTH) {
            List<Field> fields = lengthFields(d);
            if (fields.isEmpty()) {
                op = Op.FLIP_BITS;
            } else {
                opCounts.merge(op, 1, Integer::sum);
                Field field = fields.get(rng.nextInt(fields.size()));
                if (!field.vlq()) {
                    long value = rng.nextInt(5) == 0 ? u32(d, field.offset()) + rng.nextInt(-8, 9) & 0xFFFFFFFFL
                            : HUGE_U32[rng.nextInt(HUGE_U32.length)];
                    byte[] out = d.clone();
                    for (int i = 0; i < 4; i++) {
                        out[field.offset() + i] = (byte) (value >>> (24 - 8 * i));
                    }
                    log.add(String.format("%s := 0x%08X", field.what(), value));
                    return out;
                }
                int[] vlq = HUGE_VLQ[rng.nextInt(HUGE_VLQ.length)];
                byte[] out = new byte[d.length - field.width() + vlq.length];
                System.arraycopy(d, 0, out, 0, field.offset());
                for (int i = 0; i < vlq.length; i++) {
                    out[field.offset() + i] = (byte) vlq[i];
                }
                System.arraycopy(d, field.offset() + field.width(), out, field.offset() + vlq.length,
                        d.length - field.offset() - field.width());
                log.add(field.what() + " := VLQ " + Arrays.toString(vlq));
                return out;
            }
        }
        opCounts.merge(op, 1, Integer::sum);
        switch (op) {
            case FLIP_BITS -> {
                byte[] out = d.clone();
                int flips = 1 + rng.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int bit = rng.nextInt(out.length * 8);
                    out[bit >> 3] ^= (byte) (1 << (bit & 7));
                }
                log.add(flips + " bit flip(s)");
                return out;
            }
            case OVERWRITE -> {
                byte[] out = d.clone();
                int n = 1 + rng.nextInt(8);
                for (int i = 0; i < n; i++) {
                    out[rng.nextInt(out.length)] = (byte) (rng.nextBoolean() ? INTERESTING[rng.nextInt(INTERESTING.length)]
                            : rng.nextInt(256));
                }
                log.add(n + " byte(s) overwritten");
                return out;
            }
            case TRUNCATE -> {
                int at = rng.nextInt(d.length + 1);
                log.add("truncated to " + at);
                return Arrays.copyOf(d, at);
            }
            case INSERT -> {
                int at = rng.nextInt(d.length + 1);
                int n = 1 + rng.nextInt(16);
                byte[] out = new byte[d.length + n];
                System.arraycopy(d, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) rng.nextInt(256);
                }
                System.arraycopy(d, at, out, at + n, d.length - at);
                log.add(n + " byte(s) inserted at " + at);
                return out;
            }
            case DELETE -> {
                int at = rng.nextInt(d.length);
                int n = Math.min(1 + rng.nextInt(16), d.length - at);
                byte[] out = new byte[d.length - n];
                System.arraycopy(d, 0, out, 0, at);
                System.arraycopy(d, at + n, out, at, d.length - at - n);
                log.add(n + " byte(s) deleted at " + at);
                return out;
            }
            default -> throw new AssertionError(op);
        }
    }

    private static Op pick(SplittableRandom rng) {
        int r = rng.nextInt(100);
        if (r < 20) {
            return Op.FLIP_BITS;
        } else if (r < 40) {
            return Op.OVERWRITE;
        } else if (r < 50) {
            return Op.TRUNCATE;
        } else if (r < 60) {
            return Op.INSERT;
        } else if (r < 70) {
            return Op.DELETE;
        }
        return Op.HUGE_LENGTH;
    }

    // ---------------------------------------------------------------------------------------------
    // One case

    /** How a case came out, for the summary. */
    enum Outcome { CLEAN, WARNINGS, UNREADABLE }

    /**
     * Reads {@code data} both ways and checks the contract; returns the outcome or throws
     * (AssertionError for a broken contract, anything else the reader or writer let escape).
     */
    static Outcome check(byte[] data) {
        SmfReadResult lenient = null;
        SmfFormatException lenientError = null;
        try {
            lenient = LENIENT.read(data, "case");
        } catch (SmfFormatException e) {
            lenientError = e;
        }
        SmfReadResult strict = null;
        SmfFormatException strictError = null;
        try {
            strict = STRICT.read(data, "case");
        } catch (SmfFormatException e) {
            strictError = e;
        }
        if (lenient == null) {
            if (strict != null) {
                throw new AssertionError("strict reads a file the lenient reader rejects: " + lenientError.getMessage());
            }
            return Outcome.UNREADABLE;
        }
        byte[] written = WRITER.toBytes(lenient.file());
        SmfReadResult back;
        try {
            back = LENIENT.read(written, "written");
        } catch (SmfFormatException e) {
            throw new AssertionError("the written file does not read: " + e.getMessage(), e);
        }
        if (!back.file().equals(lenient.file())) {
            throw new AssertionError("the written file reads back different");
        }
        for (SmfWarning warning : back.warnings()) {
            if (!CONTENT_KINDS.contains(warning.kind())) {
                throw new AssertionError("the written file reads with a warning: " + warning);
            }
        }
        if (strict != null) {
            if (!lenient.warnings().isEmpty()) {
                throw new AssertionError("strict accepts a file the lenient reader warns about: " + lenient.warnings());
            }
            if (!strict.file().equals(lenient.file()) || !strict.warnings().isEmpty()) {
                throw new AssertionError("strict and lenient read different files");
            }
            return Outcome.CLEAN;
        }
        if (lenient.warnings().isEmpty()) {
            throw new AssertionError("strict rejects a file the lenient reader reads cleanly: " + strictError.getMessage());
        }
        long offset = strictError.offset();
        if (lenient.warnings().stream().noneMatch(w -> w.offset() == offset)) {
            throw new AssertionError("strict fails at offset " + offset + " (" + strictError.problem()
                    + "), the lenient reader warns at " + lenient.warnings());
        }
        return Outcome.WARNINGS;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void mutatedFilesGiveAResultOrAnSmfFormatExceptionInBothModes(TestReporter reporter) throws IOException {
        int cases = Integer.getInteger("midigen.fuzz.cases", 1500);
        long base = Long.decode(System.getProperty("midigen.fuzz.seed", "0x" + Long.toHexString(DEFAULT_SEED)));
        Integer only = Integer.getInteger("midigen.fuzz.only");
        List<Seed> seeds = seeds();
        long fixtures = seeds.stream().filter(s -> s.name().startsWith("fixture ")).count();

        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Map<Op, Integer> opCounts = new EnumMap<>(Op.class);
        List<String> failures = new ArrayList<>();
        int failed = 0;
        long maxNanos = 0;
        long maxCpuNanos = 0;
        String slowest = "";
        String slowestCpu = "";
        long totalStart = System.nanoTime();
        long mixedBase = new SplittableRandom(base).nextLong(); // so that nearby base seeds give unrelated runs
        for (int index = only == null ? 0 : only; index < (only == null ? cases : only + 1); index++) {
            long caseSeed = new SplittableRandom(mixedBase + index).nextLong();
            SplittableRandom rng = new SplittableRandom(caseSeed);
            Seed seed = seeds.get(rng.nextInt(seeds.size()));
            List<String> log = new ArrayList<>();
            byte[] data = seed.data();
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            try {
                int ops = rng.nextInt(4) == 0 ? 2 + rng.nextInt(2) : 1;
                for (int i = 0; i < ops; i++) {
                    data = mutate(data, rng, log, opCounts);
                }
                outcomes.merge(check(data), 1, Integer::sum);
            } catch (Throwable t) {
                failed++;
                if (failures.size() < 25) {
                    failures.add(String.format("case %d (case seed 0x%016X): %s, %s, %d bytes%n    -> %s%s", index,
                            caseSeed, seed.name(), String.join("; ", log), data.length, t, stackTop(t)));
                    save(index, data);
                }
            }
            long nanos = System.nanoTime() - start;
            long cpu = cpuNanos() - cpuStart;
            if (nanos > maxNanos) {
                maxNanos = nanos;
                slowest = "case " + index + ": " + seed.name() + ", " + String.join("; ", log);
            }
            if (cpu > maxCpuNanos) {
                maxCpuNanos = cpu;
                slowestCpu = "case " + index + ": " + seed.name() + ", " + String.join("; ", log);
            }
        }
        long totalMillis = (System.nanoTime() - totalStart) / 1_000_000;
        String summary = String.format("%d cases (base seed 0x%X) over %d seeds (%d fixtures, %d shared files) in %d ms; "
                        + "outcomes %s; mutations %s; max case %.1f ms of CPU (%s), %.1f ms of wall time (%s)",
                only == null ? cases : 1, base, seeds.size(), fixtures, seeds.size() - fixtures, totalMillis,
                outcomes, opCounts, maxCpuNanos / 1e6, slowestCpu, maxNanos / 1e6, slowest);
        reporter.publishEntry("fuzz", summary);
        System.out.println("fuzz: " + summary);

        assertThat(failures).as("%d of %d cases failed (rerun one with -Dtest=SmfFuzzTest -Dmidigen.fuzz.seed=0x%X "
                        + "-Dmidigen.fuzz.only=<case>; inputs saved under target/smf-fuzz-failures):\n  %s",
                failed, cases, base, String.join("\n  ", failures)).isEmpty();
        assertThat(maxCpuNanos / 1_000_000).as("slowest case, CPU time: %s", slowestCpu).isLessThan(MAX_CASE_CPU_MILLIS);
        if (only == null && cases >= 200) {
            assertThat(opCounts.getOrDefault(Op.HUGE_LENGTH, 0)).as("length-field mutations").isGreaterThan(cases / 10);
            assertThat(outcomes.keySet()).as("all outcomes seen").containsExactlyInAnyOrder(Outcome.values());
        }
    }

    /** This thread's CPU time, when the JVM measures it; else wall time. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static String stackTop(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(4, stack.length); i++) {
            s.append("\n       at ").append(stack[i]);
        }
        return s.toString();
    }

    private static void save(int index, byte[] data) {
        try {
            Path dir = Path.of("target", "smf-fuzz-failures");
            Files.createDirectories(dir);
            Files.write(dir.resolve("case-" + index + ".mid"), data);
        } catch (IOException | RuntimeException ignored) {
            // Only a convenience: the seed and case index reproduce the input.
        }
    }

    @Test
    void lengthFieldsAreFoundInTheFixtures() {
        List<Field> fields = lengthFields(SmfFixtures.format1());
        assertThat(fields).extracting(Field::offset, Field::vlq).startsWith(
                org.assertj.core.groups.Tuple.tuple(4, false),  // header length
                org.assertj.core.groups.Tuple.tuple(18, false), // first track's length
                org.assertj.core.groups.Tuple.tuple(25, true)); // its track name's length (00 FF 03 at 22)
        assertThat(fields.stream().filter(f -> !f.vlq()).count()).isEqualTo(4); // header + 3 tracks
        assertThat(fields.stream().filter(Field::vlq).count()).isEqualTo(6 + 2 + 2); // metas, end-of-track included

        List<Field> rmid = lengthFields(SmfFixtures.rmid());
        assertThat(rmid.get(0).offset()).isEqualTo(24); // MThd at 20, after RIFF size RMID (12) and data size (8)
        assertThat(lengthFields(SmfFixtures.sysex()).stream().filter(Field::vlq).count()).isEqualTo(6);
    }

    @Test
    void theSameSeedGivesTheSameMutants() {
        byte[] input = SmfFixtures.format1();
        for (int i = 0; i < 50; i++) {
            byte[] a = mutate(input, new SplittableRandom(i), new ArrayList<>(), new TreeMap<>());
            byte[] b = mutate(input, new SplittableRandom(i), new ArrayList<>(), new TreeMap<>());
            assertThat(a).isEqualTo(b);
        }
    }
}
