package dev.slidr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.job.InvalidJobConfigException;
import dev.slidr.job.JobConfig;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.kafka.ControlTopicWriter;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.registry.BundleManifest;
import dev.slidr.registry.BundleVerificationException;
import dev.slidr.registry.ManifestCodec;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelEntry;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.RegistryState;
import dev.slidr.registry.SigningKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slidr models}: lists, shows, promotes, rolls back and shadows the models of a registry.
 *
 * <pre>
 * bin/slidr models list --registry /data/registry
 * bin/slidr models show m20250609-1a2b3c4d --registry s3://slidr/registry --json
 * bin/slidr models promote m20250609-1a2b3c4d --registry /data/registry
 * bin/slidr models rollback --registry /data/registry
 * bin/slidr models shadow m20250616-5e6f7a8b --registry /data/registry --live --config slidr.yaml
 * bin/slidr models unshadow --registry /data/registry --live --config slidr.yaml
 * bin/slidr models export --registry /data/registry --out /opt/slidr/model
 * bin/slidr models keygen --out /etc/slidr/keys
 * </pre>
 *
 * <p>Every subcommand that reads a bundle checks its signature against {@code --trusted-keys}
 * (default {@code $SLIDR_TRUSTED_KEYS}); unsigned bundles need {@code --allow-unsigned}.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Lists, shows, promotes, rolls back and shadows the models of a registry.",
        subcommands = {
            ModelsCommand.ListModels.class,
            ModelsCommand.ShowModel.class,
            ModelsCommand.PromoteModel.class,
            ModelsCommand.RollbackModel.class,
            ModelsCommand.ShadowModel.class,
            ModelsCommand.UnshadowModel.class,
            ModelsCommand.ExportModel.class,
            ModelsCommand.KeygenModels.class
        })
public final class ModelsCommand implements Runnable {

    /**
     * Metrics shown by {@code list}: JSON pointers into the manifest's metrics, tried in order; the
     * weak-label figures by their names since issue 14 first, then by the names older bundles
     * wrote.
     */
    static final List<KeyMetric> KEY_METRICS =
            List.of(
                    new KeyMetric(
                            "WEAK_AUC",
                            List.of("/holdout/weak_auc", "/weak_auc", "/holdout/auc", "/auc"),
                            false),
                    new KeyMetric("IVR", List.of("/holdout/ivr", "/ivr"), true),
                    new KeyMetric(
                            "WEAK_FPR",
                            List.of("/holdout/weak_fpr", "/weak_fpr", "/holdout/fpr", "/fpr"),
                            true));

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A metric shown in the model table. */
    record KeyMetric(String label, List<String> pointers, boolean percent) {
        Optional<Double> of(BundleManifest m) {
            for (String pointer : pointers) {
                Optional<JsonNode> node = m.metric(pointer);
                if (node.isPresent() && node.get().isNumber()) {
                    return Optional.of(node.get().asDouble());
                }
            }
            return Optional.empty();
        }

        String format(BundleManifest m) {
            return of(m).filter(Double::isFinite)
                    .map(
                            v ->
                                    percent
                                            ? String.format(Locale.ROOT, "%.2f%%", 100 * v)
                                            : String.format(Locale.ROOT, "%.4f", v))
                    .orElse("n/a");
        }
    }

    /** The options every models subcommand takes. */
    static final class RegistryOptions {
        @Option(
                names = "--registry",
                paramLabel = "DIR",
                defaultValue = "${env:SLIDR_REGISTRY}",
                description =
                        "The registry: a directory or a file system URI (file://, s3://, ...)."
                                + " Default: $SLIDR_REGISTRY.")
        String registry;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Mixin TrustOptions trust;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        /** A version argument, checked before the registry is touched: a bad one exits 2. */
        String version(String version) {
            return VersionArgument.check(spec.commandLine(), "VERSION", version);
        }

