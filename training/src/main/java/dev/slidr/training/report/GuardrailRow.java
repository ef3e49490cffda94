package dev.slidr.training.report;

import java.util.Objects;

/** One guardrail's result as the report shows it. */
public record GuardrailRow(String name, boolean passed, String detail) {

    public GuardrailRow {
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
    }
}
