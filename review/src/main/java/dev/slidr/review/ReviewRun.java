package dev.slidr.review;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.ContractReader;
import dev.slidr.contract.Decision;
import dev.slidr.contract.ParseLimits;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.input.CsvClickReader;
import dev.slidr.contract.input.InputRow;
import dev.slidr.contract.input.JsonLinesReader;
import dev.slidr.contract.input.RecordReader;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.replay.DecisionsTopicReader;
import dev.slidr.replay.ReplayException;
import dev.slidr.replay.ReplayListener;
import dev.slidr.rules.privacy.Pseudonymizer;
import dev.slidr.training.pipeline.FeaturePass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the review queue of a window: reads its decisions from a file or the decisions topic and
 * the corrections topic (the highest revision per click id, of the clicks in the window when one is
 * given), joins them by click id to the window's clicks for user, IP and ad, sums each entity's
 * scores and ranks the entities of each kind.
 *
 * <pre>{@code
 * ReviewQueue queue = ReviewRun.run(new ReviewRequest(decisions, clicks, null, key, 20, 3, 3));
 * }</pre>
 */
public final class ReviewRun {

    /** Longest decision line read: a decision with its feature vector is about 1 KB. */
    static final int MAX_DECISION_LINE_BYTES = 4 * ParseLimits.DEFAULT_MAX_RECORD_BYTES;

    /** Dead letters listed one by one; the rest are counted by reason. */
    static final int DEAD_LETTERS_LISTED = 10;

    private ReviewRun() {}

    /**
     * @throws ReviewException one line, for a missing or unreadable decisions or click file, or a
     *     decisions topic that cannot be read
     * @throws DecisionsTopicReader.NoSuchTopicException when the decisions topic does not exist
     */
    public static ReviewQueue run(ReviewRequest request) throws IOException {
        return run(request, ReplayListener.SILENT);
    }

    /**
     * {@link #run(ReviewRequest)}, reporting the progress of a read of the decisions topic to
     * {@code listener}.
     *
     * @throws ReviewException one line, for a missing or unreadable decisions or click file, or a
     *     decisions topic that cannot be read
     * @throws DecisionsTopicReader.NoSuchTopicException when the decisions topic does not exist
     */
    public static ReviewQueue run(ReviewRequest request, ReplayListener listener)
            throws IOException {
        if (request.decisions() instanceof DecisionSource.File f
                && !Files.isRegularFile(f.file())) {
            throw new ReviewException("no such decisions file: " + f.file());
        }
        List<Path> clickFiles;
        try {
            clickFiles = FeaturePass.clickFiles(request.clicks());
        } catch (IOException e) {
            throw new ReviewException("clicks: " + e.getMessage(), e);
        }
        Decisions decided =
                request.decisions() instanceof DecisionSource.Topic t
                        ? readTopic(t, listener)
                        : readFile((DecisionSource.File) request.decisions());
        List<String> names = featureNames(decided.featureVersion);
        FeatureSpread spread = new FeatureSpread(names);
        for (Decision d : decided.byClickId.values()) {
            if (d.scored()) {
                spread.add(d.features());
            }
        }
        long decisions = decided.byClickId.size();

        Map<EntityKind, Map<String, EntityTally>> tallies = new EnumMap<>(EntityKind.class);
        for (EntityKind kind : EntityKind.values()) {
            tallies.put(kind, new HashMap<>());
        }
        Pseudonymizer pseudonyms = new Pseudonymizer(request.key());
        ContractReader reader = ContractReader.defaults();
        long read = 0;
        long rejected = 0;
        long joined = 0;
        long repeated = 0;
        java.util.Set<String> joinedIds = new java.util.HashSet<>();
        for (Path file : clickFiles) {
            try (RecordReader<Click> in = open(file, request, reader)) {
                while (in.hasNext()) {
                    InputRow<Click> row = in.next();
                    if (!row.isOk()) {
                        rejected++;
                        continue;
                    }
                    read++;
                    Click click = row.parsed().value();
                    // a decided click joins once: later rows of its id are the duplicates the
                    // job's dedupe rule decided on their own (same id, one decision)
                    Decision d = decided.byClickId.remove(click.clickId());
                    if (d == null) {
                        if (joinedIds.contains(click.clickId())) {
                            repeated++;
                        }
                        continue;
                    }
                    joinedIds.add(click.clickId());
                    joined++;
                    Click safe = pseudonyms.pseudonymize(click);
                    tally(tallies, EntityKind.USER, safe.userKey(), safe.ip(), d, request);
                    tally(tallies, EntityKind.IP, safe.ip(), safe.userKey(), d, request);
                    tally(tallies, EntityKind.AD, safe.adId(), safe.userKey(), d, request);
                }
            } catch (UncheckedIOException e) {
                throw new ReviewException(e.getMessage(), e);
            }
        }

        Map<EntityKind, Long> entities = new EnumMap<>(EntityKind.class);
        Map<EntityKind, List<RankedEntity>> ranked = new EnumMap<>(EntityKind.class);
        for (EntityKind kind : EntityKind.values()) {
            Map<String, EntityTally> byEntity = tallies.get(kind);
            entities.put(kind, (long) byEntity.size());
            ranked.put(kind, rank(kind, byEntity, spread, request));
        }
        return new ReviewQueue(
                decided.lines,
                decisions,
                decided.scored,
                decided.outsideWindow,
                decided.deadLetters,
                decided.firstDeadLetters,
                read,
                rejected,
                joined,
                repeated,
                decided.byClickId.size(),
                decided.featureVersion,
                entities,
                ranked,
                decided.corrections());
    }

