package dev.slidr.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each truth kind's invalidated share, logged in and anonymous apart. */
class KindFiguresTest {

    @Test
    void countsEachKindsInvalidatedShareByLogin() {
        KindFigures figures = new KindFigures();
        figures.add("human_gateway", true, true);
        figures.add("human_gateway", true, false);
        figures.add("human_gateway", true, false);
        figures.add("human_gateway", true, false);
        figures.add("human_gateway", false, false);
        figures.add("botnet_rotating", false, true);
        figures.add("botnet_rotating", false, true);
        figures.add("botnet_rotating", false, false);

        @SuppressWarnings("unchecked")
        Map<String, Object> gateway = (Map<String, Object>) figures.toMap().get("human_gateway");
        @SuppressWarnings("unchecked")
        Map<String, Object> rotating = (Map<String, Object>) figures.toMap().get("botnet_rotating");

        assertThat(gateway)
                .containsEntry("clicks", 5L)
                .containsEntry("invalidated", 0.2)
                .containsEntry("logged_in_clicks", 4L)
                .containsEntry("logged_in_invalidated", 0.25)
                .containsEntry("anonymous_clicks", 1L)
                .containsEntry("anonymous_invalidated", 0.0);
        assertThat(rotating)
                .containsEntry("clicks", 3L)
                .containsEntry("invalidated", 2.0 / 3)
                .containsEntry("logged_in_clicks", 0L)
                .containsEntry("logged_in_invalidated", null);
        assertThat(figures.table())
                .contains("truth kind")
                .containsPattern("botnet_rotating\\s+3\\s+66\\.7%\\s+-\\s+66\\.7%")
                .containsPattern("human_gateway\\s+5\\s+20\\.0%\\s+25\\.0%\\s+0\\.0%");
    }

    @Test
    void anEmptyRunHasNoKinds() {
        assertThat(new KindFigures().toMap()).isEmpty();
        assertThat(new KindFigures().table().lines()).hasSize(1);
    }
}
