package dev.slidr.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Decision.Stage;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.kafka.ClickParseFunction;
import dev.slidr.job.kafka.RawRecord;
import dev.slidr.rules.slice.Slicing;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment's Prometheus reporter settings ({@code metrics.*} of deploy/flink/config.yaml) on
 * a MiniCluster: the decision metrics and dead letters are scraped over HTTP with their labels. The
 * reporter replaces characters Prometheus does not allow, in label values too: slice {@code
 * desktop/logged_in} is exported as {@code slice="desktop_logged_in"}.
 */
class PrometheusReporterITCase {

    /** Holds the tasks open (so their metrics stay registered) until the test has scraped. */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static final long T0 = 1_780_000_000_000L;

    @AfterEach
    void release() {
        RELEASE.countDown();
    }

    @Test
    void exportsPerSliceDecisionsAndDeadLettersByReasonWithLabels() throws Exception {
        int port = freePort();
        Configuration conf = new Configuration();
        JobConfigFile.load(deployConfig())
                .toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith("metrics.")) {
                                conf.setString(key, value);
                            }
                        });
        conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        List<Decision> decisions =
                List.of(
                        decision("d1", "desktop/logged_in", Stage.NONE, 0.1),
                        decision("d2", "desktop/logged_in", Stage.SIVT, 0.97),
                        decision("d3", "desktop/logged_in", Stage.NONE, 0.2),
                        Decision.givt("m1", T0, T0, List.of("declared_robot"), "mobile/anonymous"));
        DecisionMetrics.apply(
                        env.fromData(
                                DecisionSerializer.TYPE_INFO, decisions.toArray(new Decision[0])),
                        Slicing.DEVICE_AND_LOGIN)
                .map(new HoldOpen<>(decisions.size()))
                .returns(DecisionSerializer.TYPE_INFO)
                .sinkTo(new DiscardingSink<>());

        List<RawRecord> raw = new ArrayList<>();
        raw.add(raw(0, "{\"click_id\": "));
        raw.add(raw(1, "not json at all"));
        SingleOutputStreamOperator<?> parsed =
                env.fromData(TypeInformation.of(RawRecord.class), raw.toArray(new RawRecord[0]))
                        .process(new ClickParseFunction())
                        .returns(TypeInformation.of(dev.slidr.contract.Click.class));
        parsed.getSideOutput(ClickParseFunction.DEAD_LETTERS)
                .map(new HoldOpen<DeadLetter>(raw.size()))
                .returns(TypeInformation.of(DeadLetter.class))
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("prometheus reporter");
        try {
            List<Sample> samples =
                    scrapeUntil(
                            port,
                            s ->
                                    value(
                                                            s,
                                                            "slidr_slice_clicks",
                                                            Map.of("slice", "desktop_logged_in"))
                                                    == 3
                                            // the GIVT decision comes last; wait for it too
                                            && value(
                                                            s,
                                                            "slidr_slice_clicks",
                                                            Map.of("slice", "mobile_anonymous"))
                                                    == 1
                                            && value(
                                                            s,
                                                            "ingress_reason_dead_letters",
                                                            Map.of("reason", "malformed_json"))
                                                    == 2);

            assertThat(value(samples, "slidr_slice_clicks", Map.of("slice", "mobile_anonymous")))
                    .isEqualTo(1);
            assertThat(value(samples, "slidr_slice_clicks", Map.of("slice", "app_logged_in")))
                    .as("registered up front")
                    .isEqualTo(0);
            assertThat(
                            value(
                                    samples,
                                    "slidr_slice_stage_invalid",
                                    Map.of("slice", "desktop_logged_in", "stage", "sivt")))
                    .isEqualTo(1);
            assertThat(
                            value(
                                    samples,
                                    "slidr_slice_stage_invalid",
                                    Map.of("slice", "mobile_anonymous", "stage", "givt")))
                    .isEqualTo(1);
            assertThat(value(samples, "slidr_slice_ivr_5m", Map.of("slice", "desktop_logged_in")))
                    .isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(
                            value(
                                    samples,
                                    "slidr_slice_score_permille_count",
                                    Map.of("slice", "desktop_logged_in")))
                    .isEqualTo(3);
            assertThat(
                            value(
                                    samples,
                                    "slidr_slice_score_permille",
                                    Map.of("slice", "desktop_logged_in", "quantile", "0.5")))
                    .isBetween(100.0, 210.0);
            assertThat(
                            value(
                                    samples,
                                    "ingress_reason_dead_letters",
                                    Map.of("reason", "invalid_ip")))
                    .as("every reason registered up front")
                    .isEqualTo(0);
        } finally {
            RELEASE.countDown();
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        }
    }

    /** One exported sample: the full metric name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * The value of the one sample whose name ends with {@code suffix} and that carries {@code
     * labels}; NaN when there is none.
     */
    private static double value(List<Sample> samples, String suffix, Map<String, String> labels) {
        List<Sample> matches =
                samples.stream()
                        .filter(s -> s.name().endsWith("_" + suffix))
                        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                        .toList();
        if (matches.size() > 1) {
            throw new AssertionError(
                    matches.size() + " samples match " + suffix + labels + ": " + matches);
        }
        return matches.isEmpty() ? Double.NaN : matches.get(0).value();
    }

    private static List<Sample> scrapeUntil(
            int port, java.util.function.Predicate<List<Sample>> done) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                List<Sample> samples = parse(body);
                if (done.test(samples)) {
                    return samples;
                }
            } catch (IOException e) {
                // the reporter's server is not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "the expected metrics never appeared; last scrape:\n" + slidrLines(body));
    }

    private static String slidrLines(String body) {
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.contains("slidr") || line.contains("ingress")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static List<Sample> parse(String body) {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    private static Decision decision(String id, String slice, Stage stage, double score) {
        return new Decision(
                id,
                T0,
                T0,
                stage != Stage.NONE,
                stage,
                List.of(),
                score,
                0.9,
                slice,
                "m1",
                "c1",
                "v2",
                new float[] {1f},
                0,
                null);
    }

    private static RawRecord raw(long offset, String value) {
        return new RawRecord(
                "clicks",
                0,
                offset,
                T0,
                value.getBytes(StandardCharsets.UTF_8),
                value.length(),
                false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path deployConfig() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/flink/config.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no deploy/flink/config.yaml above the working directory");
        }
        return dir.resolve("deploy/flink/config.yaml");
    }

    /**
     * Passes elements through; after the {@code count}-th it waits for the test to have scraped, so
     * that the task (and its metrics) is still there when Prometheus would scrape it.
     */
    static final class HoldOpen<T> implements MapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private final int count;
        private final AtomicInteger seen = new AtomicInteger();

        HoldOpen(int count) {
            this.count = count;
        }

        @Override
        public T map(T value) throws InterruptedException {
            if (seen.incrementAndGet() == count) {
                RELEASE.await(2, TimeUnit.MINUTES);
            }
            return value;
        }
    }
}
