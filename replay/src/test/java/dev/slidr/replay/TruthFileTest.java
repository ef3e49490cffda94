package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's truth file, or one line naming what is wrong with it. */
class TruthFileTest {

    @TempDir Path tmp;

    @Test
    void readsRobotsByClickId() throws Exception {
        Path file = tmp.resolve("truth.csv");
        Files.write(file, List.of("click_id,is_robot,kind", "a,true,crawler", "b,false,human"));

        assertThat(TruthFile.read(file)).containsEntry("a", true).containsEntry("b", false);
    }

    @Test
    void aWrongHeaderIsRefused() throws Exception {
        Path file = tmp.resolve("truth.csv");
        Files.write(file, List.of("id,robot", "a,true"));

        assertThatThrownBy(() -> TruthFile.read(file))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void aMalformedRowIsRefusedWithItsLine() throws Exception {
        Path file = tmp.resolve("truth.csv");
        Files.write(file, List.of("click_id,is_robot,kind", "a,true,crawler", "b,maybe,human"));

        assertThatThrownBy(() -> TruthFile.read(file))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.csv"));

        assertThatThrownBy(() -> TruthFile.read(empty)).isInstanceOf(ReplayException.class);
        assertThatThrownBy(() -> TruthFile.read(tmp.resolve("nope.csv")))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("no such truth file");
    }
}
