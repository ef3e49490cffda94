package dev.slidr.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slidr.registry.HtmlText;
import dev.slidr.replay.AtomicLines;
import dev.slidr.replay.ReplayWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The review queue as a terminal table, as JSON and as one self-contained HTML page (no external
 * resource, every string from the data escaped, as the replay's diff page). Files are written under
 * a temporary name and renamed, so they appear whole or not at all.
 */
public final class ReviewReport {

    /** How the queue ranks, in the outputs' own words. */
    public static final String DEFINITION =
            "expected invalid clicks = sum of the model's scores of the entity's scored clicks;"
                    + " split into clicks still billed and clicks already invalidated; GIVT"
                    + " clicks are invalid before scoring and only counted";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewReport() {}

    /** The queue as a plain-text table for a terminal, one section per kind. */
    public static String table(ReviewQueue q) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%,d decisions (%,d scored), %,d joined to their clicks, %,d without a"
                                + " click, %,d dead letters%n",
                        q.decisions(),
                        q.scored(),
                        q.clicksJoined(),
                        q.decisionsWithoutClick(),
                        q.deadLetterCount()));
        for (String line : q.firstDeadLetters()) {
            out.append("  dead letter ").append(line).append('\n');
        }
        if (q.corrections() != null) {
            out.append(corrections(q.corrections())).append('\n');
        }
        if (q.outsideWindow() > 0) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%,d decisions of clicks outside the window left out%n",
                            q.outsideWindow()));
        }
        if (q.emptyWindow()) {
            out.append("empty window: no decided click to rank\n");
            return out.toString();
        }
        for (EntityKind kind : EntityKind.values()) {
            List<RankedEntity> ranked = q.of(kind);
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%n%s: top %d of %,d by expected invalid clicks%n",
                            kind.plural(),
                            ranked.size(),
                            q.entities().getOrDefault(kind, 0L)));
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%4s  %-36s %8s %8s %6s %6s %9s %9s %9s  %s%n",
                            "#",
                            kind.wireName(),
                            "clicks",
                            kind == EntityKind.USER ? "ips" : "users",
                            "givt",
                            "sivt",
                            "expected",
                            "billed",
                            "invalid",
                            "top click: score, standing-out features"));
            int rank = 0;
            for (RankedEntity e : ranked) {
                rank++;
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%4d  %-36s %8d %8d %6d %6d %9.2f %9.2f %9.2f  %s%n",
                                rank,
                                clean(e.entity(), 36),
                                e.clicks(),
                                e.linked(),
                                e.givt(),
                                e.sivt(),
                                e.expectedInvalid(),
                                e.expectedInvalidBilled(),
                                e.expectedInvalidInvalidated(),
                                e.clicksShown().isEmpty()
                                        ? "-"
                                        : describe(e.clicksShown().get(0))));
            }
        }
        return out.toString();
    }

    /** One line on the corrections topic: what it gave, or that it is missing. */
    static String corrections(ReviewQueue.Corrections c) {
        if (!c.found()) {
            return "no corrections topic " + c.topic() + ": decisions only";
        }
        return String.format(
                Locale.ROOT,
                "%,d correction records read from %s, %,d clicks changed by a correction",
                c.records(),
                c.topic(),
                c.applied());
    }

    private static String describe(IndicativeClick c) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.3f", c.score()));
        for (FeatureValue f : c.features()) {
            s.append(String.format(Locale.ROOT, " %s=%s", f.name(), number(f.value())));
        }
        return s.toString();
    }

    /** The queue as JSON. */
    public static ObjectNode json(ReviewQueue q, ReviewRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("definition", DEFINITION);
        root.put(
                "features_shown",
                "the features of a click furthest above the window's scored clicks, in standard"
                        + " deviations of sign(x)*log1p(|x|); they describe the click, they do not"
                        + " attribute its score");
        if (request.decisions() instanceof DecisionSource.Topic t) {
            ObjectNode topic = root.putObject("decisions_topic");
            topic.put("topic", t.kafka().topicNames().decisions());
            topic.put("bootstrap_servers", t.kafka().bootstrapServers());
            window(root, t.window());
            root.put("clicks", request.clicks().toString());
            root.put("decision_records", q.decisionLines());
            ReviewQueue.Corrections c = q.corrections();
            if (c == null) {
                root.putNull("corrections_topic");
            } else {
                ObjectNode corrections = root.putObject("corrections_topic");
                corrections.put("topic", c.topic());
                corrections.put("found", c.found());
                corrections.put("correction_records", c.records());
                corrections.put("corrections_applied", c.applied());
            }
        } else {
            DecisionSource.File f = (DecisionSource.File) request.decisions();
            root.put("decisions_file", f.file().toString());
            f.window().ifPresent(w -> window(root, w));
            root.put("clicks", request.clicks().toString());
            root.put("decision_lines", q.decisionLines());
            root.putNull("corrections_topic");
        }
        root.put("decisions", q.decisions());
        root.put("decisions_outside_window", q.outsideWindow());
        root.put("scored", q.scored());
        ObjectNode dead = root.putObject("dead_letters");
        dead.put("count", q.deadLetterCount());
        ObjectNode reasons = dead.putObject("by_reason");
        for (Map.Entry<String, Long> e : q.deadLetters().entrySet()) {
            reasons.put(e.getKey(), e.getValue());
        }
        ArrayNode first = dead.putArray("first");
        q.firstDeadLetters().forEach(first::add);
        root.put("clicks_read", q.clicksRead());
        root.put("clicks_rejected", q.clicksRejected());
        root.put("clicks_joined", q.clicksJoined());
        root.put("repeated_clicks", q.repeatedClicks());
        root.put("decisions_without_click", q.decisionsWithoutClick());
        root.put("feature_version", q.featureVersion());
        root.put("empty_window", q.emptyWindow());
        for (EntityKind kind : EntityKind.values()) {
            ObjectNode section = root.putObject(kind.plural());
            section.put("entities", q.entities().getOrDefault(kind, 0L));
            ArrayNode list = section.putArray("top");
            for (RankedEntity e : q.of(kind)) {
                ObjectNode o = list.addObject();
                o.put("entity_type", kind.wireName());
                o.put("entity", e.entity());
                o.put("clicks", e.clicks());
                o.put(kind.linkedName(), e.linked());
                o.put("scored", e.scored());
                o.put("givt", e.givt());
                o.put("sivt", e.sivt());
                o.put("expected_invalid", e.expectedInvalid());
                o.put("expected_invalid_billed", e.expectedInvalidBilled());
                o.put("expected_invalid_invalidated", e.expectedInvalidInvalidated());
                ArrayNode clicks = o.putArray("clicks_shown");
                for (IndicativeClick c : e.clicksShown()) {
                    ObjectNode co = clicks.addObject();
                    co.put("click_id", c.clickId());
                    co.put("event_ts", c.eventTs());
                    co.put("score", c.score());
                    co.put("threshold", c.threshold());
                    co.put("slice", c.slice());
                    co.put("stage", c.stage());
                    ArrayNode r = co.putArray("reasons");
                    c.reasons().forEach(r::add);
                    ArrayNode features = co.putArray("features");
                    for (FeatureValue f : c.features()) {
                        features.addObject()
                                .put("name", f.name())
                                .put("value", f.value())
                                .put("z", f.z());
                    }
                }
            }
        }
        return root;
    }

    private static void window(ObjectNode root, ReplayWindow window) {
        root.putObject("window")
                .put("from", window.from().toString())
                .put("to", window.to().toString());
    }

    /** Writes the JSON beside {@code file} first, then renames it into place. */
    public static void writeJson(ReviewQueue q, ReviewRequest request, Path file)
            throws IOException {
        AtomicLines.writeString(file, json(q, request).toPrettyString() + "\n");
    }

    /** Writes the HTML page beside {@code file} first, then renames it into place. */
    public static void writeHtml(ReviewQueue q, ReviewRequest request, Path file)
            throws IOException {
        AtomicLines.writeString(file, html(q, request));
    }

    /** The queue as one self-contained HTML page. */
    public static String html(ReviewQueue q, ReviewRequest request) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>slidr review queue</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;")
                .append("vertical-align:top}")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append("code{font-size:90%}\n</style>\n</head>\n<body>\n")
                .append("<h1>Review queue</h1>\n<p>")
                .append(HtmlText.escape(DEFINITION))
                .append(".</p>\n<table>\n");
        pair(h, "decisions", request.decisions().describe());
        pair(h, "clicks", request.clicks().toString());
        pair(h, "decided clicks", String.format(Locale.ROOT, "%,d", q.decisions()));
        pair(h, "scored", String.format(Locale.ROOT, "%,d", q.scored()));
        pair(h, "joined to their clicks", String.format(Locale.ROOT, "%,d", q.clicksJoined()));
        pair(h, "without a click", String.format(Locale.ROOT, "%,d", q.decisionsWithoutClick()));
        pair(h, "dead letters", String.format(Locale.ROOT, "%,d", q.deadLetterCount()));
        if (q.corrections() != null) {
            pair(h, "corrections", corrections(q.corrections()));
        }
        h.append("</table>\n");
        if (q.emptyWindow()) {
            h.append("<p>Empty window: no decided click to rank.</p>\n</body>\n</html>\n");
            return h.toString();
        }
        for (EntityKind kind : EntityKind.values()) {
            h.append("<section id=\"")
                    .append(kind.plural())
                    .append("\">\n<h2>")
                    .append(kind.plural())
                    .append("</h2>\n<table>\n<tr><th>#</th><th>")
                    .append(kind.wireName())
                    .append("</th><th>clicks</th><th>")
                    .append(kind == EntityKind.USER ? "distinct IPs" : "distinct users")
                    .append("</th><th>GIVT</th><th>SIVT</th>")
                    .append("<th>expected invalid</th><th>of which billed</th>")
                    .append("<th>of which invalidated</th><th>most indicative clicks</th></tr>\n");
            int rank = 0;
            for (RankedEntity e : q.of(kind)) {
                h.append("<tr><td class=\"num\">").append(++rank).append("</td><td><code>");
                h.append(HtmlText.escape(e.entity())).append("</code></td>");
                num(h, String.format(Locale.ROOT, "%,d", e.clicks()));
                num(h, String.format(Locale.ROOT, "%,d", e.linked()));
                num(h, String.format(Locale.ROOT, "%,d", e.givt()));
                num(h, String.format(Locale.ROOT, "%,d", e.sivt()));
                num(h, String.format(Locale.ROOT, "%.2f", e.expectedInvalid()));
                num(h, String.format(Locale.ROOT, "%.2f", e.expectedInvalidBilled()));
                num(h, String.format(Locale.ROOT, "%.2f", e.expectedInvalidInvalidated()));
                h.append("<td>");
                for (IndicativeClick c : e.clicksShown()) {
                    h.append("<code>")
                            .append(HtmlText.escape(c.clickId()))
                            .append("</code> ")
                            .append(HtmlText.escape(Instant.ofEpochMilli(c.eventTs()).toString()))
                            .append(" score ")
                            .append(String.format(Locale.ROOT, "%.3f", c.score()))
                            .append(" (")
                            .append(HtmlText.escape(c.slice()))
                            .append(", ")
                            .append(HtmlText.escape(c.stage()))
                            .append(")");
                    for (FeatureValue f : c.features()) {
                        h.append(" ")
                                .append(HtmlText.escape(f.name()))
                                .append("=")
                                .append(HtmlText.escape(number(f.value())));
                    }
                    h.append("<br>");
                }
                h.append("</td></tr>\n");
            }
            h.append("</table>\n</section>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static void pair(StringBuilder h, String key, String value) {
        h.append("<tr><th>")
                .append(HtmlText.escape(key))
                .append("</th><td>")
                .append(HtmlText.escape(value))
                .append("</td></tr>\n");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(HtmlText.escape(text)).append("</td>");
    }

    private static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    /** One line of at most {@code max} characters: control characters become '?'. */
    static String clean(String text, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length() && s.length() < max; i++) {
            char c = text.charAt(i);
            s.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() < text.length()
                ? s.substring(0, Math.max(0, max - 1)) + "…"
                : s.toString();
    }
}
