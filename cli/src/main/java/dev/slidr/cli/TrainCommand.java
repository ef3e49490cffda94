package dev.slidr.cli;

import dev.slidr.contract.input.CsvMapping;
import dev.slidr.contract.input.InvalidMappingException;
import dev.slidr.feature.flink.FeatureStateOptions;
import dev.slidr.job.InvalidJobConfigException;
import dev.slidr.job.JobConfigFile;
import dev.slidr.registry.BundleSigner;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import dev.slidr.replay.features.FlinkFeaturePass;
import dev.slidr.replay.features.FlinkSessionCluster;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.HmacKey;
import dev.slidr.rules.privacy.InvalidHmacKeyException;
import dev.slidr.rules.privacy.PrivacyConfig;
import dev.slidr.training.FprBoundPolicy;
import dev.slidr.training.pipeline.EntityVerdicts;
import dev.slidr.training.pipeline.FeaturePass;
import dev.slidr.training.pipeline.FeaturePassStrategy;
import dev.slidr.training.pipeline.PrintedTrainingProgress;
import dev.slidr.training.pipeline.RefusedInputsException;
import dev.slidr.training.pipeline.SliceScheme;
import dev.slidr.training.pipeline.TrainingConfig;
import dev.slidr.training.pipeline.TrainingRequest;
import dev.slidr.training.pipeline.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slidr train}: builds features with the live code over archived clicks, trains the network
 * and its baselines on weak labels, calibrates per slice under the FPR budget, checks the
 * guardrails, and registers the bundle as a candidate (or records the refusal).
 *
 * <pre>
 * bin/slidr train --clicks /tmp/sim7/clicks.jsonl --conversions /tmp/sim7/conversions.jsonl \
 *     --rfm /tmp/sim7/rfm.csv --truth /tmp/sim7/truth.csv --registry /tmp/registry \
 *     --summary /tmp/train.json
 * </pre>
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a model on archived clicks, conversions and the RFM table, evaluates it"
                    + " beside the logistic-regression and velocity baselines, and registers it"
                    + " as a candidate when every guardrail passes.",
            "Exit 0 when registered, 3 when refused by a guardrail (inputs cut short or an"
                    + " empty label source included), 2 for bad arguments, 1 for other failures.",
            "Every output location and the registry lock are checked before any input is read."
        })
public final class TrainCommand implements Callable<Integer> {

    /** Exit code of a run whose model the guardrails refused. */
    public static final int EXIT_REFUSED = 3;

    /** How long the job manager of --flink-cluster has to answer, once. */
    private static final Duration CLUSTER_ANSWER = Duration.ofSeconds(5);

    /** The most subtasks a local feature pass may ask for. */
    static final int MAX_PARALLELISM = 256;

