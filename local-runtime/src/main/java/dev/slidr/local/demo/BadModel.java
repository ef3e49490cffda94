package dev.slidr.local.demo;

import dev.slidr.contract.control.ControlCommand;
import dev.slidr.job.kafka.ControlTopicWriter;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.ModelRegistryException;
import dev.slidr.registry.RegistryState.HistoryEntry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's deliberately bad model ({@code --bad-model-at}): at its minute of the live traffic it
 * is promoted in the registry (by {@value DemoModel#BY_DEMO}) and activated in the running job
 * through the control topic, with the writer of {@code models promote --live}. Whatever rolls it
 * back (the automatic rollback, a person), the summary reads it from the control topic, the
 * registry's history and the decisions' versions.
 */
final class BadModel {

    /**
     * Simulated clicks per day of the demo's traffic: at R clicks/s a wall second is R × 86,400 /
     * 250,000 simulated seconds.
     */
    private static final double CLICKS_PER_SIMULATED_DAY = 250_000;

    /** Wall time the command is given to reach every scoring subtask before it takes effect. */
    private static final Duration LEAD = Duration.ofSeconds(2);

    private final ModelRegistry registry;
    private final String version;
    private final Duration at;
    private volatile long effectiveTs = Long.MIN_VALUE;
    private volatile String failure;

    BadModel(ModelRegistry registry, String version, Duration at) {
        this.registry = registry;
        this.version = version;
        this.at = at;
    }

    /** Starts the thread that activates the model {@code at} into the live traffic. */
    Thread activateDuring(LiveTraffic traffic, KafkaConfig kafka, double rate, PrintWriter err) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                while (traffic.startMillis() < 0) {
                                    Thread.sleep(50);
                                }
                                long wait =
                                        traffic.startMillis()
                                                + at.toMillis()
                                                - System.currentTimeMillis();
                                if (wait > 0) {
                                    Thread.sleep(wait);
                                }
                                activate(traffic.lastEventTs(), kafka, rate, err);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (Exception e) {
                                failure = e.getMessage();
                                err.println("demo: the bad model was not activated: " + e);
                                err.flush();
                            }
                        },
                        "demo-bad-model");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void activate(long lastEventTs, KafkaConfig kafka, double rate, PrintWriter err)
            throws Exception {
        // the simulated clock runs faster than the wall clock: lead by LEAD of wall time in
        // event time, so the command reaches every subtask before its clicks
        long lead = Math.round(LEAD.toSeconds() * rate * 86_400_000.0 / CLICKS_PER_SIMULATED_DAY);
        long effective = lastEventTs + lead;
        registry.promote(
                version,
                new ModelRegistry.ChangeNote(
                        DemoModel.BY_DEMO,
                        String.format(
                                java.util.Locale.ROOT,
                                "deliberately bad model, %.1f min into the demo",
                                at.toMillis() / 60_000.0)));
        ControlTopicWriter.write(
                kafka,
                new ControlCommand.Activate(version, effective),
                effective,
                Duration.ofSeconds(15));
        effectiveTs = effective;
        err.printf(
                "demo: activated the deliberately bad model %s from event time %s%n",
                version, Instant.ofEpochMilli(effective));
        err.flush();
    }

    /**
     * The summary's model changes; rolls the registry back when the bad model is still stable, so
     * that the next demo starts from the good one.
     */
    Map<String, Object> summary(
            Properties client, String controlTopic, BillingConsumer billing, Instant since)
            throws Exception {
        List<ModelChanges.Command> commands =
                ModelChanges.read(client, controlTopic, Duration.ofSeconds(10));
        List<HistoryEntry> history = registry.history();
        List<ModelChanges.Change> changes = ModelChanges.of(commands, history, since);
        List<Map<String, Object>> list = new ArrayList<>();
        changes.forEach(c -> list.add(c.toMap()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bad_model", version);
        m.put("bad_model_at_seconds", at.toMillis() / 1000.0);
        m.put("bad_model_activated", effectiveTs != Long.MIN_VALUE);
        if (failure != null) {
            m.put("bad_model_failure", failure);
        }
        m.put("model_changes", list);
        m.put(
                "seconds_activation_to_rollback",
                ModelChanges.secondsToAutoRollback(history, version, since));
        boolean rolledBack =
                effectiveTs != Long.MIN_VALUE
                        && changes.stream()
                                .anyMatch(
                                        c ->
                                                c.action().equals("rollback")
                                                        && c.effectiveTs() >= effectiveTs);
        Long firstAfter = rolledBack ? billing.firstEventTsAfter(version, effectiveTs) : null;
        m.put(
                "event_minutes_activation_to_rollback",
                firstAfter == null ? null : (firstAfter - effectiveTs) / 60_000.0);
        if (registry.stableVersion().filter(version::equals).isPresent()) {
            try {
                registry.rollback(
                        new ModelRegistry.ChangeNote(
                                DemoModel.BY_DEMO,
                                "end of the demo: the deliberately bad model does not stay"
                                        + " stable"));
                m.put("registry_rolled_back_at_end", true);
            } catch (ModelRegistryException e) {
                m.put("registry_rolled_back_at_end", false);
                m.put("registry_rollback_failure", e.getMessage());
            }
        } else {
            m.put("registry_rolled_back_at_end", false);
        }
        return m;
    }
}
