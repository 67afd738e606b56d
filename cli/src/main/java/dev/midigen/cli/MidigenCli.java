package dev.midigen.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code midigen} command: entry point of the launcher script and the CLI jar. */
@Command(name = "midigen",
        mixinStandardHelpOptions = true,
        versionProvider = MidigenCli.Version.class,
        description = "Learn from MIDI and write new MIDI.",
        subcommands = {InspectCommand.class, DatasetCommand.class, TrainCommand.class, EvaluateCommand.class,
            GenerateCommand.class, HumanizeCommand.class, GrooveCommands.Interpolate.class, GrooveCommands.TapToDrum.class,
            RenderCommand.class, ServeCommand.class, CompareCommand.class, BackendsCommand.class,
            BenchCommand.class, AverageCommand.class,
            ExportOnnxCommand.class, ImportOnnxCommand.class,
            CommandLine.HelpCommand.class})
public final class MidigenCli implements Runnable {

    /** Exit code for a usage error (picocli's default for invalid input). */
    public static final int USAGE = 2;
    /** How long a command stopped by a signal may take to stop cleanly before the JVM exits anyway. */
    static final int STOP_GRACE_SECONDS = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // JavaCPP (under DL4J) warns on stderr that nd4j's OpenBLAS preset predates the pinned JavaCPP
        // (a known, harmless mix: DESIGN.md); send its messages through SLF4J, where warnings stay quiet.
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper(Thread.currentThread(), finished), "midigen-stop"));
        int code;
        try {
            code = run(args);
        } finally {
            finished.countDown();
        }
        System.exit(code);
    }

    /**
     * What runs when the JVM is asked to stop (SIGTERM, SIGINT, or System.exit): unless the command has finished, its
     * thread is interrupted, and the JVM waits up to {@value #STOP_GRACE_SECONDS} s for it to stop cleanly — between
     * training steps, keeping the last checkpoint; before an output file is committed, removing its temporary file —
     * and to say so in one line. The JVM then exits with the signal's status (143 for SIGTERM).
     */
    static Runnable stopper(Thread command, CountDownLatch finished) {
        return () -> {
            if (finished.getCount() == 0) {
                return;
            }
            command.interrupt();
            try {
                finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new MidigenCli())
                .setExecutionExceptionHandler(MidigenCli::failed)
                .setParameterExceptionHandler(MidigenCli::misused);
    }

    /** A usage error: the problem and where to read more, not the whole help page. */
    private static int misused(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        java.io.PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        err.println(name + ": " + oneLine(e.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + name + " --help' for the options.");
        }
        err.flush();
        return USAGE;
    }

    /**
     * A command that fails with an I/O problem (a missing folder, a full disk, a refused permission) or a user's input
     * that cannot be used says so in one line and exits 1 (2 for a bad option value); one stopped by a signal says it
     * stopped; anything else is a bug of ours, reported as such, with the stack trace only when MIDIGEN_DEBUG is set.
     */
    private static int failed(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        java.io.PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        int code = 1;
        if (e instanceof CliUsageFailure) {
            err.println(name + ": " + oneLine(e.getMessage()));
            err.println("Try '" + name + " --help' for the options.");
            code = USAGE;
        } else if (stopped(e)) {
            String message = e.getMessage();
            err.println(name + ": stopped" + (message == null || message.isBlank() ? "" : ": " + oneLine(message)));
        } else if (e instanceof CliFailure) {
            err.println(name + ": " + oneLine(e.getMessage()));
        } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            Throwable cause = e instanceof java.io.UncheckedIOException ? e.getCause() : e;
            err.println(name + ": " + oneLine(describe(cause)));
        } else {
            err.println(name + ": internal error (please report it): " + oneLine(e.toString()));
            if (System.getenv("MIDIGEN_DEBUG") != null) {
                e.printStackTrace(err);
            }
        }
        err.flush();
        return code;
    }

    /** Whether the command ended because its thread was interrupted: it was asked to stop. */
    private static boolean stopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.InterruptedIOException || t instanceof java.nio.channels.ClosedByInterruptException
                    || t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** A message on one line: what a user reads after "midigen CMD: ". */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** An I/O exception in words: NIO's exceptions often carry only the path. */
    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return e.getMessage() + ": no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getMessage() + ": already exists";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return e.getMessage() + ": not a folder";
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return e.getMessage() + ": folder not empty";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null && fs.getReason() == null) {
            // e.g. FileSystemLoopException: "x: file system loop"
            return fs.getFile() + ": " + e.getClass().getSimpleName().replace("Exception", "")
                    .replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: " +
                String.join(", ", spec.subcommands().keySet()));
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MidigenCli.class.getPackage().getImplementationVersion();
            return new String[] {"midigen " + (version == null ? "(development build)" : version)};
        }
    }
}
