package dev.slidr.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slidr} executable: one subcommand per task (see {@code bin/slidr --help}). */
@Command(
        name = "slidr",
        mixinStandardHelpOptions = true,
        version = "slidr 0.1.0",
        description = "Streaming click-invalidation processor.",
        subcommands = {
            CommandLine.HelpCommand.class,
            SimulateCommand.class,
            TrainCommand.class,
            ModelsCommand.class,
            RunCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            ReplayCommand.class,
            ReviewCommand.class,
            SoakCommand.class,
            RehearseUpgradeCommand.class
        })
public final class SlidrCommand implements Runnable {

    /** Exit code of a run that failed after its arguments were accepted (I/O, broker, ...). */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The configured command line: bad arguments print one clear line and exit 2; a failure while
     * running prints its message (no stack trace) and exits 1.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SlidrCommand());
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    PrintWriter err = cmd.getErr();
                    err.println(
                            cmd.getColorScheme()
                                    .errorText(
                                            cmd.getCommandName() + ": error: " + e.getMessage()));
                    err.println(
                            "Run '"
                                    + cmd.getCommandSpec().qualifiedName()
                                    + " --help' for the options.");
                    err.flush();
                    return cmd.getCommandSpec().exitCodeOnInvalidInput();
                });
        cli.setExecutionExceptionHandler(
                (e, cmd, parseResult) -> {
                    if (e.getCause() instanceof OutOfMemoryError) {
                        outOfMemory();
                    }
                    PrintWriter err = cmd.getErr();
                    String message = e.getMessage() == null ? e.toString() : e.getMessage();
                    err.println(
                            cmd.getColorScheme()
                                    .errorText(cmd.getCommandName() + ": failed: " + message));
                    err.flush();
                    return EXIT_FAILURE;
                });
        return cli;
    }

    /** Exit code of a command that ran out of heap. */
    public static final int EXIT_OUT_OF_MEMORY = 4;

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs the command line with the out-of-memory handling of {@link #main}: a heap exhausted in
     * any thread prints one line and halts the JVM with {@link #EXIT_OUT_OF_MEMORY}.
     */
    static int execute(CommandLine cli, String[] args) {
        // a thread of the trainer or of Flink that runs out of heap ends the command the same way
        Thread.setDefaultUncaughtExceptionHandler(
                (thread, e) -> {
                    if (e instanceof OutOfMemoryError) {
                        outOfMemory();
                    }
                    e.printStackTrace();
                });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            outOfMemory();
            return EXIT_OUT_OF_MEMORY;
        }
    }

    private static void outOfMemory() {
        System.err.println(
                "slidr: out of memory (heap "
                        + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MiB): raise it with SLIDR_JAVA_OPTS=-Xmx..., or for train sample fewer"
                        + " rows with --max-train-rows");
        Runtime.getRuntime().halt(EXIT_OUT_OF_MEMORY);
    }
}
