package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line's own logging configuration ({@code src/main/resources/log4j2.xml}; tests run
 * with {@code log4j2-test.xml}), loaded into a logger context of its own, with an appender that
 * keeps what reaches the root logger.
 */
class LoggingConfigurationTest {

    private static final String FETCHER =
            "org.apache.flink.streaming.api.operators.collect.CollectResultFetcher";

    /** What Flink's collect client logs when the local cluster of an ended job is gone. */
    private static final String CLUSTER_GONE =
            "Failed to get job status so we assume that the job has terminated."
                    + " Some data might be lost.";

    private LoggerContext context;
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void loadTheCommandLinesConfiguration() throws Exception {
        context = new LoggerContext("slidr-cli-logging-test");
        Configuration configuration;
        try (InputStream xml = SlidrCommand.class.getResourceAsStream("/log4j2.xml")) {
            assertThat(xml).as("log4j2.xml on the class path").isNotNull();
            configuration = new XmlConfiguration(context, new ConfigurationSource(xml));
        }
        context.start(configuration);
        AbstractAppender kept =
                new AbstractAppender("kept", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        logged.add(
                                event.getLevel()
                                        + " "
                                        + event.getLoggerName()
                                        + " "
                                        + event.getMessage().getFormattedMessage());
                    }
                };
        kept.start();
        context.getConfiguration().getRootLogger().addAppender(kept, Level.ALL, null);
        context.updateLoggers();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void theCollectClientsWarningAboutAGoneLocalClusterIsDropped() {
        context.getLogger(FETCHER)
                .warn(
                        CLUSTER_GONE,
                        new IllegalStateException(
                                "MiniCluster is not yet running or has already been shut down."));

        assertThat(logged).isEmpty();
    }

    @Test
    void theCollectClientsOtherWarningsAndOtherLoggersStay() {
        context.getLogger(FETCHER).warn("An exception occurs when fetching query results");
        context.getLogger("org.apache.flink.runtime.taskmanager.Task").warn(CLUSTER_GONE);

        assertThat(logged)
                .containsExactly(
                        "WARN " + FETCHER + " An exception occurs when fetching query results",
                        "WARN org.apache.flink.runtime.taskmanager.Task " + CLUSTER_GONE);
    }

    @Test
    void theRootLogsWarningsAndUpOnly() {
        context.getLogger("dev.slidr.anything").info("not shown");
        context.getLogger("dev.slidr.anything").warn("shown");

        assertThat(logged).containsExactly("WARN dev.slidr.anything shown");
    }
}
