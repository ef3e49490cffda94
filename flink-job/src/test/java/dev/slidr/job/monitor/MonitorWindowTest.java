package dev.slidr.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The weak-label figures of a window. */
class MonitorWindowTest {

    @Test
    void fprIsInvalidatedConvertingClicksOfAllConvertingClicks() {
        MonitorWindow.Counting counting = new MonitorWindow.Counting();
        MonitorWindow w = counting.createAccumulator();
        w = counting.add(new LabelledDecision("a", "s", "m1", true, true, 0), w);
        w = counting.add(new LabelledDecision("b", "s", "m1", false, true, 0), w);
        w = counting.add(new LabelledDecision("c", "s", "m1", false, true, 0), w);
        w = counting.add(new LabelledDecision("d", "s", "m1", true, false, 0), w);
        MonitorWindow other = counting.createAccumulator();
        other = counting.add(new LabelledDecision("e", "s", "m1", true, true, 0), other);
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
        MonitorWindow unlabelled = empty.add(new LabelledDecision("a", "s", "m1", true, false, 0));
        assertThat(unlabelled.fpr()).isNaN();
        assertThat(unlabelled.coverage()).isZero();
    }
}
