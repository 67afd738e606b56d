package dev.midigen.cli;

import dev.midigen.codec.smf.SmfFormatException;
import dev.midigen.codec.smf.SmfReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code midigen bench parse DIR}: parses every MIDI file with midigen's {@link SmfReader} and with
 * {@code javax.sound.midi.MidiSystem.getSequence} in one JVM, alternating which goes first each
 * round, and prints files/s, MB/s and events/s for both and their ratio. Files are read into memory
 * first, so both parsers are timed on the same bytes without disk I/O.
 */
@Command(name = "parse",
        description = "Parse every MIDI file under DIR with midigen and with javax.sound.midi (the JDK's parser),"
                + " alternating, in one JVM; print files/s, MB/s and events/s for both and the ratio.",
        mixinStandardHelpOptions = true)
final class ParseBenchCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Directories (or files) of MIDI to parse.")
    List<Path> paths;

    @Option(names = "--rounds", defaultValue = "10", description = "Measured rounds per parser (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured warm-up rounds per parser (default: ${DEFAULT-VALUE}).")
    int warmup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One parser under test: parses a file, returns its event count (or -1 when it refuses the file). */
    private interface Parser {
        long parse(byte[] data) throws Exception;
    }

    private record Round(double seconds, long events, int refused) {
    }

    @Override
    public Integer call() throws IOException {
        if (rounds < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be >= 1 and --warmup >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = MidiFiles.expand(paths);
        List<byte[]> data = new ArrayList<>(files.size());
        long bytes = 0;
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                byte[] content = Files.readAllBytes(file);
                data.add(content);
                bytes += content.length;
            }
        }
        if (data.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no MIDI files found in " + paths);
        }
        SmfReader reader = SmfReader.lenient();
        Parser midigen = content -> {
            try {
                return reader.read(content).file().eventCount();
            } catch (SmfFormatException e) {
                return -1;
            }
        };
        Parser javax = content -> {
            try {
                Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(content));
                long events = 0;
                for (javax.sound.midi.Track track : sequence.getTracks()) {
                    events += track.size();
                }
                return events;
            } catch (InvalidMidiDataException e) {
                return -1;
            }
        };
        out.printf(Locale.ROOT, "midigen bench parse: %d files, %.2f MB, %d warm-up + %d measured rounds per parser%n",
                data.size(), bytes / 1e6, warmup, rounds);
        out.printf(Locale.ROOT, "JVM %s %s, %d cores, max heap %d MB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        double[] oursSeconds = new double[rounds];
        double[] theirsSeconds = new double[rounds];
        Round ours = null;
        Round theirs = null;
        for (int i = -warmup; i < rounds; i++) {
            boolean midigenFirst = ((i + warmup) & 1) == 0;
            Round a = time(midigenFirst ? midigen : javax, data);
            Round b = time(midigenFirst ? javax : midigen, data);
            Round o = midigenFirst ? a : b;
            Round t = midigenFirst ? b : a;
            if (i >= 0) {
                oursSeconds[i] = o.seconds;
                theirsSeconds[i] = t.seconds;
                out.printf(Locale.ROOT, "round %2d (%s first): midigen %7.1f MB/s   javax.sound.midi %7.1f MB/s   ratio %.2f%n",
                        i + 1, midigenFirst ? "midigen" : "javax", bytes / 1e6 / o.seconds, bytes / 1e6 / t.seconds,
                        t.seconds / o.seconds);
                out.flush();
            }
            ours = o;
            theirs = t;
        }
        double oursMedian = median(oursSeconds);
        double theirsMedian = median(theirsSeconds);
        out.println();
        out.printf(Locale.ROOT, "%-18s %10s %10s %14s %8s%n", "parser (median)", "files/s", "MB/s", "events/s", "refused");
        line(out, "midigen", data.size(), bytes, ours, oursMedian);
        line(out, "javax.sound.midi", data.size(), bytes, theirs, theirsMedian);
        out.printf(Locale.ROOT, "ratio midigen / javax.sound.midi (MB/s): %.2fx%n", theirsMedian / oursMedian);
        out.flush();
        return 0;
    }

    private static void line(PrintWriter out, String name, int files, long bytes, Round round, double seconds) {
        out.printf(Locale.ROOT, "%-18s %10.0f %10.1f %14.0f %8d%n", name, files / seconds, bytes / 1e6 / seconds,
                round.events / seconds, round.refused);
    }

    private static Round time(Parser parser, List<byte[]> data) {
        long events = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (byte[] content : data) {
            long n;
            try {
                n = parser.parse(content);
            } catch (Exception e) {
                n = -1;
            }
            if (n < 0) {
                refused++;
            } else {
                events += n;
            }
        }
        return new Round((System.nanoTime() - start) / 1e9, events, refused);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
