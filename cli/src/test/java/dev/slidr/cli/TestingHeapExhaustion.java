package dev.slidr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code slidr} main with one more subcommand, {@code exhaust-heap}, that fills the heap until
 * the JVM throws a real {@link OutOfMemoryError}, in the command's thread or in a thread of its
 * own; run in a forked JVM with a small heap to see what a user sees.
 */
public final class TestingHeapExhaustion {

    /** Allocates until the heap is full. */
    @Command(name = "exhaust-heap")
    static final class ExhaustHeap implements Callable<Integer> {

        @Option(names = "--in-thread")
        boolean inThread;

        @Override
        public Integer call() throws Exception {
            if (inThread) {
                Thread worker = new Thread(ExhaustHeap::fill, "worker");
                worker.start();
                worker.join();
                return 0;
            }
            fill();
            return 0;
        }

        private static void fill() {
            List<long[]> held = new ArrayList<>();
            while (true) {
                held.add(new long[1 << 16]);
            }
        }
    }

    public static void main(String[] args) {
        CommandLine cli = SlidrCommand.commandLine();
        cli.addSubcommand("exhaust-heap", new CommandLine(new ExhaustHeap()));
        System.exit(SlidrCommand.execute(cli, args));
    }

    private TestingHeapExhaustion() {}
}
