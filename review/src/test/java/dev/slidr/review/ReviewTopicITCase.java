package dev.slidr.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.contract.testing.Decisions;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.job.kafka.DeliveryMode;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.replay.ReplayListener;
import dev.slidr.replay.ReplayWindow;
import dev.slidr.rules.privacy.HmacKey;
import dev.slidr.rules.privacy.IdentifierKind;
import dev.slidr.rules.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review queue of a window read from the decisions topic through a broker, written in
 * transactions: the same queue as from a file of the same committed decisions, without the aborted
 * ones or those of clicks outside the window, a correction superseding, a malformed record counted;
 * with the corrections topic, the queue of both topics merged, the highest revision per click
 * winning.
 */
class ReviewTopicITCase {

    private static final HmacKey KEY = HmacKey.of("k1", new byte[32]);
    private static final Instant FROM = Clicks.T0;
    private static final ReplayWindow WINDOW =
            DecisionSource.window(FROM, FROM.plus(Duration.ofHours(1)));

    private static EmbeddedKafkaCluster kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        // the decisions are of clicks months ago: nothing may be deleted by time
        kafka = EmbeddedKafkaCluster.start(Map.of("log.retention.ms", "-1"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void theTopicsQueueIsTheFilesQueueOfTheCommittedDecisionsOfTheWindow() throws Exception {
        String topic = "review-" + UUID.randomUUID().toString().substring(0, 8) + ".decisions";
        kafka.createTopic(topic, 2);
        List<String> clickLines = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Click c =
                    Clicks.builder(
                                    "user-" + (i % 3),
                                    "10.0.0." + (i % 4),
                                    FROM.plus(Duration.ofMinutes(i)))
                            .clickId("c" + i)
                            .ad("ad-" + (i % 2))
                            .build();
            clickLines.add(new String(ContractJson.write(c), StandardCharsets.UTF_8));
        }
        Path clicks = Files.write(dir.resolve("clicks.jsonl"), clickLines);

        // what a file export of the committed records holds, line for line
        List<byte[]> committed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            committed.add(scored("c" + i, FROM.plusSeconds(60L * i), 0.1 * (i + 1), 0));
        }
        committed.add("{not a decision".getBytes(StandardCharsets.UTF_8));
        // c10's click is in the click file, but its decision is of a click before the window
        committed.add(scored("c10", FROM.minus(Duration.ofMinutes(10)), 0.95, 0));
        // a replay's correction of c3, revision 2, scoring it far higher
        byte[] correction = scored("c3", FROM.plusSeconds(180), 0.99, 2);

        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "review-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < committed.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, committed.get(i)));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            // c8 and c9 have clicks in the window: only the aborted transaction decided them
            producer.send(new ProducerRecord<>(topic, 0, null, scored("c8", FROM, 0.97, 0)));
            producer.send(new ProducerRecord<>(topic, 1, null, scored("c9", FROM, 0.98, 0)));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, null, correction));
            producer.commitTransaction();
        }
        committed.add(correction);
        List<String> fileLines = new ArrayList<>();
        committed.forEach(b -> fileLines.add(new String(b, StandardCharsets.UTF_8)));
        Path decisions = Files.write(dir.resolve("decisions.jsonl"), fileLines);

        List<long[]> progress = new ArrayList<>();
        ReviewQueue fromTopic =
                ReviewRun.run(
                        request(new DecisionSource.Topic(kafka(topic), WINDOW), clicks),
                        new ReplayListener() {
                            @Override
                            public void progress(long recordsRead, long total) {
                                progress.add(new long[] {recordsRead, total});
                            }
                        });
        ReviewQueue fromFile =
                ReviewRun.run(
                        request(new DecisionSource.File(decisions, Optional.of(WINDOW)), clicks));

        // parity: the same queue as from the file of the committed decisions
        for (EntityKind kind : EntityKind.values()) {
            assertThat(fromTopic.of(kind)).as(kind.plural()).isEqualTo(fromFile.of(kind));
        }
        assertThat(fromTopic.entities()).isEqualTo(fromFile.entities());
        assertThat(fromTopic.deadLetters()).isEqualTo(fromFile.deadLetters());
        assertThat(fromTopic.decisionLines()).isEqualTo(fromFile.decisionLines()).isEqualTo(11);

        // the aborted decisions are absent: c8 and c9 stay without a decision
        assertThat(fromTopic.decisions()).isEqualTo(8);
        assertThat(fromTopic.clicksJoined()).isEqualTo(8);
        assertThat(fromTopic.of(EntityKind.USER))
                .flatExtracting(RankedEntity::clicksShown)
                .extracting(IndicativeClick::clickId)
                .doesNotContain("c8", "c9", "c10");
        // the malformed record is a dead letter with its place in the topic
        assertThat(fromTopic.deadLetterCount()).isEqualTo(1);
        assertThat(fromTopic.firstDeadLetters())
                .singleElement()
                .asString()
                .matches("partition 0 offset \\d+: .+");
        // the decision of a click before the window is left out
        assertThat(fromTopic.outsideWindow()).isEqualTo(1);
        // the correction wins: c3 (user-0, with c0 and c6) scores 0.99, not 0.4
        Pseudonymizer pseudonyms = new Pseudonymizer(KEY);
        RankedEntity user0 =
                fromTopic.of(EntityKind.USER).stream()
                        .filter(
                                e ->
                                        e.entity()
                                                .equals(
                                                        pseudonyms.pseudonym(
                                                                IdentifierKind.USER, "user-0")))
                        .findFirst()
                        .orElseThrow();
        assertThat(user0.expectedInvalid()).isCloseTo(0.1 + 0.99 + 0.7, within(1e-9));
        assertThat(user0.clicksShown().get(0).clickId()).isEqualTo("c3");
        assertThat(user0.clicksShown().get(0).score()).isEqualTo(0.99);
        // the read ended at the end offsets of its start, every offset passed
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]).isGreaterThanOrEqualTo(11);
    }

    @Test
    void theCorrectionsTopicRevisesTheQueueAsBillingAppliesIt() throws Exception {
        String run = "review-" + UUID.randomUUID().toString().substring(0, 8);
        String decisionsTopic = run + ".decisions";
        String correctionsTopic = run + ".corrections";
        kafka.createTopic(decisionsTopic, 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            // compacted by click id, as deploy/kafka/topics.sh creates it
            admin.createTopics(
                            List.of(
                                    new NewTopic(correctionsTopic, 2, (short) 1)
                                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
        }
        // a, b and c are three users' clicks in the window; d's click is before it
        List<String> clickLines = new ArrayList<>();
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < ids.length; i++) {
            Instant at = ids[i].equals("d") ? FROM.minusSeconds(600) : FROM.plusSeconds(60L * i);
            Click c =
                    Clicks.builder("user-" + ids[i], "10.0.1." + i, at)
                            .clickId(ids[i])
                            .ad("ad-" + ids[i])
                            .build();
            clickLines.add(new String(ContractJson.write(c), StandardCharsets.UTF_8));
        }
        Path clicks = Files.write(dir.resolve("clicks.jsonl"), clickLines);

        List<byte[]> decided =
                List.of(
                        scored("a", FROM, 0.6, 0),
                        scored("b", FROM.plusSeconds(60), 0.2, 0),
                        scored("c", FROM.plusSeconds(120), 0.4, 0),
                        scored("d", FROM.minusSeconds(600), 0.3, 0));
        // a replay flipped b, and d outside the window; one record is not a decision
        List<byte[]> corrected =
                List.of(
                        scored("b", FROM.plusSeconds(60), 0.9, 1),
                        scored("d", FROM.minusSeconds(600), 0.8, 1),
                        "{\"click_id\": ".getBytes(StandardCharsets.UTF_8));
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, run);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (byte[] d : decided) {
                producer.send(new ProducerRecord<>(decisionsTopic, d));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int i = 0; i < corrected.size(); i++) {
                producer.send(
                        new ProducerRecord<>(
                                correctionsTopic,
                                i % 2,
                                ("k" + i).getBytes(StandardCharsets.UTF_8),
                                corrected.get(i)));
            }
            producer.commitTransaction();
            // a replay that failed: its correction of c never counts
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(
                            correctionsTopic,
                            0,
                            "c".getBytes(StandardCharsets.UTF_8),
                            scored("c", FROM.plusSeconds(120), 0.99, 1)));
            producer.flush();
            producer.abortTransaction();
        }
        List<String> decisionLines = lines(decided);
        Path decisionsOnly = Files.write(dir.resolve("decisions.jsonl"), decisionLines);
        List<String> mergedLines = new ArrayList<>(decisionLines);
        mergedLines.addAll(lines(corrected));
        Path merged = Files.write(dir.resolve("merged.jsonl"), mergedLines);
        KafkaConfig settings = kafka(decisionsTopic);

        ReviewQueue withCorrections =
                ReviewRun.run(
                        request(
                                new DecisionSource.Topic(
                                        settings, WINDOW, Optional.of(correctionsTopic)),
                                clicks));
        ReviewQueue fromMergedFile =
                ReviewRun.run(
                        request(new DecisionSource.File(merged, Optional.of(WINDOW)), clicks));
        ReviewQueue decisionsAlone =
                ReviewRun.run(request(new DecisionSource.Topic(settings, WINDOW), clicks));
        ReviewQueue fromDecisionsFile =
                ReviewRun.run(
                        request(
                                new DecisionSource.File(decisionsOnly, Optional.of(WINDOW)),
                                clicks));

        // parity: the queue of both topics is the queue of a file of both, merged
        for (EntityKind kind : EntityKind.values()) {
            assertThat(withCorrections.of(kind))
                    .as(kind.plural())
                    .isEqualTo(fromMergedFile.of(kind));
            assertThat(decisionsAlone.of(kind))
                    .as(kind.plural())
                    .isEqualTo(fromDecisionsFile.of(kind));
        }
        assertThat(withCorrections.deadLetters()).isEqualTo(fromMergedFile.deadLetters());
        assertThat(withCorrections.outsideWindow())
                .isEqualTo(fromMergedFile.outsideWindow())
                .isEqualTo(2);
        assertThat(withCorrections.decisionLines() + withCorrections.corrections().records())
                .isEqualTo(fromMergedFile.decisionLines())
                .isEqualTo(7);

        // b ranks first by its corrected verdict; c keeps its original, the aborted one unseen
        Pseudonymizer pseudonyms = new Pseudonymizer(KEY);
        assertThat(withCorrections.of(EntityKind.USER))
                .extracting(RankedEntity::entity)
                .containsExactly(
                        pseudonyms.pseudonym(IdentifierKind.USER, "user-b"),
                        pseudonyms.pseudonym(IdentifierKind.USER, "user-a"),
                        pseudonyms.pseudonym(IdentifierKind.USER, "user-c"));
        RankedEntity b = withCorrections.of(EntityKind.USER).get(0);
        assertThat(b.expectedInvalid()).isCloseTo(0.9, within(1e-9));
        assertThat(b.sivt()).isEqualTo(1);
        assertThat(b.clicksShown().get(0).stage()).isEqualTo("SIVT");
        RankedEntity c = withCorrections.of(EntityKind.USER).get(2);
        assertThat(c.expectedInvalid()).isCloseTo(0.4, within(1e-9));
        assertThat(c.clicksShown().get(0).stage()).isEqualTo("NONE");
        // the corrections topic's account: three records, one click changed, one dead letter
        assertThat(withCorrections.corrections())
                .isEqualTo(new ReviewQueue.Corrections(correctionsTopic, true, 3, 1));
        assertThat(withCorrections.deadLetterCount()).isEqualTo(1);
        assertThat(withCorrections.firstDeadLetters())
                .singleElement()
                .asString()
                .matches(
                        java.util.regex.Pattern.quote(correctionsTopic)
                                + " partition 0 offset \\d+: .+");
        assertThat(ReviewReport.table(withCorrections))
                .contains(
                        "3 correction records read from "
                                + correctionsTopic
                                + ", 1 clicks changed by a correction");

        // the decisions topic alone: the uncorrected queue, b last
        assertThat(decisionsAlone.corrections()).isNull();
        assertThat(decisionsAlone.of(EntityKind.USER))
                .extracting(RankedEntity::entity)
                .containsExactly(
                        pseudonyms.pseudonym(IdentifierKind.USER, "user-a"),
                        pseudonyms.pseudonym(IdentifierKind.USER, "user-c"),
                        pseudonyms.pseudonym(IdentifierKind.USER, "user-b"));
        assertThat(decisionsAlone.deadLetterCount()).isZero();
    }

    @Test
    void aCorrectionsTopicTheBrokerLacksLeavesTheDecisionsAlone() throws Exception {
        String run = "review-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(run + ".decisions", 1);
        Click click = Clicks.builder("user-a", "10.0.2.1", FROM).clickId("a").build();
        Path clicks =
                Files.write(
                        dir.resolve("clicks.jsonl"),
                        List.of(new String(ContractJson.write(click), StandardCharsets.UTF_8)));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(run + ".decisions", scored("a", FROM, 0.7, 0)))
                    .get();
        }

        ReviewQueue q =
                ReviewRun.run(
                        request(
                                new DecisionSource.Topic(
                                        kafka(run + ".decisions"),
                                        WINDOW,
                                        Optional.of(run + ".corrections")),
                                clicks));

        assertThat(q.corrections())
                .isEqualTo(new ReviewQueue.Corrections(run + ".corrections", false, 0, 0));
        assertThat(q.decisions()).isEqualTo(1);
        assertThat(q.clicksJoined()).isEqualTo(1);
        assertThat(ReviewReport.table(q))
                .contains("no corrections topic " + run + ".corrections: decisions only");
    }

    private static List<String> lines(List<byte[]> records) {
        List<String> out = new ArrayList<>();
        records.forEach(b -> out.add(new String(b, StandardCharsets.UTF_8)));
        return out;
    }

    private static KafkaConfig kafka(String decisionsTopic) {
        KafkaConfig.Builder b =
                KafkaConfig.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicNames(
                                new Topics.Names(
                                        "review.clicks",
                                        "review.conversions",
                                        decisionsTopic,
                                        "review.dead-letters",
                                        "review.control"))
                        .delivery(DeliveryMode.AT_LEAST_ONCE);
        return b.build();
    }

    private static ReviewRequest request(DecisionSource source, Path clicks) {
        return new ReviewRequest(source, clicks, null, KEY, 10, 3, 3);
    }

    private static byte[] scored(String id, Instant eventTs, double score, int revision) {
        float[] x = new float[FeatureSchema.CURRENT.size()];
        x[0] = (float) (10 * score);
        return ContractJson.write(
                Decisions.scored(
                        id,
                        eventTs.toEpochMilli(),
                        score,
                        FeatureSchema.CURRENT.version(),
                        x,
                        revision));
    }
}
