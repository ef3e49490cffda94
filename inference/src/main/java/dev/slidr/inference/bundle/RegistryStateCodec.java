package dev.slidr.inference.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.inference.bundle.ModelRegistryException.Reason;
import dev.slidr.inference.bundle.RegistryState.Action;
import dev.slidr.inference.bundle.RegistryState.HistoryEntry;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code registry.json}. Reading is strict (unknown fields, missing fields,
 * unknown actions, a stable version that is not registered or that the history does not lead to are
 * {@link Reason#CORRUPT_REGISTRY}); {@code revision} may be absent (0) so that a registry written
 * by hand from the documented format can be read.
 */
final class RegistryStateCodec {

    /** A registry file larger than this is refused before it is parsed. */
    static final int MAX_REGISTRY_BYTES = 64 * 1024 * 1024;

    // revision may be absent, so missing creator properties are not all errors; the required
    // ones are still enforced through @JsonProperty(required = true)
    private static final ObjectMapper JSON =
            ManifestCodec.JSON
                    .copy()
                    .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private RegistryStateCodec() {}

    /** JSON shape of one history entry. */
    record EntryJson(
            @JsonProperty(required = true) String ts,
            @JsonProperty(required = true) String action,
            @JsonProperty(required = true) String version,
            @JsonProperty(required = true) String detail) {}

    /** JSON shape of the file. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RegistryJson(
            @JsonProperty(required = true) Integer formatVersion,
            @JsonProperty(required = false) Long revision,
            @JsonProperty(required = true) String stable,
            @JsonProperty(required = true) List<String> candidates,
            @JsonProperty(required = true) List<EntryJson> history) {}

    static byte[] toJson(RegistryState state) {
        RegistryJson doc =
                new RegistryJson(
                        state.formatVersion(),
                        state.revision(),
                        state.stable(),
                        state.candidates(),
                        state.history().stream()
                                .map(
                                        e ->
                                                new EntryJson(
                                                        e.ts().toString(),
                                                        e.action().wireName(),
                                                        e.version(),
                                                        e.detail()))
                                .toList());
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write registry state as JSON", e);
        }
    }

    static RegistryState fromJson(byte[] json, String where) throws ModelRegistryException {
        RegistryJson doc;
        try {
            doc = JSON.readValue(json, RegistryJson.class);
        } catch (JsonMappingException e) {
            String path =
                    e.getPath().stream()
                            .map(
                                    r ->
                                            r.getFieldName() != null
                                                    ? r.getFieldName()
                                                    : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining("."));
            throw corrupt(
                    where,
                    "invalid at "
                            + (path.isEmpty() ? "the top level" : path)
                            + ": "
                            + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw corrupt(where, "not valid JSON: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw corrupt(where, "is JSON null", null);
        }
        if (doc.formatVersion() == null || doc.formatVersion() != RegistryState.FORMAT_VERSION) {
            throw corrupt(
                    where,
                    "has format_version "
                            + doc.formatVersion()
                            + ", this build reads "
                            + RegistryState.FORMAT_VERSION,
                    null);
        }
        long revision = doc.revision() == null ? 0 : doc.revision();
        if (revision < 0) {
            throw corrupt(where, "has a negative revision " + revision, null);
        }
        if (doc.candidates() == null) {
            throw corrupt(where, "candidates is null", null);
        }
        Set<String> seen = new HashSet<>();
        for (String c : doc.candidates()) {
            if (c == null || !BundleManifest.VERSION_PATTERN.matcher(c).matches()) {
                throw corrupt(
                        where,
                        "candidates lists an invalid version " + BundleManifest.quote(c),
                        null);
            }
            if (!seen.add(c)) {
                throw corrupt(where, "candidates lists " + c + " twice", null);
            }
        }
        if (doc.stable() != null && !seen.contains(doc.stable())) {
            throw corrupt(
                    where,
                    "stable version "
                            + BundleManifest.quote(doc.stable())
                            + " is not among the candidates",
                    null);
        }
        if (doc.history() == null) {
            throw corrupt(where, "history is null", null);
        }
        List<HistoryEntry> history = new ArrayList<>();
        for (int i = 0; i < doc.history().size(); i++) {
            EntryJson e = doc.history().get(i);
            if (e == null) {
                throw corrupt(where, "history[" + i + "] is null", null);
            }
            final int index = i;
            Action action =
                    RegistryState.Action.fromWire(e.action())
                            .orElseThrow(
                                    () ->
                                            corrupt(
                                                    where,
                                                    "history["
                                                            + index
                                                            + "] has unknown action "
                                                            + BundleManifest.quote(e.action()),
                                                    null));
            if (e.version() == null
                    || !BundleManifest.VERSION_PATTERN.matcher(e.version()).matches()) {
                throw corrupt(
                        where,
                        "history["
                                + i
                                + "] has an invalid version "
                                + BundleManifest.quote(e.version()),
                        null);
            }
            Instant ts;
            try {
                ts = Instant.parse(String.valueOf(e.ts()));
            } catch (DateTimeParseException ex) {
                throw corrupt(
                        where,
                        "history["
                                + i
                                + "] has ts "
                                + BundleManifest.quote(e.ts())
                                + ", not an ISO-8601 instant",
                        ex);
            }
            history.add(new HistoryEntry(ts, action, e.version(), e.detail()));
        }
        RegistryState state =
                new RegistryState(
                        RegistryState.FORMAT_VERSION,
                        revision,
                        doc.stable(),
                        doc.candidates(),
                        history);
        List<String> lineage = state.stableLineage();
        String fromHistory = lineage.isEmpty() ? null : lineage.get(lineage.size() - 1);
        if (!java.util.Objects.equals(fromHistory, doc.stable())) {
            throw corrupt(
                    where,
                    "says stable is "
                            + doc.stable()
                            + " but its history of promotions and rollbacks leads to "
                            + fromHistory,
                    null);
        }
        return state;
    }

    private static ModelRegistryException corrupt(String where, String reason, Throwable cause) {
        return new ModelRegistryException(Reason.CORRUPT_REGISTRY, where + " " + reason, cause);
    }
}
