package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slidr simulate --bootstrap}: events to a real broker, truth and RFM to files. */
class SimulateKafkaITCase {

    @TempDir Path tmp;

    @Test
    void sendsEventsToKafkaAndKeepsTruthOnDisk() throws Exception {
        Path config =
                Files.writeString(
                        tmp.resolve("small.json"),
                        "{\"humans.users\": 400, \"gateways.count\": 2, \"botnet.hosts\": 40,"
                                + " \"click_farm.accounts_per_farm\": 4, \"stolen.accounts\": 5,"
                                + " \"low_and_slow.bots\": 20, \"crawler.clicks_per_minute\":"
                                + " 0.5}");
        Path out = tmp.resolve("out");
        Path summary = tmp.resolve("summary.json");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopic("cli-clicks", 2);
            kafka.createTopic("cli-conversions", 1);
            StringWriter err = new StringWriter();
            CommandLine cli = SlidrCommand.commandLine();
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err));
            int code =
                    cli.execute(
                            "simulate",
                            "--days",
                            "1",
                            "--seed",
                            "4",
                            "--config",
                            config.toString(),
                            "--out",
                            out.toString(),
                            "--bootstrap",
                            kafka.bootstrapServers(),
                            "--clicks-topic",
                            "cli-clicks",
                            "--conversions-topic",
                            "cli-conversions",
                            "--summary",
                            summary.toString(),
                            "--quiet");
            assertThat(code).as(err.toString()).isZero();
            long clicks = new ObjectMapper().readTree(summary.toFile()).get("clicks").asLong();
            assertThat(clicks).isPositive();
            List<ConsumerRecord<byte[], byte[]>> records =
                    kafka.consume("cli-clicks", (int) clicks, Duration.ofSeconds(60));
            assertThat(records).hasSize((int) clicks);
            // truth on disk covers exactly the clicks sent
            assertThat(Files.readAllLines(out.resolve("truth.csv"))).hasSize((int) clicks + 1);
            assertThat(out.resolve("rfm.csv")).isNotEmptyFile();
            assertThat(out.resolve("clicks.jsonl")).doesNotExist();
        }
    }

    @Test
    void failsWithAMessageWhenTheTopicDoesNotExist() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            StringWriter err = new StringWriter();
            CommandLine cli = SlidrCommand.commandLine();
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err));
            int code =
                    cli.execute(
                            "simulate",
                            "--days",
                            "1",
                            "--out",
                            tmp.resolve("o").toString(),
                            "--bootstrap",
                            kafka.bootstrapServers(),
                            "--clicks-topic",
                            "no-such-topic",
                            "--producer-property",
                            "max.block.ms=3000",
                            "--quiet");
            assertThat(code).isEqualTo(SlidrCommand.EXIT_FAILURE);
            assertThat(err.toString()).contains("simulate: failed:").doesNotContain("\tat ");
        }
    }
}
