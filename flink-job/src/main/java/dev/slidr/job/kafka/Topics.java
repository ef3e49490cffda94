package dev.slidr.job.kafka;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of slidr's topics: each bound once to its configured name and its serializers, so
 * that the job, its tests and the tools that feed it agree on keys and values.
 *
 * <pre>{@code
 * Topics topics = Topics.of(kafkaConfig.topicNames());
 * ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topics.clicks().name(),
 *         topics.clicks().keyOf(click), topics.clicks().valueOf(click));
 * }</pre>
 *
 * @param clicks clicks as {@code Click} JSON, keyed by user id (session id when anonymous)
 * @param conversions conversions as {@code Conversion} JSON, keyed by click id
 * @param decisions decisions as {@code Decision} JSON, keyed by click id (the idempotency key)
 * @param deadLetters rejected input as {@code DeadLetter} JSON, keyed by source coordinates
 * @param control control commands, raw bytes (their contract is read by the control stream)
 */
public record Topics(
        Topic<Click> clicks,
        Topic<Conversion> conversions,
        Topic<Decision> decisions,
        Topic<DeadLetter> deadLetters,
        Topic<byte[]> control)
        implements Serializable {

    /** The configured topic names. */
    public record Names(
            String clicks, String conversions, String decisions, String deadLetters, String control)
            implements Serializable {

        /** Each name under the option key that sets it, in declaration order. */
        public Map<String, String> byOptionKey() {
            Map<String, String> names = new LinkedHashMap<>();
            names.put(KafkaOptions.CLICKS_TOPIC.key(), clicks);
            names.put(KafkaOptions.CONVERSIONS_TOPIC.key(), conversions);
            names.put(KafkaOptions.DECISIONS_TOPIC.key(), decisions);
            names.put(KafkaOptions.DEAD_LETTERS_TOPIC.key(), deadLetters);
            names.put(KafkaOptions.CONTROL_TOPIC.key(), control);
            return names;
        }
    }

    /** The registry for the given names. */
    public static Topics of(Names names) {
        return new Topics(
                new Topic<>(names.clicks(), Topics::clickKey, ContractJson::write),
                new Topic<>(names.conversions(), c -> utf8(c.clickId()), ContractJson::write),
                new Topic<>(names.decisions(), d -> utf8(d.clickId()), ContractJson::write),
                new Topic<>(names.deadLetters(), Topics::deadLetterKey, ContractJson::write),
                new Topic<>(names.control(), command -> null, command -> command));
    }

    /**
     * Where a dead letter came from, {@code topic/partition/offset}: unique per source record, so a
     * compacted dead-letter topic keeps one letter per rejected record.
     */
    public static byte[] deadLetterKey(DeadLetter letter) {
        return utf8(
                letter.sourceTopic()
                        + "/"
                        + letter.sourcePartition()
                        + "/"
                        + letter.sourceOffset());
    }

    private static byte[] clickKey(Click click) {
        return utf8(click.userId() != null ? click.userId() : click.sessionId());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