    /** The registry's lock file (model-registry's {@code RegistryLock}). */
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--clicks",
            paramLabel = "PATH",
            required = true,
            description =
                    "Click log: a file, a directory of files or a glob (clicks-*.jsonl.gz) of JSON"
                            + " lines (plain or gzip), or CSV with --mapping; in any order across"
                            + " files, merged by event time.")
    Path clicks;

    @Option(
            names = "--mapping",
            paramLabel = "FILE",
            description = "CSV mapping file of the click log (docs/contracts.md).")
    Path mapping;

    @Option(
            names = "--conversions",
            paramLabel = "FILE",
            required = true,
            description = "Conversions: JSON lines, or CSV (click_id,ts,kind) when named *.csv.")
    Path conversions;

    @Option(
            names = "--rfm",
            paramLabel = "FILE",
            required = true,
            description = "RFM table: CSV (customer_id,recency,frequency,monetary) or JSON lines.")
    Path rfm;

    @Option(
            names = "--truth",
            paramLabel = "FILE",
            description = "Ground truth (the simulator's truth.csv): adds true precision/recall.")
    Path truth;

    @Option(
            names = "--verdicts",
            paramLabel = "FILE",
            description =
                    "A reviewer's verdicts (CSV entity_type,entity,verdict: user|ip|ad, the"
                            + " pseudonym bin/slidr review shows, robot|human): every training and"
                            + " calibration click of a judged entity gets a strong label. User and"
                            + " IP pseudonyms are made with the job's key (--config or"
                            + " SLIDR_HMAC_KEY).")
    Path verdicts;

    @Option(
            names = "--verdict-weight",
            paramLabel = "W",
            description =
                    "Weight of a verdict-labelled click relative to a purchase-labelled one of"
                            + " its cell, in (0, 100] (default: "
                            + EntityVerdicts.DEFAULT_WEIGHT
                            + ").")
    Double verdictWeight;

    @Option(
            names = "--verdict-fpr",
            paramLabel = "purchases|humans",
            defaultValue = "purchases",
            description =
                    "The clicks the calibration measures FPR on: purchasing clicks only, or also"
                            + " the clicks of entities judged human (default: ${DEFAULT-VALUE}).")
    String verdictFpr;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "First event time of the rows (ISO-8601 instant or yyyy-mm-dd in --zone);"
                            + " earlier clicks only warm up the counters.")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "End of the rows, exclusive (ISO-8601 instant or yyyy-mm-dd in --zone).")
    String to;

    @Option(
            names = "--registry",
            paramLabel = "DIR",
            required = true,
            description = "Model registry directory or URI (created when missing).")
    String registry;

    @Option(
            names = "--signing-key",
            paramLabel = "FILE",
            description =
                    "Ed25519 private key (PKCS#8 PEM, from bin/slidr models keygen) the bundle's"
                            + " manifest is signed with. Default: the key in $SLIDR_SIGNING_KEY"
                            + " (PEM or base64); without either the bundle is unsigned.")
    Path signingKey;

    @Option(
            names = "--staging",
            paramLabel = "DIR",
            description =
                    "Where the bundle is written before it is registered (default: a new"
                            + " temporary directory); a refused bundle stays there.")
    Path staging;

    @Option(
            names = "--fpr-budget",
            paramLabel = "F",
            defaultValue = "0.02",
            description = "Combined false-positive budget (default: ${DEFAULT-VALUE}).")
    double fprBudget;

    @Option(
            names = "--calibration-headroom",
            paramLabel = "H",
            description =
                    "Calibrate at budget x H, so that day-to-day noise keeps the holdout within"
                            + " the budget (default: 0.85).")
    Double headroom;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seed of sampling, initialization and shuffling.")
    long seed;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            description =
                    "Time zone of the time features and weight cells; must equal the live job's"
                            + " slidr.features.time-zone (default: that setting of --config,"
                            + " else UTC).")
    String zone;

    @Option(
            names = "--attribution-hours",
            paramLabel = "H",
            defaultValue = "24",
            description = "A purchase within H hours after a click makes it human (default: 24).")
    double attributionHours;

    @Option(
            names = "--rfm-cut",
            paramLabel = "SCORE",
            defaultValue = "4.0",
            description = "Customers with a combined RFM score at or above this are human.")
    double rfmCut;

    @Option(
            names = "--rfm-label-weight",
            paramLabel = "W",
            description =
                    "Weight of a click that is human only by the RFM rule, relative to a"
                            + " purchasing click of its cell, in [0, 1] (default: 0; see"
                            + " docs/training.md).")
    Double rfmLabelWeight;

    @Option(
            names = "--slice-fpr-cap",
            paramLabel = "X",
            description =
                    "No slice is calibrated above X times the FPR budget of its own purchasing"
                            + " clicks, X >= 1 (default: 2).")
    Double sliceFprCap;

    @Option(
            names = "--fpr-held",
            paramLabel = "WHICH",
            description =
                    "The FPR estimate calibration holds to each slice's cap and the holdout"
                            + " guardrails compare: point, bound (the Clopper-Pearson upper bound)"
                            + " or bound-when-few (default: the bound below --fpr-few-labels"
                            + " purchasing clicks; see docs/training.md).")
    String fprHeld;

    @Option(
            names = "--check-slice-fpr",
            description =
                    "Refuse the model when a slice's holdout FPR (its upper bound where labels"
                            + " are few) is above the slice's cap (default: the"
                            + " slice_holdout_fpr guardrail is not checked; see"
                            + " docs/training.md).")
    boolean checkSliceFpr;

    @Option(
            names = "--slicing",
            paramLabel = "SCHEME",
            description =
                    "The slices calibrated, evaluated and named in calibration.json (the live"
                            + " job slices clicks by the same): device_and_login (device x"
                            + " logged-in, the default), device, login, single, or auto (the"
                            + " finest of those in which every slice present in the calibration"
                            + " rows has enough purchasing clicks to show its FPR cap; see"
                            + " docs/training.md).")
    String slicing;

    @Option(
            names = "--fpr-confidence",
            paramLabel = "C",
            description = "One-sided confidence of the FPR upper bound, in (0, 1) (default: 0.95).")
    Double fprConfidence;

    @Option(
            names = "--fpr-few-labels",
            paramLabel = "N",
            description =
                    "With --fpr-held bound-when-few, the bound is held below N purchasing clicks"
                            + " (default: 1000).")
    Long fprFewLabels;

    @Option(
            names = "--learn-day-of-week",
            description =
                    "Let the network learn from the day-of-week features (default: they are"
                            + " decorrelated from the training rows; see docs/training.md).")
    boolean learnDayOfWeek;

    @Option(
            names = "--velocity-k",
            paramLabel = "K",
            defaultValue = "10",
            description = "High velocity = more than K clicks of the user in the last hour.")
    int velocityK;

    @Option(
            names = "--min-coverage",
            paramLabel = "C",
            description = "Robotic coverage floor of every slice (default: 0).")
    Double minCoverage;

    @Option(
            names = "--min-marginal-precision",
            paramLabel = "P",
            description =
                    "A slice spends false positives only while at least a share P of the clicks"
                            + " they add are robots (its IVR-FPR slope at least 1 / (1 - P)), in"
                            + " [0, 1); 0 spends the whole budget (default: 0.75; see"
                            + " docs/training.md).")
    Double minMarginalPrecision;

    @Option(
            names = "--min-slice-precision",
            paramLabel = "P",
            description =
                    "A slice's threshold stops where the clicks it invalidates are robots at an"
                        + " estimated share under P (its purchasing clicks taken as a sample of the"
                        + " clicks it leaves valid), in [0, 1); 0 turns it off (default: 0.9; see"
                        + " docs/training.md).")
    Double minSlicePrecision;

    @Option(
            names = "--hidden",
            paramLabel = "H1,H2",
            split = ",",
            description = "Hidden layer widths (default: 32,16).")
    int[] hidden;

    @Option(
            names = "--networks",
            paramLabel = "N",
            description =
                    "Fit N networks of that shape, each with its own seed, and average them into"
                            + " the one network the model holds, in [1, 16] (default: 8; 1 fits a"
                            + " single network; see docs/training.md).")
    Integer networks;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: 20).")
    Integer epochs;

    @Option(
            names = "--patience",
            paramLabel = "N",
            description =
                    "Stop fitting a network after N epochs without a lower validation loss and keep"
                            + " its best epoch, in [1, --epochs] (default: 6, or --epochs when"
                            + " that is less; see docs/training.md).")
    Integer patience;

    @Option(
            names = "--max-train-rows",
            paramLabel = "N",
            description = "Training rows are sampled down to N (default: 400000).")
    Integer maxTrainRows;

    @Option(
            names = "--stratified-sample",
            description =
                    "Sample the training rows by hour x weekday x logged-in x label cell, every"
                            + " cell kept, instead of uniformly (default: uniform).")
    boolean stratifiedSample;

    @Option(names = "--threads", paramLabel = "N", description = "Trainer threads.")
    Integer threads;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The live job's configuration (YAML, as for run): its slidr.givt.* settings"
                            + " screen out the clicks the job decides before its features"
                            + " (declared robots, data-centre IPs). Default: the job's defaults.")
    Path jobConfig;

    @Option(
            names = "--allow-empty-labels",
            description =
                    "Train even when the conversions or the RFM table have no rows (by default"
                            + " an empty label source refuses the run: it turns every human click"
                            + " it would have labelled into a robot).")
    boolean allowEmptyLabels;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Also write the summary as JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--feature-pass",
            paramLabel = "ENGINE",
            description =
                    "Where the training rows are computed: single (one stream over the click log"
                            + " in this JVM; the default) or flink (the live job's dedupe and"
                            + " feature stages as a Flink job with RocksDB, on a local MiniCluster"
                            + " or with --flink-cluster on a running Flink cluster; the same rows,"
                            + " byte for byte).")
    String featurePass = "single";

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description =
                    "Subtasks of the Flink feature pass's keyed stages and row writer (1 to "
                            + MAX_PARALLELISM
                            + ", default 1); only with --feature-pass flink.")
    Integer parallelism;

    @Option(
            names = "--flink-cluster",
            paramLabel = "URL",
            description =
                    "Run the Flink feature pass as a job on this running Flink session cluster:"
                            + " its job manager's REST address, http://HOST:PORT (port 8081 when"
                            + " left out); only with --feature-pass flink and --flink-shared-dir"
                            + " (docs/training.md).")
    String flinkCluster;

    @Option(
            names = "--flink-shared-dir",
            paramLabel = "DIR",
            description =
                    "With --flink-cluster: an existing absolute directory that this machine and"
                            + " every task manager read and write under the same path (a shared"
                            + " mount); the clicks, the label files and the row parts of the run"
                            + " go through it, and are deleted afterwards.")
    Path flinkSharedDir;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "With --flink-cluster: the live job's jar that carries its stages to the"
                        + " cluster (default: flink-job/target/slidr-flink-job-<version>-job.jar).")
    Path jobJar;

    @Override
    public Integer call() throws IOException, ai.onnxruntime.OrtException {
        Configuration jobConfiguration;
        try {
            jobConfiguration =
                    jobConfig == null ? new Configuration() : JobConfigFile.load(jobConfig);
        } catch (InvalidJobConfigException e) {
            throw bad("--config " + e.getMessage());
        }
        FeaturePassStrategy pass = featurePass();
        ZoneId zoneId = parseZone(jobConfiguration);
        TrainingConfig config = config(zoneId);
        if (!Files.isDirectory(clicks) && !isGlob(clicks)) {
            // one file, checked as every other input file is
            checks().readableFile(clicks, "--clicks");
        }
        try {
            for (Path file : FeaturePass.clickFiles(clicks)) {
                checks().readableFile(file, "--clicks");
            }
        } catch (IOException e) {
            throw bad("--clicks " + e.getMessage());
        }
        checks().readableFile(conversions, "--conversions");
        checks().readableFile(rfm, "--rfm");
        if (truth != null) {
            checks().readableFile(truth, "--truth");
        }
        if (mapping != null) {
            checks().readableFile(mapping, "--mapping");
        }
        Instant fromTime = from == null ? null : checks().time(from, zoneId, "--from");
        Instant toTime = to == null ? null : checks().time(to, zoneId, "--to");
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw bad("--from " + from + " must be before --to " + to);
        }
        if (summaryFile != null) {
            Path parent = summaryFile.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw bad("--summary " + summaryFile + ": directory " + parent + " does not exist");
            }
            if (Files.isDirectory(summaryFile)) {
                throw bad("--summary " + summaryFile + " is a directory; it names the JSON file");
            }
            if (!Files.isWritable(parent)
                    || (Files.exists(summaryFile) && !Files.isWritable(summaryFile))) {
                throw bad("--summary " + summaryFile + " cannot be written");
            }
        }
        if (staging != null) {
            checks().writableDirectory(staging, "--staging");
        }
        if (!registry.contains("://")) {
            Path root = Path.of(registry);
            checks().writableDirectory(root, "--registry");
            ModelRegistry.requireUnlocked(root);
        }
        CsvMapping csv = null;
        if (mapping != null) {
            try {
                csv = CsvMapping.load(mapping);
            } catch (InvalidMappingException e) {
                throw bad("--mapping " + e.getMessage());
            }
        }
        BundleSigner signer = signer();
        EntityVerdicts judged = verdicts(jobConfiguration);
        GivtConfig givt;
        try {
            givt = GivtConfig.fromConfiguration(jobConfiguration);
        } catch (IllegalArgumentException e) {
            throw bad("--config " + jobConfig + ": " + e.getMessage());
        }
        // a plain path is a local directory; anything with a scheme goes to Flink's file systems
        ModelRegistry models =
                registry.contains("://")
                        ? ModelRegistry.open(registry)
                        : ModelRegistry.open(Path.of(registry));
        TrainingRequest request =
                TrainingRequest.builder()
                        .clicks(clicks)
                        .mapping(csv)
                        .conversions(conversions)
                        .rfm(rfm)
                        .truth(truth)
                        .givt(givt)
                        .range(fromTime, toTime)
                        .config(config)
                        .staging(staging)
                        .allowEmptyLabels(allowEmptyLabels)
                        .signer(signer)
                        .verdicts(judged)
                        .build();
        TrainingRun.Result result;
        try {
            result =
                    new TrainingRun(
                                    models,
                                    new PrintedTrainingProgress(spec.commandLine().getErr()),
                                    pass)
                            .run(request);
        } catch (RefusedInputsException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("train: refused: " + e.getMessage());
            err.flush();
            return EXIT_REFUSED;
        }
        if (summaryFile != null) {
            result.summary().write(summaryFile);
        }
        PrintWriter out = spec.commandLine().getOut();
        result.summary().print(out);
        return result.registered() ? 0 : EXIT_REFUSED;
    }

    /** The feature pass {@code --feature-pass} and {@code --parallelism} choose. */
    private FeaturePassStrategy featurePass() {
        if ("single".equals(featurePass)) {
            if (parallelism != null) {
                throw bad("--parallelism is only for --feature-pass flink");
            }
            for (Object[] given :
                    new Object[][] {
                        {"--flink-cluster", flinkCluster},
                        {"--flink-shared-dir", flinkSharedDir},
                        {"--job-jar", jobJar}
                    }) {
                if (given[1] != null) {
                    throw bad(given[0] + " is only for --feature-pass flink");
                }
            }
            return FeaturePass.SINGLE_MACHINE;
        }
        if (!"flink".equals(featurePass)) {
            throw bad("--feature-pass must be single or flink, was '" + featurePass + "'");
        }
        int n = parallelism == null ? 1 : parallelism;
        if (n < 1 || n > MAX_PARALLELISM) {
            throw bad("--parallelism must be in [1, " + MAX_PARALLELISM + "], was " + n);
        }
        if (flinkCluster == null) {
            if (flinkSharedDir != null || jobJar != null) {
                throw bad(
                        (flinkSharedDir != null ? "--flink-shared-dir" : "--job-jar")
                                + " is only for --flink-cluster");
            }
            return new FlinkFeaturePass(n);
        }
        return FlinkFeaturePass.onCluster(sessionCluster(n), n, spec.commandLine().getErr());
    }

    /**
     * The session cluster of {@code --flink-cluster}, checked before any input is read: the
     * address, the shared directory, the live job's jar, and one request to the job manager (a
     * Flink of this version with enough task slots), with no retry.
     */
    private FlinkSessionCluster sessionCluster(int slots) {
        URI rest;
        try {
            rest = FlinkSessionCluster.parseAddress(flinkCluster);
        } catch (IllegalArgumentException e) {
            throw bad("--flink-cluster " + e.getMessage());
        }
        if (flinkSharedDir == null) {
            throw bad(
                    "--flink-cluster needs --flink-shared-dir DIR: a directory this machine and"
                            + " every task manager read and write under the same path");
        }
        String problem = FlinkSessionCluster.problemWithSharedDir(flinkSharedDir);
        if (problem != null) {
            throw bad("--flink-shared-dir " + problem);
        }
        Path jar = jobJar != null ? jobJar : builtJobJar();
        checks().readableFile(jar, "--job-jar");
        try {
            FlinkSessionCluster.requireReady(rest, slots, CLUSTER_ANSWER);
        } catch (IOException e) {
            throw bad("--flink-cluster " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw bad("--flink-cluster " + rest + ": interrupted");
        }
        return new FlinkSessionCluster(rest, flinkSharedDir, jar);
    }

    /** The live job's jar of this build: {@code flink-job/target/slidr-flink-job-*-job.jar}. */
    private Path builtJobJar() {
        Path target = Path.of(System.getProperty("slidr.home", ".")).resolve("flink-job/target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars =
                    Files.newDirectoryStream(target, "slidr-flink-job-*-job.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                // reported below as no jar
            }
        }
        throw bad(
                "--flink-cluster needs the live job's jar: none in "
                        + target
                        + "; build it (mvn -pl flink-job -am package) or pass --job-jar");
    }

    private TrainingConfig config(ZoneId zoneId) {
        TrainingConfig.Builder b =
                TrainingConfig.builder()
                        .zone(zoneId)
                        .fprBudget(fprBudget)
                        .seed(seed)
                        .rfmCut(rfmCut)
                        .velocityK(velocityK);
        if (!(attributionHours > 0) || attributionHours > 24 * 365) {
            throw bad("--attribution-hours must be in (0, 8760], was " + attributionHours);
        }
        b.attributionWindow(Duration.ofMillis(Math.round(attributionHours * 3_600_000)));
        if (headroom != null) {
            b.calibrationHeadroom(headroom);
        }
        if (minCoverage != null) {
            b.minCoverage(minCoverage);
        }
        if (rfmLabelWeight != null) {
            b.rfmLabelWeight(rfmLabelWeight);
        }
        if (minMarginalPrecision != null) {
            b.minMarginalPrecision(minMarginalPrecision);
        }
        if (minSlicePrecision != null) {
            b.minSlicePrecision(minSlicePrecision);
        }
        if (sliceFprCap != null) {
            b.sliceFprCap(sliceFprCap);
        }
        b.learnDayOfWeek(learnDayOfWeek);
        if (hidden != null) {
            if (hidden.length != 2) {
                throw bad("--hidden takes two widths, e.g. 32,16");
            }
            b.hidden(hidden[0], hidden[1]);
        }
        String networksProblem = ModelSourceOptions.networksProblem(networks);
        if (networksProblem != null) {
            throw bad(networksProblem);
        }
        if (networks != null) {
            b.networks(networks);
        }
        if (epochs != null || patience != null) {
            TrainingConfig d = TrainingConfig.defaults();
            int max = epochs != null ? epochs : d.maxEpochs();
            if (patience != null && max >= 1 && (patience < 1 || patience > max)) {
                throw bad("--patience must be in [1, " + max + "] (--epochs), was " + patience);
            }
            b.epochs(max, patience != null ? patience : Math.min(d.patience(), Math.max(1, max)));
        }
        if (maxTrainRows != null) {
            b.maxTrainRows(maxTrainRows);
        }
        b.stratifiedSample(stratifiedSample);
        b.checkSliceFpr(checkSliceFpr);
        if (slicing != null) {
            try {
                b.slicing(SliceScheme.parse(slicing));
            } catch (IllegalArgumentException e) {
                // the message begins "slicing must be ...": the option, as the user typed it
                throw bad("--" + e.getMessage());
            }
        }
        if (threads != null) {
            b.threads(threads);
        }
        try {
            FprBoundPolicy d = FprBoundPolicy.defaults();
            b.fprBound(
                    new FprBoundPolicy(
                            fprHeld == null ? d.held() : FprBoundPolicy.Held.parse(fprHeld),
                            fprConfidence == null ? d.confidence() : fprConfidence,
                            fprFewLabels == null ? d.fewLabels() : fprFewLabels));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /**
     * {@code --zone}, else the job configuration's feature time zone (UTC by default); the two must
     * agree when both are given, since the live job encodes time in its own zone.
     */
    /** Whether the last part of a {@code --clicks} value is a glob ({@code clicks-*.jsonl}). */
    private static boolean isGlob(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[' || ch == '{');
    }

    private ZoneId parseZone(Configuration jobConfiguration) {
        String key = FeatureStateOptions.TIME_ZONE.key();
        ZoneId live =
                zoneOf(jobConfiguration.get(FeatureStateOptions.TIME_ZONE), "--config " + key);
        if (zone == null) {
            return live;
        }
        ZoneId chosen = zoneOf(zone, "--zone");
        if (jobConfiguration.contains(FeatureStateOptions.TIME_ZONE) && !live.equals(chosen)) {
            throw bad(
                    "--zone "
                            + zone
                            + " differs from "
                            + key
                            + " "
                            + live
                            + " in --config: the model would learn other hours than the live job"
                            + " gives it");
        }
        return chosen;
    }

    private ZoneId zoneOf(String id, String where) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw bad(where + " '" + id + "' is not a time zone id (e.g. UTC, America/New_York)");
        }
    }

    /**
     * The verdicts of --verdicts, read before any click: a file without a usable verdict, a bad
     * weight or no pseudonym key exits 2; bad rows are counted and reported.
     */
    private EntityVerdicts verdicts(Configuration jobConfiguration) throws IOException {
        if (verdicts == null) {
            if (verdictWeight != null) {
                throw bad("--verdict-weight weighs the --verdicts labels; give --verdicts FILE");
            }
            return null;
        }
        checks().readableFile(verdicts, "--verdicts");
        boolean humansInFpr =
                switch (verdictFpr) {
                    case "purchases" -> false;
                    case "humans" -> true;
                    default ->
                            throw bad(
                                    "--verdict-fpr must be purchases or humans, was '"
                                            + OptionChecks.shown(verdictFpr)
                                            + "'");
                };
        HmacKey key;
        try {
            key = PrivacyConfig.fromConfiguration(jobConfiguration, System.getenv()).key();
        } catch (InvalidHmacKeyException e) {
            throw bad("--verdicts name pseudonyms: " + e.getMessage());
        }
        try {
            return EntityVerdicts.read(
                    verdicts,
                    key,
                    verdictWeight == null ? EntityVerdicts.DEFAULT_WEIGHT : verdictWeight,
                    humansInFpr);
        } catch (IllegalArgumentException e) {
            throw bad(
                    (e.getMessage().startsWith("verdict weight")
                                    ? "--verdict-weight: "
                                    : "--verdicts: ")
                            + OptionChecks.shown(e.getMessage()));
        }
    }

    /** The signing key from --signing-key or $SLIDR_SIGNING_KEY; a bad key exits 2. */
    private BundleSigner signer() {
        try {
            if (signingKey != null) {
                return BundleSigner.fromFile(signingKey);
            }
            String env = System.getenv(BundleSigner.ENV_SIGNING_KEY);
            return env == null || env.isBlank() ? null : BundleSigner.parse(env);
        } catch (SigningKeys.InvalidKeyException e) {
            throw bad(
                    (signingKey != null ? "--signing-key: " : BundleSigner.ENV_SIGNING_KEY + ": ")
                            + e.getMessage());
        }
    }

    private OptionChecks checks() {
        return new OptionChecks(spec.commandLine());
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
