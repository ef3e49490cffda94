package dev.slidr.cli;

import dev.slidr.contract.ParseLimits;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.InvalidMappingException;
import dev.slidr.job.InvalidJobConfigException;
import dev.slidr.job.JobConfigFile;
import dev.slidr.replay.DecisionsTopicReader;
import dev.slidr.replay.ProgressBarListener;
import dev.slidr.replay.ReplayException;
import dev.slidr.replay.ReplayWindow;
import dev.slidr.review.DecisionSource;
import dev.slidr.review.ReviewQueue;
import dev.slidr.review.ReviewReport;
import dev.slidr.review.ReviewRequest;
import dev.slidr.review.ReviewRun;
import dev.slidr.rules.privacy.InvalidHmacKeyException;
import dev.slidr.rules.privacy.PrivacyConfig;
import dev.slidr.training.pipeline.FeaturePass;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slidr review}: the review queue of a window's decisions: users, IPs and ads ranked by
 * expected invalid clicks, each with its most indicative clicks, identifiers pseudonymized.
 *
 * <pre>
 * bin/slidr review --decisions replay-out/corrections.jsonl --clicks /archive/2025-06-02 \
 *     --config slidr.yaml --top 50 --json queue.json --html queue.html
 * bin/slidr review --decisions-topic --from 2025-06-02T09:00:00Z --to 2025-06-02T12:00:00Z \
 *     --clicks /archive/2025-06-02 --config slidr.yaml
 * </pre>
 */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = {
            "Ranks the users, IPs and ads of a window's decisions by expected invalid clicks (the"
                    + " sum of the model's scores of their scored clicks) and shows for each its"
                    + " most indicative clicks, highest score first, with the features that stand"
                    + " out. Users and IPs are shown as the job's pseudonyms, so a verdicts file"
                    + " for train --verdicts names them as train computes them.",
            "Decisions come from a file of decision JSON lines (a replay's corrections.jsonl with"
                    + " --emit all, or an export of the decisions topic) or from the decisions"
                    + " topic of --config for the event times [--from, --to), with the"
                    + " corrections replays published to the corrections topic (as billing"
                    + " applies them), and are joined by click id to the window's clicks"
                    + " (--clicks, as train and replay read them).",
            "Exit 0 when the queue was built (also for an empty window), 2 for bad arguments or"
                    + " a missing decisions topic, 1 for other failures."
        })
