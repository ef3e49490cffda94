package dev.slidr.training.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slidr.training.FprBoundPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@code train} run as the {@code --summary} JSON and as the printed table.
 *
 * <p>JSON: {@code {"model_version", "bundle", "fpr_budget", "fpr_bound": {"held", "confidence",
 * "few_labels"}, "slicing", "slicing_reason", "registered", "holdout": {"combined": M, "slices":
 * {name: M}}, "baselines": {"logistic_regression": {...}, "velocity_heuristic": {...}},
 * "guardrails": [{"name", "passed", "detail"}]}} with {@code M = {clicks, ivr, weak_human_clicks,
 * weak_fpr, weak_fpr_upper, fpr_confidence, weak_robotic_coverage, weak_auc, true_precision,
 * true_recall, true_fpr}} (null where undefined; see {@link ScorerMetrics}); when the truth file
 * names kinds each evaluation adds {@code "kinds": [K]} ({@link KindMetrics}). The printed table
 * heads {@code w_} for weak-label figures and {@code t_} for ground-truth ones; a per-kind block
 * follows it when there are kinds. {@code slicing} is the scheme calibrated ({@code
 * calibration.json}'s), {@code slicing_reason} why: named by {@code --slicing}, or chosen by {@code
 * auto}.
 */
public record TrainingSummary(
        String modelVersion,
        String bundle,
        double fprBudget,
        FprBoundPolicy fprBound,
        boolean registered,
        Evaluation holdout,
        Evaluation logisticRegression,
        Evaluation velocityHeuristic,
        List<GuardrailResult> guardrails,
        SlicingChoice slicing) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TrainingSummary {
        guardrails = List.copyOf(guardrails);
        java.util.Objects.requireNonNull(slicing, "slicing");
    }

    /** A summary of the default slicing, device × login. */
    public TrainingSummary(
            String modelVersion,
            String bundle,
            double fprBudget,
            FprBoundPolicy fprBound,
            boolean registered,
            Evaluation holdout,
            Evaluation logisticRegression,
            Evaluation velocityHeuristic,
            List<GuardrailResult> guardrails) {
        this(
                modelVersion,
                bundle,
                fprBudget,
                fprBound,
                registered,
                holdout,
                logisticRegression,
                velocityHeuristic,
                guardrails,
                SlicingChoice.given(SliceScheme.DEVICE_AND_LOGIN));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_version", modelVersion);
        out.put("bundle", bundle);
        out.put("fpr_budget", fprBudget);
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("held", fprBound.held().label());
        bound.put("confidence", fprBound.confidence());
        bound.put("few_labels", fprBound.fewLabels());
        out.put("fpr_bound", bound);
        out.put("slicing", slicing.schemeName());
        out.put("slicing_reason", slicing.reason());
        out.put("registered", registered);
        out.put("holdout", holdout.toMap());
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("logistic_regression", logisticRegression.toMap());
        baselines.put("velocity_heuristic", velocityHeuristic.toMap());
        out.put("baselines", baselines);
        List<Object> g = new ArrayList<>();
        guardrails.forEach(r -> g.add(r.toMap()));
        out.put("guardrails", g);
        return out;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the summary as JSON", e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }

    /** The per-slice table of the three scorers, then the guardrails. */
    public void print(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "model %s  %s  (FPR budget %s; FPR held: %s)%n",
                modelVersion,
                registered ? "registered as candidate" : "REFUSED",
                fprBudget,
                held(fprBound));
        if (bundle != null) {
            out.printf(Locale.ROOT, "bundle %s%n", bundle);
        }
        out.printf(Locale.ROOT, "slicing %s (%s)%n", slicing.schemeName(), slicing.reason());
        out.printf(
                Locale.ROOT,
                "%-20s %-9s %9s %7s %7s %8s %7s %7s %7s %7s %7s%n",
                "slice",
                "scorer",
                "clicks",
                "ivr",
                "w_fpr",
                "w_fpr_ub",
                "w_cover",
                "w_auc",
                "t_prec",
                "t_rec",
                "t_fpr");
        List<String> names = new ArrayList<>();
        for (String name : holdout.slicing().names()) {
            if (holdout.slices().containsKey(name) || holdout.absent().contains(name)) {
                names.add(name);
            }
        }
        holdout.slices()
                .keySet()
                .forEach(
                        n -> {
                            if (!names.contains(n)) {
                                names.add(n);
                            }
                        });
        names.add("combined");
        for (String name : names) {
            if (holdout.absent().contains(name)) {
                out.printf(Locale.ROOT, "%-20s %-9s %9d  absent from the data%n", name, "-", 0);
                continue;
            }
            row(out, name, "network", pick(holdout, name));
            row(out, "", "logistic", pick(logisticRegression, name));
            row(out, "", "velocity", pick(velocityHeuristic, name));
        }
        kinds(out);
        for (GuardrailResult g : guardrails) {
            out.printf(
                    Locale.ROOT,
                    "guardrail %-17s %s  %s%n",
                    g.name(),
                    g.passed() ? "pass" : "FAIL",
                    g.detail());
        }
        out.flush();
    }

    /**
     * The share of each truth kind's holdout clicks the network invalidated (true recall of a robot
     * kind, true FPR of a human kind), in all, logged in and anonymous, and in all by the two
     * baselines; nothing without kinds in the truth.
     */
    private void kinds(PrintWriter out) {
        if (holdout.kinds().isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%-20s %-11s %9s %7s %9s %7s %9s %7s %7s %7s%n",
                "truth kind",
                "measure",
                "clicks",
                "share",
                "li_clicks",
                "li_shr",
                "an_clicks",
                "an_shr",
                "lr_shr",
                "vel_shr");
        for (KindMetrics k : holdout.kinds()) {
            out.printf(
                    Locale.ROOT,
                    "%-20s %-11s %9d %7s %9d %7s %9d %7s %7s %7s%n",
                    k.kind(),
                    k.measure(),
                    k.all().clicks(),
                    f(k.all().share()),
                    k.loggedIn().clicks(),
                    f(k.loggedIn().share()),
                    k.anonymous().clicks(),
                    f(k.anonymous().share()),
                    f(shareOf(logisticRegression, k)),
                    f(shareOf(velocityHeuristic, k)));
        }
    }

    private static double shareOf(Evaluation e, KindMetrics k) {
        for (KindMetrics m : e.kinds()) {
            if (m.kind().equals(k.kind()) && m.robot() == k.robot()) {
                return m.all().share();
            }
        }
        return Double.NaN;
    }

    /** The held FPR estimate in words, as the table's first line says it. */
    static String held(FprBoundPolicy p) {
        String bound = String.format(Locale.ROOT, "%.0f%% bound", 100 * p.confidence());
        return switch (p.held()) {
            case POINT -> p.held().label();
            case BOUND -> p.held().label() + ", " + bound;
            case BOUND_WHEN_FEW ->
                    p.held().label()
                            + ", "
                            + bound
                            + " below "
                            + p.fewLabels()
                            + " purchasing clicks";
        };
    }

    private static ScorerMetrics pick(Evaluation e, String name) {
        return name.equals("combined") ? e.combined() : e.slices().get(name);
    }

    private static void row(PrintWriter out, String slice, String scorer, ScorerMetrics m) {
        if (m == null) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%-20s %-9s %9d %7s %7s %8s %7s %7s %7s %7s %7s%n",
                slice,
                scorer,
                m.clicks(),
                f(m.ivr()),
                f(m.weakFpr()),
                f(m.weakFprUpper()),
                f(m.weakRoboticCoverage()),
                f(m.weakAuc()),
                f(m.truePrecision()),
                f(m.trueRecall()),
                f(m.trueFpr()));
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }
}
