package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the reason-code table of {@code docs/contracts.md} in step with {@link ReasonCode}. */
class ReasonCodeDocsTest {

    private static final Path DOC = Path.of("..", "docs", "contracts.md");

    @Test
    void everyReasonCodeHasARowInTheTable() throws Exception {
        String doc = Files.readString(DOC);
        String table =
                doc.substring(doc.indexOf("## Reason codes"), doc.indexOf("## Parse limits"));
        for (ReasonCode code : ReasonCode.values()) {
            assertThat(table).as(code.wireName()).contains("| `" + code.wireName() + "` | ");
        }
    }
}
