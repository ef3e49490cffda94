package dev.slidr.job;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * What the golden savepoint (src/test/resources/golden/) was taken from, shared by {@link
 * GoldenSavepointWriter}, which takes it with the job jar of an earlier release, and {@link
 * GoldenSavepointRestoreITCase}, which restores it into today's job: the clicks the old job
 * decided, the topics with their partition counts (the Kafka source restores its offsets per
 * partition), and the job settings that key the state (the pseudonymization secret: keyed state is
 * keyed by pseudonyms, so a restore with another secret starts every counter from zero).
 */
final class GoldenSavepoint {

    /** The commit whose job jar took the savepoint. */
    static final String COMMIT = "6d23475";

    /** The savepoint's directory among the test resources. */
    static final String RESOURCE = "/golden/savepoint-" + COMMIT;

    /** Clicks the old job decided before its savepoint. */
    static final int CLICKS = 300;

    /** Users of those clicks (click {@code i} is user {@code i % USERS}'s). */
    static final int USERS = 30;

    /** The old job's parallelism. */
    static final int PARALLELISM = 2;

    /** Event time of the first click. */
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /**
     * A test secret, not a production one: the restore must pseudonymize with the same secret as
     * the job that wrote the state.
     */
    static final String HMAC_SECRET =
            Base64.getEncoder()
                    .encodeToString(
                            "slidr golden savepoint, test key".getBytes(StandardCharsets.UTF_8));

    /** Partitions per topic, as the old job's brokers had them. */
    static final Map<String, Integer> PARTITIONS =
            Map.of(
                    "slidr.clicks", 4,
                    "slidr.conversions", 2,
                    "slidr.decisions", 4,
                    "slidr.dead-letters", 2,
                    "slidr.control", 1);

    private static final String USER_AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/126.0 Safari/537.36";

    private GoldenSavepoint() {}

    /** Click {@code i}: before the savepoint for {@code i < CLICKS}, after it from there on. */
    static Click click(int i) {
        int user = i % USERS;
        return click("golden-" + i, user, START.toEpochMilli() + i * 2_000L);
    }

    /** A click of user {@code user} (new users are {@code >= USERS}). */
    static Click click(String clickId, int user, long ts) {
        return new Click(
                clickId,
                ts,
                "golden-user-" + user,
                "golden-session-" + user,
                "198.51.100." + (user + 1),
                USER_AGENT,
                Device.DESKTOP,
                true,
                "ad-" + (user % 5),
                "adv-" + (user % 5),
                "placement-0");
    }

    /**
     * The job's settings: {@code deploy/flink/config.yaml}'s {@code slidr.*} keys (no TLS/SASL)
     * with the brokers, the checkpoint directory and the golden secret.
     */
    static Map<String, String> jobSettings(
            Path flinkConfig, String bootstrapServers, Path checkpoints, int parallelism) {
        Configuration file = JobConfigFile.load(flinkConfig);
        Map<String, String> settings = new LinkedHashMap<>();
        file.toMap()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(JobConfigFile.PREFIX)
                                    && !k.startsWith("slidr.kafka.properties.")) {
                                settings.put(k, v);
                            }
                        });
        settings.remove(JobOptions.MODEL_DIR.key());
        settings.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        settings.put(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST");
        settings.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), "slidr-golden");
        settings.put(JobOptions.CHECKPOINT_DIR.key(), checkpoints.toUri().toString());
        settings.put(JobOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        settings.put(JobOptions.CHECKPOINT_MIN_PAUSE.key(), "200 ms");
        settings.put(JobOptions.PARALLELISM.key(), Integer.toString(parallelism));
        settings.put(PrivacyOptions.HMAC_SECRET.key(), HMAC_SECRET);
        return settings;
    }
}
