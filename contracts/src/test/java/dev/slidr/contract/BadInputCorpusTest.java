package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the corpus under {@code corpus/<record>/bad} and {@code corpus/<record>/valid}: each bad
 * file, named {@code <reason>-<n>.json}, must be rejected with exactly that reason; each valid file
 * must parse.
 */
class BadInputCorpusTest {

    private static final Map<String, Function<byte[], Parsed<?>>> READERS =
            Map.of(
                    "click", ContractJson::readClick,
                    "conversion", ContractJson::readConversion,
                    "rfm", ContractJson::readRfmRow,
                    "decision", ContractJson::readDecision,
                    "dead-letter", ContractJson::readDeadLetter);

    @TestFactory
    Stream<DynamicTest> rejectsEveryBadFileWithTheReasonInItsName() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files("bad")) {
            String record = file.getParent().getParent().getFileName().toString();
            ReasonCode expected = expectedReason(file);
            tests.add(
                    DynamicTest.dynamicTest(
                            record + "/" + file.getFileName(),
                            () -> {
                                Parsed<?> parsed =
                                        READERS.get(record).apply(Files.readAllBytes(file));
                                assertThat(parsed)
                                        .as("%s/%s", record, file.getFileName())
                                        .isInstanceOf(Parsed.Rejected.class);
                                assertThat(parsed.reasonOrNull())
                                        .as(
                                                "%s/%s: %s",
                                                record,
                                                file.getFileName(),
                                                ((Parsed.Rejected<?>) parsed).message())
                                        .isEqualTo(expected);
                            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> acceptsEveryValidFile() throws Exception {
        return files("valid").stream()
                .map(
                        file -> {
                            String record = file.getParent().getParent().getFileName().toString();
                            return DynamicTest.dynamicTest(
                                    record + "/" + file.getFileName(),
                                    () -> {
                                        Parsed<?> parsed =
                                                READERS.get(record).apply(Files.readAllBytes(file));
                                        assertThat(parsed)
                                                .as("%s/%s: %s", record, file.getFileName(), parsed)
                                                .isInstanceOf(Parsed.Ok.class);
                                    });
                        });
    }

    @Test
    void corpusCoversEveryJsonReasonCode() throws Exception {
        Set<ReasonCode> covered = EnumSet.noneOf(ReasonCode.class);
        for (Path file : files("bad")) {
            covered.add(expectedReason(file));
        }
        // malformed_csv only arises in the CSV adapters, which have their own fixtures, and the
        // conversion codes only where conversions are joined to their clicks (training); the
        // control codes only for control commands (ControlCodecTest, the scoring operator's tests)
        assertThat(covered)
                .containsAll(
                        EnumSet.complementOf(
                                EnumSet.of(
                                        ReasonCode.MALFORMED_CSV,
                                        ReasonCode.DUPLICATE_CONVERSION,
                                        ReasonCode.CONVERSION_BEFORE_CLICK,
                                        ReasonCode.CONVERSION_OUTSIDE_WINDOW,
                                        ReasonCode.UNKNOWN_FIELD,
                                        ReasonCode.MODEL_REFUSED)));
    }

    @Test
    void clickCorpusHoldsTheHostileCasesItPromises() throws Exception {
        Path bad = root().resolve("click/bad");
        assertThat(Files.size(bad.resolve("oversized-1.json"))).isGreaterThan(20 * 1024);
        assertThat(new String(Files.readAllBytes(bad.resolve("too_deep-1.json")), "UTF-8"))
                .contains("[".repeat(1000));
    }

    private static ReasonCode expectedReason(Path file) {
        String name = file.getFileName().toString();
        String wire = name.substring(0, name.lastIndexOf('-'));
        return ReasonCode.fromWireName(wire)
                .orElseThrow(
                        () -> new AssertionError("no reason code named " + wire + ": " + file));
    }

    private static List<Path> files(String kind) throws IOException, URISyntaxException {
        try (Stream<Path> walk = Files.walk(root())) {
            List<Path> files =
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.getParent().getFileName().toString().equals(kind))
                            .sorted()
                            .toList();
            assertThat(files).isNotEmpty();
            return files;
        }
    }

    private static Path root() throws URISyntaxException {
        return Path.of(BadInputCorpusTest.class.getResource("/corpus").toURI());
    }
}
