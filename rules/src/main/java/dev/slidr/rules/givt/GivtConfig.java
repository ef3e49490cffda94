package dev.slidr.rules.givt;

import dev.slidr.rules.dedupe.DuplicateClickPolicy;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated, immutable settings of the GIVT filter, built once from {@link GivtOptions}.
 *
 * <p>The data-centre list is read and validated here, on the client, and the config carries the
 * canonical blocks: a bad list fails the job submission with the line at fault, and task managers
 * need no access to the file.
 *
 * <pre>{@code
 * GivtConfig givt = GivtConfig.fromConfiguration(flinkConfig);
 * }</pre>
 */
public final class GivtConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean robotsEnabled;
    private final List<String> robotDeviceClasses;
    private final List<String> robotAgentClasses;
    private final int userAgentCacheSize;
    private final List<String> dataCentreBlocks;
    private final Duration dedupeWindow;
    private final Duration dedupeStateTtl;
    private final boolean dedupeStateTtlEnabled;
    private final long ttlCompactionQueryEntries;

    private GivtConfig(
            Builder b,
            List<String> robotDeviceClasses,
            List<String> robotAgentClasses,
            List<String> dataCentreBlocks) {
        this.robotsEnabled = b.robotsEnabled;
        this.robotDeviceClasses = List.copyOf(robotDeviceClasses);
        this.robotAgentClasses = List.copyOf(robotAgentClasses);
        this.userAgentCacheSize = b.userAgentCacheSize;
        this.dataCentreBlocks = List.copyOf(dataCentreBlocks);
        this.dedupeWindow = b.dedupeWindow;
        this.dedupeStateTtl = b.dedupeStateTtl;
        this.dedupeStateTtlEnabled = b.dedupeStateTtlEnabled;
        this.ttlCompactionQueryEntries = b.ttlCompactionQueryEntries;
    }

    /**
     * Reads {@link GivtOptions}, including the data-centre list.
     *
     * @throws IllegalArgumentException (a {@link CidrListException} for the list) when a setting is
     *     invalid
     */
    public static GivtConfig fromConfiguration(ReadableConfig config) {
        Builder builder =
                builder()
                        .robotsEnabled(config.get(GivtOptions.ROBOTS_ENABLED))
                        .robotDeviceClasses(config.get(GivtOptions.ROBOT_DEVICE_CLASSES))
                        .robotAgentClasses(config.get(GivtOptions.ROBOT_AGENT_CLASSES))
                        .userAgentCacheSize(config.get(GivtOptions.USER_AGENT_CACHE_SIZE))
                        .dedupeWindow(config.get(GivtOptions.DEDUPE_WINDOW))
                        .dedupeStateTtl(config.get(GivtOptions.DEDUPE_STATE_TTL))
                        .dedupeStateTtlEnabled(config.get(GivtOptions.DEDUPE_STATE_TTL_ENABLED))
                        .ttlCompactionQueryEntries(
                                config.get(GivtOptions.DEDUPE_TTL_COMPACTION_QUERY_ENTRIES));
        if (config.get(GivtOptions.DATA_CENTRE_ENABLED)) {
            builder.dataCentreRanges(config.get(GivtOptions.DATA_CENTRE_RANGES));
        } else {
            builder.dataCentreRanges(DataCentreIpRanges.empty());
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean robotsEnabled() {
        return robotsEnabled;
    }

    public Set<String> robotDeviceClasses() {
        return Set.copyOf(robotDeviceClasses);
    }

    public Set<String> robotAgentClasses() {
        return Set.copyOf(robotAgentClasses);
    }

    public int userAgentCacheSize() {
        return userAgentCacheSize;
    }

    /** The data-centre ranges as canonical CIDR blocks; empty when the check is off. */
    public List<String> dataCentreBlocks() {
        return dataCentreBlocks;
    }

    public Duration dedupeWindow() {
        return dedupeWindow;
    }

    public Duration dedupeStateTtl() {
        return dedupeStateTtl;
    }

    /** Whether remembered click ids carry {@link #dedupeStateTtl()}; off in a replay. */
    public boolean dedupeStateTtlEnabled() {
        return dedupeStateTtlEnabled;
    }

    public long ttlCompactionQueryEntries() {
        return ttlCompactionQueryEntries;
    }

    /** The duplicate-click policy of {@link #dedupeWindow()}. */
    public DuplicateClickPolicy duplicateClickPolicy() {
        return new DuplicateClickPolicy(dedupeWindow);
    }

    @Override
    public String toString() {
        return "GivtConfig[robots="
                + robotsEnabled
                + ", deviceClasses="
                + robotDeviceClasses
                + ", agentClasses="
                + robotAgentClasses
                + ", cacheSize="
                + userAgentCacheSize
                + ", dataCentreBlocks="
                + dataCentreBlocks.size()
                + ", dedupeWindow="
                + dedupeWindow
                + ", stateTtl="
                + dedupeStateTtl
                + "]";
    }

    /** Collects the settings, starting from the defaults; {@link #build()} validates them. */
    public static final class Builder {
        private boolean robotsEnabled = GivtOptions.ROBOTS_ENABLED.defaultValue();
        private List<String> robotDeviceClasses = GivtOptions.ROBOT_DEVICE_CLASSES.defaultValue();
        private List<String> robotAgentClasses = GivtOptions.ROBOT_AGENT_CLASSES.defaultValue();
        private int userAgentCacheSize = GivtOptions.USER_AGENT_CACHE_SIZE.defaultValue();
        private String dataCentreRanges = GivtOptions.DATA_CENTRE_RANGES.defaultValue();
        private DataCentreIpRanges dataCentreIpRanges;
        private Duration dedupeWindow = GivtOptions.DEDUPE_WINDOW.defaultValue();
        private Duration dedupeStateTtl = GivtOptions.DEDUPE_STATE_TTL.defaultValue();
        private boolean dedupeStateTtlEnabled = GivtOptions.DEDUPE_STATE_TTL_ENABLED.defaultValue();
        private long ttlCompactionQueryEntries =
                GivtOptions.DEDUPE_TTL_COMPACTION_QUERY_ENTRIES.defaultValue();

        private Builder() {}

        public Builder robotsEnabled(boolean value) {
            robotsEnabled = value;
            return this;
        }

        public Builder robotDeviceClasses(List<String> value) {
            robotDeviceClasses = value;
            return this;
        }

        public Builder robotAgentClasses(List<String> value) {
            robotAgentClasses = value;
            return this;
        }

        public Builder userAgentCacheSize(int value) {
            userAgentCacheSize = value;
            return this;
        }

        /** The list location: a file path or {@code classpath:} and a resource. */
        public Builder dataCentreRanges(String location) {
            dataCentreRanges = location;
            dataCentreIpRanges = null;
            return this;
        }

        /** Already parsed ranges ({@link DataCentreIpRanges#empty()} turns the check off). */
        public Builder dataCentreRanges(DataCentreIpRanges ranges) {
            dataCentreIpRanges = ranges;
            dataCentreRanges = null;
            return this;
        }

        public Builder dedupeWindow(Duration value) {
            dedupeWindow = value;
            return this;
        }

        public Builder dedupeStateTtl(Duration value) {
            dedupeStateTtl = value;
            return this;
        }

        public Builder dedupeStateTtlEnabled(boolean value) {
            dedupeStateTtlEnabled = value;
            return this;
        }

        public Builder ttlCompactionQueryEntries(long value) {
            ttlCompactionQueryEntries = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting when one is invalid; a {@link
         *     CidrListException} when the data-centre list is
         */
        public GivtConfig build() {
            List<String> problems = new ArrayList<>();
            if (robotsEnabled
                    && classes(robotDeviceClasses).isEmpty()
                    && classes(robotAgentClasses).isEmpty()) {
                problems.add(
                        GivtOptions.ROBOT_DEVICE_CLASSES.key()
                                + " and "
                                + GivtOptions.ROBOT_AGENT_CLASSES.key()
                                + " are both empty while the robot check is on");
            }
            if (userAgentCacheSize < 0 || userAgentCacheSize > 10_000_000) {
                problems.add(
                        GivtOptions.USER_AGENT_CACHE_SIZE.key()
                                + " must be between 0 and 10000000, got "
                                + userAgentCacheSize);
            }
            if (dedupeWindow == null || dedupeWindow.isNegative() || dedupeWindow.isZero()) {
                problems.add(
                        GivtOptions.DEDUPE_WINDOW.key() + " must be positive, got " + dedupeWindow);
            }
            if (dedupeStateTtl == null || dedupeStateTtl.isNegative() || dedupeStateTtl.isZero()) {
                problems.add(
                        GivtOptions.DEDUPE_STATE_TTL.key()
                                + " must be positive, got "
                                + dedupeStateTtl);
            } else if (dedupeWindow != null && dedupeStateTtl.compareTo(dedupeWindow) < 0) {
                problems.add(
                        GivtOptions.DEDUPE_STATE_TTL.key()
                                + " ("
                                + dedupeStateTtl
                                + ") is shorter than "
                                + GivtOptions.DEDUPE_WINDOW.key()
                                + " ("
                                + dedupeWindow
                                + "): click ids would be forgotten within the window and"
                                + " duplicates let through");
            }
            if (ttlCompactionQueryEntries < 1) {
                problems.add(
                        GivtOptions.DEDUPE_TTL_COMPACTION_QUERY_ENTRIES.key()
                                + " must be at least 1, got "
                                + ttlCompactionQueryEntries);
            }
            if (dataCentreRanges == null && dataCentreIpRanges == null) {
                problems.add(GivtOptions.DATA_CENTRE_RANGES.key() + " is not set");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid GIVT configuration: " + String.join("; ", problems));
            }
            DataCentreIpRanges ranges =
                    dataCentreIpRanges != null ? dataCentreIpRanges : load(dataCentreRanges);
            return new GivtConfig(
                    this,
                    List.copyOf(classes(robotDeviceClasses)),
                    List.copyOf(classes(robotAgentClasses)),
                    ranges.blocks());
        }

        private static Set<String> classes(List<String> values) {
            Set<String> set = new LinkedHashSet<>();
            if (values != null) {
                for (String value : values) {
                    if (value != null && !value.isBlank()) {
                        set.add(value.strip());
                    }
                }
            }
            return set;
        }

        private static DataCentreIpRanges load(String location) {
            String trimmed = location.strip();
            if (trimmed.startsWith(GivtOptions.CLASSPATH_PREFIX)) {
                return DataCentreIpRanges.readResource(
                        trimmed.substring(GivtOptions.CLASSPATH_PREFIX.length()));
            }
            return DataCentreIpRanges.read(Path.of(trimmed));
        }
    }
}
