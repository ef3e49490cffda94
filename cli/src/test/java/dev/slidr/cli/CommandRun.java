package dev.slidr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * What one in-process {@code slidr} invocation printed and returned.
 *
 * <pre>{@code
 * CommandRun r = CommandRun.of("models", "list", "--registry", dir.toString());
 * assertThat(r.exitCode()).isEqualTo(0);
 * }</pre>
 */
record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code slidr args...} in this JVM and captures its output. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SlidrCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