        /** The registry, which must exist: a mistyped path is an error, not an empty registry. */
        ModelRegistry open() throws IOException {
            if (registry == null || registry.isBlank()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--registry is required (or set SLIDR_REGISTRY)");
            }
            return RegistryModel.openExisting(registry).withTrust(trust.trust());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void printJson(JsonNode node) throws IOException {
            out().println(JSON.writeValueAsString(node));
            out().flush();
        }
    }

    /** {@code slidr models list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the registered models, oldest first; * marks the stable one.")
    static final class ListModels implements Callable<Integer> {
        @Mixin RegistryOptions options;

        @Override
        public Integer call() throws IOException {
            ModelRegistry registry = options.open();
            List<ModelEntry> entries = registry.list();
            List<Verification> checks = new ArrayList<>();
            for (ModelEntry e : entries) {
                checks.add(Verification.of(registry, e.version()));
            }
            List<String> failed =
                    checks.stream().filter(c -> !c.passed()).map(Verification::version).toList();
            int exit = failed.isEmpty() ? 0 : options.spec.exitCodeOnExecutionException();
            if (options.json) {
                ArrayNode array = JSON.createArrayNode();
                for (int i = 0; i < entries.size(); i++) {
                    ObjectNode node = entryJson(entries.get(i));
                    checks.get(i).addTo(node);
                    array.add(node);
                }
                options.printJson(array);
                reportFailed(options, failed, entries.size());
                return exit;
            }
            PrintWriter out = options.out();
            if (entries.isEmpty()) {
                out.println("no models registered in " + options.registry);
                out.flush();
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            List<String> header =
                    new ArrayList<>(List.of("", "VERSION", "CREATED", "FEATURES", "GUARDRAILS"));
            KEY_METRICS.forEach(k -> header.add(k.label()));
            header.add("VERIFIED");
            rows.add(header.toArray(String[]::new));
            for (int i = 0; i < entries.size(); i++) {
                ModelEntry e = entries.get(i);
                List<String> row = new ArrayList<>();
                row.add(e.stable() ? "*" : "");
                row.add(e.version());
                BundleManifest m = e.manifest();
                if (m == null) {
                    row.add("unreadable manifest: " + e.manifestProblem());
                } else {
                    row.add(m.createdAt().toString());
                    row.add(m.featureVersion() + " (" + m.featureNames().size() + ")");
                    row.add(guardrailSummary(m));
                    KEY_METRICS.forEach(k -> row.add(k.format(m)));
                }
                row.add(checks.get(i).summary());
                rows.add(row.toArray(String[]::new));
            }
            printTable(out, rows);
            out.flush();
            reportFailed(options, failed, entries.size());
            return exit;
        }
    }

    /** One bundle's verification for {@code list}: checksums and signature. */
    record Verification(
            String version,
            String signer,
            boolean signed,
            List<BundleVerificationException.Problem> problems) {
        static Verification of(ModelRegistry registry, String version) throws IOException {
            try {
                ModelBundle bundle = registry.load(version);
                return new Verification(
                        version, bundle.signer().orElse(null), bundle.signed(), List.of());
            } catch (BundleVerificationException e) {
                return new Verification(version, null, false, e.problems());
            }
        }

        boolean passed() {
            return problems.isEmpty();
        }

        String summary() {
            if (!passed()) {
                return "FAILED: "
                        + problems.get(0)
                        + (problems.size() > 1 ? " (+" + (problems.size() - 1) + ")" : "");
            }
            return signer != null ? "ok, signed by " + signer : "ok, unsigned (allowed)";
        }

        void addTo(ObjectNode node) {
            node.put("verified", passed());
            node.put("signed_by", signer);
            ArrayNode ps = node.putArray("problems");
            problems.forEach(p -> ps.addObject().put("file", p.file()).put("reason", p.reason()));
        }
    }

    private static void reportFailed(RegistryOptions options, List<String> failed, int total) {
        if (failed.isEmpty()) {
            return;
        }
        PrintWriter err = options.spec.commandLine().getErr();
        err.println(
                "models list: "
                        + failed.size()
                        + " of "
                        + total
                        + " bundles failed verification: "
                        + String.join(", ", failed)
                        + " (bin/slidr models show VERSION for details)");
        err.flush();
    }

