package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** {@code --faults} names: all, none, lists; anything else is refused with the names it takes. */
class FaultKindTest {

    @Test
    void allNamesEveryFault() {
        assertThat(FaultKind.parse(" ALL ")).isEqualTo(EnumSet.allOf(FaultKind.class));
    }

    @Test
    void noneNamesNoFault() {
        assertThat(FaultKind.parse("none")).isEmpty();
    }

    @Test
    void aListNamesEachOnce() {
        assertThat(FaultKind.parse("tm-kill, operator-exception,tm-kill"))
                .containsExactlyInAnyOrder(
                        FaultKind.TASK_MANAGER_KILL, FaultKind.OPERATOR_EXCEPTION);
    }

    @Test
    void refusesAnUnknownNameAndListsTheKnownOnes() {
        assertThatThrownBy(() -> FaultKind.parse("tm-kill,,jm-restart"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault ''")
                .hasMessageContaining(FaultKind.names());
    }

    @Test
    void boundsAnOversizedNameInTheMessage() {
        assertThatThrownBy(() -> FaultKind.parse("z".repeat(100_000)))
                .hasMessageContaining("z".repeat(40) + "…")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
