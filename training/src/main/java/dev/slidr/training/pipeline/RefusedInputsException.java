package dev.slidr.training.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The inputs failed a guardrail checked before training (an input cut short, an empty label
 * source): training on them would register a model built on labels that went missing.
 */
public final class RefusedInputsException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient List<GuardrailResult> failed;

    public RefusedInputsException(List<GuardrailResult> failed) {
        super(
                failed.stream()
                        .map(r -> r.name() + ": " + r.detail())
                        .collect(Collectors.joining("; ")));
        this.failed = List.copyOf(failed);
    }

    /** The guardrails that failed. */
    public List<GuardrailResult> failed() {
        return failed;
    }
}
