package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The weak-label figures of a window. */
class MonitorWindowTest {

    @Test
    void fprIsInvalidatedConvertingClicksOfAllConvertingClicks() {
        MonitorWindow.Counting counting = new MonitorWindow.Counting();
        MonitorWindow w = counting.createAccumulator();
        w = counting.add(click("a", true, true), w);
        w = counting.add(click("b", false, true), w);
        w = counting.add(click("c", false, true), w);
        w = counting.add(click("d", true, false), w);
        // a revision takes a click's counts back
        w = counting.add(LabelCount.of(label("d", true, false), 0, -1), w);
        w = counting.add(click("d", true, false), w);
        MonitorWindow other = counting.createAccumulator();
        // a click and, apart, its conversion
        other = counting.add(click("e", true, false), other);
        other = counting.add(LabelCount.conversionOf(label("e", true, false), 0), other);
        w = counting.merge(w, other).endingAt(60_000);

        assertThat(w.slice()).isEqualTo("s");
        assertThat(w.modelVersion()).isEqualTo("m1");
        assertThat(w.windowEnd()).isEqualTo(60_000);
        assertThat(w.clicks()).isEqualTo(5);
        assertThat(w.fpr()).isEqualTo(2.0 / 4);
        assertThat(w.ivr()).isEqualTo(3.0 / 5);
        assertThat(w.coverage()).isEqualTo(4.0 / 5);
    }

    @Test
    void figuresWithoutClicksOrLabelsAreNaN() {
        MonitorWindow empty = new MonitorWindow.Counting().createAccumulator();
        assertThat(empty.fpr()).isNaN();
        assertThat(empty.ivr()).isNaN();
        assertThat(empty.coverage()).isNaN();
        MonitorWindow unlabelled = empty.add(click("a", true, false));
        assertThat(unlabelled.fpr()).isNaN();
        assertThat(unlabelled.coverage()).isZero();
    }

    private static LabelledDecision label(String clickId, boolean invalid, boolean converted) {
        return new LabelledDecision(clickId, "s", "m1", invalid, converted, 0);
    }

    private static LabelCount click(String clickId, boolean invalid, boolean converted) {
        return LabelCount.of(label(clickId, invalid, converted), 0, 1);
    }
}
