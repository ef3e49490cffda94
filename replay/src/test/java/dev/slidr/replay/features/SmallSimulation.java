package dev.slidr.replay.features;

import dev.slidr.simulator.FileTrafficSink;
import dev.slidr.simulator.ProgressListener;
import dev.slidr.simulator.SimulationSummary;
import dev.slidr.simulator.SimulatorConfig;
import dev.slidr.simulator.SimulatorOptions;
import dev.slidr.simulator.TrafficSimulator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A simulated log small enough for an integration test: every traffic kind, a few thousand users.
 */
final class SmallSimulation {

    private SmallSimulation() {}

    /**
     * Writes {@code days} simulated days from {@code seed} into {@code dir} (clicks, conversions,
     * RFM and truth files as {@code simulate} writes them): {@code humans} human users, {@code
     * botnets} botnet hosts, {@code lowAndSlow} low-and-slow bots, {@code stolen} stolen and {@code
     * farms} farm accounts, and crawlers at {@code crawlerPerMinute} clicks a minute.
     */
    static Path write(
            Path dir,
            long seed,
            int days,
            int humans,
            int botnets,
            int lowAndSlow,
            int stolen,
            int farms,
            double crawlerPerMinute)
            throws Exception {
        Files.createDirectories(dir);
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .set(SimulatorOptions.HUMAN_USERS, humans)
                        .set(SimulatorOptions.BOTNET_HOSTS, botnets)
                        .set(SimulatorOptions.LOW_AND_SLOW_BOTS, lowAndSlow)
                        .set(SimulatorOptions.STOLEN_ACCOUNTS, stolen)
                        .set(SimulatorOptions.FARM_ACCOUNTS, farms)
                        .set(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, crawlerPerMinute)
                        .build();
        TrafficSimulator simulator =
                new TrafficSimulator(config, seed, TrafficSimulator.DEFAULT_START, days).threads(2);
        SimulationSummary summary;
        try (FileTrafficSink sink = new FileTrafficSink(dir, false, true)) {
            summary = simulator.run(sink, ProgressListener.NONE);
        }
        simulator.writeSideFiles(dir, summary);
        return dir;
    }
}
