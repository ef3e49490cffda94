package dev.slidr.simulator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Generates the configuration reference table of {@code docs/simulator.md} from {@link
 * SimulatorOptions}, so the docs are made from the code (a test keeps them in step).
 *
 * <p>Regenerate with {@code java -cp cli/target/slidr.jar dev.slidr.simulator.SimulatorDocs}.
 */
public final class SimulatorDocs {

    private SimulatorDocs() {}

    /** The Markdown table: key, default, description. */
    public static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| key | default | description |\n");
        out.append("| --- | --- | --- |\n");
        for (SimulatorOption<?> option : SimulatorOptions.ALL) {
            out.append("| `")
                    .append(option.key())
                    .append("` | `")
                    .append(format(option))
                    .append("` | ")
                    .append(option.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** An option's default as the docs and a config file write it. */
    static String format(SimulatorOption<?> option) {
        Object value = option.defaultValue();
        if (value instanceof List) {
            return ((List<?>) value)
                    .stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    public static void main(String[] args) {
        System.out.print(table());
    }
}