    private static void tally(
            Map<EntityKind, Map<String, EntityTally>> tallies,
            EntityKind kind,
            String entity,
            String linked,
            Decision d,
            ReviewRequest request) {
        tallies.get(kind)
                .computeIfAbsent(entity, e -> new EntityTally(e, request.clicksShown()))
                .add(d, linked);
    }

    /** The first {@code request.top()} entities of one kind in queue order, with their clicks. */
    static List<RankedEntity> rank(
            EntityKind kind,
            Map<String, EntityTally> byEntity,
            FeatureSpread spread,
            ReviewRequest request) {
        List<EntityTally> all = new ArrayList<>(byEntity.values());
        all.sort(EntityTally.QUEUE_ORDER);
        List<RankedEntity> out = new ArrayList<>();
        for (EntityTally t : all.subList(0, Math.min(request.top(), all.size()))) {
            List<IndicativeClick> shown = new ArrayList<>();
            for (Decision d : t.mostIndicative()) {
                shown.add(
                        new IndicativeClick(
                                d.clickId(),
                                d.eventTs(),
                                d.score(),
                                d.threshold(),
                                d.slice(),
                                d.stage().name(),
                                d.reasons(),
                                spread.top(d.features(), request.featuresShown())));
            }
            out.add(
                    new RankedEntity(
                            kind,
                            t.entity,
                            t.clicks,
                            t.linked(),
                            t.scored,
                            t.givt,
                            t.sivt,
                            t.expectedInvalid,
                            t.expectedInvalidBilled,
                            t.expectedInvalidInvalidated,
                            shown));
        }
        return out;
    }

    private static RecordReader<Click> open(Path file, ReviewRequest request, ContractReader reader)
            throws IOException {
        return request.mapping() == null
                ? JsonLinesReader.clicks(file, reader)
                : CsvClickReader.open(file, request.mapping(), reader);
    }

