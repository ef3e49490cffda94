package dev.slidr.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON form of the soak's and the upgrade rehearsal's summaries ({@link SoakSummary}, {@link
 * UpgradeSummary}): snake_case keys, indented, written to a file with its directories.
 */
final class SummaryJson {

    private SummaryJson() {}

    /** {@code layout} (a record of the summary's fields in their written order) as JSON. */
    static String toJson(Object layout) throws IOException {
        ObjectMapper json =
                new ObjectMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .enable(SerializationFeature.INDENT_OUTPUT);
        return json.writeValueAsString(layout);
    }

    /** Writes {@code json} and a line end to {@code file}, creating its directory. */
    static void write(Path file, String json) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json + "\n");
    }
}
