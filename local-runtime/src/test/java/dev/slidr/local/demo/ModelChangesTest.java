package dev.slidr.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.control.ControlCommand;
import dev.slidr.registry.RegistryState.Action;
import dev.slidr.registry.RegistryState.HistoryEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's model changes: control commands joined to the registry's history entries. */
class ModelChangesTest {

    private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");

    private static HistoryEntry entry(int second, Action action, String version, String detail) {
        return new HistoryEntry(START.plusSeconds(second), action, version, detail);
    }

    private static final List<HistoryEntry> HISTORY =
            List.of(
                    // before the demo: never joined
                    entry(-60, Action.PROMOTE, "bad", "replaces good; by alice: earlier"),
                    entry(10, Action.PROMOTE, "bad", "replaces good; by demo: bad model: at 0.5"),
                    entry(40, Action.ROLLBACK, "good", "from bad; by auto-rollback: IVR 9x"));

    @Test
    void joinsEachCommandToTheHistoryEntryThatRecordedIt() {
        List<ModelChanges.Change> changes =
                ModelChanges.of(
                        List.of(
                                new ModelChanges.Command(
                                        new ControlCommand.Activate("bad", 5_000), 4_000),
                                new ModelChanges.Command(new ControlCommand.Unshadow(), 4_500),
                                new ModelChanges.Command(
                                        new ControlCommand.Rollback("good"), 9_000),
                                new ModelChanges.Command(new ControlCommand.Rollback(null), 9_500)),
                        HISTORY,
                        START);

        assertThat(changes)
                .containsExactly(
                        new ModelChanges.Change(
                                "activate",
                                "bad",
                                5_000,
                                "demo",
                                "bad model: at 0.5",
                                START.plusSeconds(10)),
                        new ModelChanges.Change(
                                "rollback",
                                "good",
                                9_000,
                                "auto-rollback",
                                "IVR 9x",
                                START.plusSeconds(40)),
                        // a rollback the registry did not record: who and why are unknown
                        new ModelChanges.Change("rollback", null, 9_500, null, null, null));
        assertThat(ModelChanges.secondsToAutoRollback(HISTORY, "bad", START)).isEqualTo(30.0);
        assertThat(ModelChanges.secondsToAutoRollback(HISTORY.subList(0, 2), "bad", START))
                .isNull();
    }

    @Test
    void readsWhoAndWhyFromAnEntrysDetail() {
        assertThat(ModelChanges.note("replaces m1; by alice: weekly retrain"))
                .containsExactly("alice", "weekly retrain");
        assertThat(ModelChanges.note("from m2; by bob")).containsExactly("bob", null);
        assertThat(ModelChanges.note("first stable model")).containsExactly(null, null);
    }
}