    /** {@code slidr models show VERSION}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Shows a model's manifest, guardrails and history, and verifies its files.",
                "Exits 1 when a file does not match its SHA-256."
            })
    static final class ShowModel implements Callable<Integer> {
        @Mixin RegistryOptions options;

        @Parameters(index = "0", paramLabel = "VERSION", description = "The model version.")
        String version;

        @Override
        public Integer call() throws IOException {
            options.version(version);
            ModelRegistry registry = options.open();
            ModelEntry entry = registry.show(version);
            List<BundleVerificationException.Problem> problems = registry.verify(version);
            List<RegistryState.HistoryEntry> history =
                    registry.history().stream().filter(h -> h.version().equals(version)).toList();
            int exit = problems.isEmpty() ? 0 : options.spec.exitCodeOnExecutionException();
            if (options.json) {
                ObjectNode node = entryJson(entry);
                if (entry.manifest() != null) {
                    node.set("manifest", JSON.readTree(ManifestCodec.toJson(entry.manifest())));
                }
                node.put("verified", problems.isEmpty());
                ArrayNode ps = node.putArray("problems");
                problems.forEach(
                        p -> ps.addObject().put("file", p.file()).put("reason", p.reason()));
                ArrayNode hs = node.putArray("history");
                history.forEach(
                        h ->
                                hs.addObject()
                                        .put("ts", h.ts().toString())
                                        .put("action", h.action().wireName())
                                        .put("detail", h.detail()));
                options.printJson(node);
                return exit;
            }
            PrintWriter out = options.out();
            out.println("model " + version + (entry.stable() ? " (stable)" : " (candidate)"));
            BundleManifest m = entry.manifest();
            if (m == null) {
                out.println("manifest: unreadable: " + entry.manifestProblem());
            } else {
                out.println(
                        "parent:          "
                                + (m.parentVersion() == null ? "none" : m.parentVersion()));
                out.println("created:         " + m.createdAt());
                out.println(
                        "registered:      "
                                + (entry.registeredAt() == null
                                        ? "unknown"
                                        : entry.registeredAt()));
                out.println("feature version: " + m.featureVersion());
                out.println("features:        " + String.join(", ", m.featureNames()));
                out.println(
                        "data range:      " + m.dataRange().from() + " to " + m.dataRange().to());
                out.println("files:");
                m.files().forEach((name, sha) -> out.println("  " + sha + "  " + name));
                out.println("metrics:");
                for (String line : JSON.writeValueAsString(m.metrics()).split("\n")) {
                    out.println("  " + line);
                }
                out.println("guardrails: " + guardrailSummary(m));
                for (BundleManifest.Guardrail g : m.guardrails()) {
                    out.println(
                            "  "
                                    + (g.passed() ? "passed " : "FAILED ")
                                    + g.name()
                                    + (g.detail().isEmpty() ? "" : ": " + g.detail()));
                }
            }
            out.println("history:");
            for (RegistryState.HistoryEntry h : history) {
                out.println(
                        "  "
                                + h.ts()
                                + "  "
                                + h.action().wireName()
                                + (h.detail().isEmpty() ? "" : "  " + h.detail()));
            }
            if (problems.isEmpty()) {
                out.println(
                        "verification: passed (every file matches its SHA-256; "
                                + signatureNote(registry, version)
                                + ")");
            } else {
                out.println("verification: FAILED");
                problems.forEach(p -> out.println("  " + p.file() + ": " + p.reason()));
            }
            out.flush();
            if (exit != 0) {
                options.spec
                        .commandLine()
                        .getErr()
                        .println("models show: bundle " + version + " failed verification");
                options.spec.commandLine().getErr().flush();
            }
            return exit;
        }
    }

    /** {@code slidr models promote VERSION [--live --config FILE]}. */
    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = {
                "Verifies a registered model and makes it the stable one.",
                "With --live, also tells the running job (through its control topic) to score"
                        + " clicks from --effective-in seconds from now with it."
            })
    static final class PromoteModel implements Callable<Integer> {
        @Mixin RegistryOptions options;

