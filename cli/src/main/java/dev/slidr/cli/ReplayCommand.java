package dev.slidr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.InvalidMappingException;
import dev.slidr.job.InvalidJobConfigException;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.RegistryState;
import dev.slidr.replay.AtomicLines;
import dev.slidr.replay.Baseline;
import dev.slidr.replay.ProgressBarListener;
import dev.slidr.replay.ReplayListener;
import dev.slidr.replay.ReplayRequest;
import dev.slidr.replay.ReplayResult;
import dev.slidr.replay.ReplayRun;
import dev.slidr.replay.ReplaySource;
import dev.slidr.rules.givt.GivtConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slidr replay}: sends a past window of clicks through a registered model with the live
 * job's own topology, compares the decisions with a baseline, writes (and optionally publishes)
 * corrections, and prints the diff.
 *
 * <pre>
 * bin/slidr replay --from 2025-06-02T09:00:00Z --to 2025-06-02T12:00:00Z \
 *     --config slidr.yaml --registry /srv/registry --model 20250601-a \
 *     --decisions-topic --out /tmp/replay --publish --summary /tmp/replay.json
 * </pre>
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replays the clicks of [--from, --to) through a registered model (by default one that"
                    + " is or was stable), reading from --from minus --warm-up so that the"
                    + " features have their history, and compares the decisions with a"
                    + " baseline: per slice and per advertiser, flips, IVR and the change in"
                    + " billable clicks.",
            "Clicks come from archived files (--clicks, as train reads them) or from the clicks"
                    + " topic of --config. Corrections (revision + 1, the replay id) are written"
                    + " under --out and, with --publish, to the corrections topic.",
            "Exit 0 when the replay ran (also when the window holds no click), 2 for bad"
                    + " arguments or an unknown version, 1 for a refused model or other failures."
        })
