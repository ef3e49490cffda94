package dev.slidr.local.demo;

import dev.slidr.contract.Parsed;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.registry.RegistryState.Action;
import dev.slidr.registry.RegistryState.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The model changes of a demo run, whoever made them (the demo's bad model, a person with {@code
 * models promote --live}, the automatic rollback): the {@code activate} and {@code rollback}
 * commands on the control topic, each with the registry's history entry that recorded it (who and
 * why, from the entry's {@code ; by NAME: reason}).
 *
 * <pre>{@code
 * List<ModelChanges.Change> changes = ModelChanges.of(commands, registry.history(), demoStart);
 * }</pre>
 */
final class ModelChanges {

    /** Who the automatic rollback is in the registry's history. */
    static final String AUTO_ROLLBACK = "auto-rollback";

    /**
     * One model change.
     *
     * @param action {@code activate} or {@code rollback}
     * @param version the version it changes to
     * @param effectiveTs event time from which it scores
     * @param by who, from the registry's history; null when the registry did not record it
     * @param reason why, from the registry's history; null when none was given or recorded
     * @param recordedAt when the registry recorded it; null when it did not
     */
    record Change(
            String action,
            String version,
            long effectiveTs,
            String by,
            String reason,
            Instant recordedAt) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", action);
            m.put("version", version);
            m.put("effective_ts", effectiveTs);
            m.put("effective_at", Instant.ofEpochMilli(effectiveTs).toString());
            m.put("reason", reason);
            m.put("by", by);
            m.put("recorded_at", recordedAt == null ? null : recordedAt.toString());
            return m;
        }
    }

    /** A command read from the control topic, with its record's timestamp. */
    record Command(ControlCommand command, long recordTs) {}

    private ModelChanges() {}

    /**
     * Every command on the control topic's partitions, in offset order; unreadable ones skipped.
     */
    static List<Command> read(Properties client, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Command> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, timeout).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Parsed<ControlCommand> parsed = ControlCodec.decode(r.value());
                    if (parsed.isOk()) {
                        out.add(new Command(parsed.value(), r.timestamp()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The activations and rollbacks among {@code commands}, each joined to the first registry
     * history entry at or after {@code since} that records it and was not joined before.
     */
    static List<Change> of(List<Command> commands, List<HistoryEntry> history, Instant since) {
        Set<Integer> used = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        for (Command c : commands) {
            String action;
            String version;
            long effective;
            Action recorded;
            if (c.command() instanceof ControlCommand.Activate a) {
                action = "activate";
                version = a.version();
                effective = a.effectiveTs();
                recorded = Action.PROMOTE;
            } else if (c.command() instanceof ControlCommand.Rollback r) {
                action = "rollback";
                version = r.to();
                effective = c.recordTs();
                recorded = Action.ROLLBACK;
            } else {
                continue;
            }
            HistoryEntry entry = null;
            for (int i = 0; i < history.size() && entry == null; i++) {
                HistoryEntry h = history.get(i);
                if (!used.contains(i)
                        && !h.ts().isBefore(since)
                        && h.action() == recorded
                        && (version == null || h.version().equals(version))) {
                    used.add(i);
                    entry = h;
                }
            }
            String[] note = entry == null ? new String[2] : note(entry.detail());
            changes.add(
                    new Change(
                            action,
                            version != null ? version : entry != null ? entry.version() : null,
                            effective,
                            note[0],
                            note[1],
                            entry == null ? null : entry.ts()));
        }
        return changes;
    }

    /**
     * Wall seconds from the registry's record of the first activation of {@code version} at or
     * after {@code since} to the first automatic rollback recorded after it; null when there was
     * none.
     */
    static Double secondsToAutoRollback(List<HistoryEntry> history, String version, Instant since) {
        Instant activated = null;
        for (HistoryEntry h : history) {
            if (h.ts().isBefore(since)) {
                continue;
            }
            if (activated == null) {
                if (h.action() == Action.PROMOTE && h.version().equals(version)) {
                    activated = h.ts();
                }
            } else if (h.action() == Action.ROLLBACK && AUTO_ROLLBACK.equals(note(h.detail())[0])) {
                return Duration.between(activated, h.ts()).toMillis() / 1000.0;
            }
        }
        return null;
    }

    /** Who and why from a history entry's detail ({@code replaces m1; by alice: retrain}). */
    static String[] note(String detail) {
        int at = detail.indexOf("; by ");
        if (at < 0) {
            return new String[2];
        }
        String rest = detail.substring(at + "; by ".length());
        int colon = rest.indexOf(": ");
        return colon < 0
                ? new String[] {rest, null}
                : new String[] {rest.substring(0, colon), rest.substring(colon + 2)};
    }
}
