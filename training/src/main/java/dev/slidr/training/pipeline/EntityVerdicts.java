package dev.slidr.training.pipeline;

import dev.slidr.contract.Click;
import dev.slidr.contract.input.InputStreams;
import dev.slidr.rules.privacy.HmacKey;
import dev.slidr.rules.privacy.Pseudonymizer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A reviewer's verdicts on entities ({@code entity_type,entity,verdict}: {@code user|ip|ad}, the
 * pseudonym or ad id as {@code bin/slidr review} shows it, {@code robot|human}), and the verdict a
 * click inherits from them.
 *
 * <p>A click is matched by the pseudonyms of its user key and IP, made with the job's key, and by
 * its ad id. When several of its entities are judged, the most specific wins: the user's verdict,
 * else the IP's, else the ad's (an IP or an ad carries many users; a verdict on a user says most
 * about that user's clicks). Bad rows are counted by reason, never fatal; an entity given both
 * verdicts is dropped (counted as conflicting); a file with no usable verdict is refused.
 *
 * <p>Not thread-safe (one {@link Pseudonymizer}, the set of entities seen); a distributed pass gets
 * a copy per task.
 */
public final class EntityVerdicts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No verdict on any of the click's entities. */
    public static final byte NONE = 0;

    /** The click's most specific judged entity is a robot. */
    public static final byte ROBOT = 1;

    /** The click's most specific judged entity is a human. */
    public static final byte HUMAN = 2;

    /**
     * Weight of a verdict-labelled row relative to a purchase-labelled row of its cell, unless told
     * otherwise (docs/training.md, "The review queue").
     */
    public static final double DEFAULT_WEIGHT = 2.0;

    /** Largest accepted weight: beyond it a few entities' clicks decide their whole cell. */
    public static final double MAX_WEIGHT = 100.0;

    /** Longest line read; a longer one is rejected as {@code oversized} unread. */
    public static final int MAX_LINE_BYTES = 1024;

    /** Most verdicts accepted; more is not a reviewer's file. */
    public static final int MAX_VERDICTS = 1_000_000;

    /** Longest entity accepted. */
    static final int MAX_ENTITY_LENGTH = 256;

    private static final String HEADER = "entity_type,entity,verdict";

    /** What a verdicts file held. */
    public record Counts(
            long rows,
            long accepted,
            Map<String, Long> rejected,
            long duplicates,
            long conflicting,
            long robots,
            long humans)
            implements Serializable {}

    private final Map<String, Boolean> users;
    private final Map<String, Boolean> ips;
    private final Map<String, Boolean> ads;
    private final HmacKey key;
    private final double weight;
    private final boolean humansInFpr;
    private final Counts counts;
    private transient Pseudonymizer pseudonymizer;
    private transient Set<String> seen;

    private EntityVerdicts(
            Map<String, Boolean> users,
            Map<String, Boolean> ips,
            Map<String, Boolean> ads,
            HmacKey key,
            double weight,
            boolean humansInFpr,
            Counts counts) {
        this.users = users;
        this.ips = ips;
        this.ads = ads;
        this.key = key;
        this.weight = weight;
        this.humansInFpr = humansInFpr;
        this.counts = counts;
    }

    /**
     * Reads a verdicts file (plain or gzip).
     *
     * @param key the job's pseudonym key: user and IP entities must be its pseudonyms
     * @param weight weight of a verdict-labelled row, in (0, {@value #MAX_WEIGHT}]
     * @param humansInFpr whether judged-human clicks count with purchasing clicks in the
     *     calibration's FPR
     * @throws IllegalArgumentException one line: a bad weight, a file without any usable verdict,
     *     more than {@value #MAX_VERDICTS} verdicts
     */
    public static EntityVerdicts read(Path file, HmacKey key, double weight, boolean humansInFpr)
            throws IOException {
        if (!(weight > 0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException(
                    "verdict weight must be in (0, " + MAX_WEIGHT + "], was " + weight);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such verdicts file: " + file);
        }
        Map<EntityKey, Boolean> verdicts = new HashMap<>();
        Set<EntityKey> conflicting = new HashSet<>();
        Map<String, Long> rejected = new TreeMap<>();
        long rows = 0;
        long duplicates = 0;
        boolean first = true;
        try (InputStream in = new BufferedInputStream(InputStreams.open(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (true) {
                line.reset();
                long length = 0;
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (length++ < MAX_LINE_BYTES) {
                        line.write(b);
                    }
                }
                if (b == -1 && length == 0) {
                    break;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                if (first && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank() && length <= MAX_LINE_BYTES) {
                    continue;
                }
                boolean header = first && text.strip().equalsIgnoreCase(HEADER);
                first = false;
                if (header) {
                    continue;
                }
                rows++;
                String reason;
                if (length > MAX_LINE_BYTES) {
                    reason = "oversized";
                } else {
                    reason = parse(text.strip(), key, verdicts, conflicting);
                }
                if (reason == DUPLICATE) {
                    duplicates++;
                } else if (reason != null) {
                    rejected.merge(reason, 1L, Long::sum);
                }
                if (verdicts.size() > MAX_VERDICTS) {
                    throw new IllegalArgumentException(
                            "verdicts file "
                                    + file
                                    + " holds more than "
                                    + MAX_VERDICTS
                                    + " verdicts");
                }
            }
        }
        Map<String, Boolean> users = new HashMap<>();
        Map<String, Boolean> ips = new HashMap<>();
        Map<String, Boolean> ads = new HashMap<>();
        long robots = 0;
        for (Map.Entry<EntityKey, Boolean> e : verdicts.entrySet()) {
            Map<String, Boolean> target =
                    switch (e.getKey().type()) {
                        case "user" -> users;
                        case "ip" -> ips;
                        default -> ads;
                    };
            target.put(e.getKey().entity(), e.getValue());
            robots += e.getValue() ? 1 : 0;
        }
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException(
                    "no usable verdict in "
                            + file
                            + " ("
                            + rows
                            + " rows, rejected "
                            + rejected
                            + ", "
                            + conflicting.size()
                            + " conflicting)");
        }
        long accepted = rows - rejected.values().stream().mapToLong(Long::longValue).sum();
        return new EntityVerdicts(
                users,
                ips,
                ads,
                key,
                weight,
                humansInFpr,
                new Counts(
                        rows,
                        accepted,
                        // by reason name, so the printed counts read the same every run
                        java.util.Collections.unmodifiableMap(rejected),
                        duplicates,
                        conflicting.size(),
                        robots,
                        verdicts.size() - robots));
    }

    private static final String DUPLICATE = "duplicate";

    private record EntityKey(String type, String entity) {}

    /** Adds one row; returns null when accepted, {@link #DUPLICATE}, or the rejection reason. */
    private static String parse(
            String text,
            HmacKey key,
            Map<EntityKey, Boolean> verdicts,
            Set<EntityKey> conflicting) {
        String[] fields = text.split(",", -1);
        if (fields.length != 3) {
            return "wrong_field_count";
        }
        String type = fields[0].strip().toLowerCase(Locale.ROOT);
        String entity = fields[1].strip();
        String verdict = fields[2].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("user") && !type.equals("ip") && !type.equals("ad")) {
            return "unknown_entity_type";
        }
        if (entity.isEmpty() || entity.length() > MAX_ENTITY_LENGTH || !printable(entity)) {
            return "bad_entity";
        }
        if (!type.equals("ad")) {
            String[] parts = entity.split("\\.", 3);
            boolean kindOk =
                    parts.length == 3
                            && (type.equals("ip")
                                    ? parts[0].equals("i")
                                    : parts[0].equals("u") || parts[0].equals("s"));
            if (!kindOk) {
                return "not_a_pseudonym";
            }
            if (!parts[1].equals(key.keyId())) {
                return "other_key_id";
            }
        }
        boolean robot;
        if (verdict.equals("robot")) {
            robot = true;
        } else if (verdict.equals("human")) {
            robot = false;
        } else {
            return "unknown_verdict";
        }
        EntityKey k = new EntityKey(type, entity);
        if (conflicting.contains(k)) {
            return "conflicting_verdicts";
        }
        Boolean before = verdicts.putIfAbsent(k, robot);
        if (before == null) {
            return null;
        }
        if (before == robot) {
            return DUPLICATE;
        }
        // robot and human for one entity: neither can be trusted
        verdicts.remove(k);
        conflicting.add(k);
        return "conflicting_verdicts";
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD' || c == '"') {
                return false;
            }
        }
        return true;
    }

    /** The weight of a verdict-labelled row relative to a purchase-labelled one. */
    public double weight() {
        return weight;
    }

    /** Whether judged-human clicks count with purchasing clicks in the calibration's FPR. */
    public boolean humansInFpr() {
        return humansInFpr;
    }

    /** What the file held. */
    public Counts counts() {
        return counts;
    }

    /** Verdicts accepted. */
    public int size() {
        return users.size() + ips.size() + ads.size();
    }

    /**
     * {@link #ROBOT}, {@link #HUMAN} or {@link #NONE} for a click (raw identifiers, as the click
     * log holds them): the verdict of its user key, else of its IP, else of its ad. Every judged
     * entity of the click counts as seen.
     */
    public byte verdict(Click click) {
        if (pseudonymizer == null) {
            pseudonymizer = new Pseudonymizer(key);
            seen = new HashSet<>();
        }
        Boolean user = null;
        Boolean ip = null;
        if (!users.isEmpty() || !ips.isEmpty()) {
            Click p = pseudonymizer.pseudonymize(click);
            user = users.get(p.userKey());
            ip = ips.get(p.ip());
            if (user != null) {
                seen.add("user," + p.userKey());
            }
            if (ip != null) {
                seen.add("ip," + p.ip());
            }
        }
        Boolean ad = ads.get(click.adId());
        if (ad != null) {
            seen.add("ad," + click.adId());
        }
        Boolean v = user != null ? user : ip != null ? ip : ad;
        return v == null ? NONE : v ? ROBOT : HUMAN;
    }

    /** Judged entities no click passed to {@link #verdict(Click)} belonged to. */
    public long neverSeen() {
        return size() - (seen == null ? 0 : seen.size());
    }
}