        @Mixin LiveOptions live;

        @Option(
                names = "--effective-in",
                paramLabel = "SECONDS",
                defaultValue = "30",
                description =
                        "With --live: clicks with an event time this many seconds from now or"
                                + " later are scored by the new model (0 to 86400, default 30;"
                                + " leave the job time to receive the command).")
        long effectiveIn;

        @Parameters(index = "0", paramLabel = "VERSION", description = "The model version.")
        String version;

        @Override
        public Integer call() throws IOException, BundleVerificationException {
            options.version(version);
            if (effectiveIn < 0 || effectiveIn > 86_400) {
                throw new CommandLine.ParameterException(
                        live.spec.commandLine(),
                        "--effective-in must be 0 to 86400 seconds, was " + effectiveIn);
            }
            KafkaConfig kafka = live.kafka();
            ModelRegistry registry = options.open();
            String previous = registry.stableVersion().orElse(null);
            ModelBundle bundle = registry.promote(version, live.note());
            report(options, "promote", bundle.version(), previous);
            if (kafka != null) {
                long now = System.currentTimeMillis();
                live.write(
                        kafka,
                        new ControlCommand.Activate(bundle.version(), now + effectiveIn * 1000),
                        now);
            }
            return 0;
        }
    }

    /** {@code slidr models rollback [--live --config FILE]}. */
    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = {
                "Makes the previous stable model stable again (after verifying it).",
                "With --live, also tells the running job (through its control topic) to score"
                        + " with it from now on."
            })
    static final class RollbackModel implements Callable<Integer> {
        @Mixin RegistryOptions options;

        @Mixin LiveOptions live;

        @Override
        public Integer call() throws IOException, BundleVerificationException {
            KafkaConfig kafka = live.kafka();
            ModelRegistry registry = options.open();
            String previous = registry.stableVersion().orElse(null);
            ModelBundle bundle = registry.rollback(live.note());
            report(options, "rollback", bundle.version(), previous);
            if (kafka != null) {
                live.write(
                        kafka,
                        new ControlCommand.Rollback(bundle.version()),
                        System.currentTimeMillis());
            }
            return 0;
        }
    }

    /** {@code slidr models shadow VERSION --live --config FILE}. */
    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            description = {
                "Verifies a registered model and tells the running job (through its control"
                        + " topic) to score every click with it beside the active model, emitting"
                        + " nothing; records it in the registry's history.",
                "Needs --live --config FILE. A second shadow replaces the first."
            })
    static final class ShadowModel implements Callable<Integer> {
        @Mixin RegistryOptions options;

        @Mixin LiveOptions live;

        @Parameters(index = "0", paramLabel = "VERSION", description = "The model version.")
        String version;

        @Override
        public Integer call() throws IOException, BundleVerificationException {
            options.version(version);
            KafkaConfig kafka = live.requiredKafka("shadow");
            ModelRegistry registry = options.open();
            ModelBundle bundle = registry.shadow(version, live.note());
            String stable = registry.stableVersion().orElse(null);
            if (options.json) {
                ObjectNode node = JSON.createObjectNode();
                node.put("action", "shadow");
                node.put("shadow", bundle.version());
                node.put("stable", stable);
                options.printJson(node);
            } else {
                options.out()
                        .println(
                                "shadow model is now "
                                        + bundle.version()
                                        + " (stable: "
                                        + (stable == null ? "none" : stable)
                                        + ")");
                options.out().flush();
            }
            live.write(
                    kafka, new ControlCommand.Shadow(bundle.version()), System.currentTimeMillis());
            return 0;
        }
    }

    /** {@code slidr models unshadow --live --config FILE}. */
    @Command(
            name = "unshadow",
            mixinStandardHelpOptions = true,
            description = {
                "Tells the running job (through its control topic) to stop shadow scoring;"
                        + " records it in the registry's history.",
                "Needs --live --config FILE. Exits 1 when the registry records no shadow."
            })
    static final class UnshadowModel implements Callable<Integer> {
        @Mixin RegistryOptions options;

        @Mixin LiveOptions live;

        @Override
        public Integer call() throws IOException, BundleVerificationException {
            KafkaConfig kafka = live.requiredKafka("unshadow");
            String stopped = options.open().unshadow(live.note());
            if (options.json) {
                ObjectNode node = JSON.createObjectNode();
                node.put("action", "unshadow");
                node.put("stopped", stopped);
                options.printJson(node);
            } else {
                options.out().println("shadow scoring of " + stopped + " stops");
                options.out().flush();
            }
            live.write(kafka, new ControlCommand.Unshadow(), System.currentTimeMillis());
            return 0;
        }
    }

    /** The options of a change the running job should follow, and who made it and why. */
    static final class LiveOptions {
        /** The longest --reason and --by kept in the registry's history. */
        static final int MAX_NOTE_CHARS = 500;

        @Option(
                names = "--live",
                description =
                        "Also write the command to the running job's control topic (needs"
                                + " --config).")
        boolean live;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "With --live: the job's configuration (its Kafka settings).")
        Path config;

        @Option(
                names = "--reason",
                paramLabel = "TEXT",
                description = "Why, recorded in the registry's history.")
        String reason;

        @Option(
                names = "--by",
                paramLabel = "NAME",
                description = "Who, recorded in the registry's history. Default: the OS user.")
        String by;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        /**
         * The job's Kafka settings with --live, null without; a bad combination or configuration is
         * a usage error (exit 2), found before the registry changes.
         */
        KafkaConfig kafka() {
            note();
            if (!live) {
                if (config != null) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--config needs --live");
                }
                return null;
            }
            if (config == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--live needs --config FILE (the job's settings)");
            }
            try {
                Configuration conf = JobConfigFile.load(config);
                return KafkaConfig.fromConfiguration(
                        JobConfig.fromConfiguration(conf).applyTo(conf));
            } catch (IllegalArgumentException | InvalidJobConfigException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--config "
                                + VersionArgument.printable(config.toString())
                                + ": "
                                + e.getMessage());
            }
        }

        /**
         * The job's Kafka settings for a command that only the running job can carry out: without
         * --live it is a usage error.
         */
        KafkaConfig requiredKafka(String command) {
            if (!live) {
                note();
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "models "
                                + command
                                + " needs --live --config FILE (only the running job shadows)");
            }
            return kafka();
        }

        /** Who and why, checked: one line each, bounded. */
        ModelRegistry.ChangeNote note() {
            String who = by != null ? by : System.getProperty("user.name", "unknown");
            return new ModelRegistry.ChangeNote(
                    text("--by", who), reason == null ? "" : text("--reason", reason));
        }

        private String text(String option, String value) {
            if (value.isBlank() || value.length() > MAX_NOTE_CHARS) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        option + " must be 1 to " + MAX_NOTE_CHARS + " characters");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        option
                                + " must be one line without control characters: "
                                + VersionArgument.printable(value));
            }
            return value;
        }

        void write(KafkaConfig kafka, ControlCommand command, long now) {
            RecordMetadata at =
                    ControlTopicWriter.write(kafka, command, now, Duration.ofSeconds(15));
            spec.commandLine()
                    .getOut()
                    .println(
                            "wrote "
                                    + new String(
                                            ControlCodec.encode(command), StandardCharsets.UTF_8)
                                    + " to "
                                    + at.topic()
                                    + "/"
                                    + at.partition()
                                    + "@"
                                    + at.offset());
            spec.commandLine().getOut().flush();
        }
    }

    /** {@code slidr models export}. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description =
                    "Writes a model (the stable one unless VERSION is given), checksums verified,"
                            + " as the live job's model directory: model.onnx and thresholds.json.")
    static final class ExportModel implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "VERSION", description = "Default: the stable.")
        String version;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                required = true,
                description = "The model directory to write (created if missing).")
        Path out;

        @Mixin RegistryOptions options;

        @Override
        public Integer call() throws IOException, RegistryModel.UnusableModelException {
            options.version(version);
            ModelBundle bundle = RegistryModel.resolve(options.open(), version);
            RegistryModel.writeModelDir(bundle, out);
            if (options.json) {
                ObjectNode node = JSON.createObjectNode();
                node.put("action", "export");
                node.put("version", bundle.version());
                node.put("out", out.toString());
                options.printJson(node);
            } else {
                options.out().println("exported " + bundle.version() + " to " + out);
                options.out().flush();
            }
            return 0;
        }
    }

    private static void report(
            RegistryOptions options, String action, String stable, String previous)
            throws IOException {
        if (options.json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("action", action);
            node.put("stable", stable);
            node.put("previous", previous);
            node.put("changed", !stable.equals(previous));
            options.printJson(node);
            return;
        }
        PrintWriter out = options.out();
        if (stable.equals(previous)) {
            out.println(stable + " is already the stable model; nothing changed");
        } else {
            out.println(
                    "stable model is now "
                            + stable
                            + (previous == null ? " (there was none)" : " (was " + previous + ")"));
        }
        out.flush();
    }

    private static String signatureNote(ModelRegistry registry, String version) throws IOException {
        Verification v = Verification.of(registry, version);
        return v.signer() != null
                ? "signed by trusted key " + v.signer()
                : "unsigned, accepted by --allow-unsigned";
    }

    /** {@code slidr models keygen}. */
    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description = {
                "Makes an Ed25519 key pair for signing bundles: KEYID.key (PKCS#8 PEM, private,"
                        + " owner-only) and KEYID.pub (X.509 PEM, for --trusted-keys).",
                "Sign with train --signing-key DIR/KEYID.key (or $SLIDR_SIGNING_KEY); trust with"
                        + " --trusted-keys DIR/KEYID.pub (or $SLIDR_TRUSTED_KEYS)."
            })
    static final class KeygenModels implements Callable<Integer> {
        @Option(
                names = "--out",
                paramLabel = "DIR",
                required = true,
                description = "The directory to write the key pair into (created if missing).")
        Path out;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--out " + out + " is a file, not a directory");
            }
            SigningKeys.KeyFiles files = SigningKeys.writeKeyPair(SigningKeys.generate(), out);
            String id = files.keyId();
            Path key = files.privateKey();
            Path pub = files.publicKey();
            PrintWriter o = spec.commandLine().getOut();
            o.println("key id:      " + id);
            o.println("private key: " + key + "  (sign: train --signing-key " + key + ")");
            o.println("public key:  " + pub + "  (verify: --trusted-keys " + pub + ")");
            o.flush();
            return 0;
        }
    }

    private static String guardrailSummary(BundleManifest m) {
        long passed = m.guardrails().stream().filter(BundleManifest.Guardrail::passed).count();
        return passed + "/" + m.guardrails().size() + " passed";
    }

    private static ObjectNode entryJson(ModelEntry e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", e.version());
        node.put("stable", e.stable());
        node.put("registered_at", instant(e.registeredAt()));
        BundleManifest m = e.manifest();
        if (m == null) {
            node.put("manifest_problem", e.manifestProblem());
            return node;
        }
        node.put("parent_version", m.parentVersion());
        node.put("created_at", m.createdAt().toString());
        node.put("feature_version", m.featureVersion());
        node.put("features", m.featureNames().size());
        node.put("guardrails_passed", m.guardrailsPassed());
        ObjectNode metrics = node.putObject("key_metrics");
        for (KeyMetric k : KEY_METRICS) {
            Optional<Double> v = k.of(m).filter(Double::isFinite);
            if (v.isPresent()) {
                metrics.put(k.label().toLowerCase(Locale.ROOT), v.get());
            } else {
                metrics.putNull(k.label().toLowerCase(Locale.ROOT));
            }
        }
        return node;
    }

    private static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Left-aligned columns, two spaces apart. */
    private static void printTable(PrintWriter out, List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]);
                if (c + 1 < row.length) {
                    // padded by hand: a format width of 0 ("%-0s") is illegal
                    line.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
