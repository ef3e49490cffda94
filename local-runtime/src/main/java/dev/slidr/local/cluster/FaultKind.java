package dev.slidr.local.cluster;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The faults the soak injects, by the names {@code --faults} takes. */
public enum FaultKind {
    /** {@code kill -9} of a task manager process, then a new one in its place. */
    TASK_MANAGER_KILL("tm-kill"),
    /**
     * {@code kill -9} of the job manager, a new one, the job resubmitted from its last checkpoint.
     */
    JOB_MANAGER_RESTART("jm-restart"),
    /** One Kafka broker stopped and started again: its partition leaders move. */
    BROKER_RESTART("broker-restart"),
    /** An exception thrown inside an operator of the running job. */
    OPERATOR_EXCEPTION("operator-exception"),
    /** The job's checkpoint directory unwritable for 30 s. */
    CHECKPOINT_STORAGE("checkpoint-storage");

    private final String option;

    FaultKind(String option) {
        this.option = option;
    }

    /** The name on the command line and in the summary. */
    public String option() {
        return option;
    }

    /** Every name {@link #parse} accepts, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(FaultKind::option).collect(Collectors.joining(","));
    }

    /**
     * {@code all}, {@code none}, or a comma-separated list of fault names.
     *
     * @throws IllegalArgumentException naming the unknown fault
     */
    public static Set<FaultKind> parse(String list) {
        String trimmed = list.strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("all")) {
            return EnumSet.allOf(FaultKind.class);
        }
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        if (trimmed.equals("none")) {
            return kinds;
        }
        for (String name : trimmed.split(",", -1)) {
            String n = name.strip();
            kinds.add(
                    Arrays.stream(values())
                            .filter(k -> k.option.equals(n))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "unknown fault '"
                                                            + (n.length() > 40
                                                                    ? n.substring(0, 40) + "…"
                                                                    : n)
                                                            + "'; use all, none or a list of "
                                                            + names())));
        }
        return kinds;
    }
}
