package dev.slidr.replay;

import dev.slidr.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;

/**
 * What one replay decides, with which model, against what. Built with {@link #builder()}; {@link
 * Builder#build()} checks it and throws {@link IllegalArgumentException} with one line saying what
 * is wrong.
 *
 * @param from first event time decided
 * @param to end of the decided window (exclusive)
 * @param warmUp how long before {@code from} the replay starts reading (features need history)
 * @param source the clicks
 * @param registry where the model comes from
 * @param modelVersion the registered version that decides
 * @param allowCandidate accept a version that was never stable (evaluation)
 * @param baseline what the replayed decisions are compared with
 * @param out directory for corrections, dead letters and the report files
 * @param publish publish corrections to the corrections topic
 * @param kafka the job's settings for publishing (broker, topic names); also the GIVT and privacy
 *     settings of a file replay; null when neither is needed
 * @param emitAll a correction for every decision instead of only the changed ones
 * @param replayId the id on every correction; the builder derives one when none was given
 * @param truth the simulator's {@code truth.csv}, or null
 */
public record ReplayRequest(
        Instant from,
        Instant to,
        Duration warmUp,
        ReplaySource source,
        ModelRegistry registry,
        String modelVersion,
        boolean allowCandidate,
        Baseline baseline,
        Path out,
        boolean publish,
        Configuration kafka,
        boolean emitAll,
        String replayId,
        Path truth) {

    /** The longest feature window: what the features of the first decided click look back on. */
    public static final Duration DEFAULT_WARM_UP = Duration.ofHours(24);

    /** A warm-up longer than this is a typing mistake, not a need: no feature looks back so far. */
    public static final Duration MAX_WARM_UP = Duration.ofDays(7);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public static Builder builder() {
        return new Builder();
    }

    /** The event times this request reads and decides. */
    public ReplayWindow window() {
        return new ReplayWindow(from, to, warmUp);
    }

    /**
     * An id derived from what decides (window, warm-up, source, model, baseline), so that running
     * the same replay again writes the same corrections.
     */
    private String derivedReplayId() {
        String what =
                String.join(
                        "|",
                        from.toString(),
                        to.toString(),
                        warmUp.toString(),
                        describe(source),
                        registry.root().toString(),
                        modelVersion,
                        describe(baseline),
                        Boolean.toString(emitAll));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(what.getBytes(StandardCharsets.UTF_8));
            return "replay-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static String describe(ReplaySource source) {
        if (source instanceof ReplaySource.Files files) {
            return "files:"
                    + files.paths().stream().map(p -> p.toAbsolutePath().normalize()).toList();
        }
        return "topic:" + ((ReplaySource.Topic) source).jobConfiguration().toMap();
    }

    private static String describe(Baseline baseline) {
        if (baseline instanceof Baseline.Version v) {
            return "version:" + v.version();
        }
        if (baseline instanceof Baseline.DecisionsFile f) {
            return "file:" + f.file().toAbsolutePath().normalize();
        }
        if (baseline instanceof Baseline.DecisionsTopic t) {
            return "topic:" + t.jobConfiguration().toMap();
        }
        return "none";
    }

    /** Builds and checks a {@link ReplayRequest}. */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private Duration warmUp = DEFAULT_WARM_UP;
        private ReplaySource source;
        private ModelRegistry registry;
        private String modelVersion;
        private boolean allowCandidate;
        private Baseline baseline = new Baseline.None();
        private Path out;
        private boolean publish;
        private Configuration kafka;
        private boolean emitAll;
        private String replayId;
        private Path truth;

        private Builder() {}

        public Builder from(Instant value) {
            this.from = value;
            return this;
        }

        public Builder to(Instant value) {
            this.to = value;
            return this;
        }

        public Builder warmUp(Duration value) {
            this.warmUp = value;
            return this;
        }

        public Builder source(ReplaySource value) {
            this.source = value;
            return this;
        }

        public Builder registry(ModelRegistry value) {
            this.registry = value;
            return this;
        }

        public Builder modelVersion(String value) {
            this.modelVersion = value;
            return this;
        }

        public Builder allowCandidate(boolean value) {
            this.allowCandidate = value;
            return this;
        }

        public Builder baseline(Baseline value) {
            this.baseline = value;
            return this;
        }

        public Builder out(Path value) {
            this.out = value;
            return this;
        }

        public Builder publish(boolean value) {
            this.publish = value;
            return this;
        }

        public Builder kafka(Configuration value) {
            this.kafka = value;
            return this;
        }

        public Builder emitAll(boolean value) {
            this.emitAll = value;
            return this;
        }

        public Builder replayId(String value) {
            this.replayId = value;
            return this;
        }

        public Builder truth(Path value) {
            this.truth = value;
            return this;
        }

        /**
         * The checked request.
         *
         * @throws IllegalArgumentException one line naming the first thing that is wrong
         */
        public ReplayRequest build() {
            require(from != null, "no start: set from");
            require(to != null, "no end: set to");
            require(from.isBefore(to), "from " + from + " is not before to " + to);
            require(warmUp != null, "no warm-up: set warmUp (default 24 h)");
            require(!warmUp.isNegative(), "warm-up " + warmUp + " is negative");
            require(
                    warmUp.compareTo(MAX_WARM_UP) <= 0,
                    "warm-up " + warmUp + " is longer than the maximum " + MAX_WARM_UP);
            require(source != null, "no source: give click files or the clicks topic");
            if (source instanceof ReplaySource.Files files) {
                require(!files.paths().isEmpty(), "no click files given");
                for (Path p : files.paths()) {
                    require(p != null, "a click file path is null");
                }
            }
            require(registry != null, "no model registry");
            require(
                    modelVersion != null && !modelVersion.isBlank(),
                    "no model: name the registered version to replay with");
            require(
                    ID.matcher(modelVersion).matches(),
                    "model version '" + printable(modelVersion) + "' is not a version name");
            require(baseline != null, "no baseline: use Baseline.None for none");
            if (baseline instanceof Baseline.Version v) {
                require(
                        ID.matcher(v.version()).matches(),
                        "baseline version '" + printable(v.version()) + "' is not a version name");
                require(
                        !v.version().equals(modelVersion),
                        "the baseline version is the replayed version " + modelVersion);
            }
            require(out != null, "no output directory");
            require(!publish || kafka != null, "publish needs the job's Kafka settings");
            require(
                    replayId == null || ID.matcher(replayId).matches(),
                    "replay id '"
                            + printable(replayId)
                            + "' must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
            ReplayRequest request =
                    new ReplayRequest(
                            from,
                            to,
                            warmUp,
                            source,
                            registry,
                            modelVersion,
                            allowCandidate,
                            baseline,
                            out,
                            publish,
                            kafka,
                            emitAll,
                            replayId,
                            truth);
            if (replayId != null) {
                return request;
            }
            return new ReplayRequest(
                    from,
                    to,
                    warmUp,
                    source,
                    registry,
                    modelVersion,
                    allowCandidate,
                    baseline,
                    out,
                    publish,
                    kafka,
                    emitAll,
                    request.derivedReplayId(),
                    truth);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        /** A value shown in an error: one line, bounded, control characters escaped. */
        private static String printable(String value) {
            if (value == null) {
                return "null";
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < value.length() && sb.length() < 64; i++) {
                char c = value.charAt(i);
                sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
            }
            return value.length() > 64 ? sb + "..." : sb.toString();
        }
    }
}
