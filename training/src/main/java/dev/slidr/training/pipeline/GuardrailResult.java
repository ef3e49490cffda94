package dev.slidr.training.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The outcome of one guardrail: its name, whether it passed, and what it measured. */
public record GuardrailResult(String name, boolean passed, String detail) {

    public GuardrailResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    /** {"name", "passed", "detail"} as in the manifest and the summary. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("passed", passed);
        out.put("detail", detail);
        return out;
    }
}
