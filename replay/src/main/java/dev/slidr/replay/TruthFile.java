package dev.slidr.replay;

import dev.slidr.contract.input.InputStreams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The simulator's {@code truth.csv} ({@code click_id,is_robot,kind}; gzip ok), by click id. */
final class TruthFile {

    private TruthFile() {}

    /**
     * @throws ReplayException a missing file, a wrong header, or a malformed row (file and line)
     */
    static Map<String, Boolean> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ReplayException("no such truth file: " + file);
        }
        Map<String, Boolean> robots = new HashMap<>();
        try (InputStream in = InputStreams.open(file);
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = lines.readLine();
            if (header == null || !header.startsWith("click_id,is_robot")) {
                throw new ReplayException(
                        file + ": line 1: expected the header click_id,is_robot,kind");
            }
            String line;
            long number = 1;
            while ((line = lines.readLine()) != null) {
                number++;
                String[] cols = line.split(",", -1);
                if (cols.length < 2
                        || cols[0].isEmpty()
                        || !(cols[1].equals("true") || cols[1].equals("false"))) {
                    throw new ReplayException(
                            file + ": line " + number + ": expected click_id,true|false,kind");
                }
                robots.put(cols[0], Boolean.parseBoolean(cols[1]));
            }
        }
        return robots;
    }
}