    /** The feature names of a schema version; positional names for a version this build lacks. */
    static List<String> featureNames(String version) {
        if (version != null) {
            try {
                return FeatureSchema.forVersion(version).names();
            } catch (IllegalArgumentException e) {
                // an unknown version still has values worth showing, under their positions
            }
        }
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            positional.add("feature_" + i);
        }
        return positional;
    }

    /** The decisions of a source by click id, and what could not be read. */
    private static final class Decisions {
        final LatestDecisions latest = new LatestDecisions();
        Map<String, Decision> byClickId;
        final Map<String, Long> deadLetters = new TreeMap<>();
        final List<String> firstDeadLetters = new ArrayList<>();
        long lines;
        long outsideWindow;
        long scored;
        String featureVersion;
        String correctionsTopic;
        boolean correctionsFound;
        long correctionRecords;
        long correctionsApplied;

        void offer(Decision d, DecisionSource source, LatestDecisions.Origin origin) {
            if (!source.keeps(d.eventTs())) {
                outsideWindow++;
                return;
            }
            // corrections supersede: billing applies the highest revision of a click
            latest.offer(d, origin);
        }

        /** What the corrections topic gave; null when it was not read. */
        ReviewQueue.Corrections corrections() {
            return correctionsTopic == null
                    ? null
                    : new ReviewQueue.Corrections(
                            correctionsTopic,
                            correctionsFound,
                            correctionRecords,
                            correctionsApplied);
        }

        void deadLetter(String where, String reason) {
            deadLetters.merge(reason, 1L, Long::sum);
            if (firstDeadLetters.size() < DEAD_LETTERS_LISTED) {
                firstDeadLetters.add(where + ": " + reason);
            }
        }

        Decisions counted() {
            byClickId = latest.winners();
            correctionsApplied = latest.fromCorrections();
            for (Decision d : byClickId.values()) {
                if (d.scored()) {
                    scored++;
                    if (featureVersion == null) {
                        featureVersion = d.featureVersion();
                    }
                }
            }
            return this;
        }
    }

    private static Decisions readFile(DecisionSource.File source) throws IOException {
        Path file = source.file();
        Decisions out = new Decisions();
        try (JsonLinesReader<Decision> in =
                new JsonLinesReader<>(
                        file.toString(),
                        Files.newInputStream(file),
                        ContractJson::readDecision,
                        MAX_DECISION_LINE_BYTES)) {
            while (in.hasNext()) {
                InputRow<Decision> row = in.next();
                out.lines++;
                if (row.parsed() instanceof Parsed.Rejected<Decision> r) {
                    out.deadLetter("line " + row.number(), r.reason().wireName());
                    continue;
                }
                out.offer(row.parsed().value(), source, LatestDecisions.Origin.DECISIONS);
            }
        } catch (UncheckedIOException e) {
            throw new ReviewException(e.getMessage(), e);
        }
        return out.counted();
    }

    /**
     * Reads the corrections topic into {@code out} as the decisions topic was read. A topic the
     * brokers lack leaves the decisions alone: a deployment that never replayed has none.
     */
    private static void readCorrections(
            DecisionSource.Topic source, String topic, Decisions out, ReplayListener listener) {
        out.correctionsTopic = topic;
        listener.phase("corrections");
        try {
            out.correctionRecords =
                    DecisionsTopicReader.corrections(source.kafka(), topic, listener)
                            .read(
                                    source.window().from(),
                                    d -> out.offer(d, source, LatestDecisions.Origin.CORRECTIONS),
                                    letter ->
                                            out.deadLetter(
                                                    topic
                                                            + " partition "
                                                            + letter.sourcePartition()
                                                            + " offset "
                                                            + letter.sourceOffset(),
                                                    letter.reason().wireName()));
            out.correctionsFound = true;
        } catch (DecisionsTopicReader.NoSuchTopicException e) {
            out.correctionsFound = false;
        }
    }

    private static Decisions readTopic(DecisionSource.Topic source, ReplayListener listener) {
        Decisions out = new Decisions();
        listener.phase("decisions");
        try {
            out.lines =
                    new DecisionsTopicReader(source.kafka(), listener)
                            .read(
                                    source.window().from(),
                                    d -> out.offer(d, source, LatestDecisions.Origin.DECISIONS),
                                    letter ->
                                            out.deadLetter(
                                                    "partition "
                                                            + letter.sourcePartition()
                                                            + " offset "
                                                            + letter.sourceOffset(),
                                                    letter.reason().wireName()));
            if (source.corrections().isPresent()) {
                readCorrections(source, source.corrections().get(), out, listener);
            }
        } catch (ReplayException e) {
            throw new ReviewException(e.getMessage(), e);
        }
        // the read's progress ends here: joining the clicks is a phase of its own
        listener.phase("clicks");
        return out.counted();
    }
}
