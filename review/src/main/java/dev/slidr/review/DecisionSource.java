package dev.slidr.review;

import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.replay.ReplayWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a review's decisions come from: a file of decision JSON lines, or a window of the decisions
 * topic (and of the corrections topic). Either way the highest revision per click id counts.
 */
public sealed interface DecisionSource {

    /** True when a decision of a click at {@code eventTsMillis} counts. */
    boolean keeps(long eventTsMillis);

    /** What the outputs name as the decisions. */
    String describe();

    /** A window of event times {@code [from, to)}, as replay's decided window (no warm-up). */
    static ReplayWindow window(Instant from, Instant to) {
        return new ReplayWindow(from, to, Duration.ZERO);
    }

    /**
     * Decision JSON lines (plain or gzip): a replay's {@code corrections.jsonl} with {@code --emit
     * all}, or an export of the decisions topic; with a window, only its decisions count.
     */
    record File(Path file, Optional<ReplayWindow> window) implements DecisionSource {
        public File {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(window, "window");
        }

        /** The whole file. */
        public File(Path file) {
            this(file, Optional.empty());
        }

        @Override
        public boolean keeps(long eventTsMillis) {
            return window.map(w -> w.partOf(eventTsMillis) == ReplayWindow.Part.DECIDED)
                    .orElse(true);
        }

        @Override
        public String describe() {
            return window.map(w -> file + ", [" + w.from() + ", " + w.to() + ")")
                    .orElse(file.toString());
        }
    }

    /**
     * The committed decisions of the topic of {@code kafka} whose event time is in {@code window},
     * read from the window's start less the reader's slack to the end offsets of the start; with a
     * corrections topic, that topic's committed corrections too, read the same way, the highest
     * revision per click id winning whichever topic it came from (as billing applies them).
     *
     * @param corrections the corrections topic, or empty to read the decisions topic alone
     */
    record Topic(KafkaConfig kafka, ReplayWindow window, Optional<String> corrections)
            implements DecisionSource {
        public Topic {
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(corrections, "corrections");
        }

        /** The decisions topic alone. */
        public Topic(KafkaConfig kafka, ReplayWindow window) {
            this(kafka, window, Optional.empty());
        }

        @Override
        public boolean keeps(long eventTsMillis) {
            return window.partOf(eventTsMillis) == ReplayWindow.Part.DECIDED;
        }

        @Override
        public String describe() {
            return "topic "
                    + kafka.topicNames().decisions()
                    + corrections.map(c -> " and corrections topic " + c).orElse("")
                    + " at "
                    + kafka.bootstrapServers()
                    + ", ["
                    + window.from()
                    + ", "
                    + window.to()
                    + ")";
        }
    }
}