public final class ReviewCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--decisions",
            paramLabel = "FILE",
            description =
                    "The window's decisions as JSON lines (plain or gzip); the highest revision"
                            + " per click id counts. Lines that do not parse are counted and"
                            + " listed, not fatal. With --from and --to, only the decisions of"
                            + " clicks in that window count.")
    Path decisions;

    @Option(
            names = "--decisions-topic",
            description =
                    "Read the decisions topic of --config instead of a file: committed records"
                            + " only, the decisions of clicks in [--from, --to), the highest"
                            + " revision per click id counting; records that do not parse are"
                            + " counted and listed, not fatal.")
    boolean decisionsTopic;

    @Option(
            names = "--no-corrections",
            description =
                    "With --decisions-topic, read the decisions topic alone. Without it the"
                            + " corrections topic of --config (slidr.kafka.topics.corrections) is"
                            + " read too, the same way, and per click id the highest revision"
                            + " wins whichever topic it came from; a corrections topic the"
                            + " broker lacks is said and skipped.")
    boolean noCorrections;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "First event time of the window: an ISO-8601 instant"
                            + " (2025-06-02T09:00:00Z) or a date (2025-06-02, midnight UTC);"
                            + " needed with --decisions-topic.")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "End of the window, exclusive (same forms as --from).")
    String to;

    @Option(
            names = "--clicks",
            paramLabel = "FILE|DIR",
            required = true,
            description =
                    "The window's clicks: JSON lines (plain or gzip), or CSV with --mapping; a"
                            + " directory is read file by file in name order; a glob in the last"
                            + " part ('/data/clicks-*.jsonl.gz') reads the files it matches.")
    Path clicks;

    @Option(
            names = "--mapping",
            paramLabel = "FILE",
            description = "CSV mapping file of the --clicks files (docs/contracts.md).")
    Path mapping;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Job configuration (YAML or properties) for the pseudonym secret and key id"
                            + " (slidr.privacy.hmac.*; without it, or when it has no secret, the"
                            + " environment variable SLIDR_HMAC_KEY), and the broker, topic"
                            + " and client settings of --decisions-topic (slidr.kafka.*).")
    Path config;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "" + ReviewRequest.DEFAULT_TOP,
            description = "Entities listed per kind (default: ${DEFAULT-VALUE}).")
    String top;

    @Option(
            names = "--clicks-shown",
            paramLabel = "N",
            defaultValue = "" + ReviewRequest.DEFAULT_CLICKS_SHOWN,
            description = "Most indicative clicks shown per entity (default: ${DEFAULT-VALUE}).")
    String clicksShown;

    @Option(
            names = "--features-shown",
            paramLabel = "N",
            defaultValue = "" + ReviewRequest.DEFAULT_FEATURES_SHOWN,
            description = "Standing-out features shown per click (default: ${DEFAULT-VALUE}).")
    String featuresShown;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the queue as JSON to FILE.")
    Path json;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Also write the queue as a self-contained HTML page to FILE.")
    Path html;

    private final Map<String, String> environment;

    public ReviewCommand() {
        this(System.getenv());
    }

    /**
     * A command that reads the pseudonym secret from {@code environment} when no setting has it.
     */
    ReviewCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        ReviewRequest request = request();
        // a ReviewException (an input that fails while read) ends the command with its one line
        ReviewQueue queue;
        try (ProgressBarListener progress = new ProgressBarListener(System.err)) {
            queue = ReviewRun.run(request, progress);
        } catch (DecisionsTopicReader.NoSuchTopicException e) {
            // the settings name a topic that is not there: a wrong option, not a failed run
            throw bad("--config " + OptionChecks.shown(config) + ": " + e.getMessage());
        }
        if (json != null) {
            ReviewReport.writeJson(queue, request, json);
        }
        if (html != null) {
            ReviewReport.writeHtml(queue, request, html);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ReviewReport.table(queue));
        if (json != null) {
            out.println("wrote " + json);
        }
        if (html != null) {
            out.println("wrote " + html);
        }
        out.flush();
        return 0;
    }

    /**
     * The checked request of these options.
     *
     * @throws ParameterException one line naming the option that is wrong
     */
    ReviewRequest request() throws IOException {
        if (decisions != null && decisionsTopic) {
            throw bad("two decision sources: give --decisions FILE or --decisions-topic, not both");
        }
        if (decisions == null && !decisionsTopic) {
            throw bad(
                    "Missing required option: --decisions FILE, or --decisions-topic with"
                            + " --config FILE");
        }
        if (decisions != null) {
            checks().readableFile(decisions, "--decisions");
        }
        if (decisions != null && noCorrections) {
            throw bad(
                    "--no-corrections is for --decisions-topic: a --decisions file holds what"
                            + " it holds");
        }
        ReplayWindow window = window();
        if (decisionsTopic && window == null) {
            throw bad("--decisions-topic needs the window: give --from TIME and --to TIME");
        }
        if (decisionsTopic && config == null) {
            throw bad("--decisions-topic needs --config FILE: the topic and its broker");
        }
        // a file, a directory's files or a glob, as train reads them
        try {
            for (Path file : FeaturePass.clickFiles(clicks)) {
                checks().readableFile(file, "--clicks");
            }
        } catch (IOException e) {
            throw bad("--clicks " + OptionChecks.shown(e.getMessage()));
        }
        CsvMapping csv = null;
        if (mapping != null) {
            checks().readableFile(mapping, "--mapping");
            try {
                csv = CsvMapping.load(mapping);
            } catch (InvalidMappingException e) {
                throw bad("--mapping " + e.getMessage());
            }
        }
        Configuration settings = new Configuration();
        if (config != null) {
            checks().readableFile(config, "--config");
            try {
                settings = JobConfigFile.load(config);
            } catch (InvalidJobConfigException e) {
                throw bad("--config " + e.getMessage());
            }
        }
        PrivacyConfig privacy;
        try {
            privacy = PrivacyConfig.fromConfiguration(settings, environment);
        } catch (InvalidHmacKeyException e) {
            throw bad(OptionChecks.shown(e.getMessage()));
        }
        int topN = count(top, "--top");
        int shown = count(clicksShown, "--clicks-shown");
        int features = count(featuresShown, "--features-shown");
        for (Path file : new Path[] {json, html}) {
            if (file != null) {
                checks().writableFile(file, file == json ? "--json" : "--html");
            }
        }
        if (json != null
                && json.toAbsolutePath().equals(html == null ? null : html.toAbsolutePath())) {
            throw bad("--json and --html name the same file " + OptionChecks.shown(json));
        }
        DecisionSource source;
        if (decisionsTopic) {
            try {
                source =
                        new DecisionSource.Topic(
                                DecisionsTopicReader.kafkaConfig(settings),
                                window,
                                noCorrections
                                        ? Optional.empty()
                                        : Optional.of(
                                                DecisionsTopicReader.correctionsTopic(settings)));
            } catch (ReplayException e) {
                throw bad(
                        "--config "
                                + OptionChecks.shown(config)
                                + ": "
                                + OptionChecks.shown(e.getMessage()));
            }
        } else {
            source = new DecisionSource.File(decisions, Optional.ofNullable(window));
        }
        try {
            return new ReviewRequest(source, clicks, csv, privacy.key(), topN, shown, features);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** The window of --from and --to, as replay parses them; null when neither is given. */
    private ReplayWindow window() {
        if (from == null && to == null) {
            return null;
        }
        if (from == null || to == null) {
            throw bad("--from and --to come together: give both, or neither with --decisions");
        }
        Instant fromTime = plausible(checks().time(from, ZoneOffset.UTC, "--from"), "--from");
        Instant toTime = plausible(checks().time(to, ZoneOffset.UTC, "--to"), "--to");
        if (!fromTime.isBefore(toTime)) {
            throw bad("--from " + from + " must be before --to " + to);
        }
        return DecisionSource.window(fromTime, toTime);
    }

    /** A time a decision may carry: from the epoch to the contracts' latest timestamp. */
    private Instant plausible(Instant time, String option) {
        if (time.isBefore(Instant.EPOCH) || time.isAfter(ParseLimits.DEFAULT_MAX_TIMESTAMP)) {
            throw bad(
                    option
                            + " "
                            + time
                            + " is outside "
                            + Instant.EPOCH
                            + " to "
                            + ParseLimits.DEFAULT_MAX_TIMESTAMP
                            + ", the times a decision may carry");
        }
        return time;
    }

    private int count(String text, String option) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw bad(option + " '" + OptionChecks.shown(text) + "' is not a whole number");
        }
    }

    private OptionChecks checks() {
        return new OptionChecks(spec.commandLine());
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
