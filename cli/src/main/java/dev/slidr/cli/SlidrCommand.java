package dev.slidr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slidr} executable: one subcommand per task (see {@code bin/slidr --help}). */
@Command(
        name = "slidr",
        mixinStandardHelpOptions = true,
        version = "slidr 0.1.0",
        description = "Streaming click-invalidation processor.",
        subcommands = {CommandLine.HelpCommand.class})
public final class SlidrCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SlidrCommand()).execute(args));
    }
}
