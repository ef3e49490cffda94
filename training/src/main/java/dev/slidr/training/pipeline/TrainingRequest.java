package dev.slidr.training.pipeline;

import dev.slidr.contract.input.CsvMapping;
import dev.slidr.rules.givt.GivtConfig;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What one {@link TrainingRun} reads, how it screens and trains, and where it stages the bundle.
 *
 * <pre>{@code
 * TrainingRequest request =
 *         TrainingRequest.builder()
 *                 .clicks(dir.resolve("clicks.jsonl"))
 *                 .conversions(dir.resolve("conversions.jsonl"))
 *                 .rfm(dir.resolve("rfm.csv"))
 *                 .givt(GivtConfig.fromConfiguration(jobConfiguration))
 *                 .config(TrainingConfig.defaults())
 *                 .build();
 * }</pre>
 *
 * @param clicks the click log: JSON lines (plain or gzip), or CSV when {@code mapping} is given
 * @param mapping CSV mapping of the click log, or null for JSON lines
 * @param conversions JSON lines, or CSV when named {@code *.csv}
 * @param rfm the RFM table: CSV or JSON lines
 * @param truth the simulator's ground truth, or null
 * @param givt the live job's GIVT settings: training leaves out the clicks its checks match and
 *     drops repeated click ids by its dedupe window; null for no screen and the default window
 * @param from first event time of the rows, or null for the earliest click
 * @param to end of the rows (exclusive), or null for just after the latest click
 * @param config the training configuration
 * @param staging where the bundle is written before it is registered, or null for a new temporary
 *     directory that is deleted once the registry holds its own copy
 * @param versusStable whether the registry's stable model is a guardrail's reference
 * @param allowEmptyLabels whether conversions or an RFM table without rows are intended, rather
 *     than a refusal
 * @param signer the key the bundle's manifest is signed with, or null for an unsigned bundle
 * @param verdicts a reviewer's verdicts on entities (strong labels), or null
 */
public record TrainingRequest(
        Path clicks,
        CsvMapping mapping,
        Path conversions,
        Path rfm,
        Path truth,
        GivtConfig givt,
        Instant from,
        Instant to,
        TrainingConfig config,
        Path staging,
        boolean versusStable,
        boolean allowEmptyLabels,
        dev.slidr.registry.BundleSigner signer,
        EntityVerdicts verdicts) {

    /** A builder with no GIVT screen, the whole time range, and the stable model as reference. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a request and checks it is complete and consistent. */
    public static final class Builder {
        private Path clicks;
        private CsvMapping mapping;
        private Path conversions;
        private Path rfm;
        private Path truth;
        private GivtConfig givt;
        private Instant from;
        private Instant to;
        private TrainingConfig config;
        private Path staging;
        private boolean versusStable = true;
        private boolean allowEmptyLabels;
        private dev.slidr.registry.BundleSigner signer;
        private EntityVerdicts verdicts;

        private Builder() {}

        /** A reviewer's verdicts: strong labels for the clicks of the judged entities. */
        public Builder verdicts(EntityVerdicts judged) {
            this.verdicts = judged;
            return this;
        }

        /** Signs the bundle's manifest with this key; null (the default) leaves it unsigned. */
        public Builder signer(dev.slidr.registry.BundleSigner key) {
            this.signer = key;
            return this;
        }

        public Builder clicks(Path file) {
            this.clicks = file;
            return this;
        }

        /** The CSV mapping of the click log; without one the log is read as JSON lines. */
        public Builder mapping(CsvMapping csv) {
            this.mapping = csv;
            return this;
        }

        public Builder conversions(Path file) {
            this.conversions = file;
            return this;
        }

        public Builder rfm(Path file) {
            this.rfm = file;
            return this;
        }

        /** Ground truth, for true precision and recall beside the weak-label figures. */
        public Builder truth(Path file) {
            this.truth = file;
            return this;
        }

        /**
         * The live job's GIVT settings, so that training leaves out the clicks the job never scores
         * and drops repeated click ids by the job's own rule.
         */
        public Builder givt(GivtConfig settings) {
            this.givt = settings;
            return this;
        }

        /** The rows' time range; earlier clicks only warm up the counters. Null for open ends. */
        public Builder range(Instant first, Instant endExclusive) {
            this.from = first;
            this.to = endExclusive;
            return this;
        }

        public Builder config(TrainingConfig training) {
            this.config = training;
            return this;
        }

        /** Where the bundle is written before registration; a refused bundle stays there. */
        public Builder staging(Path dir) {
            this.staging = dir;
            return this;
        }

        /**
         * Whether the guardrails compare the model with the registry's stable one; off where the
         * stable model is known not to fit (a demo that trains because the stable model reads an
         * older feature schema).
         */
        public Builder versusStable(boolean compare) {
            this.versusStable = compare;
            return this;
        }

        /** Whether a label source without rows is intended; otherwise the run is refused. */
        public Builder allowEmptyLabels(boolean allow) {
            this.allowEmptyLabels = allow;
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException when an input or the configuration is missing, or the
         *     time range is empty
         */
        public TrainingRequest build() {
            require(clicks, "the click log");
            require(conversions, "the conversions file");
            require(rfm, "the RFM table");
            require(config, "the training configuration");
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException(
                        "the time range is empty: from " + from + " is not before to " + to);
            }
            return new TrainingRequest(
                    clicks,
                    mapping,
                    conversions,
                    rfm,
                    truth,
                    givt,
                    from,
                    to,
                    config,
                    staging,
                    versusStable,
                    allowEmptyLabels,
                    signer,
                    verdicts);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalArgumentException("a training request needs " + what);
            }
        }
    }
}
