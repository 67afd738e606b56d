package dev.midigen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code midigen render}: a MIDI file as a WAV file, through the JDK's own synthesizer. */
@Command(name = "render",
        description = "Render a MIDI file to a WAV file (44.1 kHz, 16-bit stereo) with Java's built-in synthesizer,"
                + " offline: the JDK's default sound bank, or --soundfont. The file is read and timed as midigen inspect"
                + " reads it. Lasts until the last event plus 3-4 s of release; music longer than --max-minutes is"
                + " refused before anything is rendered.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class RenderCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE.mid", description = "The MIDI file.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE.wav", description = "The WAV file to write.")
    Path out;

    @Option(names = "--soundfont", paramLabel = "FILE.sf2",
            description = "A SoundFont 2 (or DLS) bank instead of the JDK's default (needs the JVM option"
                    + " --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED, which ./midigen passes).")
    Path soundFont;

    @Option(names = "--overwrite", description = "Replace --out if it exists (a regular file only).")
    boolean overwrite;

    @Option(names = "--max-minutes", paramLabel = "N",
            description = "Refuse music that plays longer than N minutes (default: ${DEFAULT-VALUE}; a minute of"
                    + " WAV is about 10 MB).")
    int maxMinutes = MidiRenderer.Options.DEFAULT_MAX_MINUTES;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (maxMinutes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-minutes takes a positive number of minutes, got " + maxMinutes);
        }
        MidiRenderer.Options options = new MidiRenderer.Options(overwrite, maxMinutes);
        MidiRenderer.Rendered rendered;
        try {
            rendered = soundFont == null ? MidiRenderer.render(in, out, options)
                    : MidiRenderer.render(in, out, soundFont, options);
        } catch (IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new CliFailure(MemoryMessages.outOfMemory(in));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(out + ": " + MidiRenderer.describe(rendered));
        stdout.flush();
        if (rendered.silent()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": warning: the audio is silent (notes on programs or drum kits the"
                    + " sound bank lacks? drums need a bank-128 preset)");
            err.flush();
        }
        return 0;
    }
}
