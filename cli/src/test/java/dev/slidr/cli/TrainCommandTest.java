package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slidr train}: argument errors, and a small run from simulated files to the registry. */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMALL =
            "{\"humans.users\": 4000, \"gateways.count\": 2, \"botnet.hosts\": 300,"
                    + " \"click_farm.accounts_per_farm\": 10, \"stolen.accounts\": 30,"
                    + " \"low_and_slow.bots\": 100, \"crawler.clicks_per_minute\": 2}";

    @TempDir Path tmp;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path files() throws IOException {
        Path dir = tmp.resolve("sim");
        Files.createDirectories(dir);
        for (String f : List.of("clicks.jsonl", "conversions.jsonl")) {
            Files.writeString(dir.resolve(f), "");
        }
        Files.writeString(dir.resolve("rfm.csv"), "customer_id,recency,frequency,monetary\n");
        return dir;
    }

    private List<String> baseArgs(Path dir, String... more) {
        List<String> args = new ArrayList<>();
        args.add("train");
        args.add("--clicks");
        args.add(dir.resolve("clicks.jsonl").toString());
        args.add("--conversions");
        args.add(dir.resolve("conversions.jsonl").toString());
        args.add("--rfm");
        args.add(dir.resolve("rfm.csv").toString());
        args.add("--registry");
        args.add(tmp.resolve("registry").toString());
        args.addAll(List.of(more));
        return args;
    }

    private CommandRun train(Path dir, String... more) {
        return run(baseArgs(dir, more).toArray(String[]::new));
    }

    @Test
    void missingClickFileIsABadArgument() throws IOException {
        Path dir = files();
        Files.delete(dir.resolve("clicks.jsonl"));
        CommandRun r = train(dir);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--clicks").contains("is not a readable file");
    }

    @Test
    void clickGlobThatMatchesNothingOrAnEmptyDirectoryIsABadArgument() throws IOException {
        Path dir = files();
        List<String> glob = baseArgs(dir);
        glob.set(glob.indexOf("--clicks") + 1, dir.resolve("clicks-*.jsonl.gz").toString());
        CommandRun r = run(glob.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--clicks").contains("matches no file");
        assertThat(r.err().lines().count()).isEqualTo(2);

        Path empty = Files.createDirectory(tmp.resolve("no-clicks"));
        List<String> directory = baseArgs(dir);
        directory.set(directory.indexOf("--clicks") + 1, empty.toString());
        CommandRun d = run(directory.toArray(String[]::new));
        assertThat(d.exitCode()).isEqualTo(2);
        assertThat(d.err()).contains("--clicks").contains("a directory without click files");
    }

    @Test
    void unknownFeaturePassAndBadParallelismAreBadArguments() throws IOException {
        CommandRun engine = train(files(), "--feature-pass", "spark");
        assertThat(engine.exitCode()).isEqualTo(2);
        assertThat(engine.err()).contains("--feature-pass must be single or flink, was 'spark'");
        CommandRun zero = train(files(), "--feature-pass", "flink", "--parallelism", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--parallelism must be in [1, 256], was 0");
        CommandRun huge = train(files(), "--feature-pass", "flink", "--parallelism", "100000");
        assertThat(huge.exitCode()).isEqualTo(2);
        assertThat(huge.err()).contains("--parallelism must be in [1, 256], was 100000");
        CommandRun word = train(files(), "--feature-pass", "flink", "--parallelism", "two");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--parallelism");
        CommandRun alone = train(files(), "--parallelism", "2");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--parallelism is only for --feature-pass flink");
        CommandRun empty = train(files(), "--feature-pass", "");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("--feature-pass must be single or flink");
    }

    @Test
    void flinkClusterOptionsOutsideTheFlinkPassAreBadArguments() throws IOException {
        Path dir = files();
        CommandRun single = train(dir, "--flink-cluster", "http://localhost:8081");
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err()).contains("--flink-cluster is only for --feature-pass flink");
        CommandRun shared =
                train(dir, "--feature-pass", "flink", "--flink-shared-dir", tmp.toString());
        assertThat(shared.exitCode()).isEqualTo(2);
        assertThat(shared.err()).contains("--flink-shared-dir is only for --flink-cluster");
        CommandRun jar = train(dir, "--feature-pass", "flink", "--job-jar", "job.jar");
        assertThat(jar.exitCode()).isEqualTo(2);
        assertThat(jar.err()).contains("--job-jar is only for --flink-cluster");
    }

    @Test
    void malformedOrHostileFlinkClusterAddressIsABadArgument() throws IOException {
        Path dir = files();
        String[][] cases = {
            {"", "--flink-cluster is empty"},
            {"   ", "--flink-cluster is empty"},
            {"localhost:8081", "must be the job manager's REST address http://HOST:PORT"},
            {"ftp://localhost:8081", "must be the job manager's REST address"},
            {"https://localhost:8081", "must be the job manager's REST address"},
            {"file:///etc/passwd", "must be the job manager's REST address"},
            {"http://", "is not a URL"},
            {"http:// bad host", "is not a URL"},
            {"http://localhost:99999", "has port 99999; ports are 1 to 65535"},
            {"http://localhost:0", "has port 0; ports are 1 to 65535"},
            {"http://localhost:8081/jobs", "has a path or query"},
            {"http://localhost:8081/?x=1", "has a path or query"},
            {"http://admin:secret@localhost:8081", "names no host"},
            {"http://local\u0001host:8081", "is not a URL"},
            {"http://" + "a".repeat(5000) + ":8081", "is 5012 characters long"},
        };
        for (String[] c : cases) {
            String url = c[0];
            CommandRun r =
                    train(
                            dir,
                            "--feature-pass",
                            "flink",
                            "--flink-cluster",
                            url,
                            "--flink-shared-dir",
                            tmp.toString());
            assertThat(r.exitCode()).as(url).isEqualTo(2);
            assertThat(r.err()).as(url).contains("--flink-cluster").contains(c[1]);
            assertThat(r.err()).as(url).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.err().lines().filter(l -> l.contains("--flink-cluster")).count())
                    .as(url)
                    .isEqualTo(1);
        }
    }

    @Test
    void missingRelativeOrUnwritableSharedDirectoryIsABadArgument() throws IOException {
        Path dir = files();
        CommandRun none =
                train(dir, "--feature-pass", "flink", "--flink-cluster", "http://localhost:8081");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--flink-cluster needs --flink-shared-dir DIR");
        CommandRun relative = cluster(dir, "http://localhost:8081", "shared", null);
        assertThat(relative.exitCode()).isEqualTo(2);
        assertThat(relative.err())
                .contains("--flink-shared-dir must be an absolute path that every task manager")
                .contains("was shared");
        CommandRun missing =
                cluster(dir, "http://localhost:8081", tmp.resolve("nowhere").toString(), null);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--flink-shared-dir").contains("is not a directory");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CommandRun notDir = cluster(dir, "http://localhost:8081", file.toString(), null);
        assertThat(notDir.exitCode()).isEqualTo(2);
        assertThat(notDir.err()).contains("--flink-shared-dir").contains("is not a directory");
        CommandRun noJar =
                cluster(
                        dir,
                        "http://localhost:8081",
                        tmp.toString(),
                        tmp.resolve("missing.jar").toString());
        assertThat(noJar.exitCode()).isEqualTo(2);
        assertThat(noJar.err()).contains("--job-jar").contains("is not a readable file");
    }

    @Test
    void unreachableJobManagerIsABadArgumentWithoutRetries() throws IOException {
        Path dir = files();
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CommandRun r = cluster(dir, "http://127.0.0.1:" + port, tmp.toString(), jobJar());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "--flink-cluster no Flink job manager answers at http://127.0.0.1:" + port);
        assertThat(r.err()).doesNotContain("Exception:").doesNotContain("\tat ");
    }

    @Test
    void serverThatIsNoMatchingFlinkJobManagerIsABadArgument() throws IOException {
        Path dir = files();
        String[][] cases = {
            {"404", "", "is not a Flink job manager's REST API (GET /overview answered 404)"},
            {
                "200",
                "not json",
                "is not a Flink job manager's REST API (GET /overview answered 200)"
            },
            {"200", "{\"slots-total\": 4}", "is not a Flink job manager's REST API"},
            {
                "200",
                "{\"flink-version\": \"1.18.1\", \"slots-total\": 4}",
                "runs Flink 1.18.1; the feature pass is built for Flink 2."
            },
            {
                "200",
                "{\"flink-version\": \"" + flinkVersion() + "\", \"slots-total\": 1}",
                "has 1 task slots; parallelism 2 needs 2"
            },
        };
        for (String[] c : cases) {
            com.sun.net.httpserver.HttpServer server =
                    com.sun.net.httpserver.HttpServer.create(
                            new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(
                    "/",
                    exchange -> {
                        byte[] body = c[1].getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(
                                Integer.parseInt(c[0]), body.length == 0 ? -1 : body.length);
                        if (body.length > 0) {
                            exchange.getResponseBody().write(body);
                        }
                        exchange.close();
                    });
            server.start();
            try {
                String url = "http://127.0.0.1:" + server.getAddress().getPort();
                List<String> args = new ArrayList<>(List.of("--parallelism", "2"));
                CommandRun r = cluster(dir, url, tmp.toString(), jobJar(), args);
                assertThat(r.exitCode()).as(c[1]).isEqualTo(2);
                assertThat(r.err()).as(c[1]).contains("--flink-cluster").contains(c[2]);
            } finally {
                server.stop(0);
            }
        }
    }

    private static String flinkVersion() {
        return org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
    }

    private String jobJar() throws IOException {
        return Files.writeString(tmp.resolve("job.jar"), "not checked before the job manager")
                .toString();
    }

    private CommandRun cluster(Path dir, String url, String shared, String jar) {
        return cluster(dir, url, shared, jar, List.of());
    }

    private CommandRun cluster(
            Path dir, String url, String shared, String jar, List<String> extra) {
        List<String> more =
                new ArrayList<>(
                        List.of(
                                "--feature-pass",
                                "flink",
                                "--flink-cluster",
                                url,
                                "--flink-shared-dir",
                                shared));
        if (jar != null) {
            more.add("--job-jar");
            more.add(jar);
        }
        more.addAll(extra);
        return train(dir, more.toArray(String[]::new));
    }

    @Test
    void flinkFeaturePassWithoutAnyValidClickFailsWithTheRejectionCounts() throws IOException {
        Path dir = files();
        Files.writeString(dir.resolve("clicks.jsonl"), "{not json\n{\"click_id\": 3}\n");
        CommandRun r = train(dir, "--feature-pass", "flink", "--parallelism", "2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("nothing to train on: no valid clicks in the input (2 rejected)");
    }

    @Test
    void budgetOutsideTheUnitIntervalIsABadArgument() throws IOException {
        CommandRun r = train(files(), "--fpr-budget", "1.5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("FPR budget must be in (0, 1), was 1.5");
    }

    @Test
    void rfmLabelWeightAndSliceCapOutOfRangeAreBadArguments() throws IOException {
        CommandRun weight = train(files(), "--rfm-label-weight", "1.5");
        assertThat(weight.exitCode()).isEqualTo(2);
        assertThat(weight.err()).contains("RFM label weight must be in [0, 1], was 1.5");
        CommandRun cap = train(files(), "--slice-fpr-cap", "0.5");
        assertThat(cap.exitCode()).isEqualTo(2);
        assertThat(cap.err()).contains("slice FPR cap must be at least 1 (times the budget)");
        CommandRun word = train(files(), "--slice-fpr-cap", "lots");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--slice-fpr-cap");
    }

    @Test
    void networksOutsideOneToSixteenAreABadArgument() throws IOException {
        for (String n : List.of("0", "-1", "17")) {
            CommandRun r = train(files(), "--networks", n);
            assertThat(r.exitCode()).as(n).isEqualTo(2);
            assertThat(r.err()).as(n).contains("--networks must be in [1, 16], was " + n);
            assertThat(r.err()).as(n).doesNotContain("\tat ");
        }
        CommandRun word = train(files(), "--networks", "three");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--networks");
    }

    @Test
    void minimumSlicePrecisionOutsideZeroToOneIsABadArgument() throws IOException {
        for (String p : List.of("1", "-0.1", "NaN")) {
            CommandRun r = train(files(), "--min-slice-precision", p);
            assertThat(r.exitCode()).as(p).isEqualTo(2);
            assertThat(r.err()).as(p).contains("minimum slice precision must be in [0, 1), was ");
        }
        CommandRun word = train(files(), "--min-slice-precision", "high");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--min-slice-precision");
    }

    @Test
    void patienceOutsideOneToTheEpochsIsABadArgument() throws IOException {
        for (String p : List.of("0", "-1", "21")) {
            CommandRun r = train(files(), "--patience", p);
            assertThat(r.exitCode()).as(p).isEqualTo(2);
            assertThat(r.err())
                    .as(p)
                    .contains("--patience must be in [1, 20] (--epochs), was " + p);
        }
        CommandRun beyondEpochs = train(files(), "--epochs", "4", "--patience", "5");
        assertThat(beyondEpochs.exitCode()).isEqualTo(2);
        assertThat(beyondEpochs.err()).contains("--patience must be in [1, 4] (--epochs), was 5");
        CommandRun word = train(files(), "--patience", "long");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--patience");
    }

    @Test
    void minimumMarginalPrecisionOutsideZeroToOneIsABadArgument() throws IOException {
        for (String p : List.of("1", "-0.1", "2", "NaN")) {
            CommandRun r = train(files(), "--min-marginal-precision", p);
            assertThat(r.exitCode()).as(p).isEqualTo(2);
            assertThat(r.err())
                    .as(p)
                    .contains("minimum marginal precision must be in [0, 1), was ");
        }
        CommandRun word = train(files(), "--min-marginal-precision", "high");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--min-marginal-precision");
    }

    @Test
    void badVerdictOptionsAreBadArgumentsBeforeAnyClickIsRead() throws IOException {
        Path dir = files();
        String secret = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Path config =
                Files.writeString(
                        tmp.resolve("privacy.yaml"), "slidr.privacy.hmac.secret: " + secret + "\n");
        Path good = Files.writeString(tmp.resolve("verdicts.csv"), "ad,ad-1,robot\n");
        Path useless = Files.writeString(tmp.resolve("useless.csv"), "fish,ad-1,robot\n");
        String c = config.toString();
        assertBadArgument(train(dir, "--verdict-weight", "3"), "give --verdicts FILE");
        assertBadArgument(
                train(dir, "--config", c, "--verdicts", tmp.resolve("none.csv").toString()),
                "--verdicts");
        assertBadArgument(
                train(dir, "--config", c, "--verdicts", useless.toString()),
                "no usable verdict in");
        assertBadArgument(
                train(dir, "--config", c, "--verdicts", good.toString(), "--verdict-weight", "0"),
                "--verdict-weight: verdict weight must be in (0, 100.0]");
        assertBadArgument(
                train(dir, "--config", c, "--verdicts", good.toString(), "--verdict-weight", "x"),
                "--verdict-weight");
        assertBadArgument(
                train(dir, "--config", c, "--verdicts", good.toString(), "--verdict-fpr", "all"),
                "--verdict-fpr must be purchases or humans");
        if (System.getenv("SLIDR_HMAC_KEY") == null) {
            assertBadArgument(
                    train(dir, "--verdicts", good.toString()), "--verdicts name pseudonyms");
        }
    }

    private static void assertBadArgument(CommandRun r, String expected) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElse("")).contains(expected);
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void fprBoundOptionsOutOfRangeAreBadArguments() throws IOException {
        CommandRun held = train(files(), "--fpr-held", "median");
        assertThat(held.exitCode()).isEqualTo(2);
        assertThat(held.err())
                .contains("FPR held must be point, bound or bound-when-few, was median");
        for (String c : List.of("1", "0", "-0.5", "NaN")) {
            CommandRun confidence = train(files(), "--fpr-confidence", c);
            assertThat(confidence.exitCode()).as(c).isEqualTo(2);
            assertThat(confidence.err()).contains("FPR bound confidence must be in (0, 1)");
        }
        CommandRun word = train(files(), "--fpr-confidence", "high");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--fpr-confidence");
        CommandRun few = train(files(), "--fpr-few-labels", "-3");
        assertThat(few.exitCode()).isEqualTo(2);
        assertThat(few.err()).contains("few-labels count must be >= 0, was -3");
        CommandRun huge = train(files(), "--fpr-few-labels", "99999999999999999999");
        assertThat(huge.exitCode()).isEqualTo(2);
        assertThat(huge.err()).contains("--fpr-few-labels");
        CommandRun flag = train(files(), "--check-slice-fpr=maybe");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).contains("--check-slice-fpr");
        CommandRun empty = train(files(), "--fpr-held", "");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("FPR held must be point, bound or bound-when-few");
    }

    @Test
    void anUnreadableOrInvalidJobConfigurationIsABadArgument() throws IOException {
        Path dir = files();
        CommandRun missing = train(dir, "--config", tmp.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--config").contains("nope.yaml");

        Path bad =
                Files.writeString(
                        tmp.resolve("bad.yaml"), "slidr.givt.data-centre.ranges: /no/such/list\n");
        CommandRun invalid = train(dir, "--config", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("--config").contains("/no/such/list");
    }

    @Test
    void aZoneOtherThanTheJobsIsABadArgument() throws IOException {
        Path dir = files();
        Path config =
                Files.writeString(
                        tmp.resolve("ny.yaml"), "slidr.features.time-zone: America/New_York\n");
        CommandRun r = train(dir, "--config", config.toString(), "--zone", "UTC");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--zone UTC differs from slidr.features.time-zone");

        // without --zone the job's zone is taken: the run gets past the arguments
        CommandRun same = train(dir, "--config", config.toString());
        assertThat(same.exitCode()).isEqualTo(1);
        assertThat(same.err()).doesNotContain("differs");
    }

    @Test
    void fromAfterToIsABadArgument() throws IOException {
        CommandRun r = train(files(), "--from", "2025-06-05", "--to", "2025-06-02T00:00:00Z");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--from 2025-06-05 must be before --to");
    }

    @Test
    void unparsableTimeAndZoneAreBadArguments() throws IOException {
        CommandRun time = train(files(), "--from", "yesterday");
        assertThat(time.exitCode()).isEqualTo(2);
        assertThat(time.err()).contains("--from 'yesterday' is neither an ISO-8601 instant");
        CommandRun zone = train(files(), "--zone", "Mars/Olympus");
        assertThat(zone.exitCode()).isEqualTo(2);
        assertThat(zone.err()).contains("--zone 'Mars/Olympus' is not a time zone id");
    }

    @Test
    void missingRequiredOptionIsABadArgument() {
        CommandRun r = run("train", "--clicks", "x.jsonl");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required options");
    }

    @Test
    void inputWithoutAnyValidClickFailsWithTheRejectionCounts() throws IOException {
        Path dir = files();
        Files.writeString(dir.resolve("clicks.jsonl"), "{not json\n{\"click_id\": 3}\n");
        CommandRun r = train(dir);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("nothing to train on: no valid clicks in the input (2 rejected)");
    }

    /** One simulated day of the small configuration (seed 3), in {@code tmp/day}. */
    private Path simulateSmallDay() throws IOException {
        Path sim = tmp.resolve("day");
        Path config = Files.writeString(tmp.resolve("small.json"), SMALL);
        CommandRun s =
                run(
                        "simulate",
                        "--days",
                        "1",
                        "--seed",
                        "3",
                        "--quiet",
                        "--out",
                        sim.toString(),
                        "--config",
                        config.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        return sim;
    }

    @Test
    void trainsOnSimulatedFilesAndWritesTheSummary() throws IOException {
        Path sim = simulateSmallDay();
        // a bad line among good ones is counted, not fatal
        Files.writeString(
                sim.resolve("clicks.jsonl"),
                "garbage\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Path summary = tmp.resolve("train.json");
        CommandRun r =
                train(
                        sim,
                        "--truth",
                        sim.resolve("truth.csv").toString(),
                        "--summary",
                        summary.toString(),
                        "--fpr-budget",
                        "0.1",
                        "--hidden",
                        "8,8",
                        "--epochs",
                        "3",
                        "--patience",
                        "2",
                        "--max-train-rows",
                        "20000",
                        "--seed",
                        "5");
        assertThat(r.exitCode()).as(r.err()).isIn(0, TrainCommand.EXIT_REFUSED);
        // the declared crawler is decided by GIVT in the live job, so training leaves it out too
        assertThat(r.err())
                .containsPattern(
                        "rejected \\{givt_data_centre_ip=[0-9,]+, givt_declared_robot=[1-9][0-9,]*,"
                                + " malformed_json=1\\}")
                .contains("training 8 networks")
                .contains("up to 3 epochs each, averaged, patience 2")
                .contains("network 8 of 8 epoch  1");
        JsonNode json = JSON.readTree(summary.toFile());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "model_version",
                        "bundle",
                        "fpr_budget",
                        "fpr_bound",
                        "slicing",
                        "slicing_reason",
                        "registered",
                        "holdout",
                        "baselines",
                        "guardrails");
        assertThat(json.get("registered").asBoolean()).isEqualTo(r.exitCode() == 0);
        assertThat(json.at("/holdout/combined/true_recall").isNumber()).isTrue();
        assertThat(
                        json.at("/baselines/velocity_heuristic/slices/desktop~1anonymous/ivr")
                                .isNumber())
                .isTrue();
        assertThat(json.at("/holdout/combined/weak_auc").isNumber()).isTrue();
        assertThat(json.at("/holdout/combined/weak_fpr_upper").asDouble())
                .isGreaterThanOrEqualTo(json.at("/holdout/combined/weak_fpr").asDouble());
        assertThat(json.at("/holdout/combined/true_fpr").isNumber()).isTrue();
        // the simulator's truth names kinds: each gets its clicks and share invalidated
        List<String> kinds = new ArrayList<>();
        json.at("/holdout/kinds").forEach(k -> kinds.add(k.get("kind").asText()));
        assertThat(kinds).contains("human", "human_gateway", "botnet", "click_farm");
        assertThat(json.at("/holdout/kinds/0/measure").asText()).isEqualTo("true_fpr");
        assertThat(json.at("/holdout/kinds/0/anonymous/clicks").asLong()).isPositive();
        assertThat(json.at("/baselines/logistic_regression/kinds").size()).isEqualTo(kinds.size());
        assertThat(json.at("/fpr_bound/held").asText()).isEqualTo("bound-when-few");
        assertThat(json.at("/slicing").asText()).isEqualTo("device_and_login");
        assertThat(json.at("/slicing_reason").asText())
                .isEqualTo("--slicing device_and_login (the default)");
        assertThat(json.get("guardrails")).hasSize(9);
        assertThat(r.out())
                .contains("combined")
                .contains("guardrail holdout_fpr")
                .contains("guardrail slice_holdout_fpr pass  not checked")
                .contains("w_fpr_ub")
                .containsPattern("truth kind +measure +clicks +share +li_clicks");
        JsonNode registry = JSON.readTree(tmp.resolve("registry/registry.json").toFile());
        assertThat(registry.at("/history/0/action").asText())
                .isEqualTo(r.exitCode() == 0 ? "register" : "refuse");
    }

    @Test
    void anUnknownEmptyOrOversizedSlicingIsABadArgumentInOneLine() throws IOException {
        Path dir = files();
        for (String value :
                List.of("nope", "", "  ", "device login", "x".repeat(100_000), "device\nlogin")) {
            CommandRun r = train(dir, "--slicing", value);
            assertBadArgument(
                    r,
                    "--slicing must be one of device_and_login, device, login, single, auto, was"
                            + " '");
            assertThat(r.err().lines().findFirst().orElse("")).hasSizeLessThan(200);
            assertThat(r.err()).doesNotContain("reading inputs");
        }
        CommandRun missing = train(dir, "--slicing");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--slicing").doesNotContain("\tat ");
    }

    @Test
    void aSlicingInAnyCaseIsAccepted() throws IOException {
        Path dir = files();
        for (String value : List.of("DEVICE", "Auto", "single", "Login", "device_AND_login")) {
            CommandRun r = train(dir, "--slicing", value);
            // the empty click log fails later, once read: the option itself was taken
            assertThat(r.exitCode()).as(r.err()).isNotEqualTo(2);
            assertThat(r.err()).doesNotContain("--slicing");
        }
    }

    @Test
    void deviceSlicingWritesABundleTheLiveJobDecidesByDevice() throws Exception {
        Path sim = simulateSmallDay();
        Path summary = tmp.resolve("train.json");
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        CommandRun r =
                train(
                        sim,
                        "--slicing",
                        "device",
                        "--staging",
                        staging.toString(),
                        "--summary",
                        summary.toString(),
                        "--fpr-budget",
                        "0.1",
                        "--hidden",
                        "8,8",
                        "--epochs",
                        "3",
                        "--max-train-rows",
                        "20000",
                        "--seed",
                        "5");
        assertThat(r.exitCode()).as(r.err()).isIn(0, TrainCommand.EXIT_REFUSED);
        assertThat(r.err()).contains("slicing device: --slicing device");
        assertThat(r.out()).contains("slicing device (--slicing device)");
        JsonNode json = JSON.readTree(summary.toFile());
        assertThat(json.at("/slicing").asText()).isEqualTo("device");
        List<String> slices = new ArrayList<>();
        json.at("/holdout/slices").fieldNames().forEachRemaining(slices::add);
        assertThat(slices).isNotEmpty().isSubsetOf("desktop", "mobile", "app", "other");

        Path dir;
        try (var dirs = Files.list(staging)) {
            dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        dev.slidr.registry.ModelBundle bundle = dev.slidr.registry.ModelBundle.load(dir);
        dev.slidr.inference.decision.SliceThresholds thresholds =
                dev.slidr.job.model.BundleModels.deployed(bundle).thresholds();
        assertThat(thresholds.slicing()).isEqualTo(dev.slidr.rules.slice.Slicing.DEVICE);
        assertThat(thresholds.thresholds().keySet())
                .containsExactlyInAnyOrder("desktop", "mobile", "app", "other");
        JsonNode calibration = JSON.readTree(bundle.calibrationJson());
        assertThat(calibration.get("slicing").asText()).isEqualTo("device");
        for (dev.slidr.contract.Device device : dev.slidr.contract.Device.values()) {
            double loggedIn = thresholds.threshold(thresholds.slicing().sliceOf(device, true));
            double anonymous = thresholds.threshold(thresholds.slicing().sliceOf(device, false));
            // a click's device alone picks its threshold, the one calibrated for that device
            assertThat(loggedIn).as(device.wireName()).isEqualTo(anonymous);
            assertThat(loggedIn)
                    .isEqualTo(thresholds.thresholds().get(device.wireName()).doubleValue());
        }
    }

    @Test
    void outputLocationsAndTheLockAreCheckedBeforeAnyInputIsRead() throws IOException {
        Path dir = files();
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        CommandRun registry =
                run(
                        baseArgs(dir).stream()
                                .map(
                                        a ->
                                                a.equals(tmp.resolve("registry").toString())
                                                        ? file.toString()
                                                        : a)
                                .toArray(String[]::new));
        assertThat(registry.exitCode()).isEqualTo(2);
        assertThat(registry.err())
                .startsWith("train: error: --registry " + file + " is a file, not a directory")
                .doesNotContain("reading inputs");

        CommandRun staging = train(dir, "--staging", file.toString());
        assertThat(staging.exitCode()).isEqualTo(2);
        assertThat(staging.err())
                .startsWith("train: error: --staging " + file + " is a file, not a directory");

        CommandRun below = train(dir, "--staging", file.resolve("sub").toString());
        assertThat(below.exitCode()).isEqualTo(2);
        assertThat(below.err()).contains("cannot be created: " + file + " is a file");

        CommandRun summary = train(dir, "--summary", tmp.toString());
        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(summary.err()).startsWith("train: error: --summary " + tmp + " is a directory");

        Path root = Files.createDirectories(tmp.resolve("registry"));
        Files.writeString(
                root.resolve("registry.lock"), "4242@old-host 2026-01-01T00:00:00Z tok\n");
        long start = System.nanoTime();
        CommandRun locked = train(dir);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(locked.exitCode()).isEqualTo(1);
        assertThat(locked.err().strip().lines()).hasSize(1);
        assertThat(locked.err())
                .contains("is locked: " + root.resolve("registry.lock"))
                .contains("\"4242@old-host 2026-01-01T00:00:00Z tok\"")
                .contains("delete " + root.resolve("registry.lock") + " and train again")
                .doesNotContain("reading inputs");
    }

    @Test
    void aLabelSourceCutShortOrEmptyIsRefused() throws IOException {
        Path dir = files();
        Files.writeString(
                dir.resolve("clicks.jsonl"),
                "{\"click_id\":\"c-1\",\"ts\":1772442000000,\"user_id\":null,\"session_id\":\"s\",\"ip\":\"198.51.100.7\",\"user_agent\":\"Mozilla/5.0"
                    + " (X11; Linux x86_64; rv:120.0)"
                    + " Firefox/120.0\",\"device\":\"mobile\",\"logged_in\":false,\"ad_id\":\"a\",\"advertiser_id\":\"v\",\"placement\":\"p\"}\n");
        CommandRun empty = train(dir);
        assertThat(empty.exitCode()).as(empty.err()).isEqualTo(TrainCommand.EXIT_REFUSED);
        assertThat(empty.err())
                .contains("  rfm          read 0  accepted 0  rejected {}")
                .contains("  conversions  read 0  accepted 0  rejected {}")
                .contains(
                        "train: refused: label_sources: empty label source: conversions (0 rows"
                                + " read, none accepted), rfm (0 rows read, none accepted); pass"
                                + " --allow-empty-labels if that is intended");
        CommandRun allowed = train(dir, "--allow-empty-labels");
        assertThat(allowed.err()).doesNotContain("refused: label_sources");

        Files.writeString(
                dir.resolve("conversions.jsonl"),
                "{\"click_id\":\"c-1\",\"ts\":1772442000001,\"kind\":\"purchase\"}\n");
        Files.writeString(
                dir.resolve("rfm.csv"),
                "customer_id,recency,frequency,monetary\nu-1,5,5,5\n\"u-2,1,1,1\nu-3,5,5,5\n");
        CommandRun cut = train(dir);
        assertThat(cut.exitCode()).as(cut.err()).isEqualTo(TrainCommand.EXIT_REFUSED);
        assertThat(cut.err())
                .contains("  rfm          read 2  accepted 1  rejected {malformed_csv=1}")
                .contains("stopped early: 21 bytes never read")
                .contains(
                        "train: refused: input_completeness: rfm stopped after 2 rows, 49 of 70"
                                + " bytes read (21 bytes, 30.0%, never read)");
    }
}