public final class ReplayCommand implements Callable<Integer> {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin TrustOptions trust;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            required = true,
            description =
                    "First event time decided: an ISO-8601 instant (2025-06-02T09:00:00Z) or a"
                            + " date (2025-06-02, midnight UTC).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            required = true,
            description = "End of the decided window, exclusive (same forms as --from).")
    String to;

    @Option(
            names = "--clicks",
            paramLabel = "FILE|DIR",
            description =
                    "Archived clicks: JSON lines (plain or gzip), or CSV with --mapping; a"
                            + " directory is read file by file in name order.")
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
                    "Job configuration (YAML or properties): without --clicks the clicks come"
                            + " from its clicks topic; also the topics and broker of"
                            + " --decisions-topic and --publish, and the GIVT and privacy"
                            + " settings.")
    Path config;

    @Option(
            names = "--registry",
            paramLabel = "URI",
            required = true,
            description = "Model registry: a directory or a file system URI.")
    String registry;

    @Option(
            names = "--model",
            paramLabel = "VERSION",
            required = true,
            description = "The registered version that decides the replay.")
    String model;

    @Option(
            names = "--allow-candidate",
            description =
                    "Accept a version that was never stable (evaluation before promoting); by"
                            + " default the registry's history must show it stable.")
    boolean allowCandidate;

    @Option(
            names = "--baseline",
            paramLabel = "VERSION",
            description = "Compare with a replay of the same window by this registered version.")
    String baselineVersion;

    @Option(
            names = "--decisions",
            paramLabel = "FILE",
            description =
                    "Compare with these decisions: JSON lines (plain or gzip), the highest"
                            + " revision per click wins.")
    Path decisionsFile;

    @Option(
            names = "--decisions-topic",
            description =
                    "Compare with the decisions topic of --config (read committed, the highest"
                            + " revision per click wins).")
    boolean decisionsTopic;

    @Option(
            names = "--warm-up",
            paramLabel = "DURATION",
            description =
                    "History read before --from to build the features: 24h, 90m, 2d or"
                            + " ISO-8601 (PT24H); at most 7d (default: 24h, the longest feature"
                            + " window).")
    String warmUp;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "replay-out",
            description =
                    "Directory of the corrections, dead letters, report.html and summary.json"
                            + " (created when missing; default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--publish",
            description =
                    "Also publish the corrections to the corrections topic of --config (keyed by"
                            + " click id, exactly once per replay id).")
    boolean publish;

    @Option(
            names = "--emit",
            paramLabel = "changed|all",
            defaultValue = "changed",
            description =
                    "Corrections for the changed decisions only, or for every decided click"
                            + " (default: ${DEFAULT-VALUE}).")
    String emit;

    @Option(
            names = "--replay-id",
            paramLabel = "ID",
            description =
                    "The id on every correction: 1 to 128 letters, digits, '.', '_', ':' or '-'"
                            + " (default: derived from the window, source, model and baseline,"
                            + " so a rerun writes the same corrections).")
    String replayId;

    @Option(
            names = "--truth",
            paramLabel = "FILE",
            description =
                    "Ground truth (the simulator's truth.csv): adds true precision and recall per"
                            + " slice for both sides.")
    Path truth;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the result and the diff as JSON to FILE.")
    Path summaryFile;

    @Override
    public Integer call() throws IOException {
        ReplayRequest request = request();
        Files.createDirectories(request.out());
        ReplayResult result;
        try (ProgressBarListener progress = new ProgressBarListener(System.err)) {
            result = run(request, progress);
        }
        return finish(request, result);
    }

    private static ReplayResult run(ReplayRequest request, ReplayListener listener)
            throws IOException {
        return new ReplayRun(listener).run(request);
    }

    /**
     * The checked request of these options.
     *
     * @throws ParameterException one line naming the option that is wrong
     */
    ReplayRequest request() throws IOException {
        Instant fromTime = checks().time(from, ZoneOffset.UTC, "--from");
        Instant toTime = checks().time(to, ZoneOffset.UTC, "--to");
        if (!fromTime.isBefore(toTime)) {
            throw bad("--from " + from + " must be before --to " + to);
        }
        Configuration jobConfiguration = null;
        if (config != null) {
            checks().readableFile(config, "--config");
            try {
                jobConfiguration = JobConfigFile.load(config);
            } catch (InvalidJobConfigException e) {
                throw bad("--config " + e.getMessage());
            }
            try {
                // the replay screens clicks as the live job does: its GIVT lists must load
                GivtConfig.fromConfiguration(jobConfiguration);
            } catch (IllegalArgumentException e) {
                throw bad(
                        "--config "
                                + OptionChecks.shown(config)
                                + ": "
                                + OptionChecks.shown(e.getMessage()));
            }
        }
        ReplaySource source = source(jobConfiguration);
        Baseline baseline = baseline(jobConfiguration);
        if (publish && jobConfiguration == null) {
            throw bad("--publish needs --config FILE: the corrections topic and its broker");
        }
        boolean emitAll =
                switch (emit) {
                    case "changed" -> false;
                    case "all" -> true;
                    default ->
                            throw bad(
                                    "--emit must be changed or all, was '"
                                            + OptionChecks.shown(emit)
                                            + "'");
                };
        if (truth != null) {
            checks().readableFile(truth, "--truth");
        }
        checks().writableDirectory(out, "--out");
        if (summaryFile != null) {
            checks().writableFile(summaryFile, "--summary");
        }
        ModelRegistry models = registry();
        RegistryState state = models.state();
        if (!state.isRegistered(model)) {
            throw bad("--model " + OptionChecks.shown(model) + " is not registered in " + registry);
        }
        if (baseline instanceof Baseline.Version v && !state.isRegistered(v.version())) {
            throw bad(
                    "--baseline "
                            + OptionChecks.shown(v.version())
                            + " is not registered in "
                            + registry);
        }
        try {
            return ReplayRequest.builder()
                    .from(fromTime)
                    .to(toTime)
                    .warmUp(warmUp == null ? ReplayRequest.DEFAULT_WARM_UP : parseWarmUp())
                    .source(source)
                    .registry(models)
                    .modelVersion(model)
                    .allowCandidate(allowCandidate)
                    .baseline(baseline)
                    .out(out)
                    .publish(publish)
                    .kafka(jobConfiguration)
                    .emitAll(emitAll)
                    .replayId(replayId)
                    .truth(truth)
                    .build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private ReplaySource source(Configuration jobConfiguration) throws IOException {
        if (clicks == null) {
            if (mapping != null) {
                throw bad("--mapping describes --clicks CSV files; give --clicks FILE|DIR");
            }
            if (jobConfiguration == null) {
                throw bad(
                        "no clicks: give --clicks FILE|DIR, or --config FILE for the clicks topic");
            }
            return new ReplaySource.Topic(jobConfiguration);
        }
        if (Files.isDirectory(clicks)) {
            if (!Files.isReadable(clicks)) {
                throw bad("--clicks " + OptionChecks.shown(clicks) + " is not readable");
            }
            try (var files = Files.list(clicks)) {
                if (files.noneMatch(Files::isRegularFile)) {
                    throw bad("--clicks " + OptionChecks.shown(clicks) + " holds no files");
                }
            }
        } else {
            checks().readableFile(clicks, "--clicks");
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
        return new ReplaySource.Files(List.of(clicks), csv);
    }

    private Baseline baseline(Configuration jobConfiguration) {
        int given =
                (baselineVersion != null ? 1 : 0)
                        + (decisionsFile != null ? 1 : 0)
                        + (decisionsTopic ? 1 : 0);
        if (given > 1) {
            throw bad(
                    "two baselines: give one of --baseline VERSION, --decisions FILE,"
                            + " --decisions-topic");
        }
        if (baselineVersion != null) {
            if (baselineVersion.equals(model)) {
                throw bad(
                        "--baseline "
                                + OptionChecks.shown(model)
                                + " is the replayed --model itself");
            }
            return new Baseline.Version(baselineVersion);
        }
        if (decisionsFile != null) {
            checks().readableFile(decisionsFile, "--decisions");
            return new Baseline.DecisionsFile(decisionsFile);
        }
        if (decisionsTopic) {
            if (jobConfiguration == null) {
                throw bad("--decisions-topic needs --config FILE: the topic and its broker");
            }
            return new Baseline.DecisionsTopic(jobConfiguration);
        }
        return new Baseline.None();
    }

    /** The registry, which must exist: a mistyped location is an error, not an empty registry. */
    private ModelRegistry registry() {
        if (registry.isBlank()) {
            throw bad("--registry is empty");
        }
        try {
            return RegistryModel.openExisting(registry).withTrust(trust.trust());
        } catch (IOException | IllegalArgumentException e) {
            throw bad("--registry: " + OptionChecks.shown(e.getMessage()));
        }
    }

    /**
     * What to do with a finished replay: the summary file, the table on standard output, and exit
     * 0, also when the window held no click.
     */
    int finish(ReplayRequest request, ReplayResult result) throws IOException {
        if (summaryFile != null) {
            AtomicLines.writeString(
                    summaryFile, ReplayRun.summary(request, result).toPrettyString());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                Locale.ROOT,
                "replay %s: read %,d clicks, %,d warmed the features, %,d decided, %,d repeated"
                        + " click ids (not decided again), %,d outside the warm-up and window,"
                        + " %,d dead letters, %,d corrections%s%n",
                result.replayId(),
                result.read(),
                result.warmed(),
                result.decided(),
                result.repeated(),
                result.outside(),
                result.deadLetters(),
                result.corrections(),
                request.publish() ? " (published)" : "");
        if (result.decided() == 0) {
            stdout.printf(
                    Locale.ROOT,
                    "no clicks in [%s, %s): nothing was decided%n",
                    request.from(),
                    request.to());
        } else {
            stdout.print(result.report().table());
        }
        for (Path file : result.files()) {
            stdout.println("wrote " + file);
        }
        stdout.flush();
        return 0;
    }

    private Duration parseWarmUp() {
        Duration d;
        Matcher m = SIMPLE_DURATION.matcher(warmUp);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d =
                        switch (m.group(2)) {
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        };
            } else {
                d = Duration.parse(warmUp);
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw bad(
                    "--warm-up '"
                            + OptionChecks.shown(warmUp)
                            + "' is not a duration such as 24h, 90m, 2d or PT24H");
        }
        if (d.isNegative()) {
            throw bad("--warm-up " + OptionChecks.shown(warmUp) + " is negative");
        }
        if (d.compareTo(ReplayRequest.MAX_WARM_UP) > 0) {
            throw bad(
                    "--warm-up "
                            + OptionChecks.shown(warmUp)
                            + " is longer than 7d: no feature looks back so far");
        }
        return d;
    }

    private OptionChecks checks() {
        return new OptionChecks(spec.commandLine());
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
