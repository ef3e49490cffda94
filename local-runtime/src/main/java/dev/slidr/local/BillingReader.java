package dev.slidr.local;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer billing runs: {@code read_committed}, from the earliest offset, in a group of its
 * own, offsets never committed, so it sees every committed decision exactly once and no record of
 * an aborted transaction.
 */
public final class BillingReader {

    private BillingReader() {}

    /**
     * A consumer of {@code topics} with the broker's client settings {@code client}, in a fresh
     * group named {@code groupPrefix} plus a random suffix.
     */
    public static KafkaConsumer<byte[], byte[]> open(
            Properties client, String groupPrefix, List<String> topics) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }
}
