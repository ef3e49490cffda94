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
            ReplayCommand.class
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
