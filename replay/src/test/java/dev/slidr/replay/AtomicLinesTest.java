package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicLines}: decisions written as their contract JSON, lines in place only on commit. */
class AtomicLinesTest {

    @TempDir Path dir;

    private static final String[] SLICES = {
        "desktop/logged_in",
        "mobile/anonymous",
        "app/ünïcödé",
        "tv/\u65e5\u672c",
        "x/\"q\"\\b",
        "😀/tab\t"
    };

    private static final String[][] REASONS = {
        {}, {"score_above_threshold"}, {"givt:declared_bot", "givt:dc_ip"}, {"naïve", "\u0001ctl"}
    };

    /** Decisions of every shape a line can take: GIVT, scored, null versions, odd strings. */
    static List<Decision> varied(int n) {
        SplittableRandom random = new SplittableRandom(17);
        List<Decision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String slice = SLICES[random.nextInt(SLICES.length)];
            List<String> reasons = List.of(REASONS[random.nextInt(REASONS.length)]);
            long eventTs = 1_748_822_400_000L + random.nextLong(0, 1L << 32);
            if (i % 7 == 0) {
                decisions.add(Decision.givt("g-" + i, eventTs, eventTs + 3, reasons, slice));
                continue;
            }
            float[] features = new float[random.nextInt(0, 40)];
            for (int f = 0; f < features.length; f++) {
                features[f] =
                        switch (random.nextInt(5)) {
                            case 0 -> random.nextInt(-5, 2_000);
                            case 1 -> (float) random.nextDouble(0, 1);
                            case 2 -> (float) random.nextDouble(-1e9, 1e9);
                            case 3 -> random.nextBoolean() ? -0.0f : Float.MIN_VALUE;
                            default -> random.nextInt(0, 20_000_000);
                        };
            }
            boolean invalid = random.nextInt(4) == 0;
            boolean unscored = i % 11 == 0;
            boolean versioned = random.nextBoolean();
            decisions.add(
                    new Decision(
                            "c-" + Long.toHexString(random.nextLong()),
                            eventTs,
                            eventTs + random.nextInt(1_000),
                            invalid,
                            invalid ? Decision.Stage.SIVT : Decision.Stage.NONE,
                            invalid ? reasons : List.of(),
                            unscored ? Double.NaN : random.nextDouble(),
                            unscored ? Double.NaN : 0.5,
                            slice,
                            versioned ? "m20250602-" + i : null,
                            versioned ? "c1" : null,
                            versioned ? "v2" : null,
                            features,
                            random.nextInt(0, 3),
                            random.nextBoolean() ? "replay-" + i : null));
        }
        return decisions;
    }

    @Test
    void writesEachDecisionAsItsContractJson() throws IOException {
        List<Decision> decisions = varied(500);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path target = dir.resolve("corrections.jsonl");
        try (AtomicLines lines = new AtomicLines(target)) {
            for (Decision d : decisions) {
                lines.write(d);
                expected.write(ContractJson.write(d));
                expected.write('\n');
            }
            assertThat(lines.lines()).isEqualTo(decisions.size());
            lines.commit();
        }

        assertThat(Files.readAllBytes(target)).isEqualTo(expected.toByteArray());
    }

    @Test
    void keepsTheOrderOfDecisionsAndRawLines() throws IOException {
        List<Decision> decisions = varied(40);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path target = dir.resolve("mixed.jsonl");
        try (AtomicLines lines = new AtomicLines(target)) {
            for (int i = 0; i < decisions.size(); i++) {
                if (i % 3 == 0) {
                    byte[] raw = ("{\"line\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                    lines.write(raw);
                    expected.write(raw);
                    expected.write('\n');
                }
                lines.write(decisions.get(i));
                expected.write(ContractJson.write(decisions.get(i)));
                expected.write('\n');
            }
            lines.commit();
        }

        assertThat(Files.readAllBytes(target)).isEqualTo(expected.toByteArray());
    }

    @Test
    void leavesNothingWhenNotCommitted() throws IOException {
        Path target = dir.resolve("corrections.jsonl");
        try (AtomicLines lines = new AtomicLines(target)) {
            for (Decision d : varied(50)) {
                lines.write(d);
            }
        }

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
